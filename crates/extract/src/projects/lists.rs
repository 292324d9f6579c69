//! Lists of names inside a box: `A、B、C` lines, collective lines (`5大研究中心：A、B、C`,
//! `十镇：3个示范镇：A、B；7个特色小镇：C、D`) and the rule that tells a `、` between
//! names from a `、` between the modifiers of one name.

use std::sync::LazyLock;

use regex::Regex;

use super::text::{char_count, first_colon, has_head_noun, is_name_like, split_top_level, strip_end_mark};

/// A count before a class: `5大细分产业研究中心`, `两区`, `十镇`, `3个省级示范镇`.
static COUNT_LABEL: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^(?:\d+|[一二两三四五六七八九十百]+)(?:大|个|类|项|条|座|家|所|批|种|类型)?\p{Han}{1,10}$").unwrap());

/// A class with its size in brackets: `成长类（3个）`, `培育类(13个)`.
static COUNTED_CLASS: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"[（(]\s*\d+\s*(?:个|项|家|座|条|所)\s*[）)]$").unwrap());

/// Whether the head of a box line names a class or a count of things rather than
/// one thing: then a bare list after it gives the members, and the label is not
/// an item. `5大细分产业研究中心`, `两区`, `成长类（3个）` are counts; short generic
/// labels (`文体项目`, `物流园区（中心）工程`, `医养服务`) are classes.
pub fn is_collective_label(head: &str) -> bool {
    let head = head.trim();
    if is_counted_label(head) {
        return true;
    }
    let core = without_brackets(head);
    let n = char_count(&core);
    core.ends_with('类') || n <= 4 || (n <= 10 && (core.ends_with("项目") || core.ends_with("工程")))
}

/// A label that states how many things it covers (`5大…`, `两区`, `成长类（3个）`).
pub fn is_counted_label(head: &str) -> bool {
    COUNT_LABEL.is_match(head) || COUNTED_CLASS.is_match(head)
}

fn without_brackets(s: &str) -> String {
    let mut depth = 0usize;
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '（' | '(' => depth += 1,
            '）' | ')' => depth = depth.saturating_sub(1),
            _ if depth == 0 => out.push(c),
            _ => {}
        }
    }
    out
}

/// Reads `s` as a bare list of names separated by top-level `、` (a closing `。`
/// allowed), each with its byte offset in `s`. `None` when any part is not a name
/// (a predicate, a clause), or when a lone part does not end like a name.
pub fn read_name_list(s: &str) -> Option<Vec<(usize, &str)>> {
    let body = strip_end_mark(s);
    let parts = split_top_level(body, |c| c == '、');
    if parts.is_empty() || !parts.iter().all(|(_, p)| is_name_like(p)) {
        return None;
    }
    if parts.len() == 1 && !has_head_noun(parts[0].1) {
        return None;
    }
    Some(merge_modifier_runs(body, &parts))
}

/// `医药、特医食品、方便食品、现代物流龙头企业数智化改造提升项目` is ONE name: the
/// `、` join modifiers of a noun that only the last part holds. A run of two or more
/// parts without a head noun, directly followed by a part with one, is such a
/// modifier run, unless the run's parts share their opening word (`智慧水务、智慧供热、
/// 智慧燃气` are parallel names).
fn merge_modifier_runs<'a>(body: &'a str, parts: &[(usize, &'a str)]) -> Vec<(usize, &'a str)> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < parts.len() {
        if has_head_noun(parts[i].1) {
            out.push(parts[i]);
            i += 1;
            continue;
        }
        let run_end = (i..parts.len()).find(|&k| has_head_noun(parts[k].1)).unwrap_or(parts.len());
        let run = &parts[i..run_end];
        if run.len() >= 2 && run_end < parts.len() && !share_opening(run) {
            let (start, _) = parts[i];
            let (last_off, last) = parts[run_end];
            let end = last_off + last.len();
            out.push((start, &body[start..end]));
            i = run_end + 1;
        } else {
            out.extend_from_slice(run);
            i = run_end;
        }
    }
    out
}

fn share_opening(run: &[(usize, &str)]) -> bool {
    let opening = |s: &str| s.chars().take(2).collect::<String>();
    let first = opening(run[0].1);
    char_count(&first) == 2 && run.iter().all(|(_, p)| opening(p) == first)
}

/// The members listed after a collective label: `A、B` or, nested,
/// `3个示范镇：A、B；7个特色小镇：C、D`. Offsets are into `s`.
pub fn read_members(s: &str) -> Option<Vec<(usize, &str)>> {
    let body = strip_end_mark(s);
    let mut out = Vec::new();
    for (seg_off, seg) in split_top_level(body, |c| c == '；' || c == ';') {
        match first_colon(seg) {
            Some(colon) => {
                let head = &seg[..colon];
                if !is_collective_label(head) {
                    return None;
                }
                let rest_off = colon + seg[colon..].chars().next().map(char::len_utf8).unwrap_or(0);
                let nested = read_members(&seg[rest_off..])?;
                out.extend(nested.into_iter().map(|(o, n)| (seg_off + rest_off + o, n)));
            }
            None => {
                let names = read_name_list(seg)?;
                out.extend(names.into_iter().map(|(o, n)| (seg_off + o, n)));
            }
        }
    }
    (!out.is_empty()).then_some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(s: &str) -> Vec<String> {
        read_name_list(s).unwrap_or_default().into_iter().map(|(_, n)| n.to_string()).collect()
    }

    #[test]
    fn collective_labels() {
        assert!(is_collective_label("5大细分产业研究中心"));
        assert!(is_collective_label("两区"));
        assert!(is_collective_label("成长类（3个）"));
        assert!(is_collective_label("物流园区（中心）工程"));
        assert!(is_collective_label("医养服务"));
        assert!(!is_collective_label("碳纤维知识创新平台"));
        assert!(!is_collective_label("吉林碳纤维及复合材料产业研究院"));
    }

    #[test]
    fn modifiers_joined_by_dunhao_stay_one_name() {
        assert_eq!(
            names("甲市医药、特医食品、方便食品、现代物流龙头企业数智化改造项目、乙平台建设项目"),
            vec!["甲市医药、特医食品、方便食品、现代物流龙头企业数智化改造项目", "乙平台建设项目"]
        );
        assert_eq!(
            names("丙基站建设工程、智慧水务、智慧供热、智慧燃气、城市管网信息平台"),
            vec!["丙基站建设工程", "智慧水务", "智慧供热", "智慧燃气", "城市管网信息平台"]
        );
    }

    #[test]
    fn nested_members() {
        let got: Vec<&str> = read_members("3个示范镇：甲镇、乙镇；7个特色小镇：丙小镇（丁度假小镇）、戊小镇")
            .unwrap_or_default()
            .into_iter()
            .map(|(_, n)| n)
            .collect();
        assert_eq!(got, vec!["甲镇", "乙镇", "丙小镇（丁度假小镇）", "戊小镇"]);
    }

    #[test]
    fn a_sentence_is_not_a_list() {
        assert!(read_name_list("建设研发中心、综合服务写字楼等。").is_none());
        assert!(read_members("总装机容量20万千瓦。").is_none());
    }
}

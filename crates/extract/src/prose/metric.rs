//! The metric a quantity measures, in the text's own words: the noun phrase before
//! the level verb ("城区常住人口达到60万人"), before the number itself ("2022年地区生产
//! 总值290.09亿元"), or — when the clause has only the verb ("经济总量翻一番，达到600亿元")
//! — the subject of the clause before.

use std::sync::LazyLock;

use regex::Regex;

use crate::numbers::{find_numbers, prose_unit_prefix};

/// Verbs that state a level (not a change), longest first so that "增长到" is read
/// before "增长" could be.
pub const LEVEL_VERBS: &[&str] = &[
    "增长到",
    "增长至",
    "提高到",
    "提高至",
    "提升到",
    "提升至",
    "增加到",
    "增加至",
    "发展到",
    "发展至",
    "稳定在",
    "保持在",
    "控制在",
    "压缩至",
    "压缩到",
    "缩短至",
    "缩短到",
    "降低到",
    "降低至",
    "下降到",
    "下降至",
    "减少到",
    "减少至",
    "扩大到",
    "扩大至",
    "恢复到",
    "恢复至",
    "上升到",
    "上升至",
    "跃升至",
    "跃升到",
    "不低于",
    "不少于",
    "不超过",
    "不高于",
    "增至",
    "降至",
    "降到",
    "达到",
    "突破",
    "超过",
    "低于",
    // "一般公共预算收入完成18.2亿元": a report's result.
    "完成",
    "实现",
    "为",
    "达",
];

/// Verbs of change: the number after them is an increment, not a level — except an
/// average annual growth rate (年均增长7%), which plans state as goals.
pub const CHANGE_VERBS: &[&str] = &["增长", "增加", "提高", "提升", "下降", "减少", "降低", "扩大", "压缩", "缩短", "增幅", "增速", "翻"];

/// Words that may stand between the verb and the number.
const FILLERS: &[&str] = &["每人每年", "每人每月", "每年", "了", "约", "近"];

/// Words that make the number a comparison with somewhere else or an earlier time,
/// not a value of the region's metric.
const COMPARISONS: &[&str] = &["高于", "低于全", "超出", "快于", "慢于", "多于", "少于", "平均", "比上年", "同比", "比20", "较", "相比"];

/// Verbs that end a clause's subject, for borrowing it ("经济总量翻一番" → 经济总量).
const SUBJECT_ENDS: &[&str] = &[
    "翻一番",
    "翻两番",
    "翻番",
    "扩大",
    "增长",
    "提高",
    "提升",
    "位列",
    "位居",
    "稳居",
    "跃居",
    "保持",
    "实现",
    "达到",
    "突破",
    "超过",
    "增加",
    "排名",
];

/// Adverbs before a verb: "不断提升" has no subject.
const ADVERBS: &[&str] = &["不断", "持续", "大幅", "明显", "显著", "进一步", "稳步", "逐步", "全面", "加快", "同步"];

/// How the clause states its number.
#[derive(Debug, Clone, PartialEq)]
pub enum Predicate {
    /// A level: the metric words (possibly empty) and the verb (empty when the number
    /// follows the metric directly).
    Level { metric: String, verb: &'static str },
    /// An average annual growth rate: the metric words including 年均增长.
    AnnualGrowth { metric: String },
    /// A growth rate (`地区生产总值增长6.5%左右`): the metric words before 增长. An
    /// annual report's goals and results are mostly stated this way.
    Growth { metric: String },
    /// A change, a comparison, a share: not a value.
    NotAValue,
}

/// Reads the words of a clause before its (first) number.
pub fn predicate(before: &str) -> Predicate {
    let mut head = before;
    while let Some(f) = last_suffix(FILLERS, head) {
        head = &head[..head.len() - f.len()];
    }
    if let Some(verb) = last_suffix(LEVEL_VERBS, head) {
        let metric = &head[..head.len() - verb.len()];
        if is_comparison(metric) {
            return Predicate::NotAValue;
        }
        return Predicate::Level { metric: metric.to_string(), verb };
    }
    if let Some(verb) = last_suffix(CHANGE_VERBS, head) {
        let metric = &head[..head.len() - verb.len()];
        if metric.ends_with("年均") && !is_comparison(metric) {
            return Predicate::AnnualGrowth { metric: format!("{metric}{verb}") };
        }
        // "同比增长6.8%", "比上年增长6.8%": a growth rate is always against the year
        // before, so saying so changes nothing.
        let metric_words = ["同比", "比上年"].iter().find_map(|w| metric.strip_suffix(w)).unwrap_or(metric);
        if verb == "增长" && !is_comparison(metric_words) && !is_share_of(metric_words) {
            return Predicate::Growth { metric: metric_words.to_string() };
        }
        return Predicate::NotAValue;
    }
    if is_comparison(head) || is_share_of(head) {
        return Predicate::NotAValue;
    }
    // The number follows its metric directly: "2022年地区生产总值290.09亿元".
    if head.chars().last().is_some_and(is_cjk) {
        return Predicate::Level { metric: head.to_string(), verb: "" };
    }
    Predicate::NotAValue
}

/// The first of `words` that `text` ends with. The last bytes are compared before
/// the whole word: most words are refused without a call to `memcmp`.
fn last_suffix(words: &[&'static str], text: &str) -> Option<&'static str> {
    let last = *text.as_bytes().last()?;
    words.iter().copied().find(|w| w.as_bytes().last() == Some(&last) && text.ends_with(w))
}

fn is_comparison(text: &str) -> bool {
    // One literal search for all the words instead of one `contains` per word.
    static ANY_COMPARISON: LazyLock<Regex> = LazyLock::new(|| Regex::new(&COMPARISONS.join("|")).unwrap());
    ANY_COMPARISON.is_match(text)
}

/// "总量占全省20%" is a share of somewhere else; "域外投资占比" is a metric name.
fn is_share_of(text: &str) -> bool {
    text.match_indices('占').any(|(i, _)| !text[i..].starts_with("占比"))
}

fn is_cjk(c: char) -> bool {
    ('\u{4E00}'..='\u{9FFF}').contains(&c)
}

static LEADING_NOISE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"^(?:(?:截至|截止|到|至)?(?:20[0-9]{2}|二〇[一二三四五六七八九〇]{2})年(?:底|末)?|(?:到|至)?“?十[一二三四五六七八九]五”?(?:期间|时期|期末|末|以来)?|(?:过去|近)?五年(?:来|间)?|全年|今年|当年|年内|其中|全市|全县|全区|全省|全旗|我市|我县|我区|预计|初步统计|力争|争取|确保|同时|将|推动|谋划|实施|培育|实现|完成|，|、|：)+",
    )
    .unwrap()
});

static TRAILING_NOISE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?:累计|要|将|已|已经|均|都|全部|分别|预计|力争|争取|，|、)+$").unwrap());

static INNER_MODALS: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"(?:预计|力争|争取)(?:实现|达到)?").unwrap());

/// The metric as people name it: time and scope words, modal verbs and list
/// items before the measured noun removed.
pub fn clean_metric(raw: &str) -> String {
    let mut s = clean_words(raw);
    // "医药健康、食品加工、现代服务业“四大主导产业”经济贡献率": the measured noun
    // follows the enumeration and the quoted name that sums it up.
    if let (Some(list), Some(quote)) = (s.rfind('、'), s.rfind('”')) {
        let tail = &s[quote + '”'.len_utf8()..];
        if quote > list && tail.chars().count() >= 2 {
            s = tail.to_string();
        }
    }
    s
}

/// [`clean_metric`] without cutting at an enumeration: for the subject of a list,
/// whose items [`split_list`] separates.
pub fn clean_words(raw: &str) -> String {
    // Each step borrows what it does not change: one String at the end, not four.
    let leading = LEADING_NOISE.replace(raw.trim(), "");
    let inner = INNER_MODALS.replace_all(&leading, "");
    TRAILING_NOISE.replace(&inner, "").into_owned()
}

/// Whether cleaned metric words name a measured thing: not a distance from a place
/// (距长春163公里), a ranking, a bare verb (年均新增800户), or words that still hold
/// another value (17名21名 — a threshold such as 10亿元以上项目 is a name).
pub fn is_metric_name(metric: &str) -> bool {
    const NOT_NAMES: &[&str] = &["距", "排名", "排行", "位次", "名次"];
    const BARE_VERB_ENDINGS: &[&str] = &["新增", "增加", "新建", "完成", "实现", "达到", "累计", "年均"];
    let chars = metric.chars().count();
    if !(2..=MAX_METRIC_CHARS).contains(&chars) {
        return false;
    }
    // "改造管网36公里，投资1.8亿元": an amount spent on a work, which the projects
    // section carries; no metric of the region is named.
    if matches!(metric, "投资" | "总投资" | "计划投资" | "完成投资") {
        return false;
    }
    if NOT_NAMES.iter().any(|w| metric.starts_with(w) || (w.chars().count() > 1 && metric.contains(w))) {
        return false;
    }
    if BARE_VERB_ENDINGS.iter().any(|w| metric.ends_with(w)) {
        return false;
    }
    !find_numbers(metric).iter().any(|n| {
        let rest = &metric[n.end..];
        prose_unit_prefix(rest).is_some_and(|u| !rest[u.len()..].starts_with("以上") && !rest[u.len()..].starts_with("以下"))
    })
}

/// Longest metric name accepted: longer "metrics" are clause fragments.
const MAX_METRIC_CHARS: usize = 24;

/// The subject of a clause that the next clause continues ("经济总量翻一番" → "经济总量").
pub fn borrowed_subject(clause: &str) -> Option<String> {
    let cut = SUBJECT_ENDS.iter().filter_map(|v| clause.find(v)).min()?;
    let mut subject = clean_words(&clause[..cut]);
    while let Some(adverb) = ADVERBS.iter().find(|a| subject.ends_with(*a)) {
        subject.truncate(subject.len() - adverb.len());
    }
    (subject.chars().count() >= 2).then_some(subject)
}

/// The metrics of a list ("地区生产总值和财政收入", "城镇和农村居民人均可支配收入",
/// "城乡居民最低生活保障标准") for `n` values, or `None` when they do not pair up.
pub fn split_list(subject: &str, n: usize) -> Option<Vec<String>> {
    let parts: Vec<&str> = subject.split(['和', '、', '及', '与']).filter(|p| !p.is_empty()).collect();
    if parts.len() == 1 && n == 2 {
        // 城乡 names both: 城镇 and 农村.
        let rest = parts[0].strip_prefix("城乡")?;
        return Some(vec![format!("城镇{rest}"), format!("农村{rest}")]);
    }
    if parts.len() != n {
        return None;
    }
    let last = *parts.last()?;
    let last_len = last.chars().count();
    let out = parts
        .iter()
        .map(|p| {
            let k = p.chars().count();
            // "城镇和农村居民人均可支配收入": a short modifier shares the tail of the last item.
            if k <= 3 && last_len > k + 1 {
                let tail: String = last.chars().skip(k).collect();
                format!("{p}{tail}")
            } else {
                p.to_string()
            }
        })
        .collect();
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn predicates() {
        assert_eq!(predicate("城区常住人口达到"), Predicate::Level { metric: "城区常住人口".into(), verb: "达到" });
        assert_eq!(predicate("2022年地区生产总值"), Predicate::Level { metric: "2022年地区生产总值".into(), verb: "" });
        assert_eq!(predicate("蓄水量增加"), Predicate::NotAValue);
        assert_eq!(predicate("地区生产总值增长"), Predicate::Growth { metric: "地区生产总值".into() });
        assert_eq!(predicate("比上年增长"), Predicate::Growth { metric: String::new() });
        assert_eq!(predicate("地区生产总值同比增长"), Predicate::Growth { metric: "地区生产总值".into() });
        assert_eq!(predicate("高于全省平均增长"), Predicate::NotAValue);
        assert_eq!(predicate("农村居民人均可支配收入超出全省平均水平"), Predicate::NotAValue);
        assert_eq!(predicate("总量占全省"), Predicate::NotAValue);
        assert!(matches!(predicate("域外投资占比超过"), Predicate::Level { .. }));
        assert_eq!(predicate("地区生产总值年均增长"), Predicate::AnnualGrowth { metric: "地区生产总值年均增长".into() });
        assert!(matches!(predicate("分别达到每人每年"), Predicate::Level { verb: "达到", .. }));
    }

    #[test]
    fn metric_cleanup() {
        assert_eq!(clean_metric("2022年地区生产总值"), "地区生产总值");
        assert_eq!(clean_metric("域外到梅河口就读学生累计"), "域外到梅河口就读学生");
        assert_eq!(clean_metric("装备制造业预计实现产值"), "装备制造业产值");
        assert_eq!(clean_metric("全市国有企业经营收入要"), "国有企业经营收入");
        assert_eq!(clean_metric("医药健康、食品加工、现代服务业“四大主导产业”经济贡献率"), "经济贡献率");
        assert_eq!(clean_metric("“十三五”期间，域外学生"), "域外学生");
        assert_eq!(clean_metric("五年年均增长"), "年均增长");
        assert_eq!(clean_metric("风电、太阳能、垃圾发电占比"), "风电、太阳能、垃圾发电占比");
    }

    #[test]
    fn borrowed_subjects() {
        assert_eq!(borrowed_subject("经济总量翻一番").as_deref(), Some("经济总量"));
        assert_eq!(borrowed_subject("“十三五”期间累计完成固定资产投资位列全省县（市）首位").as_deref(), Some("累计完成固定资产投资"));
        assert_eq!(borrowed_subject("不断提升承载力").as_deref(), None);
    }

    #[test]
    fn lists() {
        assert_eq!(split_list("地区生产总值和财政收入", 2).unwrap(), vec!["地区生产总值", "财政收入"]);
        assert_eq!(split_list("城镇和农村居民人均可支配收入", 2).unwrap(), vec!["城镇居民人均可支配收入", "农村居民人均可支配收入"]);
        assert_eq!(split_list("城乡居民最低生活保障标准", 2).unwrap(), vec!["城镇居民最低生活保障标准", "农村居民最低生活保障标准"]);
        assert!(split_list("地区生产总值和财政收入", 3).is_none());
    }
}

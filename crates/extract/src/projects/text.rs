//! Small text tools shared by the box readers: joined text that remembers the
//! original line of every byte, bracket-aware splitting, and the shapes of words
//! (names, verbs, head nouns) that tell a list of names from a sentence.

use std::sync::LazyLock;

use regex::Regex;

use crate::document::push_compact;
use crate::model::Money;
use crate::numbers::find_numbers;

/// Text joined from several physical lines, keeping where each line's part starts.
#[derive(Debug, Clone, Default)]
pub struct Joined {
    pub text: String,
    /// `(byte offset into text, original line number)`, ascending.
    pub spans: Vec<(usize, usize)>,
}

impl Joined {
    pub fn new(text: &str, line_no: usize) -> Joined {
        let mut j = Joined::default();
        j.push(text, line_no);
        j
    }

    /// Appends one physical line, dropping the converter's white space next to CJK.
    pub fn push(&mut self, text: &str, line_no: usize) {
        self.spans.push((self.text.len(), line_no));
        push_compact(&mut self.text, text);
    }

    /// The original line of the first line joined.
    pub fn line(&self) -> usize {
        self.spans.first().map(|s| s.1).unwrap_or(0)
    }

    /// The original line on which the byte at `offset` stands.
    pub fn line_at(&self, offset: usize) -> usize {
        crate::document::line_in_spans(&self.spans, offset)
    }
}

/// Collapses runs of white space into one space (box titles keep their spacing,
/// `专栏 4：…`, but not the converter's doubled spaces).
pub fn collapse_spaces(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn opens(c: char) -> bool {
    matches!(c, '（' | '(' | '【' | '[' | '“' | '‘' | '《' | '「' | '〔' | '〈')
}

fn closes(c: char) -> bool {
    matches!(c, '）' | ')' | '】' | ']' | '”' | '’' | '》' | '」' | '〕' | '〉')
}

/// Byte offsets of the characters matching `is_sep` that stand outside brackets and
/// quotes: `瑞士小镇（北大湖、四季度假小镇）` has no top-level `、`.
pub fn top_level_positions(s: &str, is_sep: impl Fn(char) -> bool) -> Vec<usize> {
    let mut out = Vec::new();
    top_level_until(s, is_sep, |i| {
        out.push(i);
        false
    });
    out
}

/// Walks the top-level separators of `s` (as [`top_level_positions`] finds them),
/// handing each to `stop` until it returns true; returns the offset it stopped at.
fn top_level_until(s: &str, is_sep: impl Fn(char) -> bool, mut stop: impl FnMut(usize) -> bool) -> Option<usize> {
    let mut depth = 0usize;
    for (i, c) in s.char_indices() {
        if opens(c) {
            depth += 1;
        } else if closes(c) {
            depth = depth.saturating_sub(1);
        } else if depth == 0 && is_sep(c) && stop(i) {
            return Some(i);
        }
    }
    None
}

/// Splits `s` at top-level separators; each part comes with its byte offset in `s`,
/// trimmed of white space. Empty parts are dropped.
pub fn split_top_level(s: &str, is_sep: impl Fn(char) -> bool) -> Vec<(usize, &str)> {
    let mut parts = Vec::new();
    let mut start = 0;
    let cuts = top_level_positions(s, &is_sep);
    for cut in cuts.into_iter().chain(std::iter::once(s.len())) {
        let piece = &s[start..cut];
        let lead = piece.len() - piece.trim_start().len();
        let trimmed = piece.trim();
        if !trimmed.is_empty() {
            parts.push((start + lead, trimmed));
        }
        start = s[cut..].chars().next().map(|c| cut + c.len_utf8()).unwrap_or(cut);
    }
    parts
}

/// The first top-level colon (`：` or `:`), as the byte offset of the colon.
pub fn first_colon(s: &str) -> Option<usize> {
    // Stops there: a box line's colon mostly comes early, its description after it.
    top_level_until(s, |c| c == '：' || c == ':', |_| true)
}

pub fn char_count(s: &str) -> usize {
    s.chars().count()
}

/// Ends with a full stop (not a semicolon or comma: a box line ending in `；` runs on).
pub fn ends_hard(s: &str) -> bool {
    s.trim_end().chars().last().is_some_and(|c| matches!(c, '。' | '！' | '？' | '!' | '?'))
}

/// Clause punctuation: a name never holds it outside brackets.
fn is_clause_mark(c: char) -> bool {
    matches!(c, '，' | '。' | '；' | '！' | '？' | '：' | ',' | ';' | ':' | '!' | '?')
}

/// Removes a trailing full stop or list mark.
pub fn strip_end_mark(s: &str) -> &str {
    s.trim_end().trim_end_matches(['。', '；', '，', '、', '.', ';']).trim_end()
}

/// Verbs and adverbs that open a clause in these documents' box descriptions
/// (`建设研发中心、…`, `重点实施…`): a part that starts with one is a predicate,
/// not a name.
static PREDICATE_START: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        "^(?:建设|新建|扩建|改建|续建|在建|实施|开展|推进|推动|加快|打造|谋划|支持|鼓励|重点|引进|改造|设立|发展|完善|提升|利用|整合|依托|加强|强化|建立|构建|培育|积极|全面|争取|规划|形成|实现|购置|治理|主要|包括|其中|生产|年产|新增|提高|促进|深化|优化|保障|落实|组织|举办|引导|力争|计划|预计|总投资|投资|占地|总长|全长|主线|路线|线路|对|以|在|与|将|为|由|把|向|按|使|让)",
    )
    .unwrap()
});

pub fn starts_with_predicate(s: &str) -> bool {
    PREDICATE_START.is_match(s)
}

/// Nouns that close the name of a project or a place (`…项目`, `…产业园`, `…中心`).
const HEAD_NOUNS: &[&str] = &[
    "项目",
    "工程",
    "基地",
    "园",
    "园区",
    "中心",
    "平台",
    "小镇",
    "镇",
    "区",
    "带",
    "谷",
    "馆",
    "院",
    "所",
    "站",
    "厂",
    "库",
    "线",
    "路",
    "桥",
    "场",
    "城",
    "村",
    "港",
    "楼",
    "厦",
    "市场",
    "体",
    "室",
    "校",
    "网",
    "系统",
    "车间",
    "基金",
    "街",
    "段",
    "渠",
    "坝",
    "湖",
    "河",
    "山",
    "林",
    "田",
    "县",
    "市",
    "乡",
    "局",
    "队",
    "社",
    "会",
    "台",
    "屯",
    "廊",
    "道",
    "柜",
    "家园",
    "公司",
    "集团",
    "联盟",
    "实验室",
    "大学",
    "学院",
];

/// Whether `name` ends with a head noun, looking through a final bracket
/// (`产业基地（智能光电医疗科技产业园）` ends in 基地).
pub fn has_head_noun(name: &str) -> bool {
    let mut core = strip_end_mark(name);
    // Look through trailing bracketed asides, innermost last.
    for _ in 0..3 {
        if core.ends_with(['）', ')']) {
            match core.rfind(['（', '(']) {
                Some(open) if open > 0 => core = core[..open].trim_end(),
                _ => break,
            }
        } else {
            break;
        }
    }
    HEAD_NOUNS.iter().any(|h| core.ends_with(h))
}

/// Whether `s` reads as one name (of a project, place, institution): no clause
/// punctuation outside brackets, not opening with a predicate, and not too long.
pub fn is_name_like(s: &str) -> bool {
    let s = strip_end_mark(s);
    let n = char_count(s);
    (2..=60).contains(&n)
        && top_level_positions(s, is_clause_mark).is_empty()
        // `新建社区卫生服务中心项目` is a name although it opens with a verb.
        && (!starts_with_predicate(s) || s.ends_with("项目") || s.ends_with("工程"))
        // `…等` closes an open enumeration inside a sentence.
        && !s.ends_with('等')
}

/// Whether a box line's head (the `X` of `X：Y`) can be the name of an item.
pub fn is_head_like(s: &str) -> bool {
    let n = char_count(s);
    (2..=40).contains(&n) && top_level_positions(s, is_clause_mark).is_empty()
}

static INVESTMENT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:总投资|计划投资|估算投资|投资总额|投资)(?:额|约|为|达|计|共)?\s*(\d+(?:\.\d+)?)\s*(亿美元|万美元|亿元|万元|千元|亿|元)")
        .unwrap()
});

/// The investment a text states (`总投资12亿元`, `投资6000万元`).
pub fn investment(text: &str) -> Option<Money> {
    let caps = INVESTMENT.captures(text)?;
    let number = caps.get(1)?;
    let value = find_numbers(number.as_str()).first()?.value;
    let unit = match caps.get(2)?.as_str() {
        "亿" => "亿元",
        u => u,
    };
    Some(Money { value, unit: unit.to_string() })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_outside_brackets_only() {
        let parts: Vec<&str> =
            split_top_level("甲小镇、乙小镇（北大湖、四季度假小镇）、“丙、丁”基地", |c| c == '、').into_iter().map(|p| p.1).collect();
        assert_eq!(parts, vec!["甲小镇", "乙小镇（北大湖、四季度假小镇）", "“丙、丁”基地"]);
    }

    #[test]
    fn names_and_predicates() {
        assert!(is_name_like("梅河口高新区医药健康产业园（一期）项目"));
        assert!(!is_name_like("建设研发中心"));
        assert!(!is_name_like("总长41公里，其中"));
        assert!(has_head_noun("产业基地（智能光电医疗科技产业园）"));
        assert!(!has_head_noun("智慧水务"));
    }

    #[test]
    fn reads_investment() {
        assert_eq!(investment("投资6000万元，采购设备"), Some(Money { value: 6000.0, unit: "万元".into() }));
        assert_eq!(investment("项目总投资12亿元。"), Some(Money { value: 12.0, unit: "亿元".into() }));
        assert_eq!(investment("建设厂房"), None);
    }

    #[test]
    fn joined_text_knows_its_lines() {
        let mut j = Joined::new("吉林碳纤维：研发中心、吉", 10);
        j.push("林中丹创新中心", 12);
        assert_eq!(j.text, "吉林碳纤维：研发中心、吉林中丹创新中心");
        let at = j.text.find("林中丹").unwrap_or(0);
        assert_eq!(j.line_at(at), 12);
        assert_eq!(j.line_at(0), 10);
    }
}

//! Quantities in one clause: a number with a unit that closes the clause
//! ("达到600亿元以上", "分别达到217亿元和28.56亿元"), with its bound.
//!
//! A number followed by more words is a qualifier, not a value: "10亿元以上项目" is a
//! size threshold, "超过80%来自于域外" a share of a group, "5个荣誉称号" a count
//! summarising an enumeration. Only a number that ends its clause (or a list of such
//! numbers) states the value of a metric.

use std::sync::LazyLock;

use regex::Regex;

use crate::model::Bound;
use crate::numbers::{chinese_numeral, find_numbers, is_chinese_numeral_char, prose_unit_prefix, PROSE_UNITS, UNITS};

#[derive(Debug, Clone, PartialEq)]
pub struct Quantity {
    pub value: f64,
    pub unit: &'static str,
    pub bound: Bound,
    /// Byte offset of the number in the clause.
    pub start: usize,
    /// Byte offset just after the unit and any bound word.
    pub end: usize,
}

/// Units that never carry a metric's value in prose: years are dates, percentage
/// points are differences.
const NOT_VALUE_UNITS: &[&str] = &["年", "个百分点", "百分点", "级", "位", "岁"];

/// Words joining the numbers of a list ("217亿元和28.56亿元").
const LIST_JOINERS: &[&str] = &["和", "、", "及", "与"];

/// Bound words after the unit.
const BOUND_SUFFIXES: &[(&str, Bound)] =
    &[("以上", Bound::AtLeast), ("以下", Bound::AtMost), ("以内", Bound::AtMost), ("左右", Bound::About)];

/// Bound words before the number, longest first.
const BOUND_PREFIXES: &[(&str, Bound)] = &[
    ("不低于", Bound::AtLeast),
    ("不少于", Bound::AtLeast),
    ("不超过", Bound::AtMost),
    ("不高于", Bound::AtMost),
    ("控制在", Bound::AtMost),
    ("超过", Bound::AtLeast),
    ("突破", Bound::AtLeast),
    ("低于", Bound::AtMost),
    ("约", Bound::About),
];

/// Verbs after which a level verb may take a Chinese numeral ("达到两万人").
const CHINESE_NUMERAL_VERBS: &[&str] = &["达到", "突破", "超过", "增至", "发展到", "提高到"];

/// The quantities of `clause` that close it, alone or as a list.
pub fn quantities_in(clause: &str) -> Vec<Quantity> {
    quantities_with(clause, true)
}

/// Whether a level verb followed by a Chinese numeral ("达到两万") occurs in `text`:
/// when it does not, no clause of the text has a Chinese-numeral quantity.
pub fn has_numeral_values(text: &str) -> bool {
    VERB_AND_NUMERAL.is_match(text)
}

/// [`quantities_in`], told whether the clause's text can hold Chinese-numeral
/// quantities at all ([`has_numeral_values`] of the paragraph), so that most clauses
/// are spared looking for them.
pub fn quantities_with(clause: &str, numerals: bool) -> Vec<Quantity> {
    let mut found: Vec<Quantity> = Vec::new();
    for n in find_numbers(clause) {
        if let Some(q) = quantity_at(clause, n.value, n.start, n.end) {
            found.push(q);
        }
    }
    if numerals {
        found.extend(chinese_quantities(clause));
    }
    found.sort_by_key(|q| q.start);
    found.retain(|q| closes_clause(clause, q.end));
    found
}

fn quantity_at(clause: &str, value: f64, start: usize, end: usize) -> Option<Quantity> {
    let before = &clause[..start];
    // 第31名 is a rank; PM2.5, 5G, 3A are names.
    if before.ends_with('第') || before.ends_with(|c: char| c.is_ascii_alphabetic() || c == '.') {
        return None;
    }
    let rest = &clause[end..];
    let unit = prose_unit_prefix(rest)?;
    if NOT_VALUE_UNITS.contains(&unit) {
        return None;
    }
    let mut stop = end + unit.len();
    let mut bound = prefix_bound(before);
    if let Some((word, b)) = BOUND_SUFFIXES.iter().find(|(w, _)| clause[stop..].starts_with(w)) {
        stop += word.len();
        bound = *b;
    }
    Some(Quantity { value, unit, bound, start, end: stop })
}

fn prefix_bound(before: &str) -> Bound {
    BOUND_PREFIXES.iter().find(|(w, _)| before.ends_with(w)).map(|(_, b)| *b).unwrap_or(Bound::Exactly)
}

/// A level verb followed by the first character of a Chinese numeral; none of the
/// verbs' characters is a numeral character, so the run starts where the verb ends.
static VERB_AND_NUMERAL: LazyLock<Regex> = LazyLock::new(|| {
    let verbs: Vec<&str> = CHINESE_NUMERAL_VERBS.to_vec();
    Regex::new(&format!("(?:{})[〇零一二两三四五六七八九十百千]", verbs.join("|"))).unwrap()
});

/// Chinese-numeral quantities after a level verb ("达到两万人" → 2 万人).
fn chinese_quantities(clause: &str) -> Vec<Quantity> {
    let mut out = Vec::new();
    // The regex finds the verbs with a vectorised literal search, which spares
    // decoding every character of every clause.
    for m in VERB_AND_NUMERAL.find_iter(clause) {
        let Some(numeral) = m.as_str().chars().last() else { continue };
        let start = m.end() - numeral.len_utf8();
        let end = clause[start..].find(|c: char| !is_chinese_numeral_char(c)).map_or(clause.len(), |j| start + j);
        let Some(value) = chinese_numeral(&clause[start..end]) else { continue };
        if let Some(q) = quantity_at(clause, value as f64, start, end) {
            out.push(q);
        }
    }
    out
}

/// The most bytes a quantity takes after its number: the longest unit and bound word.
const MAX_TAIL_BYTES: usize = {
    let mut units = 0;
    let mut i = 0;
    while i < UNITS.len() {
        if UNITS[i].len() > units {
            units = UNITS[i].len();
        }
        i += 1;
    }
    let mut i = 0;
    while i < PROSE_UNITS.len() {
        if PROSE_UNITS[i].len() > units {
            units = PROSE_UNITS[i].len();
        }
        i += 1;
    }
    let mut bound = 0;
    let mut i = 0;
    while i < BOUND_SUFFIXES.len() {
        if BOUND_SUFFIXES[i].0.len() > bound {
            bound = BOUND_SUFFIXES[i].0.len();
        }
        i += 1;
    }
    units + bound
};

/// A cheap necessary condition for `quantities_in(text)` to hold a quantity that
/// ends exactly at the end of `text`: a digit or a numeral character among its last
/// few bytes, where that quantity's number would have to stand.
pub fn may_end_with_quantity(text: &str) -> bool {
    let mut from = text.len().saturating_sub(MAX_TAIL_BYTES + 4);
    while !text.is_char_boundary(from) {
        from += 1;
    }
    // Digits by their bytes first: most segments that end on a value have one.
    let tail = &text[from..];
    tail.bytes().any(|b| b.is_ascii_digit()) || tail.chars().any(is_chinese_numeral_char)
}

/// Whether the clause ends at `end`, or goes on with the next number of a list.
fn closes_clause(clause: &str, end: usize) -> bool {
    let tail = &clause[end..];
    if tail.is_empty() {
        return true;
    }
    LIST_JOINERS
        .iter()
        .any(|j| tail.strip_prefix(j).is_some_and(|t| t.starts_with(|c: char| c.is_ascii_digit() || is_chinese_numeral_char(c))))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn values(clause: &str) -> Vec<(f64, &'static str, Bound)> {
        quantities_in(clause).into_iter().map(|q| (q.value, q.unit, q.bound)).collect()
    }

    #[test]
    fn value_with_unit_and_bound() {
        assert_eq!(values("达到600亿元以上"), vec![(600.0, "亿元", Bound::AtLeast)]);
        assert_eq!(values("力争粮食产量突破18亿斤"), vec![(18.0, "亿斤", Bound::AtLeast)]);
        assert_eq!(values("登记失业率控制在4.5%以内"), vec![(4.5, "%", Bound::AtMost)]);
        assert_eq!(values("增长7%左右"), vec![(7.0, "%", Bound::About)]);
        assert_eq!(values("城区常住人口达到60万人"), vec![(60.0, "万人", Bound::Exactly)]);
        assert_eq!(values("企业开办时间压缩至1个工作日"), vec![(1.0, "个工作日", Bound::Exactly)]);
    }

    #[test]
    fn qualifiers_are_not_values() {
        assert!(values("10亿元以上项目").is_empty());
        assert!(values("落编人员超过80%来自于域外市县").is_empty());
        assert!(values("获得5个荣誉称号").is_empty());
        assert!(values("高于全省平均增速1.71个百分点").is_empty());
        assert!(values("晋级排行榜第31名").is_empty());
        assert!(values("连续41年无重大森林火灾").is_empty());
        assert!(values("共同实施PM2.5浓度控制").is_empty());
    }

    #[test]
    fn lists() {
        let v = values("分别达到217亿元和28.56亿元");
        assert_eq!(v.iter().map(|x| x.0).collect::<Vec<_>>(), vec![217.0, 28.56]);
        let v = values("分别达到每人每年7200元和4140元");
        assert_eq!(v.len(), 2);
    }

    #[test]
    fn chinese_numerals_after_a_verb() {
        assert_eq!(values("服务人口达到两万人"), vec![(2.0, "万人", Bound::Exactly)]);
    }
}

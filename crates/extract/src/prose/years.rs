//! The years that govern a statement: "到2025年" (a due year), "2020年，" at the head of
//! a clause (the year a value belongs to), and five-year periods ("“十三五”期间",
//! "到“十四五”期末") standing for their last year.

use std::sync::LazyLock;

use memchr::memmem::Finder;
use regex::{CaptureLocations, Regex};

use crate::captures::each_capture;

use crate::numbers::chinese_numeral;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MarkKind {
    /// 到2025年, 到“十四五”期末: the year something is due.
    Due,
    /// 2020年， at the head of a clause: the year a value belongs to.
    Dated,
    /// “十三五”期间 / 时期 / 以来: a period, read as its last year.
    Period,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct YearMark {
    /// Byte offset of the mark in the text it was found in.
    pub at: usize,
    pub year: i32,
    pub kind: MarkKind,
}

static YEAR: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(到|至|展望|截至|截止)?(20[0-9]{2}|[二][〇零][一二三四五六七八九〇零]{2})年(?:底|末)?").unwrap());

static PERIOD: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(到|至)?“?十([一二三四五六七八九])五”?(期间|时期|期末|末|以来|规划期末)").unwrap());

/// The last year of the n-th five-year plan named by `ordinal` (`三` in 十三五 → 2020).
pub fn period_end(ordinal: &str) -> Option<i32> {
    let n = chinese_numeral(ordinal)? as i32;
    Some(1955 + 5 * (10 + n))
}

/// The year a section heading names ("2022工作回顾" → 2022, "“十三五”成就" → 2020).
pub fn year_in_heading(title: &str) -> Option<i32> {
    static HEADING_YEAR: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"(?:^|[^0-9])(20[0-9]{2})(?:[^0-9]|$)").unwrap());
    if let Some(m) = HEADING_YEAR.captures(title).and_then(|c| c.get(1)) {
        return parse_year(m.as_str());
    }
    static HEADING_PERIOD: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"十([一二三四五六七八九])五").unwrap());
    period_end(HEADING_PERIOD.captures(title)?.get(1)?.as_str())
}

fn parse_year(s: &str) -> Option<i32> {
    s.parse().ok().or_else(|| chinese_numeral(s).map(|v| v as i32))
}

/// Whether the byte at `at` starts a clause: the text start or after a clause mark.
fn at_clause_start(text: &str, at: usize) -> bool {
    text[..at].chars().next_back().is_none_or(|c| matches!(c, '，' | '。' | '；' | '：' | '！' | '？' | ',' | ';'))
}

/// Every year mark in `text`, in order.
pub fn year_marks(text: &str) -> Vec<YearMark> {
    let mut marks = Vec::new();
    // Each pattern needs a character (年, 五) that a vectorised search rules out in
    // most paragraphs far faster than the regex scan. The finders are built once:
    // `str::contains` of a non-ASCII char sets up a substring search on every call.
    static NIAN: LazyLock<Finder<'static>> = LazyLock::new(|| Finder::new("年"));
    static WU: LazyLock<Finder<'static>> = LazyLock::new(|| Finder::new("五"));
    let group = |locs: &CaptureLocations, i: usize| locs.get(i).map(|(a, b)| (a, &text[a..b]));
    if NIAN.find(text.as_bytes()).is_some() {
        each_capture(&YEAR, text, |caps| {
            let (Some((at, _)), Some((_, digits))) = (group(caps, 0), group(caps, 2)) else {
                return;
            };
            let Some(year) = parse_year(digits) else {
                return;
            };
            let kind = match group(caps, 1).map(|g| g.1) {
                Some("到" | "至" | "展望") => MarkKind::Due,
                _ if at_clause_start(text, at) => MarkKind::Dated,
                // A year inside a phrase ("从2015年的", "2018年梅河口市…一览表") governs nothing.
                _ => return,
            };
            marks.push(YearMark { at, year, kind });
        });
    }
    if WU.find(text.as_bytes()).is_some() {
        each_capture(&PERIOD, text, |caps| {
            let (Some((at, _)), Some((_, n))) = (group(caps, 0), group(caps, 2)) else {
                return;
            };
            let Some(year) = period_end(n) else {
                return;
            };
            let due = group(caps, 1).is_some() || group(caps, 3).is_some_and(|g| g.1.ends_with('末'));
            marks.push(YearMark { at, year, kind: if due { MarkKind::Due } else { MarkKind::Period } });
        });
    }
    marks.sort_by_key(|m| m.at);
    marks
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn marks() {
        let m = year_marks("到2025年，经济总量翻一番。2020年城镇居民收入从2015年的2万元提高。");
        let got: Vec<(i32, MarkKind)> = m.iter().map(|m| (m.year, m.kind)).collect();
        assert_eq!(got, vec![(2025, MarkKind::Due), (2020, MarkKind::Dated)]);
        let m = year_marks("“十三五”期间，累计完成投资。到“十四五”期末，实现目标。展望二〇三五年，");
        let got: Vec<(i32, MarkKind)> = m.iter().map(|m| (m.year, m.kind)).collect();
        assert_eq!(got, vec![(2020, MarkKind::Period), (2025, MarkKind::Due), (2035, MarkKind::Due)]);
    }

    #[test]
    fn heading_years() {
        assert_eq!(year_in_heading("2022工作回顾"), Some(2022));
        assert_eq!(year_in_heading("“十三五”成就"), Some(2020));
        assert_eq!(year_in_heading("发展基础"), None);
    }
}

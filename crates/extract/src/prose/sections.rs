//! Where a paragraph stands: under a heading that looks back (发展基础, “十三五”成就,
//! 工作回顾), one that looks ahead (发展目标, 工作安排), or elsewhere.
//!
//! The outline reader lives elsewhere and may be absent, so headings are recognised
//! here from the text alone: a numbering token (第一章, 第一节, 一、, （一）, 1.) at the
//! start of a paragraph, or a short unnumbered line that names a review or a goal
//! section ("2022工作回顾", "2023工作安排" in a report digest).

use std::sync::LazyLock;

use regex::Regex;

use super::years::{period_end, year_in_heading};

/// Which way a section looks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tense {
    /// 发展基础, 成就, 工作回顾: values stated there have been reached.
    Past,
    /// 发展目标, 工作安排: values stated there are goals.
    Future,
    /// A heading that says nothing about time; the enclosing section decides.
    Neutral,
    /// 发展形势, 机遇挑战, 发展环境: neither review nor goals, and not to be read as
    /// part of the enclosing review either.
    Other,
}

/// A heading recognised in a paragraph.
#[derive(Debug, Clone, PartialEq)]
pub struct HeadingLine {
    /// 0 篇, 1 章, 2 节, 3 一、, 4 （一）, 5 1.; unnumbered headings get a rank on entry.
    pub rank: Option<u8>,
    pub title: String,
    /// Whether the heading is the whole paragraph (no body text runs on after it).
    pub whole: bool,
}

static NUMBERING: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"^(?:(第[一二三四五六七八九十百零〇0-9]+篇)|(第[一二三四五六七八九十百零〇0-9]+章)|(第[一二三四五六七八九十百零〇0-9]+节)|([一二三四五六七八九十]+[、.])|([（(][一二三四五六七八九十]+[）)])|([0-9]{1,2}[.．、])(?:[^0-9]|$))",
    )
    .unwrap()
});

/// Decorations that report digests put before headings (`//(一)`, `●`, `★`).
fn strip_decoration(text: &str) -> &str {
    // `matches!` rather than `str::contains`, which sets up a substring search per call.
    text.trim_start_matches(|c: char| matches!(c, '/' | '●' | '★' | '■' | '◆' | '▲' | '·' | '•' | '□' | '◇' | '○' | ' ' | '\u{3000}'))
}

const MAX_TITLE_CHARS: usize = 40;
const MAX_UNNUMBERED_CHARS: usize = 16;

/// The heading a paragraph opens with, if any.
pub fn heading_of(text: &str) -> Option<HeadingLine> {
    let body = strip_decoration(text);
    // Every numbering token opens with one of these: most paragraphs are spared the regex.
    let may_be_numbered = body.starts_with(|c: char| {
        c.is_ascii_digit() || matches!(c, '第' | '一' | '二' | '三' | '四' | '五' | '六' | '七' | '八' | '九' | '十' | '（' | '(')
    });
    let numbered = if may_be_numbered { NUMBERING.captures(body) } else { None };
    if let Some(caps) = numbered {
        let rank = (1..=6).find(|&i| caps.get(i).is_some()).map(|i| (i - 1) as u8)?;
        let token_end = caps.get(rank as usize + 1).map(|m| m.end())?;
        let rest = &body[token_end..];
        let (title, whole) = match rest.find('。') {
            Some(i) => (&rest[..i], rest[i..].trim_end_matches('。').is_empty()),
            None => (rest, true),
        };
        if title.chars().count() > MAX_TITLE_CHARS || title.is_empty() {
            return None;
        }
        return Some(HeadingLine { rank: Some(rank), title: title.to_string(), whole });
    }
    // A character takes at most four bytes: a long paragraph is not counted through.
    let short = body.len() <= 4 * MAX_UNNUMBERED_CHARS && body.chars().count() <= MAX_UNNUMBERED_CHARS;
    let no_punctuation = !body.contains(['，', '。', '；', '：', ',', ';']);
    if short && no_punctuation && matches!(tense_of(body), Tense::Past | Tense::Future) {
        return Some(HeadingLine { rank: None, title: body.to_string(), whole: true });
    }
    None
}

/// Which way a heading looks, from the words section titles use.
pub fn tense_of(title: &str) -> Tense {
    const PAST_ENDINGS: &[&str] = &["基础", "成就", "回顾", "成效", "现状", "成绩"];
    const FUTURE_WORDS: &[&str] = &["目标任务", "工作安排"];
    const FUTURE_ENDINGS: &[&str] = &["目标", "安排"];
    const OTHER_WORDS: &[&str] = &["形势", "机遇", "挑战", "环境", "问题", "不足"];
    let title = title.trim_end_matches(|c: char| !c.is_alphanumeric());
    // "发展基础和发展环境": each part of a joined title counts.
    let parts: Vec<&str> = title.split(['和', '与', '及']).collect();
    let ends_with_any = |words: &[&str]| parts.iter().any(|p| words.iter().any(|w| p.ends_with(w)));
    if ends_with_any(PAST_ENDINGS) {
        Tense::Past
    } else if FUTURE_WORDS.iter().any(|w| title.contains(w)) || ends_with_any(FUTURE_ENDINGS) {
        Tense::Future
    } else if OTHER_WORDS.iter().any(|w| title.contains(w)) {
        Tense::Other
    } else {
        Tense::Neutral
    }
}

#[derive(Debug, Clone)]
struct Entry {
    rank: u8,
    numbered: bool,
    tense: Tense,
    year: Option<i32>,
}

/// The headings enclosing the current paragraph, innermost last.
#[derive(Debug, Default)]
pub struct Sections {
    stack: Vec<Entry>,
    /// Whether no content paragraph has been read since the last heading.
    fresh: bool,
}

impl Sections {
    pub fn enter(&mut self, heading: &HeadingLine) {
        let rank = match heading.rank {
            Some(r) => r,
            // An unnumbered review/goal heading inside a numbered chapter sits below
            // its 节; in a digest without numbered chapters it is a top unit.
            None if self.stack.iter().any(|e| e.numbered && e.rank <= 2) => 3,
            None => 1,
        };
        while self.stack.last().is_some_and(|e| e.rank >= rank) {
            self.stack.pop();
        }
        let year = year_in_heading(&heading.title);
        self.stack.push(Entry { rank, numbered: heading.rank.is_some(), tense: tense_of(&heading.title), year });
        self.fresh = true;
    }

    /// The tense and year of the innermost section that has a tense.
    pub fn current(&self) -> (Tense, Option<i32>) {
        let mut year = None;
        for e in self.stack.iter().rev() {
            year = year.or(e.year);
            if e.tense != Tense::Neutral {
                return (e.tense, year);
            }
        }
        (Tense::Neutral, year)
    }

    /// Reads the opening words of the first paragraph after a heading: a review
    /// section without a year in its title ("第一节 发展基础") takes the period its
    /// first paragraph opens with ("“十三五”期间，…").
    pub fn observe_first_paragraph(&mut self, text: &str) {
        if !std::mem::take(&mut self.fresh) {
            return;
        }
        let Some(entry) = self.stack.iter_mut().rev().find(|e| e.tense != Tense::Neutral) else {
            return;
        };
        if entry.tense == Tense::Past && entry.year.is_none() {
            entry.year = opening_period_year(text);
        }
    }
}

static OPENING_PERIOD: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^(?:总体看，)?(?:“?十([一二三四五六七八九])五”?(?:期间|时期|以来)|(20[0-9]{2})年(?:以来)?，)").unwrap());

fn opening_period_year(text: &str) -> Option<i32> {
    let caps = OPENING_PERIOD.captures(text)?;
    if let Some(n) = caps.get(1) {
        return period_end(n.as_str());
    }
    caps.get(2)?.as_str().parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbered_and_unnumbered_headings() {
        let h = heading_of("第一节“十三五”成就").unwrap();
        assert_eq!((h.rank, h.whole), (Some(2), true));
        let h = heading_of("//(一)突出开放合作，持续增强项目建设支撑力").unwrap();
        assert_eq!(h.rank, Some(4));
        let h = heading_of("（一）三大攻坚战强力突破。全年完成投资12亿元。").unwrap();
        assert_eq!((h.title.as_str(), h.whole), ("三大攻坚战强力突破", false));
        assert_eq!(heading_of("2023工作安排").unwrap().rank, None);
        assert!(heading_of("1.5万人来梅就读。").is_none());
        assert!(heading_of("今年办好十件实事").is_none());
    }

    #[test]
    fn tenses() {
        assert_eq!(tense_of("发展基础和发展环境"), Tense::Past);
        assert_eq!(tense_of("统筹发展基础产业"), Tense::Neutral);
        assert_eq!(tense_of("2022工作回顾"), Tense::Past);
        assert_eq!(tense_of("发展目标"), Tense::Future);
        assert_eq!(tense_of("机遇挑战"), Tense::Other);
    }

    #[test]
    fn review_section_takes_the_year_of_its_opening_period() {
        let mut s = Sections::default();
        s.enter(&heading_of("第一章 总体要求").unwrap());
        s.enter(&heading_of("第一节 发展基础").unwrap());
        s.observe_first_paragraph("“十三五”期间，全市经济稳步增长。");
        assert_eq!(s.current(), (Tense::Past, Some(2020)));
        s.enter(&heading_of("一、产业升级").unwrap());
        assert_eq!(s.current(), (Tense::Past, Some(2020)));
        s.enter(&heading_of("第二节 发展形势").unwrap());
        assert_eq!(s.current().0, Tense::Other);
        s.enter(&heading_of("第三节 发展目标").unwrap());
        assert_eq!(s.current(), (Tense::Future, None));
    }
}

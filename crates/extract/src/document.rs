//! A decoded document as normalised lines and as logical paragraphs, each keeping
//! the ORIGINAL 1-based line numbers it came from.
//!
//! The seeds show two layouts. Print-style exports wrap every paragraph at a fixed
//! width (≈28 CJK characters) with a blank line after each physical line; web-style
//! exports put one paragraph on one long line. The wrap width is measured per
//! document, so the paragraph builder joins lines only in the first layout.

use std::borrow::Cow;
use std::sync::LazyLock;

use regex::Regex;

use crate::normalize::{
    ends_sentence, find_whitespace, normalize_unmarked, starts_with_footnote_mark, strip_markers, trim_start_ws, unmarked_width,
};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LineKind {
    /// Empty after normalisation.
    Blank,
    /// Ordinary text.
    Text,
    /// A page mark (`- 12 -`, `— 3 —`, `第 3 页`): converter debris.
    PageNumber,
    /// A bare number alone on a line (`11`): a page number when it stands between
    /// lines of one paragraph or table, a table cell otherwise. Readers decide.
    LoneNumber,
    /// A line of a footnote block (`① “三三四四五五”：…` and its continuation).
    Footnote,
}

#[derive(Debug, Clone)]
pub struct Line {
    /// 1-based line number in the original file.
    pub no: usize,
    /// The normalised line, leading and trailing white space removed.
    pub text: String,
    /// Leading white space of the raw line in columns (a tab counts 4).
    pub indent: usize,
    /// Printed width of the raw line in columns (CJK and full-width characters 2).
    pub width: usize,
    pub kind: LineKind,
}

impl Line {
    pub fn is_blank(&self) -> bool {
        self.kind == LineKind::Blank
    }

    /// Whether the line is converter debris that readers skip (page marks).
    pub fn is_debris(&self) -> bool {
        matches!(self.kind, LineKind::PageNumber)
    }
}

/// A logical paragraph: physical lines joined where the document wrapped them.
#[derive(Debug, Clone)]
pub struct Paragraph {
    /// Joined, normalised text; white space next to CJK characters removed.
    pub text: String,
    /// `(byte offset into text, original line number)`, ascending: where each
    /// physical line's contribution starts.
    pub spans: Vec<(usize, usize)>,
    /// Index into `Document::lines` of the first line.
    pub first: usize,
    /// Index into `Document::lines` of the last line.
    pub last: usize,
}

impl Paragraph {
    /// The original line number the paragraph starts on.
    pub fn line(&self) -> usize {
        self.spans.first().map(|s| s.1).unwrap_or(0)
    }

    /// The original line number on which the byte at `offset` stands.
    pub fn line_at(&self, offset: usize) -> usize {
        line_in_spans(&self.spans, offset)
    }
}

/// The original line on which byte `offset` of a joined text stands, given its
/// `(byte offset, original line)` spans in ascending order; 0 for no spans.
pub fn line_in_spans(spans: &[(usize, usize)], offset: usize) -> usize {
    match spans.binary_search_by(|s| s.0.cmp(&offset)) {
        Ok(i) => spans[i].1,
        Err(0) => spans.first().map_or(0, |s| s.1),
        Err(i) => spans[i - 1].1,
    }
}

#[derive(Debug, Clone)]
pub struct Document {
    pub lines: Vec<Line>,
    pub paragraphs: Vec<Paragraph>,
    /// The width in columns at which the document wraps its prose, when it does.
    pub wrap_width: Option<usize>,
}

static PAGE_MARK: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:[-—–－]{1,2}\s*\d{1,4}\s*[-—–－]{1,2}|第\s*\d{1,4}\s*页(?:\s*共\s*\d+\s*页)?|\d{1,4}\s*/\s*\d{1,4})$").unwrap()
});
/// A numbering token at the start of a line (`第三章`, `二、`, `（二）`, `2.`, `（2）`).
static NUMBERED_START: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:第[一二三四五六七八九十百零〇\d]+[篇章节部]|[一二三四五六七八九十]+[、.]|[（(][一二三四五六七八九十\d]+[）)]|\d{1,2}[.、][^\d])").unwrap()
});
static LONE_NUMBER: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^\d{1,3}$").unwrap());

/// A cheap test that spares most lines the page-mark regex: a page mark opens with
/// a dash, 第 or a digit.
fn may_be_page_mark(text: &str) -> bool {
    // No character of the main CJK block is numeric (their category is Lo): most lines
    // are spared the Unicode table lookup of `is_numeric`.
    text.chars().next().is_some_and(|c| matches!(c, '-' | '—' | '–' | '－' | '第') || (!is_main_cjk(c) && c.is_numeric()))
}

fn is_main_cjk(c: char) -> bool {
    ('\u{4E00}'..='\u{9FFF}').contains(&c)
}

impl Document {
    pub fn parse(text: &str) -> Document {
        let bytes = text.as_bytes();
        // The lines are where `split('\n')` would cut, found by a vectorised search.
        let ends = || memchr::memchr_iter(b'\n', bytes).chain(std::iter::once(bytes.len()));
        let mut lines: Vec<Line> = Vec::with_capacity(ends().count());
        let mut in_footnote = false;
        // Where the next `[` stands: only a line with one can hold a converter marker,
        // and one search over the text spares a search in every line.
        let mut next_bracket = memchr::memchr(b'[', bytes);
        let mut start = 0;
        for (i, end) in ends().enumerate() {
            let raw = &text[start..end];
            start = end + 1;
            let raw = raw.strip_suffix('\r').unwrap_or(raw);
            // Markers are stripped once for both the normalised text and the width.
            let unmarked = match next_bracket {
                Some(b) if b < end => {
                    next_bracket = memchr::memchr(b'[', &bytes[end..]).map(|k| end + k);
                    strip_markers(raw)
                }
                _ => Cow::Borrowed(raw),
            };
            let mut body = normalize_unmarked(&unmarked);
            let indent = leading_columns(raw);
            // `normalize_unmarked` already dropped the trailing white space; the leading
            // white space goes in place rather than into a second copy.
            let leading = body.len() - trim_start_ws(&body).len();
            body.drain(..leading);
            let kind = if body.is_empty() {
                in_footnote = false;
                LineKind::Blank
            } else if may_be_page_mark(&body) && PAGE_MARK.is_match(&body) {
                LineKind::PageNumber
            } else if starts_with_footnote_mark(raw) {
                in_footnote = true;
                LineKind::Footnote
            } else if in_footnote {
                LineKind::Footnote
            } else if body.len() <= 12 && LONE_NUMBER.is_match(&body) {
                LineKind::LoneNumber
            } else {
                LineKind::Text
            };
            lines.push(Line { no: i + 1, text: body, indent, width: unmarked_width(&unmarked), kind });
        }
        // A file ending in a newline has no line after it.
        if text.ends_with('\n') {
            lines.pop();
        }
        let wrap_width = measure_wrap_width(&lines);
        let paragraphs = build_paragraphs(&lines, wrap_width);
        Document { lines, paragraphs, wrap_width }
    }

    /// Whether the line at index `i` runs on into the next text line (the document
    /// wrapped it mid-sentence).
    pub fn runs_on(&self, i: usize) -> bool {
        runs_on(&self.lines[i], self.wrap_width)
    }

    /// The index of the next non-blank, non-debris line after `i`.
    pub fn next_text(&self, i: usize) -> Option<usize> {
        (i + 1..self.lines.len()).find(|&j| !self.lines[j].is_blank() && !self.lines[j].is_debris())
    }

    /// The index of the line with original number `no`.
    pub fn index_of_line(&self, no: usize) -> Option<usize> {
        no.checked_sub(1).filter(|&i| i < self.lines.len())
    }
}

fn leading_columns(raw: &str) -> usize {
    // White space starts with a byte up to 0x20 or the lead byte C2, E1, E2 or E3;
    // most lines start with neither (CJK: E4–E9) and have no indent to count.
    if !raw.as_bytes().first().is_some_and(|b| matches!(b, 0x00..=0x20 | 0xC2 | 0xE1..=0xE3)) {
        return 0;
    }
    raw.chars()
        .take_while(|c| c.is_whitespace())
        .map(|c| match c {
            '\t' => 4,
            '\u{3000}' => 2,
            _ => 1,
        })
        .sum()
}

/// The column at which the document wraps prose: the most common display width of
/// long lines, when enough lines share it to show a fixed wrap.
fn measure_wrap_width(lines: &[Line]) -> Option<usize> {
    let widths: Vec<usize> = lines.iter().filter(|l| l.kind == LineKind::Text).map(|l| l.width).collect();
    if widths.is_empty() {
        return None;
    }
    let mut histogram = std::collections::BTreeMap::<usize, usize>::new();
    for &w in widths.iter().filter(|&&w| w >= 30) {
        *histogram.entry(w).or_default() += 1;
    }
    // Score each width by the lines within two columns of it: half-width digits and
    // punctuation make wrapped lines end a column or two short.
    let (best, support) = histogram
        .keys()
        .map(|&w| (w, (w.saturating_sub(2)..=w + 2).map(|x| histogram.get(&x).copied().unwrap_or(0)).sum::<usize>()))
        .max_by_key(|&(w, n)| (n, w))?;
    let long_lines = widths.iter().filter(|&&w| w > best + 6).count();
    // A wrapped layout has most text lines at the wrap and few beyond it.
    if support >= 5 && support * 3 >= widths.len() && long_lines * 4 <= widths.len() {
        return Some(best + 2);
    }
    // A short document with many short lines (headings, table rows, a title page)
    // can have too few prose lines for the test above. Among its LONG lines, though,
    // a wrapped layout still shows the wrap: nearly all of them end at it or four
    // columns short of it (a paragraph's first line, whose indent the converter
    // dropped), and few run past it. With short paragraphs the first lines can
    // outnumber the full ones, so the band four columns wider wins when it is well
    // supported.
    let band = |lo: usize, hi: usize| (lo..=hi).map(|x| histogram.get(&x).copied().unwrap_or(0)).sum::<usize>();
    let upper = best + 4;
    let wrap = if band(upper - 2, upper + 2) >= 5 && band(upper - 2, upper + 2) * 3 >= support {
        // The commonest width of the wider band: where the full lines stop.
        (best + 1..=best + 6).max_by_key(|&w| (histogram.get(&w).copied().unwrap_or(0), w)).unwrap_or(upper)
    } else {
        best
    };
    let full = band(wrap.saturating_sub(2), wrap + 2);
    let first_lines = band(wrap.saturating_sub(6), wrap.saturating_sub(3));
    let wide = widths.iter().filter(|&&w| w >= 30).count();
    let beyond = widths.iter().filter(|&&w| w > wrap + 6).count();
    if full >= 4 && full + first_lines >= 8 && (full + first_lines) * 2 >= wide && beyond * 5 <= wide {
        Some(wrap + 2)
    } else {
        None
    }
}

fn runs_on(line: &Line, wrap: Option<usize>) -> bool {
    let Some(wrap) = wrap else { return false };
    // A semicolon that falls exactly at the wrap ends a clause, not the paragraph
    // ("…增长4.2%；" / "规模以上工业增加值增长6.1%；…"): the sentence goes on.
    let clause_at_wrap = line.text.ends_with('；') && line.width + 7 >= wrap;
    line.kind == LineKind::Text
        && (!ends_sentence(&line.text) || clause_at_wrap)
        // The first line of a paragraph is indented by two characters that the
        // converter dropped, so it ends four columns short of the wrap.
        && line.width + 8 >= wrap
}

fn build_paragraphs(lines: &[Line], wrap: Option<usize>) -> Vec<Paragraph> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        let line = &lines[i];
        if line.kind != LineKind::Text && line.kind != LineKind::LoneNumber {
            i += 1;
            continue;
        }
        // Room for a few wrapped lines up front: growing the text line by line
        // reallocates it at every doubling.
        let (room, lines_room) = if wrap.is_some() { (4 * line.text.len(), 4) } else { (line.text.len(), 1) };
        let mut para = Paragraph { text: String::with_capacity(room), spans: Vec::with_capacity(lines_room), first: i, last: i };
        append(&mut para, line);
        let mut cur = i;
        while runs_on(&lines[cur], wrap) {
            // Skip blank lines and page debris between the two halves.
            let Some(next) =
                (cur + 1..lines.len()).find(|&j| !matches!(lines[j].kind, LineKind::Blank | LineKind::PageNumber | LineKind::LoneNumber))
            else {
                break;
            };
            if lines[next].kind != LineKind::Text || lines[next].indent > lines[i].indent + 1 {
                break;
            }
            // After a clause that ends on `；`, a numbered line opens the next item or
            // heading rather than continuing the sentence.
            if lines[cur].text.ends_with('；') && NUMBERED_START.is_match(&lines[next].text) {
                break;
            }
            append(&mut para, &lines[next]);
            cur = next;
        }
        para.last = cur;
        out.push(para);
        i = cur + 1;
    }
    out
}

fn append(para: &mut Paragraph, line: &Line) {
    para.spans.push((para.text.len(), line.no));
    push_compact(&mut para.text, &line.text);
}

/// Appends `text`, dropping white space that stands next to a CJK character (the
/// converters' spacing, `统筹推进 “五位一体”`) but keeping it between Latin words.
pub fn push_compact(out: &mut String, text: &str) {
    let latin = |c: Option<char>| c.is_some_and(|c| c.is_ascii_alphanumeric());
    let mut rest = text;
    while let Some(gap) = find_whitespace(rest) {
        out.push_str(&rest[..gap]);
        let after = rest[gap..].trim_start();
        if latin(out.chars().last()) && latin(after.chars().next()) {
            out.push(' ');
        }
        rest = after;
    }
    out.push_str(rest);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn wrapped_doc() -> String {
        // A print-style layout: 28-character lines, a blank line after each.
        let mut s = String::new();
        s.push_str(" 第一章　发展基础\n\n");
        s.push_str("经济总量和财政收入保持快速增长。２０２０年，地区生产总\n\n");
        s.push_str("值和财政收入分别达到２１７亿元和２８\u{E010}５６亿元。固定资\n\n");
        s.push_str("- 3 -\n\n");
        s.push_str("产投资总量和增速处于省内前列。\n\n");
        for _ in 0..6 {
            s.push_str("这是一段用来让文档呈现出固定折行宽度的普通叙述文字内容\n\n");
        }
        s
    }

    #[test]
    fn joins_wrapped_lines_and_keeps_line_numbers() {
        let doc = Document::parse(&wrapped_doc());
        assert!(doc.wrap_width.is_some());
        let p = doc.paragraphs.iter().find(|p| p.text.contains("217亿元")).unwrap();
        assert!(p.text.starts_with("经济总量"));
        assert!(p.text.contains("28.56亿元"));
        assert!(p.text.ends_with("固定资产投资总量和增速处于省内前列。"), "{}", p.text);
        assert_eq!(p.line(), 3);
        let at = p.text.find("217").unwrap();
        assert_eq!(p.line_at(at), 5);
        let later = p.text.find("前列").unwrap();
        assert_eq!(p.line_at(later), 9);
        assert_eq!(doc.lines[6].kind, LineKind::PageNumber);
    }

    #[test]
    fn a_clause_at_the_wrap_runs_on_but_not_into_a_numbered_line() {
        let mut text = String::new();
        for _ in 0..8 {
            text.push_str("这是一段用来让文档呈现出固定折行宽度的普通叙述文字内容\n\n");
        }
        text.push_str("2022年，预计全市实现地区生产总值536亿元，增长4%；\n\n");
        text.push_str("规模以上工业增加值增长6.1%。\n\n");
        text.push_str("一是加快项目建设，推进重大工程落地，全面扩大有效投资；\n\n");
        text.push_str("二、深化改革开放\n\n");
        let doc = Document::parse(&text);
        assert!(doc.wrap_width.is_some());
        assert!(doc.paragraphs.iter().any(|p| p.text.ends_with("增长4%；规模以上工业增加值增长6.1%。")));
        assert!(doc.paragraphs.iter().any(|p| p.text == "二、深化改革开放"));
    }

    #[test]
    fn no_main_cjk_character_is_numeric() {
        assert!(('\u{4E00}'..='\u{9FFF}').all(|c| !c.is_numeric()));
    }

    #[test]
    fn page_marks() {
        for mark in ["- 12 -", "— 3 —", "—— 45 ——", "－7－", "第 3 页", "3/20"] {
            assert_eq!(Document::parse(mark).lines[0].kind, LineKind::PageNumber, "{mark}");
        }
        for text in ["——2024年1月10日在通化市", "2025", "—— 与经济增长同步"] {
            assert_ne!(Document::parse(text).lines[0].kind, LineKind::PageNumber, "{text}");
        }
    }

    #[test]
    fn one_paragraph_per_line_layout_is_not_joined() {
        let text = "地理位置优越。梅河口市位于吉林省东南部，全市幅员2178.89平方公里，距长春163公里，位于吉沈、长通两线交汇点\n经济稳步增长。十三五期间主要经济指标保持15%以上速度增长\n";
        let doc = Document::parse(text);
        assert_eq!(doc.paragraphs.len(), 2);
        assert_eq!(doc.paragraphs[1].line(), 2);
    }
}

//! Main-indicator tables (主要指标表) read from their broken-text rendering.
//!
//! A table is found by its header (类别 / 序号 / 指标 / 2020年 / 2025年 / 年均 / 属性,
//! often one word or one character per line) and titled by the line above it
//! (`…主要指标`, `…主要指标表`). The header says which columns THIS table has
//! ([`header`]); the body is read line by line into rows ([`reader`]); the rows'
//! tokens are then put into the columns ([`rows`]). The table ends where prose resumes.

mod cells;
mod header;
mod reader;
mod rows;

use std::ops::RangeInclusive;

use crate::document::{Document, LineKind};
use crate::model::{Indicator, Warning};

use header::{compact, is_header_line, Header};
use reader::BodyReader;

#[derive(Debug, Default)]
pub struct Tables {
    pub indicators: Vec<Indicator>,
    /// Original line ranges the tables occupy, so prose readers skip them.
    pub line_ranges: Vec<RangeInclusive<usize>>,
    pub warnings: Vec<Warning>,
}

/// Header lines are short; a longer line is never one (and is not worth testing).
const MAX_HEADER_LINE_CHARS: usize = 40;
/// How far above the header the title may stand (blank lines and page marks aside).
const TITLE_LOOKBACK: usize = 2;

pub fn extract(doc: &Document) -> Tables {
    let mut out = Tables::default();
    let mut i = 0;
    while i < doc.lines.len() {
        match read_table_at(doc, i, &mut out) {
            Some(last) => i = last + 1,
            None => i += 1,
        }
    }
    out
}

/// Reads the table whose header starts at line index `i`, if one does; returns the
/// index of its last line.
fn read_table_at(doc: &Document, i: usize, out: &mut Tables) -> Option<usize> {
    let line = &doc.lines[i];
    if line.kind != LineKind::Text || line.text.chars().count() > MAX_HEADER_LINE_CHARS || !is_header_line(&line.text) {
        return None;
    }
    let (header, header_last) = read_header(doc, i)?;
    let title_at = find_title(doc, i);
    let title = title_at.map(|t| compact_title(&doc.lines[t].text));
    let body = BodyReader::new(doc, &header, header_last).read(header_last + 1);
    if body.rows.is_empty() {
        return None;
    }
    let first_line = doc.lines[title_at.unwrap_or(i)].no;
    let last_line = doc.lines[body.last].no;
    let indicators = rows::build(title.as_deref(), &header, &body, &mut out.warnings);
    out.indicators.extend(indicators);
    out.line_ranges.push(first_line..=last_line);
    Some(body.last)
}

/// The header lines from `start` on, joined and read; with the index of the last one.
fn read_header(doc: &Document, start: usize) -> Option<(Header, usize)> {
    let mut text = String::new();
    let mut last = start;
    let mut j = start;
    while j < doc.lines.len() {
        let line = &doc.lines[j];
        match line.kind {
            LineKind::Blank | LineKind::PageNumber => {}
            LineKind::Text if line.text.chars().count() <= MAX_HEADER_LINE_CHARS && is_header_line(&line.text) => {
                text.push_str(&compact(&line.text));
                last = j;
            }
            _ => break,
        }
        j += 1;
    }
    let header = header::parse(&text)?;
    header.is_indicator_table().then_some((header, last))
}

/// The table's title: the line just above the header, when it names a table of
/// indicators (`…主要指标`, `…指标表`) rather than ending a sentence.
fn find_title(doc: &Document, header_start: usize) -> Option<usize> {
    let mut seen = 0;
    for j in (0..header_start).rev() {
        let line = &doc.lines[j];
        match line.kind {
            LineKind::Blank | LineKind::PageNumber => continue,
            LineKind::Text => {
                let t = &line.text;
                let is_title = (t.contains("指标") || t.ends_with('表'))
                    && t.chars().count() <= 60
                    && !t.contains(['。', '；', '，'])
                    && !t.ends_with(['：', ':']);
                if is_title {
                    return Some(j);
                }
                seen += 1;
                if seen >= TITLE_LOOKBACK {
                    return None;
                }
            }
            _ => return None,
        }
    }
    None
}

/// The title as people read it: converter spaces between CJK characters removed.
fn compact_title(text: &str) -> String {
    let mut s = String::new();
    crate::document::push_compact(&mut s, text);
    s
}

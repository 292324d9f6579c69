//! The outline: every heading in document order with level, label and title.
//!
//! Chinese plans number their headings with a small family of tokens, coarsest
//! first: 篇 (or 部分/编) > 章 > 节 > `一、` > `（一）` > `1.` > `（1）`. A document uses
//! some of them; the level of a heading is the rank of its token kind among the
//! kinds the document actually uses, so a plan without 章 starts at `一、` and a
//! digest that only numbers `（一）` has those at level 1.
//!
//! A numbered line is a heading when it reads like one: a short title on a line of
//! its own, or a short lead sentence that the paragraph then runs on from
//! ("（一）三大攻坚战强力突破。全年…"). Numbered items of a `专栏` box, table rows,
//! footnotes, and lists of bare items (numbered lines following each other with no
//! text between them) are not headings. Numbering must continue the sequence of the
//! heading's siblings (一、 二、 三、…, restarting under each parent), which is what
//! tells a heading from an enumeration that happens to start a line.

use std::sync::LazyLock;

use regex::Regex;

use crate::document::{Line, LineKind};
use crate::model::Heading;
use crate::numbers::chinese_numeral;
use crate::Document;

/// Token kinds, coarsest first; the derived order is the nesting order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
enum Kind {
    /// 第一篇 / 第一部分 / 第一编
    Part,
    /// 第一章
    Chapter,
    /// 第一节
    Section,
    /// 一、
    CnEnum,
    /// （一）
    ParenCn,
    /// 1. or 1、
    Arabic,
    /// （1）
    ParenArabic,
}

impl Kind {
    /// 篇/章/节 are words, not list markers: a line opening with one is a heading
    /// wherever it stands, and their numbering is not checked (章 often counts on
    /// through 篇).
    fn is_structural(self) -> bool {
        matches!(self, Kind::Part | Kind::Chapter | Kind::Section)
    }

    fn is_arabic(self) -> bool {
        matches!(self, Kind::Arabic | Kind::ParenArabic)
    }
}

/// A numbering token at the start of a line.
#[derive(Debug, Clone)]
struct Token {
    kind: Kind,
    number: u32,
    /// The label as the contract writes it (NFKC): `第一章`, `一、`, `(一)`, `1.`, `(1)`.
    label: String,
    /// Byte offset in the line text where the title starts.
    rest: usize,
}

/// How the title was found: on a line of its own (strong), or as the lead sentence
/// of a paragraph that runs on (weaker: enumerations look the same).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Form {
    OwnLine,
    RunOn,
}

#[derive(Debug, Clone)]
struct Candidate {
    kind: Option<Kind>,
    number: u32,
    label: String,
    title: String,
    /// Index into `Document::lines` of the heading's first and last line.
    first: usize,
    last: usize,
    form: Form,
}

/// The longest title a heading on its own line has, in characters.
const MAX_TITLE_CHARS: usize = 40;
/// The longest lead sentence that still reads as a heading.
const MAX_LEAD_CHARS: usize = 30;

static TOKEN: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(concat!(
        // Ornaments some converters and newspapers put before a heading (`// (一)`).
        r"^(?:[/／#■◆▶►]+\s*)?",
        r"(?:",
        r"第\s*(?P<word_no>[一二三四五六七八九十百零〇两]{1,4}|\d{1,3})\s*(?P<word>篇|章|节|部分|编)",
        // `一、`, and `一.` as some converters write it.
        r"|(?P<cn>[一二三四五六七八九十]{1,3})\s*(?P<cn_sep>[、.])",
        r"|[（(]\s*(?P<pcn>[一二三四五六七八九十]{1,3})\s*[）)]",
        r"|(?P<ar>\d{1,2})\s*(?P<ar_sep>[.、])",
        r"|[（(]\s*(?P<par>\d{1,2})\s*[）)]",
        r")",
    ))
    .unwrap()
});

/// Unnumbered headings that stand alone on a line (`前　　　言`).
const NAMED_HEADINGS: &[&str] = &["前言", "序言", "引言", "导言", "总则", "结束语", "结语", "附则"];

/// A table of contents entry: a title followed by dot leaders or a page number.
static TOC_ENTRY: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"(?:[.…·．]{2,}\s*|\s)\d{1,3}$").unwrap());

/// A project box header (`专栏 4：冰雪产业重大项目`, `专栏1  生物医药…`).
static BOX_HEADER: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^专栏\s*[\d一二三四五六七八九十]").unwrap());

pub fn extract(doc: &Document) -> Vec<Heading> {
    let candidates = skip_table_of_contents(doc, find_candidates(doc));
    let candidates = accept_in_sequence(doc, candidates);
    let candidates = drop_bare_lists(doc, candidates);
    assign_levels(doc, candidates)
}

/// Every line that opens with a numbering token (or is a named heading) and carries
/// a title that reads like a heading.
fn find_candidates(doc: &Document) -> Vec<Candidate> {
    let mut out = Vec::new();
    for (i, line) in doc.lines.iter().enumerate() {
        if line.kind != LineKind::Text {
            continue;
        }
        if let Some(name) = named_heading(&line.text) {
            out.push(Candidate {
                kind: None,
                number: 0,
                label: String::new(),
                title: name.to_string(),
                first: i,
                last: i,
                form: Form::OwnLine,
            });
            continue;
        }
        let Some(token) = read_token(&line.text) else { continue };
        let para_last = continuation_end(doc, i);
        if let Some((title, last, form)) = read_title(doc, i, &token, para_last) {
            out.push(Candidate { kind: Some(token.kind), number: token.number, label: token.label, title, first: i, last, form });
        }
    }
    out
}

/// The last line of the paragraph that starts at line `i`, following the
/// document's wrap the way the paragraph builder does. Computed here rather than
/// taken from `Document::paragraphs` because a heading line can be swallowed by the
/// paragraph before it when that one ends exactly at the wrap.
fn continuation_end(doc: &Document, i: usize) -> usize {
    let mut cur = i;
    while doc.runs_on(cur) {
        let Some(next) = (cur + 1..doc.lines.len())
            .find(|&j| !matches!(doc.lines[j].kind, LineKind::Blank | LineKind::PageNumber | LineKind::LoneNumber))
        else {
            break;
        };
        let line = &doc.lines[next];
        if line.kind != LineKind::Text || line.indent > doc.lines[i].indent + 1 || read_token(&line.text).is_some() {
            break;
        }
        cur = next;
    }
    cur
}

/// A contents list (`目　录` followed by the headings) repeats the outline: its
/// entries are dropped up to where the first of them occurs again in the body.
fn skip_table_of_contents(doc: &Document, candidates: Vec<Candidate>) -> Vec<Candidate> {
    let Some(toc) = doc.lines.iter().position(|l| {
        l.kind == LineKind::Text && l.text.len() <= 16 && matches!(l.text.split_whitespace().collect::<String>().as_str(), "目录" | "目次")
    }) else {
        return candidates;
    };
    let Some(first) = candidates.iter().position(|c| c.first > toc) else { return candidates };
    let (label, title) = (&candidates[first].label, &candidates[first].title);
    let Some(again) = candidates[first + 1..].iter().position(|c| &c.label == label && &c.title == title) else {
        return candidates;
    };
    let body_start = first + 1 + again;
    candidates.into_iter().enumerate().filter(|(k, _)| *k < first || *k >= body_start).map(|(_, c)| c).collect()
}

fn named_heading(text: &str) -> Option<&'static str> {
    if text.len() > 48 {
        return None;
    }
    // Compacted, the line opens with its first character that is not white space:
    // most lines are refused by it without building the compact copy.
    let first = text.trim_start().chars().next()?;
    if !NAMED_HEADINGS.iter().any(|n| n.starts_with(first)) {
        return None;
    }
    let compact: String = text.chars().filter(|c| !c.is_whitespace()).collect();
    NAMED_HEADINGS.iter().copied().find(|n| *n == compact)
}

fn read_token(text: &str) -> Option<Token> {
    // Most lines are prose: a cheap look at the first character spares the regex.
    let first = text.chars().next()?;
    // A `matches!`, not `str::contains`: that sets up a substring search per call.
    if !(first.is_ascii_digit()
        || matches!(
            first,
            '第' | '一'
                | '二'
                | '三'
                | '四'
                | '五'
                | '六'
                | '七'
                | '八'
                | '九'
                | '十'
                | '（'
                | '('
                | '/'
                | '／'
                | '#'
                | '■'
                | '◆'
                | '▶'
                | '►'
        ))
    {
        return None;
    }
    let caps = TOKEN.captures(text)?;
    let end = caps.get(0)?.end();
    let (kind, number, label) = if let Some(word) = caps.name("word") {
        let no = caps.name("word_no")?.as_str();
        let kind = match word.as_str() {
            "章" => Kind::Chapter,
            "节" => Kind::Section,
            _ => Kind::Part,
        };
        (kind, parse_number(no)?, format!("第{no}{}", word.as_str()))
    } else if let Some(cn) = caps.name("cn") {
        let sep = caps.name("cn_sep").map_or("、", |m| m.as_str());
        (Kind::CnEnum, parse_number(cn.as_str())?, format!("{}{sep}", cn.as_str()))
    } else if let Some(cn) = caps.name("pcn") {
        (Kind::ParenCn, parse_number(cn.as_str())?, format!("({})", cn.as_str()))
    } else if let Some(ar) = caps.name("ar") {
        // `1.5亿元` is a number, not a label.
        if text[end..].starts_with(|c: char| c.is_ascii_digit()) {
            return None;
        }
        let sep = caps.name("ar_sep").map(|m| m.as_str()).unwrap_or(".");
        (Kind::Arabic, parse_number(ar.as_str())?, format!("{}{sep}", ar.as_str()))
    } else {
        let ar = caps.name("par")?;
        (Kind::ParenArabic, parse_number(ar.as_str())?, format!("({})", ar.as_str()))
    };
    if number == 0 {
        return None;
    }
    let rest = end + text[end..].len() - text[end..].trim_start_matches(|c: char| c.is_whitespace() || "：:、.．".contains(c)).len();
    Some(Token { kind, number, label, rest })
}

fn parse_number(s: &str) -> Option<u32> {
    if s.chars().all(|c| c.is_ascii_digit()) {
        return s.parse().ok();
    }
    chinese_numeral(s).and_then(|n| u32::try_from(n).ok())
}

/// The title of a heading whose token stands at the start of line `i`, with the
/// index of its last line and the form it was found in; `None` when what follows
/// the token reads as prose, a table row or a contents entry.
fn read_title(doc: &Document, i: usize, token: &Token, para_last: usize) -> Option<(String, usize, Form)> {
    let line = &doc.lines[i];
    let rest = line.text.get(token.rest..).unwrap_or("").trim();
    if rest.is_empty() {
        return title_on_next_line(doc, i);
    }
    if looks_like_table_row(rest) || TOC_ENTRY.is_match(rest) {
        return None;
    }
    if let Some(lead) = lead_before_gap_or_colon(rest, token.kind) {
        return run_on_title(lead, token.kind).map(|t| (t, i, Form::RunOn));
    }
    match first_sentence_end(rest) {
        Some(p) => {
            let lead = &rest[..p];
            let after = rest[p..].chars().skip(1).collect::<String>();
            if after.trim().is_empty() {
                // A line that is one sentence: a heading that ends in 。.
                own_line_title(lead, token.kind).map(|t| (t, i, Form::OwnLine))
            } else {
                run_on_title(lead, token.kind).map(|t| (t, i, Form::RunOn))
            }
        }
        None if para_last == i => own_line_title(rest, token.kind).map(|t| (t, i, Form::OwnLine)),
        None => wrapped_title(doc, i, rest, token.kind, para_last),
    }
}

/// A title set off from the paragraph that runs on after it by a wide gap
/// (`一、发展基础　　“十三五”期间，…。`) or, for the Chinese-numbered kinds, by a
/// colon (`（一）总体目标：到2025年，…。`). Arabic-numbered items with a colon are
/// usually entries of a list (`1.交通：…`), so they do not count.
fn lead_before_gap_or_colon(rest: &str, kind: Kind) -> Option<&str> {
    let sentence_end = first_sentence_end(rest).unwrap_or(rest.len());
    if let Some(gap) = rest.find("  ") {
        let (lead, after) = (&rest[..gap], rest[gap..].trim());
        if gap < sentence_end && !after.is_empty() && first_sentence_end(after).is_some() {
            return Some(lead);
        }
    }
    if kind.is_arabic() {
        return None;
    }
    let colon = rest.find(['：', ':'])?;
    let after = rest[colon..].chars().skip(1).collect::<String>();
    let short = rest[..colon].chars().count() <= MAX_LEAD_CHARS - 10;
    (colon > 0 && colon < sentence_end && short && !after.trim().is_empty()).then(|| &rest[..colon])
}

/// A heading line that the document wrapped: either the title itself goes on on
/// the next line (joined), or the lead sentence does (a run-on heading).
fn wrapped_title(doc: &Document, i: usize, rest: &str, kind: Kind, para_last: usize) -> Option<(String, usize, Form)> {
    let mut joined = rest.to_string();
    let mut last = i;
    for j in i + 1..=para_last {
        let line = &doc.lines[j];
        if line.kind != LineKind::Text {
            continue;
        }
        joined.push_str(&line.text);
        last = j;
        if let Some(p) = first_sentence_end(&joined) {
            let lead = &joined[..p];
            let after_ends_para = joined[p..].chars().skip(1).all(char::is_whitespace) && j == para_last;
            return if after_ends_para {
                own_line_title(lead, kind).map(|t| (t, last, Form::OwnLine))
            } else {
                run_on_title(lead, kind).map(|t| (t, last, Form::RunOn))
            };
        }
        if joined.chars().count() > MAX_TITLE_CHARS {
            // The line fills the wrap and runs on into prose: an item, not a heading.
            return None;
        }
    }
    own_line_title(&joined, kind).map(|t| (t, last, Form::OwnLine))
}

/// `第一章` alone on its line, the title on the next one.
fn title_on_next_line(doc: &Document, i: usize) -> Option<(String, usize, Form)> {
    let j = doc.next_text(i)?;
    let next = &doc.lines[j];
    if next.kind != LineKind::Text || read_token(&next.text).is_some() || first_sentence_end(&next.text).is_some() {
        return None;
    }
    clean_title(&next.text).filter(|t| t.chars().count() <= MAX_TITLE_CHARS).map(|t| (t, j, Form::OwnLine))
}

fn own_line_title(text: &str, kind: Kind) -> Option<String> {
    let title = clean_title(text)?;
    let n = title.chars().count();
    let max = if kind.is_structural() { MAX_TITLE_CHARS + 10 } else { MAX_TITLE_CHARS };
    // A title that stops on a comma or an enumeration mark is the start of a
    // sentence; an Arabic-numbered `交通：…` is an entry of a list.
    if n > max || title.ends_with(['，', ',', '、', '；']) || (kind.is_arabic() && title.contains(['：', ':'])) {
        return None;
    }
    Some(title)
}

fn run_on_title(lead: &str, kind: Kind) -> Option<String> {
    let title = clean_title(lead)?;
    let n = title.chars().count();
    let max = if kind.is_arabic() { MAX_LEAD_CHARS - 10 } else { MAX_LEAD_CHARS };
    if n > max || (kind.is_arabic() && title.contains(['：', ':'])) {
        return None;
    }
    Some(title)
}

/// Byte offset of the first sentence end (。！？；) in `text`.
fn first_sentence_end(text: &str) -> Option<usize> {
    text.find(['。', '！', '？', '；', '!', '?'])
}

/// A table row that happens to open with `1.`: several space-separated numeric or
/// dash cells (`0.6 —— 7以上 预期性`).
fn looks_like_table_row(rest: &str) -> bool {
    let cells = rest.split_whitespace().skip(1).filter(|c| c.starts_with(|ch: char| ch.is_ascii_digit() || "—-－〔[".contains(ch))).count();
    cells >= 2 || rest.ends_with("预期性") || rest.ends_with("约束性")
}

/// NFKC-style tidy title: inner white space kept only as a single space between two
/// CJK characters (`努力接续奋斗 开启…`) or two Latin words; letter-spaced titles
/// (`前　　　言`) closed up; a final 。 dropped.
pub fn clean_title(text: &str) -> Option<String> {
    let words: Vec<&str> = text.split_whitespace().collect();
    if words.is_empty() {
        return None;
    }
    let letter_spaced = words.len() >= 2 && words.iter().all(|w| w.chars().count() == 1);
    let mut out = String::new();
    for (k, w) in words.iter().enumerate() {
        if k > 0 && !letter_spaced {
            let prev = out.chars().last();
            let next = w.chars().next();
            let both = |f: fn(char) -> bool| prev.is_some_and(f) && next.is_some_and(f);
            if both(is_han) || both(|c| c.is_ascii_alphanumeric()) {
                out.push(' ');
            }
        }
        out.push_str(w);
    }
    let out = out.trim_end_matches(['。', '.', ' ', '：', ':']).to_string();
    (!out.is_empty()).then_some(out)
}

fn is_han(c: char) -> bool {
    matches!(c, '\u{4E00}'..='\u{9FFF}' | '\u{3400}'..='\u{4DBF}' | '\u{F900}'..='\u{FAFF}')
}

/// Keeps the candidates whose numbering continues their siblings' sequence, and
/// drops the numbered items of project boxes.
fn accept_in_sequence(doc: &Document, candidates: Vec<Candidate>) -> Vec<Candidate> {
    let mut by_line = candidates.into_iter().peekable();
    let mut out = Vec::new();
    // The open headings, coarsest first: (kind, number).
    let mut path: Vec<(Kind, u32)> = Vec::new();
    let mut project_box: Option<ProjectBox> = None;
    for (i, line) in doc.lines.iter().enumerate() {
        if line.kind == LineKind::Text && line.text.starts_with("专栏") && BOX_HEADER.is_match(&line.text) {
            project_box = Some(ProjectBox { indent: line.indent, text_lines: 0, last: Default::default() });
            continue;
        }
        if let Some(b) = &mut project_box {
            if line.kind == LineKind::Text {
                b.text_lines += 1;
            }
            if b.indent > 0 && line.kind == LineKind::Text && line.indent < b.indent {
                project_box = None;
            }
        }
        if by_line.peek().map(|c| c.first) != Some(i) {
            continue;
        }
        let Some(c) = by_line.next() else { continue };
        let Some(kind) = c.kind else {
            path.clear();
            out.push(c);
            continue;
        };
        if kind.is_structural() {
            project_box = None;
            path.retain(|&(k, _)| k < kind);
            path.push((kind, c.number));
            out.push(c);
            continue;
        }
        let expected = path.iter().find(|&&(k, _)| k == kind).map_or(1, |&(_, n)| n + 1);
        let continues =
            c.number == expected || (c.form == Form::OwnLine && expected > 1 && c.number > expected && c.number <= expected + 2);
        if let Some(b) = &mut project_box {
            if b.claims(kind, c.number, continues) {
                continue;
            }
            project_box = None;
        }
        if continues {
            path.retain(|&(k, _)| k < kind);
            path.push((kind, c.number));
            out.push(c);
        }
    }
    out
}

/// A `专栏` box being read: its numbered items are not headings.
struct ProjectBox {
    indent: usize,
    /// Text lines read since the box header.
    text_lines: usize,
    /// The last item number of each kind seen inside the box.
    last: std::collections::HashMap<Kind, u32>,
}

/// A box's first numbered item stands right under its header (a column-header line
/// at most between them); a `1.` further down is the outline going on after a box
/// of unnumbered items.
const MAX_LINES_TO_FIRST_BOX_ITEM: usize = 3;

impl ProjectBox {
    /// Whether a numbered line belongs to the box (and is consumed by it). A line
    /// that continues the box's own numbering does; one that continues the outline
    /// instead closes the box.
    fn claims(&mut self, kind: Kind, number: u32, continues_outline: bool) -> bool {
        let box_next = match self.last.get(&kind) {
            Some(n) => Some(n + 1),
            None => (self.text_lines <= MAX_LINES_TO_FIRST_BOX_ITEM).then_some(1),
        };
        if Some(number) == box_next || !continues_outline {
            self.last.insert(kind, number);
            return true;
        }
        false
    }
}

/// Numbered lines that follow each other with no text between them are a list of
/// items, not headings each opening a section.
fn drop_bare_lists(doc: &Document, candidates: Vec<Candidate>) -> Vec<Candidate> {
    let mut drop = vec![false; candidates.len()];
    let mut run_start = 0;
    for k in 0..candidates.len() {
        let adjacent = k + 1 < candidates.len() && {
            let (a, b) = (&candidates[k], &candidates[k + 1]);
            a.kind.is_some()
                && a.kind == b.kind
                && a.form == Form::OwnLine
                && b.form == Form::OwnLine
                && doc.next_text(a.last) == Some(b.first)
        };
        if !adjacent {
            let run_len = k + 1 - run_start;
            let kind = candidates[run_start].kind;
            let min_run = if kind.is_some_and(Kind::is_arabic) { 2 } else { 3 };
            if kind.is_some_and(|k| !k.is_structural()) && run_len >= min_run {
                drop[run_start..=k].iter_mut().for_each(|d| *d = true);
            }
            run_start = k + 1;
        }
    }
    candidates.into_iter().zip(drop).filter(|(_, d)| !d).map(|(c, _)| c).collect()
}

/// Levels from the kinds the document uses: the coarsest is level 1.
fn assign_levels(doc: &Document, candidates: Vec<Candidate>) -> Vec<Heading> {
    let mut kinds: Vec<Kind> = candidates.iter().filter_map(|c| c.kind).collect();
    kinds.sort();
    kinds.dedup();
    candidates
        .into_iter()
        .map(|c| {
            let level = c.kind.and_then(|k| kinds.iter().position(|&x| x == k)).map_or(1, |p| p + 1);
            Heading { level: u8::try_from(level).unwrap_or(u8::MAX), label: c.label, title: c.title, line: line_no(&doc.lines[c.first]) }
        })
        .collect()
}

fn line_no(line: &Line) -> usize {
    line.no
}

#[cfg(test)]
mod tests {
    use super::*;

    fn outline(text: &str) -> Vec<(u8, String, String, usize)> {
        extract(&Document::parse(text)).into_iter().map(|h| (h.level, h.label, h.title, h.line)).collect()
    }

    #[test]
    fn tokens() {
        let t = read_token("第十二章 强化实施保障").unwrap();
        assert_eq!((t.kind, t.number, t.label.as_str()), (Kind::Chapter, 12, "第十二章"));
        let t = read_token("（三）发展目标").unwrap();
        assert_eq!((t.kind, t.number, t.label.as_str()), (Kind::ParenCn, 3, "(三)"));
        let t = read_token("// (一) 突出开放合作").unwrap();
        assert_eq!((t.kind, t.label.as_str()), (Kind::ParenCn, "(一)"));
        let t = read_token("2.发展新一代信息技术产业").unwrap();
        assert_eq!((t.kind, t.number, t.label.as_str()), (Kind::Arabic, 2, "2."));
        assert!(read_token("1.5亿元的投资").is_none());
        assert!(read_token("2025 年，森林面积").is_none());
        assert!(read_token("1 地区生产总值（亿元） 500 720").is_none());
        assert!(read_token("一是加快项目建设").is_none());
        let t = read_token("三.发展目标").unwrap();
        assert_eq!((t.kind, t.number, t.label.as_str()), (Kind::CnEnum, 3, "三."));
        assert!(read_token("第十四个五年规划").is_none());
    }

    #[test]
    fn titles_keep_inner_spaces_between_phrases_only() {
        assert_eq!(clean_title("努力接续奋斗 开启新征程").unwrap(), "努力接续奋斗 开启新征程");
        assert_eq!(clean_title("提升 “梅河臻品”品牌价值").unwrap(), "提升“梅河臻品”品牌价值");
        assert_eq!(clean_title("前   言").unwrap(), "前言");
        assert_eq!(clean_title("三大攻坚战强力突破。").unwrap(), "三大攻坚战强力突破");
    }

    #[test]
    fn parts_chapters_sections_and_enumerations() {
        let text = "\
第一篇　总体战略

第一章　发展基础

第一节 “十三五”成就

一、经济实力明显增强

经济总量稳步扩大。全市地区生产总值达到三百亿元。

二、改革开放不断深化

改革红利持续释放。

第二节　发展环境

发展面临的形势依然复杂。

第二章 总体要求 开启新征程

总体要求如下。
";
        let got = outline(text);
        let want = vec![
            (1, "第一篇".to_string(), "总体战略".to_string(), 1),
            (2, "第一章".into(), "发展基础".into(), 3),
            (3, "第一节".into(), "“十三五”成就".into(), 5),
            (4, "一、".into(), "经济实力明显增强".into(), 7),
            (4, "二、".into(), "改革开放不断深化".into(), 11),
            (3, "第二节".into(), "发展环境".into(), 15),
            (2, "第二章".into(), "总体要求 开启新征程".into(), 19),
        ];
        assert_eq!(got, want);
    }

    #[test]
    fn document_without_chapters_starts_at_cn_enumeration() {
        let text = "\
为落实战略部署，编制本方案。
一、发展基础
（一）发展现状
全市经济稳步增长。
（二）发展形势
机遇与挑战并存。
二、重点任务
（一）壮大产业
1.发展装备制造产业
装备制造业加快发展。
2.发展信息技术产业
信息产业加快发展。
（二）扩大开放
开放水平不断提高。
";
        let got = outline(text);
        let labels: Vec<(u8, &str, &str)> = got.iter().map(|h| (h.0, h.1.as_str(), h.2.as_str())).collect();
        assert_eq!(
            labels,
            vec![
                (1, "一、", "发展基础"),
                (2, "(一)", "发展现状"),
                (2, "(二)", "发展形势"),
                (1, "二、", "重点任务"),
                (2, "(一)", "壮大产业"),
                (3, "1.", "发展装备制造产业"),
                (3, "2.", "发展信息技术产业"),
                (2, "(二)", "扩大开放"),
            ]
        );
    }

    #[test]
    fn run_on_heading_takes_the_lead_sentence() {
        let text = "\
（一）三大攻坚战强力突破。全年实施脱贫项目一百个，贫困人口全部脱贫。
（二）经济运行稳中有进。地区生产总值增长百分之六。
";
        let got = outline(text);
        assert_eq!(got[0], (1, "(一)".to_string(), "三大攻坚战强力突破".to_string(), 1));
        assert_eq!(got[1].2, "经济运行稳中有进");
    }

    #[test]
    fn lead_sentences_boxes_and_enumerations_are_not_headings() {
        let text = "\
第一章 发展基础

经济运行总体平稳。产业结构持续优化。

———创新发展的新高地。全面落实改革职能。

一是加快项目建设，二是优化营商环境。

专栏 1：重大项目

1.万科松花湖度假区扩建项目

2.北大湖四季度假区项目

① 三三：就是坚定三个信心。

1 地区生产总值（亿元） 500 720 7.5% 预期性

第二章 总体要求
";
        let got = outline(text);
        let labels: Vec<&str> = got.iter().map(|h| h.1.as_str()).collect();
        assert_eq!(labels, vec!["第一章", "第二章"]);
    }

    #[test]
    fn bare_numbered_lists_are_not_headings() {
        let text = "\
一、重点任务
主要包括以下方面：
1.交通
2.水利
3.能源
二、保障措施
加强领导。
";
        let labels: Vec<String> = outline(text).into_iter().map(|h| h.1).collect();
        assert_eq!(labels, vec!["一、", "二、"]);
    }

    #[test]
    fn wrapped_heading_is_joined() {
        // A print-style layout wrapping at 28 characters, blank line after each line.
        let mut text = String::new();
        for _ in 0..8 {
            text.push_str("这是一段用来让文档呈现出固定折行宽度的普通叙述文字内容\n\n");
        }
        text.push_str("（一）加快建设现代化基础设施体系提升城乡区域发展协调\n\n");
        text.push_str("水平\n\n");
        text.push_str("交通网络持续完善。\n\n");
        let got = outline(&text);
        assert_eq!(got.len(), 1, "{got:?}");
        assert_eq!(got[0].2, "加快建设现代化基础设施体系提升城乡区域发展协调水平");
        assert_eq!(got[0].3, 17);
    }

    #[test]
    fn chapter_title_on_the_next_line_and_named_headings() {
        let text = "前　　　言\n\n本规划是指导文件。\n\n第一章\n\n发展基础\n\n基础坚实。\n";
        let got = outline(text);
        assert_eq!(got[0], (1, String::new(), "前言".to_string(), 1));
        assert_eq!(got[1], (1, "第一章".to_string(), "发展基础".to_string(), 5));
    }

    #[test]
    fn table_of_contents_is_skipped() {
        let text = "目　录\n第一章 发展基础\n第一节 发展成就\n第二章 总体要求\n第一章 发展基础\n基础坚实。\n第一节 发展成就\n成就显著。\n第二章 总体要求\n要求明确。\n";
        let lines: Vec<usize> = outline(text).into_iter().map(|h| h.3).collect();
        assert_eq!(lines, vec![5, 7, 9]);
    }

    #[test]
    fn title_set_off_by_a_colon_or_a_wide_gap() {
        let text = "\
一、发展基础　　“十三五”期间，全市经济稳步增长。
二、总体要求
（一）发展目标：到2025年，地区生产总值达到六百亿元。
（二）基本原则
坚持创新驱动。
1.交通：建设高速公路两条。
";
        let got = outline(text);
        let titles: Vec<&str> = got.iter().map(|h| h.2.as_str()).collect();
        assert_eq!(titles, vec!["发展基础", "总体要求", "发展目标", "基本原则"]);
    }

    #[test]
    fn numbered_items_of_a_box_are_not_headings() {
        let text = "\
（一）强化新兴产业
1.发展装备制造产业
装备制造业加快发展。
\t专栏一 装备制造重点项目
\t1.新型建材产业基地项目
\t2.装配式建筑产业园项目
2.发展信息技术产业
信息产业加快发展。
";
        let got = outline(text);
        let lines: Vec<usize> = got.iter().map(|h| h.3).collect();
        assert_eq!(lines, vec![1, 2, 7], "{got:?}");
    }

    #[test]
    fn heading_after_a_box_of_unnumbered_items_is_kept() {
        let text = "\
第一节 发展现代产业
专栏 1：重大项目
万科松花湖度假区扩建项目：扩建雪场。
北大湖四季度假区项目：建设滑雪场。
吉林市冰雪装备产业园项目：建设厂房。
一、打造旅游文化产业集群
旅游产业加快发展。
";
        let labels: Vec<String> = outline(text).into_iter().map(|h| h.1).collect();
        assert_eq!(labels, vec!["第一节", "一、"]);
    }

    #[test]
    fn odd_input_does_not_panic() {
        for text in ["", "第", "（", "1.", "一、", "第一章", "（一）。", "专栏 1", "\u{3000}\n\n\n"] {
            let _ = outline(text);
        }
    }
}

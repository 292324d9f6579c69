//! Project boxes (专栏): where a box starts, which lines are its body, where the
//! plan's prose resumes, and the items of a box whose lines are `name：description`,
//! `lead。description` or `A、B、C` lists.
//!
//! A box has no end marker. Its body runs from the title to the first heading-like
//! line, next box title or ★ title (the hard stop); inside that span the readers stop
//! earlier where the lines stop looking like box lines: in a wrapped print layout,
//! box lines wrap at the box's own width while prose wraps at the document's
//! (`doc.wrap_width`), so a run of lines at the prose width is the prose resuming.

use std::sync::LazyLock;

use regex::Regex;

use super::lists::{is_collective_label, is_counted_label, read_members, read_name_list};
use super::tables;
use super::text::{char_count, collapse_spaces, ends_hard, first_colon, has_head_noun, is_head_like, Joined};
use crate::document::{Document, LineKind};
use crate::normalize::ends_sentence;

/// One item read from a box, before it becomes a [`crate::model::Project`].
#[derive(Debug, Clone, PartialEq)]
pub struct BoxItem {
    pub name: String,
    pub description: Option<String>,
    pub line: usize,
    /// Set by readers that find the amount in its own column; otherwise it is read
    /// from the description.
    pub investment: Option<crate::model::Money>,
}

/// A box as found: its title as written and its items.
#[derive(Debug, Clone)]
pub struct FoundBox {
    pub group: String,
    pub items: Vec<BoxItem>,
}

static BOX_TITLE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^专栏\s*(?:\d{1,3}|[一二三四五六七八九十百]{1,4})?\s*(?:[：:．.、-]\s*)?(.*)$").unwrap());

/// Headings that close a box: 第N章/节/篇, 一、, （一）. Digit numbering (`1.`) closes
/// a box only when the box does not number its own items that way.
static CHAPTER_HEADING: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:第[一二三四五六七八九十百零〇两\d]+[章节篇部编]|[一二三四五六七八九十]+[、．.]|[（(][一二三四五六七八九十]+[）)])")
        .unwrap()
});
static DIGIT_NUMBERING: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^(?:\d{1,2}[\.．、]|[（(]\d{1,2}[）)])\s*").unwrap());
/// A bullet before a box item (`● 松岭风电项目：…`): a mark, not part of the name.
static BULLET: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^[●•·◆◇■□▪▲△○◎]+\s*").unwrap());
static STAR_TITLE: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^[★☆]\s*\S").unwrap());

pub fn is_star_title(text: &str) -> bool {
    STAR_TITLE.is_match(text)
}

/// The box title starting at line `i`, and the index of the first body line.
fn box_title(doc: &Document, i: usize) -> Option<(String, usize)> {
    let line = &doc.lines[i];
    if line.kind != LineKind::Text {
        return None;
    }
    let text = line.text.as_str();
    if !text.starts_with("专栏") {
        return None;
    }
    let caps = BOX_TITLE.captures(text)?;
    // A title is a short line of its own: not a sentence, not a table-of-contents
    // entry with leaders and a page number.
    if char_count(text) > 50 || ends_sentence(text) || text.ends_with('，') || text.contains("……") || text.contains("...") {
        return None;
    }
    let rest = caps.get(1).map(|m| m.as_str().trim()).unwrap_or("");
    if !rest.is_empty() {
        return Some((collapse_spaces(text), i + 1));
    }
    // `专栏 3` alone, its title on the next line.
    match doc.next_text(i) {
        Some(j) if is_title_continuation(&doc.lines[j].text) => Some((collapse_spaces(&format!("{text} {}", doc.lines[j].text)), j + 1)),
        _ => Some((collapse_spaces(text), i + 1)),
    }
}

fn is_title_continuation(text: &str) -> bool {
    char_count(text) <= 30 && !ends_sentence(text) && first_colon(text).is_none() && !text.contains('、')
}

/// Whether a line is a heading of the plan (and so closes any box before it).
pub fn is_heading_like(text: &str, digits_are_items: bool) -> bool {
    if CHAPTER_HEADING.is_match(text) {
        return true;
    }
    // `1.发展先进装备制造产业`: a short numbered line without a colon or full stop.
    !digits_are_items
        && DIGIT_NUMBERING.find(text).is_some_and(|m| {
            let rest = &text[m.end()..];
            !rest.starts_with(|c: char| c.is_ascii_digit()) && char_count(rest) <= 30 && first_colon(rest).is_none() && !ends_sentence(rest)
        })
}

/// Every box of the document, in order.
pub fn read_boxes(doc: &Document) -> Vec<FoundBox> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < doc.lines.len() {
        let Some((group, first)) = box_title(doc, i) else {
            i += 1;
            continue;
        };
        let body = collect_body(doc, first);
        let items = read_box_body(doc, &body);
        out.push(FoundBox { group, items });
        // The body never holds another title (a title is a hard stop), so scanning
        // resumes where the body stopped.
        let last = body.lines.last().into_iter().chain(body.subheadings.last()).max();
        i = last.map(|&j| j + 1).unwrap_or(first).max(i + 1);
    }
    out
}

/// The numbering family of a sub-heading (`一、`, `（一）`): a box that opens with
/// one is divided by its own sub-headings of that family.
fn subheading_family(text: &str) -> Option<u8> {
    static DUN: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^[一二三四五六七八九十]+[、．]").unwrap());
    static PAREN: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^[（(][一二三四五六七八九十]+[）)]").unwrap());
    if DUN.is_match(text) {
        Some(1)
    } else if PAREN.is_match(text) {
        Some(2)
    } else {
        None
    }
}

/// The box's lines between its title and the hard stop, without blank lines and
/// page debris; sub-headings of the box's own are dropped but break the items.
pub struct Body {
    pub lines: Vec<usize>,
    pub subheadings: Vec<usize>,
}

impl Body {
    /// Whether one of the box's sub-headings stands between lines `a` and `b`.
    fn divides(&self, a: usize, b: usize) -> bool {
        self.subheadings.iter().any(|&s| a < s && s < b)
    }
}

fn collect_body(doc: &Document, first: usize) -> Body {
    let mut body = Vec::new();
    let mut subheadings = Vec::new();
    let mut digits_are_items = None;
    let mut own_family = None;
    for j in first..doc.lines.len() {
        let line = &doc.lines[j];
        if matches!(line.kind, LineKind::Blank | LineKind::PageNumber | LineKind::LoneNumber) {
            continue;
        }
        let text = line.text.as_str();
        let numbered = *digits_are_items.get_or_insert_with(|| DIGIT_NUMBERING.is_match(text));
        if body.is_empty() && subheadings.is_empty() {
            own_family = subheading_family(text);
        }
        if own_family.is_some() && subheading_family(text) == own_family && char_count(text) <= 30 {
            subheadings.push(j);
            continue;
        }
        if box_title(doc, j).is_some() || is_star_title(text) || is_heading_like(text, numbered) {
            break;
        }
        body.push(j);
        // A box is a page or two at most; a runaway body means a missed end.
        if body.len() >= 1000 {
            break;
        }
    }
    Body { lines: body, subheadings }
}

/// The items of one box body, whichever shape the box has.
fn read_box_body(doc: &Document, body: &Body) -> Vec<BoxItem> {
    let lines = body.lines.as_slice();
    if lines.is_empty() {
        return Vec::new();
    }
    if let Some(items) = tables::read_columns(doc, lines) {
        return items;
    }
    if let Some(items) = tables::read_transposed(doc, lines) {
        return items;
    }
    if let Some(items) = tables::read_area_table(doc, lines) {
        return items;
    }
    read_item_box(doc, body)
}

/// How a box line opens an item.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Shape {
    /// `名称：描述`
    Colon,
    /// `培育创新主体。建设…`: a short lead phrase closed by a full stop.
    Lead,
    /// `A、B、C`: names only.
    List,
}

fn shape_of(text: &str) -> Option<Shape> {
    let text = strip_numbering(text);
    if let Some(c) = first_colon(text) {
        if is_head_like(text[..c].trim()) {
            return Some(Shape::Colon);
        }
    }
    if lead_phrase(text).is_some() {
        return Some(Shape::Lead);
    }
    read_name_list(text).map(|_| Shape::List)
}

/// The lead phrase of `培育创新主体。建设…`: at most 16 characters, one phrase.
fn lead_phrase(text: &str) -> Option<usize> {
    let stop = text.find('。')?;
    let head = &text[..stop];
    (char_count(head) <= 16 && is_head_like(head)).then_some(stop)
}

/// A line that can only open an item, even after a full line: `名称项目：…` with a
/// name that ends like one, or a counted label (`培育类（13个）：…`).
fn opens_item(text: &str) -> bool {
    let text = strip_numbering(text);
    first_colon(text).is_some_and(|c| {
        let head = text[..c].trim();
        is_head_like(head) && ((char_count(head) >= 4 && has_head_noun(head)) || is_counted_label(head))
    })
}

fn strip_numbering(text: &str) -> &str {
    let text = BULLET.find(text).map(|m| &text[m.end()..]).unwrap_or(text);
    DIGIT_NUMBERING.find(text).map(|m| &text[m.end()..]).unwrap_or(text)
}

/// Whether shape `next` may follow a box whose first item had shape `style`. A
/// lead-phrase line only continues a box of lead-phrase items: after a box of
/// `name：…` items or lists, `发挥企业创新主体作用。…` is the prose resuming.
fn fits_style(style: Shape, next: Shape) -> bool {
    match style {
        Shape::Lead => matches!(next, Shape::Lead | Shape::Colon),
        Shape::Colon | Shape::List => matches!(next, Shape::Colon | Shape::List),
    }
}

/// The layout facts a box reader compares lines against.
pub struct Widths {
    /// The document's prose wrap, when it wraps.
    pub wrap: Option<usize>,
    /// The widest body line: the box's own wrap.
    pub box_width: usize,
}

impl Widths {
    pub fn of(doc: &Document, body: &[usize]) -> Widths {
        let box_width = body.iter().map(|&j| doc.lines[j].width).max().unwrap_or(0);
        Widths { wrap: doc.wrap_width, box_width }
    }

    /// Box lines are set clearly wider than prose, so width tells them apart.
    pub fn box_is_wider(&self) -> bool {
        self.wrap.is_some_and(|w| self.box_width >= w + 8)
    }

    /// A line that filled the box's width (and so may run on into the next).
    pub fn is_full(&self, width: usize) -> bool {
        width + (self.box_width / 6).max(8) >= self.box_width
    }
}

/// A line that starts or continues a prose paragraph: set at the document's wrap
/// width, running on, and followed by a line no wider than prose.
pub fn is_prose_line(doc: &Document, j: usize) -> bool {
    let Some(wrap) = doc.wrap_width else { return false };
    let line = &doc.lines[j];
    let in_band = |w: usize| w + 12 >= wrap && w <= wrap + 4;
    if !in_band(line.width) || ends_hard(&line.text) {
        return false;
    }
    match doc.next_text(j) {
        Some(k) => in_band(doc.lines[k].width) || (doc.lines[k].width <= wrap + 4 && ends_sentence(&doc.lines[k].text)),
        None => true,
    }
}

/// Reads a box of `name：description` / `lead。description` / `A、B、C` lines.
fn read_item_box(doc: &Document, body: &Body) -> Vec<BoxItem> {
    let widths = Widths::of(doc, &body.lines);
    let wrapped = doc.wrap_width.is_some();
    let mut units: Vec<Joined> = Vec::new();
    let mut style: Option<Shape> = None;
    let mut prev: Option<usize> = None;
    for &j in &body.lines {
        let line = &doc.lines[j];
        let text = line.text.as_str();
        if prev.is_some_and(|p| body.divides(p, j)) {
            prev = None;
        }
        if let (true, Some(p), Some(unit)) = (wrapped, prev, units.last_mut()) {
            let pl = &doc.lines[p];
            let prose_resumes = widths.box_is_wider() && is_prose_line(doc, j) && lead_phrase(text).is_some();
            if !ends_hard(&pl.text) && widths.is_full(pl.width) && !prose_resumes && !opens_item(text) {
                unit.push(text, line.no);
                prev = Some(j);
                continue;
            }
        }
        if widths.box_is_wider() && is_prose_line(doc, j) {
            break;
        }
        match shape_of(text) {
            Some(shape) if style.is_none_or(|s| fits_style(s, shape)) => {
                style.get_or_insert(shape);
                units.push(Joined::new(text, line.no));
            }
            _ => {
                // A full-stop at the very end of a full box line, the description
                // going on: still box-wide, so still the box.
                // (Or its last line, short, just before the heading that ends the box.)
                let box_wide = doc.wrap_width.is_some_and(|w| line.width > w + 4);
                let last_line = body.lines.last() == Some(&j);
                let prev_full = prev.is_some_and(|p| widths.is_full(doc.lines[p].width));
                match units.last_mut() {
                    Some(unit) if widths.box_is_wider() && (box_wide || last_line) && prev_full && !is_prose_line(doc, j) => {
                        unit.push(text, line.no)
                    }
                    _ => break,
                }
            }
        }
        prev = Some(j);
    }
    units.iter().flat_map(unit_items).collect()
}

/// The items of one logical box line.
fn unit_items(unit: &Joined) -> Vec<BoxItem> {
    let full = unit.text.as_str();
    let text = strip_numbering(full);
    let skip = full.len() - text.len();
    let at = |offset: usize| unit.line_at(skip + offset);
    if let Some(c) = first_colon(text) {
        let head = text[..c].trim();
        if is_head_like(head) {
            let rest_off = c + text[c..].chars().next().map(char::len_utf8).unwrap_or(0);
            let rest = &text[rest_off..];
            if is_collective_label(head) {
                if let Some(members) = read_members(rest) {
                    return members.into_iter().map(|(o, n)| item(n, None, at(rest_off + o))).collect();
                }
            }
            return vec![item(head, Some(rest), at(0))];
        }
    }
    if let Some(stop) = lead_phrase(text) {
        let rest = &text[stop + '。'.len_utf8()..];
        return vec![item(&text[..stop], Some(rest), at(0))];
    }
    match read_name_list(text) {
        Some(names) => names.into_iter().map(|(o, n)| item(n, None, at(o))).collect(),
        None => vec![item(text, None, at(0))],
    }
}

fn item(name: &str, description: Option<&str>, line: usize) -> BoxItem {
    let description = description.map(str::trim).filter(|d| !d.is_empty()).map(str::to_string);
    BoxItem { name: super::text::strip_end_mark(name.trim()).to_string(), description, line, investment: None }
}

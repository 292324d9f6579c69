//! What is indexed for one plan: the input [`PlanDoc`] and the searchable items it is
//! cut into (text passages, headings, targets, indicators, projects).

use std::fmt;
use std::str::FromStr;

use lantu_extract::model::{Heading, PlanKind};
use lantu_extract::{Document, Extraction};
use serde::{Deserialize, Serialize};

/// Years listed in the year facet for one plan at most: a period such as 2021–2035 is
/// listed year by year, an absurd one (a misread 1949–2050) is cut short.
const MAX_FACET_YEARS: i32 = 40;

/// One plan to index. Built by the caller from whatever it stores; usually
/// [`PlanDoc::from_text`] with the document's text and its extraction.
#[derive(Debug, Clone)]
pub struct PlanDoc<'a> {
    /// The store's id of the plan; all items of the plan carry it.
    pub plan_id: i64,
    /// The plan's title as shown to people.
    pub title: String,
    pub region: Option<String>,
    pub kind: PlanKind,
    /// First and last year of the plan period (inclusive).
    pub period: Option<(i32, i32)>,
    /// The plan's prose, one passage per logical paragraph.
    pub passages: Vec<Passage>,
    /// Headings, targets, indicators and projects are indexed from here.
    pub extraction: &'a Extraction,
}

/// A run of text with the original line of every part of it: a paragraph that the
/// document wrapped over several lines is one passage, so a phrase broken by a line
/// break is still found, and a hit is mapped back to the exact line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Passage {
    pub text: String,
    /// `(byte offset into text, original 1-based line)`, ascending; the first entry
    /// is at offset 0.
    pub lines: Vec<(usize, usize)>,
}

impl Passage {
    /// A passage that stands on one line.
    pub fn single_line(line: usize, text: impl Into<String>) -> Passage {
        Passage { text: text.into(), lines: vec![(0, line)] }
    }

    /// The line the passage starts on.
    pub fn line(&self) -> usize {
        self.lines.first().map(|l| l.1).unwrap_or(0)
    }

    /// The original line on which the byte at `offset` stands.
    pub fn line_at(&self, offset: usize) -> usize {
        line_at(&self.lines, offset)
    }
}

pub(crate) fn line_at(lines: &[(usize, usize)], offset: usize) -> usize {
    let i = lines.partition_point(|&(start, _)| start <= offset);
    match i {
        0 => lines.first().map(|l| l.1).unwrap_or(0),
        _ => lines[i - 1].1,
    }
}

impl<'a> PlanDoc<'a> {
    /// A plan from its decoded text and the extraction of that text: title, region,
    /// kind and period from `extraction.plan`, passages from the document's logical
    /// paragraphs. A plan without a title is called by its file name.
    pub fn from_text(plan_id: i64, text: &str, extraction: &'a Extraction) -> PlanDoc<'a> {
        let plan = &extraction.plan;
        let title = plan.title.clone().unwrap_or_else(|| extraction.source.file.clone());
        PlanDoc {
            plan_id,
            title,
            region: plan.region.clone(),
            kind: plan.kind,
            period: plan.period.map(|p| (p.start, p.end)),
            passages: passages_from_text(text),
            extraction,
        }
    }

    /// The years listed in the year facet: every year of the period.
    pub(crate) fn years(&self) -> Vec<i32> {
        match self.period {
            Some((start, end)) if start <= end => (start..=end.min(start + MAX_FACET_YEARS - 1)).collect(),
            _ => Vec::new(),
        }
    }
}

/// The logical paragraphs of a document as passages (blank lines, page marks and
/// footnote blocks are left out by the paragraph builder).
pub fn passages_from_text(text: &str) -> Vec<Passage> {
    Document::parse(text).paragraphs.into_iter().map(|p| Passage { text: p.text, lines: p.spans }).collect()
}

/// What an indexed item is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ItemKind {
    /// A paragraph of the plan's prose.
    Text,
    /// A heading of the outline.
    Heading,
    /// A quantitative goal stated in prose.
    Target,
    /// A row of a main-indicator table.
    Indicator,
    /// An item of a project box or an annual livelihood project.
    Project,
}

impl ItemKind {
    pub const ALL: [ItemKind; 5] = [ItemKind::Text, ItemKind::Heading, ItemKind::Target, ItemKind::Indicator, ItemKind::Project];

    pub fn as_str(self) -> &'static str {
        match self {
            ItemKind::Text => "text",
            ItemKind::Heading => "heading",
            ItemKind::Target => "target",
            ItemKind::Indicator => "indicator",
            ItemKind::Project => "project",
        }
    }

    /// The Chinese label shown to people.
    pub fn label_zh(self) -> &'static str {
        match self {
            ItemKind::Text => "正文",
            ItemKind::Heading => "标题",
            ItemKind::Target => "目标",
            ItemKind::Indicator => "指标",
            ItemKind::Project => "项目",
        }
    }
}

impl fmt::Display for ItemKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for ItemKind {
    type Err = crate::SearchError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        ItemKind::ALL.into_iter().find(|k| k.as_str() == s).ok_or_else(|| crate::SearchError::UnknownItemKind(s.to_string()))
    }
}

/// The plan kind named by its contract string (`five_year_outline` …).
pub(crate) fn plan_kind_from_str(s: &str) -> Option<PlanKind> {
    PlanKind::parse(s)
}

/// One searchable unit of a plan.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Item {
    pub kind: ItemKind,
    /// The line the item starts on.
    pub line: usize,
    /// The headings the item sits under, outermost first, joined by ` › `.
    pub heading: String,
    pub body: String,
    /// Offset → line map of `body` (one entry for one-line items).
    pub lines: Vec<(usize, usize)>,
}

/// Cuts a plan into items. Passages that start on the line of a heading, an indicator
/// or a project are left out: those lines are items of their own, and one line should
/// not come back twice for one search.
pub(crate) fn items(plan: &PlanDoc) -> Vec<Item> {
    let ex = plan.extraction;
    let outline = Outline::new(&ex.outline);
    let mut own_lines: Vec<usize> = ex.outline.iter().map(|h| h.line).collect();
    own_lines.extend(ex.indicators.iter().map(|i| i.line));
    own_lines.extend(ex.projects.iter().map(|p| p.line));
    own_lines.sort_unstable();

    let mut out = Vec::new();
    for p in &plan.passages {
        if !is_searchable(&p.text) || own_lines.binary_search(&p.line()).is_ok() {
            continue;
        }
        out.push(Item {
            kind: ItemKind::Text,
            line: p.line(),
            heading: outline.path_at(p.line()),
            body: p.text.clone(),
            lines: p.lines.clone(),
        });
    }
    for (i, h) in ex.outline.iter().enumerate() {
        out.push(one_line_item(ItemKind::Heading, h.line, outline.path_above(i), heading_text(h)));
    }
    for t in &ex.targets {
        let lines = locate(&plan.passages, t.line, &t.text, 0).unwrap_or_else(|| vec![(0, t.line)]);
        out.push(Item { kind: ItemKind::Target, line: t.line, heading: outline.path_at(t.line), body: t.text.clone(), lines });
    }
    for ind in &ex.indicators {
        let mut body = ind.name.clone();
        if let Some(unit) = &ind.unit {
            body.push_str(&format!("（{unit}）"));
        }
        if let Some(category) = &ind.category {
            body.push_str(&format!(" · {category}"));
        }
        out.push(one_line_item(ItemKind::Indicator, ind.line, outline.path_at(ind.line), body));
    }
    for p in &ex.projects {
        // The group (a box's title, 专栏…) is where the project sits, like a heading.
        let mut heading = outline.path_at(p.line);
        if let Some(group) = &p.group {
            if !heading.is_empty() {
                heading.push_str(" › ");
            }
            heading.push_str(group);
        }
        let mut body = p.name.clone();
        let mut lines = vec![(0, p.line)];
        if let Some(description) = &p.description {
            body.push('：');
            // The description often stands on the lines below the name.
            let at = body.len();
            if let Some(found) = locate(&plan.passages, p.line, description, at) {
                lines.extend(found);
            }
            body.push_str(description);
        }
        out.push(Item { kind: ItemKind::Project, line: p.line, heading, body, lines });
    }
    out
}

fn one_line_item(kind: ItemKind, line: usize, heading: String, body: String) -> Item {
    Item { kind, line, heading, body, lines: vec![(0, line)] }
}

/// Passages searched for the text of an item near its line: the item's own passage
/// and the ones starting up to this many lines below it.
const LOCATE_WINDOW: usize = 30;
/// Characters of an item's text (its first word, at most this long) used to find it
/// in a passage.
const LOCATE_PREFIX_CHARS: usize = 12;

/// How far ahead in the passages a character of an item's text is looked for: the
/// extractor drops bullets and markers (`★`, `1.`) that the passages keep.
const ALIGN_LOOKAHEAD: usize = 8;

/// Where `text` (a target's sentence, a project's description) stands in the plan's
/// passages, as a line map for a body in which `text` starts at byte `at`. The
/// passage holding `line` is tried first, then those starting below it. `None` when
/// the text is not found (the extractor rewrote it), and the item keeps its one line.
fn locate(passages: &[Passage], line: usize, text: &str, at: usize) -> Option<Vec<(usize, usize)>> {
    // The first word: the extractor joins lines with a space, the passages do not.
    let trimmed = text.trim_start();
    let at = at + (text.len() - trimmed.len());
    let text = trimmed;
    let word_end = text.find(char::is_whitespace).unwrap_or(text.len());
    let limit = text.char_indices().nth(LOCATE_PREFIX_CHARS).map(|(i, _)| i).unwrap_or(text.len());
    let prefix_end = word_end.min(limit);
    let prefix = &text[..prefix_end];
    if prefix.is_empty() {
        return None;
    }
    let last_line = |p: &Passage| p.lines.last().map(|l| l.1).unwrap_or(0);
    let first = passages.partition_point(|p| last_line(p) < line);
    let (i, start) = passages[first..]
        .iter()
        .enumerate()
        .take_while(|(_, p)| p.line() <= line + LOCATE_WINDOW)
        .find_map(|(i, p)| Some((first + i, p.text.find(prefix)?)))?;
    Some(align(&passages[i..], start, text, at))
}

/// The line of every character of `text`, found by walking the passages from byte
/// `start` of the first one in step with `text`: an item's text (a project's
/// description) may have been joined by the extractor from lines that are separate
/// passages here.
fn align(passages: &[Passage], start: usize, text: &str, at: usize) -> Vec<(usize, usize)> {
    let wanted = text.chars().count() * 2 + 32;
    let mut source: Vec<(char, usize)> = Vec::with_capacity(wanted);
    for (n, p) in passages.iter().enumerate() {
        let from = if n == 0 { start } else { 0 };
        let Some(rest) = p.text.get(from..) else { break };
        source.extend(rest.char_indices().map(|(o, c)| (c, p.line_at(from + o))));
        if source.len() >= wanted {
            break;
        }
    }
    let mut out: Vec<(usize, usize)> = Vec::new();
    let mut j = 0;
    for (offset, c) in text.char_indices() {
        if c.is_whitespace() {
            continue;
        }
        let end = (j + ALIGN_LOOKAHEAD).min(source.len());
        let Some(k) = (j..end).find(|&k| source[k].0 == c) else { continue };
        let line = source[k].1;
        j = k + 1;
        if out.last().is_none_or(|&(_, l)| l != line) {
            out.push((at + if out.is_empty() { 0 } else { offset }, line));
        }
    }
    if out.is_empty() {
        out.push((at, passages.first().map(|p| p.line_at(start)).unwrap_or(0)));
    }
    out
}

/// Whether a passage holds words at all: a lone page or table number is not worth a hit.
fn is_searchable(text: &str) -> bool {
    text.chars().any(|c| c.is_alphabetic())
}

fn heading_text(h: &Heading) -> String {
    if h.title.is_empty() {
        h.label.clone()
    } else if h.label.is_empty() {
        h.title.clone()
    } else {
        format!("{} {}", h.label, h.title)
    }
}

/// The outline as paths: for each heading, the headings above it.
struct Outline<'h> {
    headings: &'h [Heading],
    /// For each heading, the indices of its ancestors and itself, outermost first.
    paths: Vec<Vec<usize>>,
}

impl<'h> Outline<'h> {
    fn new(headings: &'h [Heading]) -> Self {
        let mut paths = Vec::with_capacity(headings.len());
        let mut stack: Vec<usize> = Vec::new();
        for (i, h) in headings.iter().enumerate() {
            while stack.last().is_some_and(|&j| headings[j].level >= h.level) {
                stack.pop();
            }
            stack.push(i);
            paths.push(stack.clone());
        }
        Outline { headings, paths }
    }

    /// The path of the last heading at or before `line` (the section the line is in).
    fn path_at(&self, line: usize) -> String {
        let n = self.headings.partition_point(|h| h.line <= line);
        match n {
            0 => String::new(),
            _ => self.join(&self.paths[n - 1]),
        }
    }

    /// The path above heading `i`, without the heading itself.
    fn path_above(&self, i: usize) -> String {
        let path = &self.paths[i];
        self.join(&path[..path.len().saturating_sub(1)])
    }

    fn join(&self, path: &[usize]) -> String {
        path.iter().map(|&j| heading_text(&self.headings[j])).collect::<Vec<_>>().join(" › ")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn heading(level: u8, label: &str, title: &str, line: usize) -> Heading {
        Heading { level, label: label.into(), title: title.into(), line }
    }

    #[test]
    fn line_at_maps_offsets_to_lines() {
        let p = Passage { text: "一二三四".into(), lines: vec![(0, 3), (6, 5)] };
        assert_eq!(p.line_at(0), 3);
        assert_eq!(p.line_at(5), 3);
        assert_eq!(p.line_at(6), 5);
        assert_eq!(p.line_at(999), 5);
        assert_eq!(line_at(&[], 4), 0);
    }

    #[test]
    fn outline_paths() {
        let hs = vec![
            heading(1, "第一章", "发展基础", 1),
            heading(2, "第一节", "成就", 3),
            heading(2, "第二节", "问题", 9),
            heading(1, "第二章", "目标", 20),
        ];
        let o = Outline::new(&hs);
        assert_eq!(o.path_at(0), "");
        assert_eq!(o.path_at(4), "第一章 发展基础 › 第一节 成就");
        assert_eq!(o.path_at(9), "第一章 发展基础 › 第二节 问题");
        assert_eq!(o.path_at(25), "第二章 目标");
        assert_eq!(o.path_above(2), "第一章 发展基础");
        assert_eq!(o.path_above(0), "");
    }

    #[test]
    fn locate_finds_text_in_the_passage_below() {
        let passages = vec![
            Passage::single_line(3, "★ 水源工程 ★"),
            Passage { text: "建设第二水源地，保障饮水安全。".into(), lines: vec![(0, 5), (24, 7)] },
        ];
        // A body "水源工程：建设第二水源地，保障饮水安全。" with the description at byte 15.
        let found = locate(&passages, 3, "建设第二水源地，保障饮水安全。", 15).unwrap();
        assert_eq!(found, vec![(15, 5), (39, 7)]);
        // Found in the middle of its passage: the map starts at the right line.
        let found = locate(&passages, 5, "保障饮水安全。", 0).unwrap();
        assert_eq!(found, vec![(0, 7)]);
        assert_eq!(locate(&passages, 3, "不在文中", 0), None);
        assert_eq!(locate(&passages, 100, "建设第二水源地", 0), None);
        assert_eq!(locate(&passages, 3, "", 0), None);
    }

    #[test]
    fn align_follows_text_across_passages() {
        let passages = vec![Passage::single_line(8, "发展定位 建设后花园"), Passage::single_line(10, "主导产业 冰雪旅游")];
        let text = "发展定位 建设后花园 主导产业 冰雪旅游";
        let body = format!("区域：{text}");
        let found = locate(&passages, 7, text, "区域：".len()).unwrap();
        assert_eq!(found, vec![("区域：".len(), 8), (body.find("主导").unwrap(), 10)]);
        // A marker the extractor dropped is skipped over.
        let found = align(&[Passage::single_line(4, "★1.冰雪旅游")], 0, "冰雪旅游", 0);
        assert_eq!(found, vec![(0, 4)]);
    }

    #[test]
    fn years_of_a_period_are_bounded() {
        let ex = empty_extraction();
        let mut plan = PlanDoc::from_text(1, "", &ex);
        plan.period = Some((2021, 2025));
        assert_eq!(plan.years(), vec![2021, 2022, 2023, 2024, 2025]);
        plan.period = Some((1949, 2050));
        assert_eq!(plan.years().len(), MAX_FACET_YEARS as usize);
        plan.period = Some((2025, 2021));
        assert!(plan.years().is_empty());
    }

    #[test]
    fn item_kind_round_trips() {
        for k in ItemKind::ALL {
            assert_eq!(k.as_str().parse::<ItemKind>().unwrap(), k);
        }
        assert!("paragraph".parse::<ItemKind>().is_err());
    }

    pub(crate) fn empty_extraction() -> Extraction {
        lantu_extract::extract_document(&Document::parse(""))
    }
}

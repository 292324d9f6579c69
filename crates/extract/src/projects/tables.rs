//! Boxes that are tables rather than item lists.
//!
//! An area table lists areas as row heads, each followed by labelled cells
//! (`发展定位 …`, `主导产业 …`): each area is an item, its cells (label and value, in
//! source order, one space apart) its description. A transposed table has the
//! things in its header row (`各县（市） 永吉县 舒兰市 …`) and measures in its rows
//! (`2018年实际排名 17名 21名 …`): the header's names are the items.

use std::collections::HashMap;

use super::boxes::{is_prose_line, BoxItem};
use super::text::{char_count, ends_hard, Joined};
use crate::document::{push_compact, Document};
use crate::normalize::find_whitespace;

fn has_clause_punctuation(s: &str) -> bool {
    s.chars().any(|c| matches!(c, '，' | '。' | '；' | '：' | '、' | ',' | ';' | ':'))
}

/// A short cell naming one thing: no punctuation but brackets.
fn is_cell_name(s: &str) -> bool {
    (1..=12).contains(&char_count(s)) && !has_clause_punctuation(s)
}

/// Reads a transposed table box: its first line holds three or more short name
/// cells and the next line as many cells with figures.
pub fn read_transposed(doc: &Document, body: &[usize]) -> Option<Vec<BoxItem>> {
    let [first, second, ..] = body else { return None };
    let header: Vec<&str> = doc.lines[*first].text.split_whitespace().collect();
    let row: Vec<&str> = doc.lines[*second].text.split_whitespace().collect();
    // A header of column names (`序号 项目名称 建设内容`) is a table of rows instead.
    let is_header = header.len() >= 3 && header.iter().all(|c| is_cell_name(c) && column_role(c).is_none());
    let is_figures = row.len() >= header.len() && row[1..].iter().any(|c| c.chars().any(|ch| ch.is_ascii_digit()));
    if !is_header || !is_figures {
        return None;
    }
    let line = doc.lines[*first].no;
    Some(header[1..].iter().map(|name| BoxItem { name: name.to_string(), description: None, line, investment: None }).collect())
}

/// The label a table line opens with: its first cell when white space follows it,
/// or the whole line when it is a short label alone.
fn leading_cell(text: &str) -> Option<&str> {
    // `text.split_whitespace().next()`, by the byte scan of `find_whitespace`: most
    // lines have no white space, and split_whitespace decodes every character.
    let trimmed = text.trim_start();
    let first = &trimmed[..find_whitespace(trimmed).unwrap_or(trimmed.len())];
    if first.is_empty() {
        return None;
    }
    let label_like = |s: &str| (2..=6).contains(&char_count(s)) && s.chars().all(is_han);
    if first.len() < text.len() || char_count(text) <= 6 {
        label_like(first).then_some(first)
    } else {
        None
    }
}

fn is_han(c: char) -> bool {
    ('\u{4E00}'..='\u{9FFF}').contains(&c)
}

/// Row labels: leading cells that open two or more lines of the body.
fn row_labels<'a>(doc: &'a Document, body: &[usize]) -> Vec<&'a str> {
    let mut counts: HashMap<&str, usize> = HashMap::new();
    for &j in body {
        if let Some(cell) = leading_cell(&doc.lines[j].text) {
            *counts.entry(cell).or_default() += 1;
        }
    }
    let mut labels: Vec<&str> = counts.into_iter().filter(|&(_, n)| n >= 2).map(|(l, _)| l).collect();
    labels.sort_unstable();
    labels
}

struct Cell {
    label: String,
    value: String,
    /// The label stood alone on its line, its value set in a wrapping column below.
    alone: bool,
    last_width: usize,
    last_text: String,
}

struct Row {
    name: Joined,
    cells: Vec<Cell>,
}

impl Row {
    fn into_item(self) -> BoxItem {
        let description = self
            .cells
            .iter()
            .map(|c| if c.value.is_empty() { c.label.clone() } else { format!("{} {}", c.label, c.value) })
            .collect::<Vec<_>>()
            .join(" ");
        BoxItem {
            name: self.name.text.clone(),
            description: (!description.is_empty()).then_some(description),
            line: self.name.line(),
            investment: None,
        }
    }
}

/// Reads an area table box: it opens with a short row head, and two or more of its
/// lines open with the same label.
pub fn read_area_table(doc: &Document, body: &[usize]) -> Option<Vec<BoxItem>> {
    let labels = row_labels(doc, body);
    let first = &doc.lines[*body.first()?].text;
    let label_of = |text: &str| {
        let cell = leading_cell(text);
        labels.iter().copied().find(|l| cell == Some(*l))
    };
    if labels.is_empty() || label_of(first).is_some() || !is_cell_name(first) {
        return None;
    }
    // The first label comes right after the row head (which may wrap over a few lines).
    let first_label = body.iter().take(4).position(|&j| label_of(&doc.lines[j].text).is_some())?;
    if !body[..first_label].iter().all(|&j| is_cell_name(&doc.lines[j].text)) {
        return None;
    }
    let column = doc.wrap_width.unwrap_or(0);
    let mut rows: Vec<Row> = Vec::new();
    let mut widest_value = 0usize;
    for &j in body {
        let line = &doc.lines[j];
        let text = line.text.as_str();
        if let Some(label) = label_of(text) {
            let Some(row) = rows.last_mut() else { break };
            let value = text[label.len()..].trim();
            let mut cell = Cell {
                label: label.to_string(),
                value: String::new(),
                alone: value.is_empty(),
                last_width: 0,
                last_text: value.to_string(),
            };
            push_compact(&mut cell.value, value);
            row.cells.push(cell);
            continue;
        }
        if let Some(cell) = rows.last_mut().and_then(|r| r.cells.last_mut()) {
            let open_list = cell.last_text.ends_with(['、', '，', ',']);
            let column_full =
                cell.alone && !ends_hard(&cell.last_text) && (cell.value.is_empty() || cell.last_width + 8 >= widest_value.max(column));
            if open_list || column_full {
                push_compact(&mut cell.value, text);
                cell.last_width = line.width;
                cell.last_text = text.to_string();
                if cell.alone {
                    widest_value = widest_value.max(line.width);
                }
                continue;
            }
        }
        if is_prose_line(doc, j) || !is_cell_name(text) {
            break;
        }
        match rows.last_mut() {
            Some(row) if row.cells.is_empty() => row.name.push(text, line.no),
            _ => rows.push(Row { name: Joined::new(text, line.no), cells: Vec::new() }),
        }
    }
    Some(rows.into_iter().filter(|r| !r.cells.is_empty()).map(Row::into_item).collect())
}

/// What a column of a project table holds, from its header cell.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Column {
    Seq,
    Name,
    Content,
    Investment,
}

fn column_role(header: &str) -> Option<Column> {
    if header.contains("序号") || header == "编号" {
        Some(Column::Seq)
    } else if header.contains("名称") {
        Some(Column::Name)
    } else if header.contains("内容") || header.contains("规模") {
        Some(Column::Content)
    } else if header.contains("投资") {
        Some(Column::Investment)
    } else {
        None
    }
}

/// Reads a box set as a table of projects: a header row of column names with a
/// name column (`序号 项目名称 建设内容 总投资（亿元）`), then one line per project
/// with as many cells. Lines with another cell count (a cell wrapped or split by
/// the converter) are skipped rather than guessed; prose ends the table.
pub fn read_columns(doc: &Document, body: &[usize]) -> Option<Vec<BoxItem>> {
    let header: Vec<&str> = doc.lines[*body.first()?].text.split_whitespace().collect();
    let roles: Vec<Option<Column>> = header.iter().map(|h| column_role(h)).collect();
    let name_col = roles.iter().position(|r| *r == Some(Column::Name))?;
    if header.len() < 2 || !header.iter().all(|c| char_count(c) <= 12) {
        return None;
    }
    let content_col = roles.iter().position(|r| *r == Some(Column::Content));
    let money_col = roles.iter().position(|r| *r == Some(Column::Investment));
    let money_unit = money_col.and_then(|c| header_unit(header[c]));
    let mut items = Vec::new();
    for &j in &body[1..] {
        let line = &doc.lines[j];
        if is_prose_line(doc, j) {
            break;
        }
        let cells: Vec<&str> = line.text.split_whitespace().collect();
        if cells.len() != header.len() {
            continue;
        }
        let investment = money_col.and_then(|c| {
            let value = crate::numbers::single_number(cells[c])?;
            let unit = crate::numbers::unit_prefix(cells[c].trim_start_matches(|ch: char| ch.is_ascii_digit() || ch == '.'))
                .filter(|u| u.ends_with('元'))
                .map(str::to_string)
                .or_else(|| money_unit.clone())?;
            Some(crate::model::Money { value, unit })
        });
        items.push(BoxItem {
            name: cells[name_col].to_string(),
            description: content_col.map(|c| cells[c].to_string()),
            line: line.no,
            investment,
        });
    }
    Some(items)
}

/// The money unit a header states in brackets: `总投资（亿元）` → 亿元.
fn header_unit(header: &str) -> Option<String> {
    ["亿元", "万元", "元"].iter().find(|u| header.contains(*u)).map(|u| u.to_string())
}

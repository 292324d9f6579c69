//! Reads the body of one indicator table, line by line, into raw rows.
//!
//! The body is a stream of physical lines: row starts (`12 名称（个） 83 150 —— 预期性`),
//! category labels written one character per line (`经` / `济` / `发` / `展`), sub-rows
//! (`城镇常住居民 3.1 —— 与经济`), cells that wrapped onto lines of their own (`增长同步`,
//! `—— 约束性`), attribute cells spanning several sub-rows (`预期性`), page numbers,
//! and the table note (`注：…`). The reader keeps the tokens of each row with the line
//! they came from; which token goes to which column is decided in `rows`, once the row
//! is complete.

use crate::document::{push_compact, Document, LineKind};
use crate::model::{Attribute, Warning};

use super::cells::{attribute, is_text_cell, is_unit, is_value_like, leading_attribute, opens_bracket, split_line, trailing_unit, Token};
use super::header::{compact, is_full_header_line, is_header_line, is_separator_row, read_block, Column, Header};

/// A row as read: its name and the tokens of its cells, or its sub-rows.
#[derive(Debug, Clone, Default)]
pub struct RawRow {
    pub seq: Option<u32>,
    pub line: usize,
    pub name: String,
    pub unit: Option<String>,
    /// The name is complete (its unit bracket or its first cell was seen).
    pub name_done: bool,
    pub tokens: Vec<Token>,
    pub subs: Vec<RawSub>,
    /// Index of the category label run the row falls under.
    pub category: Option<usize>,
}

#[derive(Debug, Clone, Default)]
pub struct RawSub {
    pub label: String,
    pub line: usize,
    pub unit: Option<String>,
    pub tokens: Vec<Token>,
}

/// A category label as printed: consecutive one-character lines (or one short line).
#[derive(Debug, Clone, Default)]
pub struct LabelRun {
    pub text: String,
    /// A page break lies between the previous run and this one.
    pub after_page_break: bool,
}

#[derive(Debug, Clone, Default)]
pub struct RawBody {
    pub rows: Vec<RawRow>,
    pub labels: Vec<LabelRun>,
    pub note: Option<String>,
    /// Index into `Document::lines` of the last line that belongs to the table.
    pub last: usize,
    pub warnings: Vec<Warning>,
}

/// What one text line of the body is.
enum LineRole {
    /// One character of a category label written vertically.
    LabelChar(char),
    /// A whole category label on its own line (`经济发展`).
    Label(String),
    /// A new row: its sequence number and the tokens after it; `label` when a
    /// category label stands in front of it on the same line.
    RowStart { seq: Option<u32>, tokens: Vec<Token>, label: Option<String> },
    /// `注：…`: the table note; the table ends with it.
    Note,
    /// The header printed again on a new page.
    RepeatedHeader,
    /// Anything else: cells, sub-rows, wrapped names; decided against the open row.
    Cells(Vec<Token>),
}

pub struct BodyReader<'a> {
    doc: &'a Document,
    has_seq_column: bool,
    has_category_column: bool,
    ncols: usize,
    has_attribute: bool,
    has_unit_column: bool,
    body: RawBody,
    page_break: bool,
    /// The previous item read was a label character (so the next one continues it).
    in_label: bool,
}

impl<'a> BodyReader<'a> {
    pub fn new(doc: &'a Document, header: &'a Header, last_header_line: usize) -> BodyReader<'a> {
        BodyReader {
            doc,
            has_seq_column: header.has(|c| matches!(c, Column::Seq)),
            has_category_column: header.has(|c| matches!(c, Column::Category)),
            ncols: header.value_columns().len(),
            has_attribute: header.has(|c| matches!(c, Column::Attribute)),
            has_unit_column: header.has(|c| matches!(c, Column::Unit)),
            body: RawBody { last: last_header_line, ..RawBody::default() },
            page_break: false,
            in_label: false,
        }
    }

    /// Reads from line index `start` until prose resumes.
    pub fn read(mut self, start: usize) -> RawBody {
        let lines = &self.doc.lines;
        let mut i = start;
        while i < lines.len() {
            let line = &lines[i];
            match line.kind {
                LineKind::Blank => {}
                LineKind::PageNumber => self.page_break = true,
                LineKind::LoneNumber => self.lone_number(i),
                LineKind::Footnote => {
                    if self.body.note.is_none() {
                        break;
                    }
                    self.extend_note(i);
                }
                LineKind::Text => {
                    if self.body.note.is_some() {
                        break;
                    }
                    if is_separator_row(&line.text) {
                        i += 1;
                        continue;
                    }
                    // The header printed again at the top of a new page.
                    if is_header_line(&line.text) {
                        if let Some((_, last)) = read_block(self.doc, i) {
                            self.body.last = last;
                            i = last + 1;
                            continue;
                        }
                    }
                    if !self.text_line(i) {
                        if !self.skippable(i) {
                            break;
                        }
                        let line = &self.doc.lines[i];
                        self.body.warnings.push(Warning {
                            line: line.no,
                            message: format!("indicator table: line not understood, skipped: {}", line.text),
                        });
                    }
                }
            }
            i += 1;
        }
        self.body
    }

    /// Reads one text line; `false` when it is not part of the table (prose resumed).
    fn text_line(&mut self, i: usize) -> bool {
        let line = &self.doc.lines[i];
        let role = self.role_of(&line.text, line.no, i);
        let accepted = match role {
            LineRole::LabelChar(c) => {
                self.label_text(&c.to_string(), true);
                true
            }
            LineRole::Label(text) => {
                self.label_text(&text, false);
                true
            }
            LineRole::RowStart { seq, tokens, label } => {
                if let Some(label) = label {
                    self.label_text(&label, false);
                }
                self.start_row(seq, line.no, tokens);
                true
            }
            LineRole::Note => {
                self.start_note(i);
                true
            }
            LineRole::RepeatedHeader => true,
            LineRole::Cells(tokens) => self.cells(tokens),
        };
        if accepted {
            self.body.last = i;
        }
        accepted
    }

    fn role_of(&self, text: &str, no: usize, i: usize) -> LineRole {
        let c = compact(text);
        let mut chars = c.chars();
        if let (Some(ch), None) = (chars.next(), chars.next()) {
            // `个` right under a row's name in a one-cell-per-line table is its unit
            // cell, not a letter of a vertical category label.
            if is_cjk(ch) && attribute(&c).is_none() && !(is_unit(&c) && self.open_row_wants_unit()) {
                return LineRole::LabelChar(ch);
            }
        }
        if is_note_start(&c) {
            return LineRole::Note;
        }
        if c.contains("续表") && c.chars().count() <= 20 || is_full_header_line(text) {
            return LineRole::RepeatedHeader;
        }
        let tokens = split_line(text, no);
        if let Some((seq, rest)) = self.row_start(&tokens) {
            return LineRole::RowStart { seq: Some(seq), tokens: rest, label: None };
        }
        // A category label in front of the row on the same line: `经济发展 1 名称 …`.
        if tokens.len() >= 3 && is_label_word(&tokens[0].text) {
            if let Some((seq, rest)) = self.row_start(&tokens[1..]) {
                return LineRole::RowStart { seq: Some(seq), tokens: rest, label: Some(tokens[0].text.clone()) };
            }
        }
        if !self.has_seq_column {
            // `经济 地区生产总值（亿元） 300 …`: the category column, then the row.
            if self.has_category_column
                && tokens.len() >= 3
                && is_label_word(&tokens[0].text)
                && trailing_unit(&tokens[0].text).is_none()
                && !is_value_like(&tokens[1].text)
                && self.unnumbered_row_start(&tokens[1..])
            {
                let label = Some(tokens[0].text.clone());
                return LineRole::RowStart { seq: None, tokens: tokens[1..].to_vec(), label };
            }
            if self.unnumbered_row_start(&tokens) {
                return LineRole::RowStart { seq: None, tokens, label: None };
            }
        }
        // `经济发展` or `经 济 发 展` on a line of its own.
        let all_words = tokens.iter().all(|t| t.text.chars().all(is_cjk));
        if self.row_closed() && all_words && is_label_word(&c) && self.next_starts_row(i) {
            return LineRole::Label(c);
        }
        LineRole::Cells(tokens)
    }

    /// Whether the open row has its name and waits for the unit column's cell.
    fn open_row_wants_unit(&self) -> bool {
        self.has_unit_column
            && self
                .body
                .rows
                .last()
                .is_some_and(|r| !r.name.is_empty() && !r.name_done && r.unit.is_none() && r.tokens.is_empty() && r.subs.is_empty())
    }

    /// A line the reader cannot place is skipped rather than ending the table when it
    /// is not prose and the next row follows within a few lines: one odd line must not
    /// lose the rest of the table.
    fn skippable(&self, i: usize) -> bool {
        const LOOKAHEAD: usize = 3;
        let line = &self.doc.lines[i];
        let tokens = split_line(&line.text, line.no);
        if self.body.rows.is_empty() || looks_like_prose(&tokens) || compact(&line.text).chars().count() > 30 {
            return false;
        }
        let mut j = i;
        for _ in 0..LOOKAHEAD {
            let Some(next) = self.doc.next_text(j) else { return false };
            let l = &self.doc.lines[next];
            let t = split_line(&l.text, l.no);
            if self.row_start(&t).is_some() {
                return true;
            }
            j = next;
        }
        false
    }

    /// The sequence number that would start the next row (`None` before the first).
    fn expected_seq(&self) -> Option<u32> {
        self.body.rows.iter().rev().find_map(|r| r.seq).map(|s| s + 1)
    }

    /// `12 名称（个） …` (or `12．名称…`): a row start, when the number is the next in
    /// sequence (the first row may start anywhere; numbering may restart at 1 under a
    /// new category label) and a name follows it.
    fn row_start(&self, tokens: &[Token]) -> Option<(u32, Vec<Token>)> {
        let first = tokens.first()?;
        if looks_like_prose(tokens) {
            return None;
        }
        let digits = first.text.bytes().take_while(u8::is_ascii_digit).count();
        if digits == 0 || digits > 3 {
            return None;
        }
        let seq: u32 = first.text[..digits].parse().ok()?;
        let after = first.text[digits..].trim_start_matches(['.', '、', '．']);
        let mut rest: Vec<Token> = Vec::with_capacity(tokens.len());
        if !after.is_empty() {
            if after.len() == first.text.len() - digits {
                // `3岁以下…`: digits glued to CJK without a separator are part of a name
                // unless they are exactly the next number.
                if seq != self.expected_seq().unwrap_or(1) {
                    return None;
                }
            }
            rest.push(Token { text: after.to_string(), ..first.clone() });
        }
        rest.extend(tokens[1..].iter().cloned());
        if let Some(r) = rest.first_mut() {
            r.starts_line = false;
        }
        let name = rest.first()?;
        if !is_name_token(&name.text) {
            return None;
        }
        let fits = match self.expected_seq() {
            None => true,
            Some(next) => seq == next || (seq == 1 && self.in_label_since_last_row()) || self.replaces_page_number(seq),
        };
        fits.then_some((seq, rest))
    }

    /// In a table without a 序号 column, a row starts with its name: a name with its
    /// unit bracket, or a name followed by cells, once the open row is complete (a row
    /// with a name and no cells yet is a group, and a line under it is a sub-row).
    fn unnumbered_row_start(&self, tokens: &[Token]) -> bool {
        let Some(first) = tokens.first() else { return false };
        if !is_name_token(&first.text) || leading_attribute(&first.text).is_some() || first.text.chars().count() < 2 {
            return false;
        }
        let unit_bracket = tokens.iter().take(3).any(|t| trailing_unit(&t.text).is_some());
        let followed_by_cells = tokens.len() >= 2 && tokens[1..].iter().any(|t| is_value_like(&t.text));
        if !(unit_bracket || followed_by_cells) {
            return false;
        }
        match self.body.rows.last() {
            None => true,
            Some(row) if !row.name_done => false,
            Some(row) if row.subs.is_empty() => !row.tokens.is_empty(),
            // After sub-rows, a name with its unit is a new row; a bare label is one
            // more sub-row.
            Some(_) => unit_bracket,
        }
    }

    /// A lone number taken for the next row's number turned out to be a page number:
    /// the real row with the same number follows.
    fn replaces_page_number(&self, seq: u32) -> bool {
        self.body.rows.last().is_some_and(|r| r.seq == Some(seq) && r.name.is_empty())
    }

    fn in_label_since_last_row(&self) -> bool {
        let Some(row) = self.body.rows.last() else { return true };
        row.category.map_or(!self.body.labels.is_empty(), |c| c + 1 < self.body.labels.len())
    }

    fn next_starts_row(&self, i: usize) -> bool {
        let Some(j) = self.doc.next_text(i) else { return false };
        let line = &self.doc.lines[j];
        let tokens = split_line(&line.text, line.no);
        let lone_seq = line.kind == LineKind::LoneNumber && line.text.parse::<u32>().ok() == Some(self.expected_seq().unwrap_or(1));
        lone_seq || self.row_start(&tokens).is_some() || compact(&line.text).chars().count() == 1
    }

    fn label_text(&mut self, text: &str, one_char: bool) {
        if one_char && self.in_label {
            if let Some(run) = self.body.labels.last_mut() {
                run.text.push_str(text);
                return;
            }
        }
        self.body.labels.push(LabelRun { text: text.to_string(), after_page_break: self.page_break });
        self.page_break = false;
        self.in_label = one_char;
    }

    fn start_row(&mut self, seq: Option<u32>, line: usize, tokens: Vec<Token>) {
        self.in_label = false;
        if seq.is_some_and(|s| self.replaces_page_number(s)) {
            self.body.rows.pop();
        }
        let mut row = RawRow { seq, line, category: self.body.labels.len().checked_sub(1), ..RawRow::default() };
        self.take_name(&mut row, tokens);
        self.body.rows.push(row);
    }

    /// Splits the tokens after the row number into the name (up to its unit bracket),
    /// the unit cell when the table has a unit column, and the cells.
    fn take_name(&self, row: &mut RawRow, tokens: Vec<Token>) {
        let name_end = self.name_end(&tokens);
        let mut rest = tokens;
        let name_tokens: Vec<Token> = rest.drain(..name_end).collect();
        for t in &name_tokens {
            push_compact(&mut row.name, &t.text);
        }
        if let Some((body, unit)) = trailing_unit(&row.name) {
            row.unit = Some(unit.to_string());
            row.name = body.to_string();
            row.name_done = true;
        }
        self.take_unit_cell(row, &mut rest);
        if !rest.is_empty() {
            row.name_done = true;
        }
        row.tokens.extend(rest);
    }

    /// How many tokens the name takes. Up to its unit bracket, when no cell stands
    /// before it (`每千人口拥有 3岁以下婴幼儿托位数（个）` has a converter space inside);
    /// without a bracket, the fewest words that leave no more cells than columns
    /// (`基本养老保险 参保率 90 95 —— 预期性`).
    fn name_end(&self, tokens: &[Token]) -> usize {
        let unit_pos = tokens.iter().position(|t| trailing_unit(&t.text).is_some());
        if let Some(k) = unit_pos {
            if tokens[..k].iter().all(|t| !is_figure_cell(&t.text)) {
                return k + 1;
            }
        }
        let columns = self.ncols + usize::from(self.has_unit_column);
        let mut k = 1.min(tokens.len());
        while k < tokens.len() && value_count(&tokens[k..]) > columns && is_name_token(&tokens[k].text) {
            k += 1;
        }
        k
    }

    /// In a table with a 单位 column, the token after the name is the unit.
    fn take_unit_cell(&self, row: &mut RawRow, rest: &mut Vec<Token>) {
        if !self.has_unit_column || rest.is_empty() {
            return;
        }
        let t = &rest[0].text;
        if is_unit(t) || (!t.is_empty() && !is_value_like(t) && t.chars().count() <= 6) {
            let t = rest.remove(0);
            row.unit = Some(t.text);
            row.name_done = true;
        } else if super::cells::is_empty_cell(t) {
            rest.remove(0);
            row.name_done = true;
        }
    }

    fn lone_number(&mut self, i: usize) {
        let line = &self.doc.lines[i];
        let seq: Option<u32> = line.text.parse().ok();
        if self.row_wants_cells() {
            let tokens = split_line(&line.text, line.no);
            self.cells(tokens);
            self.body.last = i;
            return;
        }
        // `12` alone, then the name on the next line: a row number on a line of its own.
        if seq.is_some() && seq == Some(self.expected_seq().unwrap_or(1)) {
            if let Some(j) = self.doc.next_text(i) {
                let next = &self.doc.lines[j];
                if next.kind == LineKind::Text && is_name_token(&next.text) && self.row_start(&split_line(&next.text, next.no)).is_none() {
                    if let Some(seq) = seq {
                        self.start_row(Some(seq), line.no, Vec::new());
                        self.body.last = i;
                        return;
                    }
                }
            }
        }
        self.page_break = true;
    }

    /// The note runs to the end of its paragraph (a wrapped note continues on the
    /// next lines); the paragraph may have swallowed the row above, so the note text
    /// starts where the note line does.
    fn start_note(&mut self, i: usize) {
        let line = &self.doc.lines[i];
        let para = self.doc.paragraphs.partition_point(|p| p.first <= i);
        let note = match para.checked_sub(1).map(|p| &self.doc.paragraphs[p]) {
            Some(p) if p.last >= i => {
                self.body.last = p.last;
                let from = p.spans.iter().find(|s| s.1 == line.no).map_or(0, |s| s.0);
                p.text.get(from..).unwrap_or(&p.text).to_string()
            }
            _ => line.text.clone(),
        };
        self.body.note = Some(note);
    }

    fn extend_note(&mut self, i: usize) {
        if let Some(note) = self.body.note.as_mut() {
            push_compact(note, &self.doc.lines[i].text);
        }
        self.body.last = i;
    }

    /// The row or sub-row that cells go to.
    fn target_tokens(&self) -> Option<&Vec<Token>> {
        let row = self.body.rows.last()?;
        Some(row.subs.last().map_or(&row.tokens, |s| &s.tokens))
    }

    /// Whether the open row (or sub-row) is complete: its attribute was seen (where the
    /// table has an attribute column), or all its value cells are there.
    fn row_closed(&self) -> bool {
        let Some(tokens) = self.target_tokens() else { return true };
        if self.has_attribute {
            tokens.iter().any(|t| attribute(&t.text).is_some())
        } else {
            min_cells(tokens) >= self.ncols
        }
    }

    /// Whether the open row still misses value cells (so a lone number is a cell).
    fn row_wants_cells(&self) -> bool {
        let Some(tokens) = self.target_tokens() else { return false };
        !self.row_closed() && value_count(tokens) < self.ncols
    }

    /// A line of cells, a sub-row, or the rest of a wrapped name; `false` when the line
    /// cannot belong to the open row (prose resumed).
    fn cells(&mut self, tokens: Vec<Token>) -> bool {
        if tokens.is_empty() || self.body.rows.is_empty() || looks_like_prose(&tokens) {
            return false;
        }
        self.in_label = false;
        if self.continue_name(&tokens) {
            return true;
        }
        if let Some(sub) = self.sub_row(&tokens) {
            if let Some(row) = self.body.rows.last_mut() {
                row.subs.push(sub);
            }
            return true;
        }
        // A lone attribute cell spanning several sub-rows.
        if tokens.iter().all(|t| attribute(&t.text).is_some()) {
            let Some(row) = self.body.rows.last_mut() else { return false };
            let target = match row.subs.last_mut() {
                Some(s) => &mut s.tokens,
                None => &mut row.tokens,
            };
            if target.iter().any(|t| attribute(&t.text).is_some()) {
                return false;
            }
            target.extend(tokens);
            return true;
        }
        if self.row_closed() {
            return false;
        }
        let Some(current) = self.target_tokens() else { return false };
        let mut joined = current.clone();
        joined.extend(tokens.iter().cloned());
        if min_cells(&joined) > self.ncols {
            return false;
        }
        let Some(row) = self.body.rows.last_mut() else { return false };
        row.name_done = true;
        match row.subs.last_mut() {
            Some(s) => s.tokens.extend(tokens),
            None => row.tokens.extend(tokens),
        }
        true
    }

    /// `增长（%）` after `5 居民人均可支配收入`: the second line of a wrapped name.
    fn continue_name(&mut self, tokens: &[Token]) -> bool {
        let has_unit_column = self.has_unit_column;
        let Some(row) = self.body.rows.last_mut() else { return false };
        if row.name_done || !row.tokens.is_empty() || !row.subs.is_empty() {
            return false;
        }
        let first = &tokens[0].text;
        // `绿地率` / `%`: the unit column's cell on the line after the name.
        if has_unit_column && !row.name.is_empty() && tokens.len() == 1 && is_unit(first) {
            row.unit = Some(first.clone());
            row.name_done = true;
            return true;
        }
        // `（%）` alone: the unit bracket of a name wrapped just before it.
        if !is_name_token(first) && trailing_unit(first).is_none() {
            return false;
        }
        let unit_bracket = trailing_unit(first).is_some();
        // A name on the line after its lone row number takes the whole first token.
        if !(tokens.len() == 1 || unit_bracket || row.name.is_empty()) {
            return false;
        }
        push_compact(&mut row.name, first);
        if let Some((body, unit)) = trailing_unit(&row.name) {
            row.unit = Some(unit.to_string());
            row.name = body.to_string();
            row.name_done = true;
        }
        let mut rest: Vec<Token> = tokens[1..].to_vec();
        if has_unit_column && !rest.is_empty() {
            let t = rest[0].text.clone();
            if is_unit(&t) {
                row.unit = Some(t);
                rest.remove(0);
            }
        }
        if !rest.is_empty() {
            row.name_done = true;
            row.tokens.extend(rest);
        }
        true
    }

    /// `城镇常住居民 3.1 —— 与经济`: a sub-row of a row that has no cells of its own.
    /// The label may carry the group's attribute glued in front (`预期性二产 …`).
    fn sub_row(&self, tokens: &[Token]) -> Option<RawSub> {
        let row = self.body.rows.last()?;
        let first = &tokens[0];
        // `其中：城镇 …` lists parts of a row that has values of its own.
        let detail = first.text.starts_with("其中");
        if (!row.tokens.is_empty() && !detail) || tokens.len() < 2 {
            return None;
        }
        let (glued, label) = match leading_attribute(&first.text) {
            Some((a, rest)) => (Some(a), rest),
            None => (None, first.text.as_str()),
        };
        let label = label.strip_prefix("其中：").or_else(|| label.strip_prefix("其中:")).unwrap_or(label);
        if !is_name_token(label) {
            return None;
        }
        // At least one value cell after the label, or it is a wrapped text.
        if !tokens[1..].iter().any(|t| attribute(&t.text).is_none()) {
            return None;
        }
        let mut sub = RawSub { line: first.line, ..RawSub::default() };
        push_compact(&mut sub.label, label);
        if let Some((body, unit)) = trailing_unit(&sub.label) {
            sub.unit = Some(unit.to_string());
            sub.label = body.to_string();
        }
        if let Some(a) = glued {
            sub.tokens.push(Token { text: attribute_word(a).to_string(), ..first.clone() });
        }
        let mut rest = tokens[1..].to_vec();
        if let Some(r) = rest.first_mut() {
            r.starts_line = false;
        }
        sub.tokens.extend(rest);
        Some(sub)
    }
}

fn attribute_word(a: Attribute) -> &'static str {
    match a {
        Attribute::Expected => "预期性",
        Attribute::Binding => "约束性",
    }
}

/// Value cells among the tokens (attributes are not).
pub fn value_count(tokens: &[Token]) -> usize {
    tokens.iter().filter(|t| attribute(&t.text).is_none()).count()
}

/// The fewest cells the tokens can make: a text cell wrapped onto the next line
/// (`与经济` + `增长同步`) and an open bracket (`〔待省` + `下达〕`) join with what follows.
pub fn min_cells(tokens: &[Token]) -> usize {
    let values: Vec<&Token> = tokens.iter().filter(|t| attribute(&t.text).is_none()).collect();
    let mut n = 0;
    for (k, t) in values.iter().enumerate() {
        let joins_previous = k > 0 && can_join(values[k - 1], t);
        if !joins_previous {
            n += 1;
        }
    }
    n
}

/// Whether `next` can be the continuation of the cell `prev` wrapped over lines.
pub fn can_join(prev: &Token, next: &Token) -> bool {
    if opens_bracket(&prev.text) {
        return true;
    }
    prev.ends_line && next.starts_line && is_text_cell(&prev.text) && is_text_cell(&next.text)
}

/// A figure cell: a number with at most a bound word or % around it (`4以内`, `>7`,
/// `7.5%`), as opposed to a name that starts with a digit (`3岁以下婴幼儿托位数`).
pub fn is_figure_cell(text: &str) -> bool {
    if !super::cells::starts_with_figure(text) {
        return is_value_like(text);
    }
    let mut rest = text.to_string();
    for w in ["以上", "以内", "以下", "左右", "约", "〔", "〕"] {
        rest = rest.replace(w, "");
    }
    // What is left besides the figure must be a unit (`600亿元以上`, `10年`) or nothing.
    let words: String =
        rest.chars().filter(|c| !(c.is_ascii_digit() || matches!(c, '.' | '>' | '<' | '≥' | '≤' | '-' | '+' | '~' | '～' | '='))).collect();
    words.is_empty() || is_unit(&words)
}

pub fn is_cjk(c: char) -> bool {
    ('\u{4E00}'..='\u{9FFF}').contains(&c) || ('\u{3400}'..='\u{4DBF}').contains(&c)
}

/// A token that can be (the start of) an indicator name or sub-row label: words, or
/// a name that starts with a figure but is not one (`5G基站数量`, `3岁以下…`).
fn is_name_token(text: &str) -> bool {
    if text.starts_with(is_name_start) {
        return !is_value_like(text);
    }
    text.starts_with(|c: char| c.is_ascii_digit()) && !is_figure_cell(text) && text.chars().any(is_cjk)
}

/// The first character of an indicator name or sub-row label.
fn is_name_start(c: char) -> bool {
    is_cjk(c) || c.is_ascii_alphabetic() || matches!(c, '“' | '"' | '《' | '（' | '(' | '‘')
}

/// A category label word: a few CJK characters and nothing else.
fn is_label_word(text: &str) -> bool {
    let n = text.chars().count();
    (2..=8).contains(&n) && text.chars().all(is_cjk) && attribute(text).is_none()
}

/// `注：`, `注1：`, `注:`, `说明：`, `备注：`: the note under a table.
fn is_note_start(compact: &str) -> bool {
    if compact.starts_with("说明：") || compact.starts_with("备注：") {
        return true;
    }
    compact.strip_prefix('注').and_then(|r| r.chars().next()).is_some_and(|c| matches!(c, '：' | ':' | '．' | '.') || c.is_ascii_digit())
}

/// Sentences, not cells: cells never hold sentence punctuation, and a long line of
/// words is prose.
fn looks_like_prose(tokens: &[Token]) -> bool {
    tokens.iter().any(|t| {
        // `其中：城镇` introduces a sub-row.
        let text = t.text.strip_prefix("其中：").or_else(|| t.text.strip_prefix("其中:")).unwrap_or(&t.text);
        text.contains(['。', '，', '；', '：', '！', '？']) || text.chars().count() > 24
    })
}

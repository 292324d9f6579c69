//! Turns the raw rows of one table into indicators: tokens to columns by the
//! table's header, category labels joined, attributes shared across sub-rows.

use crate::model::{Attribute, GrowthCell, Indicator, Warning, YearCell};

use super::cells::{attribute, Cell, Token};
use super::header::{Column, Header};
use super::reader::{can_join, LabelRun, RawBody, RawRow};

/// The indicators of one table.
pub fn build(title: Option<&str>, header: &Header, body: &RawBody, warnings: &mut Vec<Warning>) -> Vec<Indicator> {
    let labels = resolve_labels(&body.labels);
    let columns = header.value_columns();
    let mut out = Vec::new();
    for row in &body.rows {
        let category = row.category.or(if labels.is_empty() { None } else { Some(0) }).and_then(|c| labels.get(c).cloned());
        let base = Indicator {
            table: title.map(str::to_string),
            category,
            seq: row.seq,
            sub: None,
            name: row.name.clone(),
            unit: row.unit.clone(),
            baseline: YearCell { year: header.baseline_year(), text: None, value: None },
            target: YearCell { year: header.target_year(), text: None, value: None },
            growth: GrowthCell { text: None, value: None, kind: None },
            attribute: None,
            line: row.line,
        };
        // A row with values of its own is an indicator even when parts of it
        // follow (`其中：…`).
        if row.subs.is_empty() || super::reader::value_count(&row.tokens) > 0 {
            let mut ind = base.clone();
            fill(&mut ind, &row.tokens, &columns, warnings);
            out.push(ind);
            if row.subs.is_empty() {
                continue;
            }
        }
        // An attribute printed once for the whole group (on the row, on one sub-row,
        // or on a line of its own) holds for every sub-row that has none.
        let group_attribute = group_attribute(row);
        for sub in &row.subs {
            let mut ind = base.clone();
            ind.sub = Some(sub.label.clone());
            ind.line = sub.line;
            if sub.unit.is_some() {
                ind.unit = sub.unit.clone();
            }
            fill(&mut ind, &sub.tokens, &columns, warnings);
            if ind.attribute.is_none() {
                ind.attribute = group_attribute;
            }
            out.push(ind);
        }
    }
    out
}

fn group_attribute(row: &RawRow) -> Option<Attribute> {
    row.tokens.iter().chain(row.subs.iter().flat_map(|s| s.tokens.iter())).find_map(|t| attribute(&t.text))
}

/// Category labels as read, joined where one label was split: a run of one
/// character cannot be a label on its own, and a page break can cut a label printed
/// down a merged cell (`民生` … page … `福祉`).
fn resolve_labels(runs: &[LabelRun]) -> Vec<String> {
    // Each run maps to the index of the label it belongs to.
    let mut joined: Vec<String> = Vec::new();
    let mut out: Vec<usize> = Vec::new();
    for run in runs {
        let continues = joined.last().is_some_and(|prev| {
            let prev_len = prev.chars().count();
            let len = run.text.chars().count();
            prev_len == 1 || (run.after_page_break && prev_len < 4 && prev_len + len <= 6)
        });
        if continues {
            if let Some(prev) = joined.last_mut() {
                prev.push_str(&run.text);
            }
        } else {
            joined.push(run.text.clone());
        }
        out.push(joined.len() - 1);
    }
    out.into_iter().map(|k| joined[k].clone()).collect()
}

/// Puts the tokens of one row into the value columns and reads the attribute.
fn fill(ind: &mut Indicator, tokens: &[Token], columns: &[Column], warnings: &mut Vec<Warning>) {
    ind.attribute = tokens.iter().rev().find_map(|t| attribute(&t.text));
    let values: Vec<Token> = tokens.iter().filter(|t| attribute(&t.text).is_none()).cloned().collect();
    let cells = join_wrapped(values, columns.len());
    if cells.len() > columns.len() {
        warnings.push(Warning {
            line: ind.line,
            message: format!(
                "indicator table row {}: {} cells for {} columns; extra cells dropped",
                ind.seq.map(|s| s.to_string()).unwrap_or_default(),
                cells.len(),
                columns.len()
            ),
        });
    }
    let placed = place(&cells, columns, is_growth_rate(&ind.name));
    for (col, cell) in columns.iter().zip(placed) {
        let Some(raw) = cell else { continue };
        match col {
            Column::Baseline { .. } if ind.baseline.text.is_none() => {
                let c = Cell::read(&raw, false);
                ind.baseline.text = c.text;
                ind.baseline.value = c.value;
            }
            Column::Target { .. } if ind.target.text.is_none() => {
                let c = Cell::read(&raw, false);
                ind.target.text = c.text;
                ind.target.value = c.value;
            }
            Column::Growth(kind) if ind.growth.text.is_none() => {
                let c = Cell::read(&raw, true);
                if c.text.is_some() {
                    ind.growth.kind = Some(kind.kind_of(c.bracketed));
                    ind.growth.text = c.text;
                    ind.growth.value = c.value;
                }
            }
            _ => {}
        }
    }
}

/// Joins cells that wrapped over lines, first those in open brackets, then text
/// pieces broken at a line end, while there are more pieces than columns.
fn join_wrapped(tokens: Vec<Token>, ncols: usize) -> Vec<Token> {
    let mut cells: Vec<Token> = Vec::new();
    for t in tokens {
        match cells.last_mut() {
            Some(prev) if super::cells::opens_bracket(&prev.text) => append(prev, &t),
            _ => cells.push(t),
        }
    }
    while cells.len() > ncols {
        let Some(k) = (1..cells.len()).find(|&k| can_join(&cells[k - 1], &cells[k])) else { break };
        let next = cells.remove(k);
        append(&mut cells[k - 1], &next);
    }
    cells
}

fn append(prev: &mut Token, next: &Token) {
    prev.text.push_str(&next.text);
    prev.ends_line = next.ends_line;
}

/// Whether the indicator measures a rate of growth (`居民人均可支配收入增长`,
/// `地区生产总值增长`): its goal is a growth, not a level.
fn is_growth_rate(name: &str) -> bool {
    name.ends_with("增长") || name.ends_with("增速") || name.ends_with("增幅")
}

/// Which column each cell goes to. With as many cells as columns, in order. With
/// fewer, one text cell spans several columns (`高于省定计划目标`, `与经济增长保持同步`):
/// the cells before it fill from the left, those after it from the right, and the
/// spanning cell takes the column its goal is stated in when that lies in its span —
/// the growth column for a growth-rate indicator (its goal is a growth), else the
/// target column (a relative or pending level) — or else the first column of its span.
fn place(cells: &[Token], columns: &[Column], growth_rate: bool) -> Vec<Option<String>> {
    let n = columns.len();
    let mut out: Vec<Option<String>> = vec![None; n];
    if cells.len() >= n {
        for (slot, c) in out.iter_mut().zip(cells) {
            *slot = Some(c.text.clone());
        }
        return out;
    }
    let Some(t) = cells.iter().position(|c| super::cells::is_text_cell(&c.text)) else {
        for (slot, c) in out.iter_mut().zip(cells) {
            *slot = Some(c.text.clone());
        }
        return out;
    };
    let after = cells.len() - t - 1;
    for (k, c) in cells[..t].iter().enumerate() {
        out[k] = Some(c.text.clone());
    }
    for (k, c) in cells[t + 1..].iter().enumerate() {
        out[n - after + k] = Some(c.text.clone());
    }
    let span = t..n - after;
    let goal_column = |k: &usize| match columns[*k] {
        Column::Growth(_) => growth_rate,
        Column::Target { .. } => !growth_rate,
        _ => false,
    };
    let spot = span.clone().find(goal_column).unwrap_or(span.start);
    out[spot] = Some(cells[t].text.clone());
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tok(text: &str, starts_line: bool, ends_line: bool) -> Token {
        Token { text: text.to_string(), line: 1, starts_line, ends_line }
    }

    #[test]
    fn labels_split_by_a_page_break_are_joined() {
        let runs = vec![
            LabelRun { text: "经济发展".into(), after_page_break: false },
            LabelRun { text: "民生".into(), after_page_break: false },
            LabelRun { text: "福祉".into(), after_page_break: true },
            LabelRun { text: "绿色生态".into(), after_page_break: true },
        ];
        assert_eq!(resolve_labels(&runs), vec!["经济发展", "民生福祉", "民生福祉", "绿色生态"]);
    }

    #[test]
    fn spanning_cell_goes_to_the_target() {
        let cols = [
            Column::Baseline { year: Some(2020) },
            Column::Target { year: Some(2025) },
            Column::Growth(super::super::header::GrowthColumn::Annual),
        ];
        let placed = place(&[tok("90", false, false), tok("高于省定计划目标", false, false)], &cols, false);
        assert_eq!(placed, vec![Some("90".into()), Some("高于省定计划目标".into()), None]);
        let placed = place(&[tok("与经济增长保持同步", false, false)], &cols, false);
        assert_eq!(placed, vec![None, Some("与经济增长保持同步".into()), None]);
    }

    #[test]
    fn spanning_cell_of_a_growth_rate_goes_to_the_growth_column() {
        let cols = [
            Column::Baseline { year: Some(2020) },
            Column::Target { year: Some(2025) },
            Column::Growth(super::super::header::GrowthColumn::Annual),
        ];
        let placed = place(&[tok("与经济增长保持同步", false, false)], &cols, true);
        assert_eq!(placed, vec![None, None, Some("与经济增长保持同步".into())]);
        assert!(is_growth_rate("居民人均可支配收入增长"));
        assert!(!is_growth_rate("空气质量优良天数比率"));
    }

    #[test]
    fn wrapped_text_cells_are_joined_only_when_needed() {
        let cells =
            join_wrapped(vec![tok("80", false, false), tok("待省", false, true), tok("下达", true, true), tok("——", true, false)], 3);
        let texts: Vec<&str> = cells.iter().map(|c| c.text.as_str()).collect();
        assert_eq!(texts, vec!["80", "待省下达", "——"]);
    }
}

//! What changed between two versions of a plan (`lantu plan diff`): indicators matched
//! by their row (seq + sub-row, or the name where a table has no numbers), targets,
//! projects and headings compared as sets. Line numbers are not compared: a line added
//! near the top moves every later line without changing anything a planner cares about.

use std::collections::{BTreeMap, BTreeSet};

use lantu_extract::model::{Attribute, Heading, Indicator, Project, Target};
use serde::{Deserialize, Serialize};

use crate::types::PlanDetail;

/// One cell of an indicator row that differs: its Chinese label, the old and new text.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CellChange {
    pub field: String,
    pub old: String,
    pub new: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct IndicatorChange {
    /// The row as matched: `3` or `19/城镇常住居民`, or the name for unnumbered rows.
    pub key: String,
    /// The name in the newer version.
    pub name: String,
    pub old_line: usize,
    pub new_line: usize,
    pub cells: Vec<CellChange>,
}

/// Everything that differs between two versions; empty lists where nothing did.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct PlanDiff {
    pub plan_id: i64,
    pub from_version: i64,
    pub to_version: i64,
    pub indicators_added: Vec<Indicator>,
    pub indicators_removed: Vec<Indicator>,
    pub indicators_changed: Vec<IndicatorChange>,
    pub targets_added: Vec<Target>,
    pub targets_removed: Vec<Target>,
    pub projects_added: Vec<Project>,
    pub projects_removed: Vec<Project>,
    pub headings_added: Vec<Heading>,
    pub headings_removed: Vec<Heading>,
}

impl PlanDiff {
    pub fn is_empty(&self) -> bool {
        self.indicators_added.is_empty()
            && self.indicators_removed.is_empty()
            && self.indicators_changed.is_empty()
            && self.targets_added.is_empty()
            && self.targets_removed.is_empty()
            && self.projects_added.is_empty()
            && self.projects_removed.is_empty()
            && self.headings_added.is_empty()
            && self.headings_removed.is_empty()
    }
}

/// Compares two versions' content (`from` older, `to` newer).
pub fn diff_details(from: &PlanDetail, to: &PlanDetail) -> PlanDiff {
    let (indicators_added, indicators_removed, indicators_changed) = diff_indicators(&from.indicators, &to.indicators);
    let (targets_added, targets_removed) = diff_sets(&from.targets, &to.targets, target_key);
    let (projects_added, projects_removed) = diff_sets(&from.projects, &to.projects, project_key);
    let (headings_added, headings_removed) = diff_sets(&from.outline, &to.outline, heading_key);
    PlanDiff {
        plan_id: to.summary.id,
        from_version: 0,
        to_version: 0,
        indicators_added,
        indicators_removed,
        indicators_changed,
        targets_added,
        targets_removed,
        projects_added,
        projects_removed,
        headings_added,
        headings_removed,
    }
}

/// The row an indicator is: its number and sub-row where the table numbers its rows
/// (a renamed row is a change, not a removal and an addition), else its name.
fn indicator_key(i: &Indicator) -> String {
    let sub = i.sub.as_deref().map(|s| format!("/{s}")).unwrap_or_default();
    match i.seq {
        Some(seq) => format!("{}{seq}{sub}", table_prefix(i)),
        None => format!("{}{}{sub}", table_prefix(i), i.name),
    }
}

/// Several tables in one plan number their rows from 1 each: the table name tells them apart.
fn table_prefix(i: &Indicator) -> String {
    i.table.as_deref().map(|t| format!("{t}#")).unwrap_or_default()
}

type Changes = (Vec<Indicator>, Vec<Indicator>, Vec<IndicatorChange>);

fn diff_indicators(old: &[Indicator], new: &[Indicator]) -> Changes {
    let old_by_key: BTreeMap<String, &Indicator> = old.iter().map(|i| (indicator_key(i), i)).collect();
    let new_keys: BTreeSet<String> = new.iter().map(indicator_key).collect();
    let mut added = Vec::new();
    let mut changed = Vec::new();
    for n in new {
        let key = indicator_key(n);
        match old_by_key.get(&key) {
            None => added.push(n.clone()),
            Some(o) => {
                let cells = cell_changes(o, n);
                if !cells.is_empty() {
                    let shown_key = key.rsplit('#').next().unwrap_or(&key).to_string();
                    changed.push(IndicatorChange { key: shown_key, name: n.name.clone(), old_line: o.line, new_line: n.line, cells });
                }
            }
        }
    }
    let removed = old.iter().filter(|o| !new_keys.contains(&indicator_key(o))).cloned().collect();
    (added, removed, changed)
}

fn opt(s: &Option<String>) -> String {
    s.clone().unwrap_or_default()
}

/// The cells of a row a reader compares, with their labels.
fn cells(i: &Indicator) -> [(&'static str, String); 8] {
    let year = |y: Option<i32>| y.map(|y| format!("（{y}）")).unwrap_or_default();
    [
        ("指标名称", i.name.clone()),
        ("单位", opt(&i.unit)),
        ("基期值", format!("{}{}", opt(&i.baseline.text), year(i.baseline.year))),
        ("目标值", format!("{}{}", opt(&i.target.text), year(i.target.year))),
        ("年均增长/累计", opt(&i.growth.text)),
        ("属性", attribute_label(i.attribute).to_string()),
        ("类别", opt(&i.category)),
        ("分项", opt(&i.sub)),
    ]
}

fn attribute_label(a: Option<Attribute>) -> &'static str {
    match a {
        Some(Attribute::Binding) => "约束性",
        Some(Attribute::Expected) => "预期性",
        None => "",
    }
}

fn cell_changes(old: &Indicator, new: &Indicator) -> Vec<CellChange> {
    cells(old)
        .into_iter()
        .zip(cells(new))
        .filter(|((_, o), (_, n))| o != n)
        .map(|((field, o), (_, n))| CellChange { field: field.to_string(), old: o, new: n })
        .collect()
}

/// Items of `new` whose key is not among `old`'s (added) and the reverse (removed).
fn diff_sets<T: Clone>(old: &[T], new: &[T], key: impl Fn(&T) -> String) -> (Vec<T>, Vec<T>) {
    let old_keys: BTreeSet<String> = old.iter().map(&key).collect();
    let new_keys: BTreeSet<String> = new.iter().map(&key).collect();
    let added = new.iter().filter(|t| !old_keys.contains(&key(t))).cloned().collect();
    let removed = old.iter().filter(|t| !new_keys.contains(&key(t))).cloned().collect();
    (added, removed)
}

fn target_key(t: &Target) -> String {
    format!("{}|{:?}|{}|{}|{}", t.metric, t.year, t.value, opt(&t.unit), t.bound.as_str())
}

fn project_key(p: &Project) -> String {
    format!("{}|{}", opt(&p.group), p.name)
}

fn heading_key(h: &Heading) -> String {
    format!("{}|{}|{}", h.level, h.label, h.title)
}

#[cfg(test)]
mod tests {
    use super::*;
    use lantu_extract::model::{GrowthCell, YearCell};

    fn row(seq: u32, name: &str, target: &str) -> Indicator {
        Indicator {
            table: Some("主要指标".into()),
            category: None,
            seq: Some(seq),
            sub: None,
            name: name.into(),
            unit: Some("亿元".into()),
            baseline: YearCell { year: Some(2020), text: Some("100".into()), value: Some(100.0) },
            target: YearCell { year: Some(2025), text: Some(target.into()), value: None },
            growth: GrowthCell { text: None, value: None, kind: None },
            attribute: None,
            line: 10 + seq as usize,
        }
    }

    #[test]
    fn rows_are_matched_by_number_and_moved_lines_are_not_changes() {
        let old = [row(1, "地区生产总值", "150"), row(2, "财政收入", "20")];
        let mut moved = row(1, "地区生产总值", "160");
        moved.line = 99;
        let new = [moved, row(3, "常住人口城镇化率", "67")];
        let (added, removed, changed) = diff_indicators(&old, &new);
        assert_eq!(added.iter().map(|i| i.seq).collect::<Vec<_>>(), [Some(3)]);
        assert_eq!(removed.iter().map(|i| i.seq).collect::<Vec<_>>(), [Some(2)]);
        assert_eq!(changed.len(), 1);
        assert_eq!(changed[0].cells, [CellChange { field: "目标值".into(), old: "150（2025）".into(), new: "160（2025）".into() }]);
        assert_eq!((changed[0].old_line, changed[0].new_line), (11, 99));
    }
}

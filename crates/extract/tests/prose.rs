//! Targets and facts over the seed documents: precision and recall against the
//! hand-made gold within its scope, and snapshots of every seed's output.

mod common;

use serde_json::Value;

/// The gold's `scope_lines` as inclusive ranges (the whole file when absent).
fn scope(gold: &Value) -> Vec<(u64, u64)> {
    gold["scope_lines"]
        .as_array()
        .map(|ranges| ranges.iter().filter_map(|r| Some((r.get(0)?.as_u64()?, r.get(1)?.as_u64()?))).collect())
        .unwrap_or_else(|| vec![(0, u64::MAX)])
}

/// Rows matched by (year, value) as the stock scorer does, the nearest line winning.
fn precision_recall(out: &[(Option<i32>, f64, usize)], gold: &[Value]) -> (f64, f64) {
    let mut used = vec![false; gold.len()];
    let mut matched = 0;
    for &(year, value, line) in out {
        let best = gold
            .iter()
            .enumerate()
            .filter(|(i, g)| {
                !used[*i] && g["year"].as_i64() == year.map(i64::from) && g["value"].as_f64().is_some_and(|v| (v - value).abs() < 1e-9)
            })
            .min_by_key(|(_, g)| g["line"].as_u64().unwrap_or(0).abs_diff(line as u64));
        if let Some((i, _)) = best {
            used[i] = true;
            matched += 1;
        }
    }
    let p = if out.is_empty() { 1.0 } else { matched as f64 / out.len() as f64 };
    let r = if gold.is_empty() { 1.0 } else { matched as f64 / gold.len() as f64 };
    (p, r)
}

#[test]
fn targets_and_facts_of_seed_000_match_the_gold_within_its_scope() {
    let Some(out) = common::extract_seed("000") else {
        return;
    };
    for section in ["targets", "facts"] {
        let Some(gold) = common::gold("000", section) else {
            return;
        };
        let ranges = scope(&gold);
        let in_scope = |line: usize| ranges.iter().any(|&(a, b)| (a..=b).contains(&(line as u64)));
        let rows: Vec<(Option<i32>, f64, usize)> = match section {
            "targets" => out.targets.iter().filter(|t| in_scope(t.line)).map(|t| (t.year, t.value, t.line)).collect(),
            _ => out.facts.iter().filter(|f| in_scope(f.line)).map(|f| (f.year, f.value, f.line)).collect(),
        };
        let expected = gold[section].as_array().cloned().unwrap_or_default();
        let (p, r) = precision_recall(&rows, &expected);
        eprintln!("{section}: precision {p:.3}, recall {r:.3}");
        assert!(p >= 0.90, "{section} precision {p:.3}");
        assert!(r >= 0.90, "{section} recall {r:.3}");
    }
}

#[test]
fn prose_snapshots_of_every_seed() {
    for prefix in ["000", "001", "002", "003", "004"] {
        let Some(out) = common::extract_seed(prefix) else { return };
        // One line per item; the clause text is left out: the snapshot pins what
        // was read, not the prose.
        let mut lines = vec!["targets: line year metric value unit bound".to_string()];
        for t in &out.targets {
            let unit = t.unit.as_deref().unwrap_or("-");
            lines.push(format!("{} {:?} {} {} {} {}", t.line, t.year, t.metric, t.value, unit, t.bound.as_str()));
        }
        lines.push("facts: line year metric value unit estimated".to_string());
        for f in &out.facts {
            let unit = f.unit.as_deref().unwrap_or("-");
            lines.push(format!("{} {:?} {} {} {} {}", f.line, f.year, f.metric, f.value, unit, f.estimated));
        }
        insta::assert_snapshot!(format!("prose_{prefix}"), lines.join("\n"));
    }
}

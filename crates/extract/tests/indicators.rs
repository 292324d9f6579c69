//! Main-indicator tables over the seed documents: the gold of seed 002, snapshots of
//! the `indicators` section of every seed (empty where a seed has no table), and the
//! line ranges that tell the prose readers to skip the tables.

mod common;

use lantu_extract::{indicators, reader, Document};

fn tables(prefix: &str) -> Option<(Document, indicators::Tables)> {
    let path = common::seed(prefix)?;
    let bytes = std::fs::read(path).expect("reading a seed");
    let decoded = reader::decode(&bytes, reader::DEFAULT_MAX_BYTES).expect("decoding a seed");
    let doc = Document::parse(&decoded.text);
    let tables = indicators::extract(&doc);
    Some((doc, tables))
}

#[test]
fn snapshots_of_every_seed() {
    for prefix in ["000", "001", "002", "003", "004"] {
        let Some(out) = common::extract_seed(prefix) else { return };
        insta::assert_json_snapshot!(format!("indicators_{prefix}"), out.indicators);
    }
}

#[test]
fn seed_002_matches_its_gold_row_for_row() {
    let Some(out) = common::extract_seed("002") else { return };
    let Some(gold) = common::gold("002", "indicators") else { return };
    let gold = gold["indicators"].as_array().expect("gold indicators");
    assert_eq!(out.indicators.len(), gold.len());
    for (o, g) in out.indicators.iter().zip(gold) {
        let o = serde_json::to_value(o).unwrap();
        for field in ["category", "seq", "sub", "name", "unit", "baseline", "target", "growth", "attribute", "line"] {
            assert!(same(&o[field], &g[field]), "{field} of row at gold line {}: {} vs {}", g["line"], o[field], g[field]);
        }
    }
}

/// JSON equality with numbers compared as numbers (`7.0` is `7`).
fn same(a: &serde_json::Value, b: &serde_json::Value) -> bool {
    use serde_json::Value;
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => x.as_f64() == y.as_f64(),
        (Value::Object(x), Value::Object(y)) => x.len() == y.len() && x.iter().all(|(k, v)| y.get(k).is_some_and(|w| same(v, w))),
        _ => a == b,
    }
}

#[test]
fn seed_004_reads_sixteen_rows_and_two_sub_rows() {
    let Some(out) = common::extract_seed("004") else { return };
    let seqs: Vec<u32> = out.indicators.iter().filter_map(|i| i.seq).collect();
    assert_eq!(seqs, [1, 2, 3, 4, 5, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16]);
    let categories: Vec<&str> = out.indicators.iter().filter_map(|i| i.category.as_deref()).collect();
    assert_eq!(categories.iter().filter(|c| **c == "民生福祉").count(), 6);
}

#[test]
fn line_ranges_cover_each_table() {
    for prefix in ["000", "001", "002", "003", "004"] {
        let Some((doc, t)) = tables(prefix) else { return };
        assert_eq!(t.line_ranges.len(), t.tables.len());
        for ind in &t.indicators {
            assert!(t.line_ranges.iter().any(|r| r.contains(&ind.line)), "{prefix}: line {}", ind.line);
        }
        insta::assert_debug_snapshot!(format!("tables_{prefix}"), t.tables);
        for r in &t.line_ranges {
            // The title, the header, every row and the note: nothing of the table is
            // left for the prose readers, and the line after the range is prose again.
            let first = &doc.lines[*r.start() - 1];
            assert!(first.text.contains("指标"), "{prefix}: table starts at {}", first.text);
            let after = doc.next_text(*r.end() - 1).map(|i| &doc.lines[i]);
            assert!(after.is_none_or(|l| l.text.chars().count() > 10), "{prefix}: {:?}", after.map(|l| &l.text));
        }
    }
}

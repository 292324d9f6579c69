//! The outline and the plan metadata of the seed documents: against the gold files
//! where there are some, and as reviewed snapshots for every seed.

mod common;

use serde_json::{json, Value};
use unicode_normalization::UnicodeNormalization;

const SEEDS: &[&str] = &["000", "001", "002", "003", "004"];

/// Text as the scorer compares it: NFKC, white space removed.
fn norm(s: &str) -> String {
    s.nfkc().filter(|c| !c.is_whitespace()).collect()
}

fn norm_title(s: &str) -> String {
    norm(s).trim_end_matches('。').to_string()
}

/// Whether `out` is right for a gold value: a list in the gold means any of them.
fn gold_accepts(gold: &Value, out: &Value) -> bool {
    match gold {
        Value::Array(options) => options.iter().any(|g| gold_accepts(g, out)),
        Value::String(g) => out.as_str().is_some_and(|o| norm(o) == norm(g)),
        other => other == out,
    }
}

#[test]
fn outline_matches_gold_exactly() {
    for prefix in SEEDS {
        let Some(gold) = common::gold(prefix, "outline") else { continue };
        let Some(out) = common::extract_seed(prefix) else { continue };
        let key = |level: u64, label: &str, title: &str| (level, norm(label), norm_title(title));
        let got: Vec<_> = out.outline.iter().map(|h| (key(u64::from(h.level), &h.label, &h.title), h.line)).collect();
        let want: Vec<_> = gold["outline"]
            .as_array()
            .expect("gold outline is a list")
            .iter()
            .map(|h| {
                let k = key(h["level"].as_u64().unwrap_or(0), h["label"].as_str().unwrap_or(""), h["title"].as_str().unwrap_or(""));
                (k, h["line"].as_u64().unwrap_or(0) as usize)
            })
            .collect();
        let missing: Vec<_> = want.iter().filter(|w| !got.contains(w)).collect();
        let extra: Vec<_> = got.iter().filter(|g| !want.contains(g)).collect();
        assert!(missing.is_empty() && extra.is_empty(), "seed {prefix}: missing {missing:#?}\nextra {extra:#?}");
        assert_eq!(got, want, "seed {prefix}: headings out of document order");
    }
}

#[test]
fn plan_meta_matches_gold() {
    for prefix in SEEDS {
        let Some(gold) = common::gold(prefix, "plan") else { continue };
        let Some(out) = common::extract_seed(prefix) else { continue };
        let plan = serde_json::to_value(&out.plan).unwrap();
        let gold = &gold["plan"];
        for field in ["title", "region", "kind", "horizon"] {
            assert!(
                gold_accepts(&gold[field], &plan[field]),
                "seed {prefix}: plan.{field} is {} but gold says {}",
                plan[field],
                gold[field]
            );
        }
        for end in ["start", "end"] {
            let out_year = &plan["period"][end];
            assert!(
                gold_accepts(&gold["period"][end], out_year),
                "seed {prefix}: plan.period.{end} is {out_year} but gold says {}",
                gold["period"][end]
            );
        }
    }
}

/// 003 (a newspaper digest of a work report) and 004 (a five-year outline) have no
/// gold: what a careful reader expects of them, checked by rule.
#[test]
fn seeds_without_gold_read_sensibly() {
    if let Some(out) = common::extract_seed("003") {
        assert_eq!(out.plan.kind.as_str(), "annual_report");
        assert_eq!(out.plan.region.as_deref(), Some("梅河口市"));
        assert_eq!(out.plan.period.map(|p| (p.start, p.end)), Some((2023, 2023)));
        assert_eq!(out.plan.horizon, None);
        // The ten tasks are numbered （一）…; the digest's ●-bullets and lead sentences are not headings.
        assert!(out.outline.iter().all(|h| h.level == 1 && h.label.starts_with('(')), "{:#?}", out.outline);
        assert!(out.outline.len() >= 9);
    }
    if let Some(out) = common::extract_seed("004") {
        assert_eq!(out.plan.kind.as_str(), "five_year_outline");
        assert_eq!(out.plan.region.as_deref(), Some("白城市"));
        assert_eq!(out.plan.period.map(|p| (p.start, p.end)), Some((2021, 2025)));
        assert_eq!(out.plan.horizon, Some(2035));
        let chapters: Vec<&str> = out.outline.iter().filter(|h| h.level == 1).map(|h| h.label.as_str()).collect();
        assert_eq!(chapters.len(), 12, "{chapters:?}");
        assert!(out.outline.iter().all(|h| h.level <= 2));
    }
}

#[test]
fn snapshots_of_outline_and_plan() {
    for prefix in SEEDS {
        let Some(out) = common::extract_seed(prefix) else { continue };
        let view = json!({ "plan": out.plan, "outline": out.outline });
        insta::assert_json_snapshot!(format!("outline_and_plan_{prefix}"), view);
    }
}

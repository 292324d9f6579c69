//! Hand-written documents in layouts the seeds do not show (a county outline with
//! 篇 and a table with a separate 累计 column, a district work report, an
//! implementation plan with 部分 and a numbered box, …), each with the output a
//! careful annotator following `shared/spec/extract-json.md` and the gold files'
//! conventions would write: `tests/fixtures/NAME.txt` and `NAME.expected.json`.
//!
//! Each section present in the expected file is compared row by row; a failure
//! lists the missing and the unexpected rows of every section at once.

use std::path::{Path, PathBuf};

use serde_json::Value;

fn fixtures() -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("reading tests/fixtures")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .collect();
    files.sort();
    files
}

/// The fields of a row the comparison looks at: what the scorer scores, in the
/// form the expected files write them (numbers compared as numbers).
fn scored(section: &str, row: &Value) -> Value {
    let keep: &[&str] = match section {
        "outline" => &["level", "label", "title", "line"],
        "targets" => &["metric", "year", "value", "unit", "bound", "line"],
        "facts" => &["metric", "year", "value", "unit", "estimated", "line"],
        "projects" => &["group", "name", "description", "investment", "line"],
        _ => return normalise_numbers(row),
    };
    let mut out = serde_json::Map::new();
    for k in keep {
        out.insert(k.to_string(), normalise_numbers(&row[*k]));
    }
    Value::Object(out)
}

/// `7` and `7.0` are the same value.
fn normalise_numbers(v: &Value) -> Value {
    match v {
        Value::Number(n) => n.as_f64().map_or(v.clone(), |f| serde_json::json!(f)),
        Value::Array(a) => Value::Array(a.iter().map(normalise_numbers).collect()),
        Value::Object(o) => Value::Object(o.iter().map(|(k, v)| (k.clone(), normalise_numbers(v))).collect()),
        _ => v.clone(),
    }
}

fn compare(section: &str, want: &Value, got: &Value) -> Option<String> {
    if section == "plan" {
        let (w, g) = (normalise_numbers(want), normalise_numbers(got));
        return (w != g).then(|| format!("  plan:\n    want {w}\n    got  {g}\n"));
    }
    let rows = |v: &Value| -> Vec<Value> { v.as_array().map(|a| a.iter().map(|r| scored(section, r)).collect()).unwrap_or_default() };
    let (want, got) = (rows(want), rows(got));
    let missing: Vec<&Value> = want.iter().filter(|w| !got.contains(w)).collect();
    let extra: Vec<&Value> = got.iter().filter(|g| !want.contains(g)).collect();
    if missing.is_empty() && extra.is_empty() {
        return (want != got).then(|| format!("  {section}: rows out of order\n"));
    }
    let mut s = format!("  {section}: {} missing, {} unexpected\n", missing.len(), extra.len());
    for m in missing {
        s.push_str(&format!("    - {m}\n"));
    }
    for e in extra {
        s.push_str(&format!("    + {e}\n"));
    }
    Some(s)
}

#[test]
fn fixtures_extract_as_annotated() {
    let files = fixtures();
    assert!(files.len() >= 4, "the fixtures are missing");
    let mut report = String::new();
    for path in files {
        let expected_path = path.with_extension("expected.json");
        let expected: Value =
            serde_json::from_str(&std::fs::read_to_string(&expected_path).expect("expected file")).expect("expected file is JSON");
        let bytes = std::fs::read(&path).expect("fixture");
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let out = lantu_extract::extract_bytes(&bytes, &name, &Default::default()).expect("extracting a fixture");
        let got = serde_json::to_value(&out).expect("serialising");
        let mut diffs = String::new();
        for (section, want) in expected.as_object().expect("expected is an object") {
            if let Some(d) = compare(section, want, &got[section]) {
                diffs.push_str(&d);
            }
        }
        if !diffs.is_empty() {
            report.push_str(&format!("{name}:\n{diffs}"));
        }
    }
    assert!(report.is_empty(), "fixtures differ from their annotation:\n{report}");
}

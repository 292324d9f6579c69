//! The monitoring cycle through the `lantu` binary: ingest → actuals → status → check,
//! on SQLite (temp dir) and on PostgreSQL (a fresh schema; skipped loudly when
//! unreachable, failing when LANTU_REQUIRE_POSTGRES=1). Fixtures are made-up documents
//! of a made-up region (样例市) and clearly marked sample figures.

use std::path::{Path, PathBuf};
mod common;

use common::{corpus, lantu, on_both_backends};

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

fn cycle(db: &str, cwd: &Path) {
    let f = fixtures();
    let outline = f.join("sample-outline.extract.json");
    let report = f.join("sample-report.extract.json");
    let csv = f.join("sample-actuals.csv");
    let (outline, report, csv) = (outline.to_str().unwrap(), report.to_str().unwrap(), csv.to_str().unwrap());

    let out = lantu(db, cwd, &["ingest", outline, report], true);
    assert!(out.contains("2 new plans"), "{out}");
    let out = lantu(db, cwd, &["ingest", outline], true);
    assert!(out.contains("1 unchanged"), "{out}");
    // One bad path among good ones: reported, the rest still processed, exit non-zero.
    let out = lantu(db, cwd, &["ingest", "does-not-exist.txt", outline], false);
    assert!(out.contains("does-not-exist.txt") && out.contains("1 unchanged") && out.contains("1 of 2 files failed"), "{out}");

    // Bad rows name file and line; unmatched rows are listed; the good rows go in.
    let out = lantu(db, cwd, &["actuals", "import", csv], false);
    assert!(out.contains("5 actuals imported"), "{out}");
    assert!(out.contains("sample-actuals.csv:7: unit 个 cannot be compared"), "{out}");
    assert!(out.contains("sample-actuals.csv:9: year"), "{out}");
    assert!(out.contains("sample-actuals.csv:8: 样例市,不存在的指标"), "{out}");

    let out = lantu(db, cwd, &["status", "--plan", "1", "--year", "2022"], true);
    // GDP growth 6.5 and 5.0 against 6以上: (1.065·1.05)^(1/2) − 1 = 5.750 %; R = 0.958 → on track.
    assert!(out.contains("基本符合预期"), "{out}");
    // 森林覆盖率 (binding) 40 → 45: 41.2 in 2022, R = 0.6/1.0 = 0.6 → 进度偏慢 and 预警.
    assert!(out.lines().any(|l| l.contains("森林覆盖率") && l.contains("滞后（进度偏慢）") && l.contains("预警")), "{out}");
    // 失业率 3.9 ≤ 4.5以内: achieved; 能耗降低 待省下达: pending.
    assert!(out.lines().any(|l| l.contains("城镇登记失业率") && l.contains("提前实现")), "{out}");
    assert!(out.lines().any(|l| l.contains("能耗降低") && l.contains("待定")), "{out}");

    // The outline's 226.5 and the work report's 250 (预计) for 2022 GDP: a finding with both sources.
    let out = lantu(db, cwd, &["check"], true);
    assert!(out.contains("[conflicting_values]"), "{out}");
    assert!(out.contains("226.5亿元 — 样例市十四五规划纲要.txt:20"), "{out}");
    assert!(out.contains("250亿元（预计） — 样例市2023年政府工作报告.txt:5"), "{out}");

    let out = lantu(db, cwd, &["plan", "link", "2", "--parent", "1"], true);
    assert!(out.contains("plan 2 is now under plan 1"), "{out}");
    let out = lantu(db, cwd, &["plan", "show", "1"], true);
    assert!(out.contains("森林覆盖率") && out.contains("407"), "{out}");

    lantu(db, cwd, &["report", "--plan", "1", "--year", "2022", "--format", "html", "-o", "report.html"], true);
    let html = std::fs::read_to_string(cwd.join("report.html")).unwrap();
    assert!(html.contains("<svg") && html.contains("预警") && html.contains("方法"), "{html}");
    // Binding indicators first.
    assert!(html.find("森林覆盖率") < html.find("城镇登记失业率"));
    lantu(db, cwd, &["report", "--plan", "1", "--year", "2022", "--format", "md", "-o", "report.md"], true);
    let md = std::fs::read_to_string(cwd.join("report.md")).unwrap();
    assert!(md.contains("| 森林覆盖率 | % | 40 | 42 | 41.2（2022） | 0.6 | 滞后（进度偏慢） 预警 |"), "{md}");
    lantu(db, cwd, &["report", "--plan", "1", "--year", "2022", "--kind", "midterm", "--format", "md", "-o", "mid.md"], true);
    let mid = std::fs::read_to_string(cwd.join("mid.md")).unwrap();
    assert!(mid.starts_with("# ") && mid.lines().next().is_some_and(|l| l.ends_with("2022 年中期评估")), "{mid}");
}

/// `serve --demo --db FILE` builds the demo in a new file only: an existing store is
/// never filled with demo content.
#[test]
fn serve_demo_refuses_an_existing_store() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("lantu-existing.db");
    std::fs::write(&db, b"").unwrap();
    let out = lantu(db.to_str().unwrap(), dir.path(), &["serve", "--demo", "--addr", "127.0.0.1:0"], false);
    assert!(out.contains("exists already"), "{out}");
    assert_eq!(std::fs::metadata(&db).unwrap().len(), 0, "the file is untouched");
    let out = lantu("postgres://nobody@127.0.0.1:1/none", dir.path(), &["serve", "--demo"], false);
    assert!(out.contains("fresh SQLite file"), "{out}");
}

#[test]
fn monitoring_cycle_on_both_backends() {
    on_both_backends("cli", cycle);
}

/// The real seeds go in whatever the extractor returns on this branch: each becomes a
/// plan, a second ingest changes nothing, and what is stored is what was extracted.
#[test]
fn seeds_ingest_and_reingest() {
    let Some(corpus) = corpus() else { return };
    let mut seeds: Vec<PathBuf> =
        std::fs::read_dir(&corpus).unwrap().filter_map(|e| e.ok().map(|e| e.path())).filter(|p| p.is_file()).collect();
    seeds.sort();
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("lantu.db");
    let db = db.to_str().unwrap();
    let out = lantu(db, dir.path(), &["ingest", corpus.to_str().unwrap()], true);
    assert!(out.contains(&format!("{} files", seeds.len())) && out.contains("0 failed"), "{out}");
    let again = lantu(db, dir.path(), &["ingest", corpus.to_str().unwrap()], true);
    assert!(again.contains(&format!("{} unchanged", seeds.len())), "{again}");

    let mut store = lantu_store::Store::open(db).unwrap();
    let mut expected = (0, 0, 0, 0);
    for seed in &seeds {
        let bytes = std::fs::read(seed).unwrap();
        let ex = lantu_extract::extract_bytes(&bytes, "x", &Default::default()).unwrap();
        expected.0 += ex.indicators.len() as i64;
        expected.1 += ex.targets.len() as i64;
        expected.2 += ex.facts.len() as i64;
        expected.3 += ex.projects.len() as i64;
    }
    let c = store.counts().unwrap();
    assert_eq!(c.plan_versions, seeds.len() as i64, "one version per distinct document");
    assert!(c.plans >= 1 && c.plans <= seeds.len() as i64);
    assert_eq!((c.indicators, c.targets, c.facts, c.projects), expected);
    // Status and check run on whatever is there.
    lantu(db, dir.path(), &["status"], true);
    lantu(db, dir.path(), &["check"], true);
}

//! The later store commands through the `lantu` binary — plan diff, suggested hierarchy,
//! export, XLSX import, overrides, and the full cycle over the real seeds with the
//! sample actuals file — each run on SQLite and on PostgreSQL (a fresh schema; skipped
//! loudly when unreachable, failing when LANTU_REQUIRE_POSTGRES=1).
//!
//! Seed text never enters the repository: the seeds are read from LANTU_CORPUS (default
//! ../shared/seeds) and edited in a temp dir where a test needs a changed document.

use std::path::{Path, PathBuf};

mod common;

use common::{corpus, lantu, on_both_backends, repo};

/// The seed whose file name starts with `prefix` (`"004"`).
fn seed(corpus: &Path, prefix: &str) -> PathBuf {
    std::fs::read_dir(corpus)
        .unwrap()
        .filter_map(|e| e.ok().map(|e| e.path()))
        .find(|p| p.file_name().is_some_and(|n| n.to_string_lossy().starts_with(prefix)))
        .unwrap_or_else(|| panic!("no seed {prefix} in {}", corpus.display()))
}

/// A seed outline ingested, one indicator cell edited in a copy, the copy ingested: a
/// new version, and `plan diff` shows that cell old → new and nothing else of the table.
#[test]
fn plan_diff_after_an_edited_seed() {
    let Some(corpus) = corpus() else { return };
    let original = seed(&corpus, "004");
    on_both_backends("diff", |db, dir| {
        let text = std::fs::read_to_string(&original).unwrap();
        // The first table row of GDP with its 2025 target: change the target only.
        let (n, line) = text
            .lines()
            .enumerate()
            .find(|(_, l)| l.starts_with("1 地区生产总值") && l.contains(" 720 "))
            .expect("the GDP row of the seed's indicator table");
        let edited_line = line.replacen(" 720 ", " 730 ", 1);
        let edited: Vec<&str> = text.lines().enumerate().map(|(i, l)| if i == n { edited_line.as_str() } else { l }).collect();
        let copy = dir.join("edited.txt");
        std::fs::write(&copy, edited.join("\n") + "\n").unwrap();

        let out = lantu(db, dir, &["ingest", original.to_str().unwrap()], true);
        assert!(out.contains("1 new plans"), "{out}");
        let out = lantu(db, dir, &["ingest", copy.to_str().unwrap()], true);
        assert!(out.contains("1 new versions"), "{out}");
        let out = lantu(db, dir, &["plan", "diff", "1"], true);
        assert!(out.contains("版本 1 → 版本 2"), "{out}");
        assert!(out.contains(&format!("第 {} 行 → 第 {} 行  [1] 地区生产总值", n + 1, n + 1)), "{out}");
        assert!(out.contains("目标值：720（2025） → 730（2025）"), "{out}");
        assert!(out.contains("指标变化 (1)") && !out.contains("新增指标") && !out.contains("删除指标"), "{out}");
        let out = lantu(db, dir, &["plan", "diff", "1", "--from", "2", "--to", "1"], true);
        assert!(out.contains("目标值：730（2025） → 720（2025）"), "{out}");
        lantu(db, dir, &["plan", "diff", "1", "--to", "3"], false);
    });
}

/// The seeds hold three 梅河口市 documents and no 梅河口 outline: the implementation plan
/// and the 2023 work report go under the 2021–2035 示范区规划 covering them; the two city
/// outlines have no stored plan above them.
#[test]
fn plan_suggest_on_the_seeds() {
    let Some(corpus) = corpus() else { return };
    on_both_backends("suggest", |db, dir| {
        lantu(db, dir, &["ingest", corpus.to_str().unwrap()], true);
        let out = lantu(db, dir, &["plan", "suggest"], true);
        let suggested: Vec<&str> = out.lines().filter(|l| l.contains("→ 上级 plan")).collect();
        assert_eq!(suggested.len(), 2, "{out}");
        assert!(suggested.iter().all(|l| l.contains("梅河口市") && l.contains("→ 梅河口市建设高质量发展先行示范区规划")), "{out}");
        assert!(suggested.iter().any(|l| l.contains("2023年政府工作报告")) && suggested.iter().any(|l| l.contains("实施方案")), "{out}");
        let out = lantu(db, dir, &["plan", "suggest", "--apply"], true);
        assert!(out.contains("2 links made"), "{out}");
        let out = lantu(db, dir, &["plan", "suggest"], true);
        assert!(out.contains("no link to suggest"), "{out}");
        let mut store = lantu_store::Store::open(db).unwrap();
        assert_eq!(store.audit_log().unwrap().iter().filter(|e| e.action == "link" && e.actor == "测试员").count(), 2);
    });
}

fn fixture(name: &str) -> String {
    repo().join("tests/fixtures").join(name).to_str().unwrap().to_string()
}

/// Writes an actuals workbook the way a statistics office would: a header row, then
/// one row per value; numbers as numbers, one year typed as text in Chinese numerals.
fn write_actuals_xlsx(path: &Path) {
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    let rows: &[(&str, &str, &str, f64, &str)] = &[
        ("样例市", "GDP增长", "2021", 6.5, "%"),
        ("样例市", "地区生产总值（GDP）增长", "2022", 5.0, "%"),
        ("样例市", "森林覆盖率", "2022", 41.2, "%"),
        ("样例市", "地区生产总值", "2021", 2_130_000.0, "万元"),
        ("样例市", "森林覆盖率", "二〇二一", 40.5, "%"),
    ];
    for (c, h) in ["地区", "指标", "年份", "数值", "单位", "来源"].iter().enumerate() {
        sheet.write_string(0, c as u16, *h).unwrap();
    }
    for (r, (region, indicator, year, value, unit)) in rows.iter().enumerate() {
        let r = r as u32 + 1;
        sheet.write_string(r, 0, *region).unwrap();
        sheet.write_string(r, 1, *indicator).unwrap();
        match year.parse::<f64>() {
            Ok(y) => sheet.write_number(r, 2, y).unwrap(),
            Err(_) => sheet.write_string(r, 2, *year).unwrap(),
        };
        sheet.write_number(r, 3, *value).unwrap();
        sheet.write_string(r, 4, *unit).unwrap();
        sheet.write_string(r, 5, "样例数据（非真实）").unwrap();
    }
    book.save(path).unwrap();
}

/// XLSX actuals in (a bad cell named by file and row), an override of one annual target
/// (who and why, audited, shown as 调整), then the export in all three formats agreeing.
#[test]
fn xlsx_import_override_and_export() {
    on_both_backends("export", |db, dir| {
        lantu(db, dir, &["ingest", &fixture("sample-outline.extract.json")], true);
        let xlsx = dir.join("actuals.xlsx");
        write_actuals_xlsx(&xlsx);
        let out = lantu(db, dir, &["actuals", "import", xlsx.to_str().unwrap()], false);
        assert!(out.contains("4 actuals imported"), "{out}");
        // Row 6 of the sheet (header = row 1) holds the year 二〇二一.
        assert!(out.contains("actuals.xlsx:6: year \"二〇二一\" is not a year"), "{out}");
        let mut store = lantu_store::Store::open(db).unwrap();
        let mut got: Vec<(String, i32, f64, Option<String>)> =
            store.actuals().unwrap().into_iter().map(|a| (a.actual.metric, a.actual.year, a.actual.value, a.actual.unit)).collect();
        got.sort_by(|a, b| a.partial_cmp(b).unwrap());
        assert_eq!(
            got,
            [
                ("地区生产总值".to_string(), 2021, 213.0, Some("亿元".to_string())), // 2 130 000 万元 = 213 亿元
                ("地区生产总值增长".to_string(), 2021, 6.5, Some("%".to_string())),
                ("地区生产总值增长".to_string(), 2022, 5.0, Some("%".to_string())),
                ("森林覆盖率".to_string(), 2022, 41.2, Some("%".to_string())),
            ]
        );

        // 森林覆盖率 40 (2020) → 45 (2025): linear path, 2022 due 40 + 5·2/5 = 42; overridden to 41.
        let why = "2022年受灾，年度间综合平衡";
        let out = lantu(
            db,
            dir,
            &["actuals", "override", "--plan", "1", "--indicator", "森林覆盖率", "--year", "2022", "--value", "41", "--why", why],
            true,
        );
        assert!(out.contains("annual target set to 41 by 测试员"), "{out}");
        lantu(
            db,
            dir,
            &["actuals", "override", "--plan", "1", "--indicator", "森林覆盖率", "--year", "2030", "--value", "1", "--why", "x"],
            false,
        );
        lantu(
            db,
            dir,
            &["actuals", "override", "--plan", "1", "--indicator", "不存在", "--year", "2022", "--value", "1", "--why", "x"],
            false,
        );
        let out = lantu(db, dir, &["status", "--plan", "1", "--year", "2022"], true);
        assert!(out.lines().any(|l| l.contains("森林覆盖率") && l.contains("41（调整）") && l.contains("预警")), "{out}");
        assert!(out.contains(&format!("2022 年目标由 42 调整为 41（测试员：{why}）")), "{out}");
        let log = store.audit_log().unwrap();
        assert!(log.iter().any(|e| e.action == "override" && e.actor == "测试员" && e.detail.contains(why)), "{log:?}");
        lantu(db, dir, &["report", "--plan", "1", "--year", "2022", "--format", "md", "-o", "r.md"], true);
        let md = std::fs::read_to_string(dir.join("r.md")).unwrap();
        assert!(md.contains("| 森林覆盖率 | % | 40 | 41（调整） |") && md.contains(why), "{md}");

        for format in ["csv", "xlsx", "json"] {
            let out = lantu(db, dir, &["export", "--format", format, "--plan", "1", "--year", "2022", "-o", &format!("e.{format}")], true);
            assert!(out.contains("wrote 5 indicators"), "{out}");
        }
        let csv_text = std::fs::read_to_string(dir.join("e.csv")).unwrap();
        let mut reader = csv::Reader::from_reader(csv_text.trim_start_matches('\u{feff}').as_bytes());
        let header: Vec<String> = reader.headers().unwrap().iter().map(str::to_string).collect();
        let csv_rows: Vec<Vec<String>> = reader.records().map(|r| r.unwrap().iter().map(str::to_string).collect()).collect();
        assert_eq!(csv_rows.len(), 5);
        let col = |name: &str| header.iter().position(|h| h == name).unwrap_or_else(|| panic!("no column {name}"));
        let forest = csv_rows.iter().find(|r| r[col("指标")] == "森林覆盖率").unwrap();
        assert_eq!(forest[col("实际值")], "41.2");
        assert_eq!(forest[col("年度目标")], "41");
        assert!(forest[col("年度目标调整")].contains("测试员"));
        // R = (41.2 − 40)/2 points a year ÷ (45 − 40)/5 = 0.6 / 1.0 = 0.6.
        assert_eq!(
            (forest[col("进度比R")].as_str(), forest[col("状态")].as_str(), forest[col("预警")].as_str()),
            ("0.6", "滞后（进度偏慢）", "预警")
        );

        // The workbook opens with calamine and holds the same rows, cell for cell.
        use calamine::Reader;
        let mut book = calamine::open_workbook_auto(dir.join("e.xlsx")).unwrap();
        let sheet = book.sheet_names()[0].clone();
        let range = book.worksheet_range(&sheet).unwrap();
        let xlsx_rows: Vec<Vec<String>> = range.rows().map(|r| r.iter().map(|c| c.to_string()).collect()).collect();
        assert_eq!(xlsx_rows[0], header);
        assert_eq!(&xlsx_rows[1..], &csv_rows[..]);

        let json: serde_json::Value = serde_json::from_slice(&std::fs::read(dir.join("e.json")).unwrap()).unwrap();
        let items = json["indicators"].as_array().unwrap();
        assert_eq!(items.len(), 5);
        let forest = items.iter().find(|i| i["indicator"] == "森林覆盖率").unwrap();
        assert_eq!((forest["actual"].as_f64(), forest["status_code"].as_str()), (Some(41.2), Some("moderate")));
        assert_eq!(forest["actuals"][0]["source"], "样例数据（非真实）");
        // xlsx to standard output is refused; csv goes there.
        lantu(db, dir, &["export", "--format", "xlsx"], false);
        assert!(lantu(db, dir, &["export"], true).contains("森林覆盖率"));
    });
}

/// A work report under its outline (linked by `plan suggest --apply`) whose 2023 goals
/// fall short of what the outline requires by 2023: findings with both sources.
#[test]
fn alignment_findings_for_a_weaker_subordinate_plan() {
    on_both_backends("align", |db, dir| {
        let mut report: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(fixture("sample-report.extract.json")).unwrap()).unwrap();
        let target = |metric: &str, value: f64, bound: &str, line: usize| serde_json::json!({"metric": metric, "year": 2023, "value": value, "unit": "%", "bound": bound, "text": format!("{metric}{value}"), "line": line});
        report["targets"] = serde_json::json!([
            // Outline: 6以上 a year. 5.5 < 6: weaker.
            target("GDP增长", 5.5, ">=", 40),
            // Outline: 40 (2020) → 45 (2025), linear: E(2023) = 40 + 5·3/5 = 43. Equal: fine.
            target("森林覆盖率", 43.0, ">=", 41),
            // Outline: 3.8 (2020) → 4.5以内 (2025), a ceiling: E(2023) = 3.8 + 0.7·3/5 = 4.22. 5 > 4.22: weaker.
            target("城镇登记失业率", 5.0, "<=", 42),
        ]);
        let path = dir.join("report.extract.json");
        std::fs::write(&path, serde_json::to_string(&report).unwrap()).unwrap();
        lantu(db, dir, &["ingest", &fixture("sample-outline.extract.json"), path.to_str().unwrap()], true);
        let out = lantu(db, dir, &["check"], true);
        assert!(!out.contains("[weaker_than_parent]"), "not linked yet: {out}");
        let out = lantu(db, dir, &["plan", "suggest", "--apply"], true);
        assert!(out.contains("1 links made"), "{out}");
        let out = lantu(db, dir, &["check"], true);
        let findings: Vec<&str> = out.lines().filter(|l| l.starts_with("[weaker_than_parent]")).collect();
        assert_eq!(findings.len(), 2, "{out}");
        assert!(
            out.contains("2023 年地区生产总值增长年均增长目标 5.5% 弱于上级规划「样例市国民经济和社会发展第十四个五年规划纲要」的要求 6%"),
            "{out}"
        );
        assert!(out.contains("2023 年城镇登记失业率目标 5% 弱于") && out.contains("的要求 4.22%"), "{out}");
        assert!(out.contains("5.5 — 样例市2023年政府工作报告.txt:40（2023年样例市政府工作报告）"), "{out}");
        assert!(out.contains("6 — 样例市十四五规划纲要.txt:"), "{out}");
        let mut store = lantu_store::Store::open(db).unwrap();
        assert_eq!(store.findings().unwrap().iter().filter(|f| f.kind == "weaker_than_parent").count(), 2);
    });
}

/// The plan id `plan list` shows for the row holding every one of `words`.
fn plan_id(list: &str, words: &[&str]) -> String {
    list.lines()
        .find(|l| words.iter().all(|w| l.contains(w)))
        .and_then(|l| l.split_whitespace().next())
        .unwrap_or_else(|| panic!("no plan with {words:?} in\n{list}"))
        .to_string()
}

/// The status line of one indicator (the first whose name starts the line).
fn status_line<'a>(out: &'a str, name: &str) -> &'a str {
    out.lines().find(|l| l.starts_with(name)).unwrap_or_else(|| panic!("no row {name} in\n{out}"))
}

/// The full cycle over the real seeds with examples/actuals-sample.csv (sample figures,
/// labelled as such): ingest → import → status → check → report, as a user types it.
/// Every status kind appears in 吉林市's table; the figures below are computed by hand.
#[test]
fn seeds_with_the_sample_actuals_show_every_status() {
    let Some(corpus) = corpus() else { return };
    let sample = repo().join("examples/actuals-sample.csv");
    on_both_backends("seeds", |db, dir| {
        lantu(db, dir, &["ingest", corpus.to_str().unwrap()], true);
        let out = lantu(db, dir, &["actuals", "import", sample.to_str().unwrap()], true);
        assert!(out.contains("18 actuals imported") && !out.contains("match no stored indicator"), "{out}");
        let list = lantu(db, dir, &["plan", "list"], true);
        let jilin = plan_id(&list, &["吉林市", "五年规划纲要"]);
        let baicheng = plan_id(&list, &["白城市", "五年规划纲要"]);

        let out = lantu(db, dir, &["status", "--plan", &jilin, "--year", "2022"], true);
        // 常住人口城镇化率 60 → 67 (2020–2025): 1.4 points a year due; 63 in 2022 is
        // (63 − 60)/2 = 1.5 a year; R = 1.5/1.4 = 1.07 ≥ 1.05 → 快于预期. E(2022) = 62.8.
        let l = status_line(&out, "常住人口城镇化率");
        assert!(l.contains("62.8") && l.contains("1.07") && l.contains("快于预期"), "{l}");
        // 规模以上工业企业数量 424 → 700: required (700/424)^(1/5) − 1 = 10.547 %; 515 in 2022:
        // (515/424)^(1/2) − 1 = 10.210 %; R = 0.968 → 基本符合预期. E(2022) = 424·1.65094^(2/5) = 518.15.
        let l = status_line(&out, "规模以上工业企业数量");
        assert!(l.contains("518.15") && l.contains("0.97") && l.contains("基本符合预期"), "{l}");
        // 地区生产总值（GDP）增长 7以上 a year: 6.0 and 5.0 → (1.06·1.05)^(1/2) − 1 = 5.499 %;
        // R = 5.499/7 = 0.79 → 滞后（进度偏慢）.
        let l = status_line(&out, "地区生产总值（GDP）增长");
        assert!(l.contains("0.79") && l.contains("滞后（进度偏慢）"), "{l}");
        // 国家高新技术企业数量 216 → 600: required 22.670 %; 260 in 2022: (260/216)^(1/2) − 1 =
        // 9.713 %; R = 0.43 → 滞后（明显滞后）.
        let l = status_line(&out, "国家高新技术企业数量");
        assert!(l.contains("0.43") && l.contains("滞后（明显滞后）"), "{l}");
        // 森林覆盖率 (约束性) 54.61 → 56: 0.278 points a year due; 54.50 in 2022 is −0.055 a
        // year; R = −0.055/0.278 = −0.2 → 滞后（逆向变化）, and binding: 预警.
        let l = status_line(&out, "森林覆盖率");
        assert!(l.contains("-0.2") && l.contains("滞后（逆向变化）") && l.contains("预警"), "{l}");
        // 城镇登记失业率 4.5以内 (a ceiling): 3.8 ≤ 4.5 → 提前实现.
        assert!(status_line(&out, "城镇登记失业率").contains("提前实现"), "{out}");
        // 居民人均可支配收入增长（城镇）与经济增长同步: 5.2 against GDP growth 5.0 in 2022: R = 1.04 → 基本符合预期.
        let l = status_line(&out, "居民人均可支配收入增长（城镇常住居民）");
        assert!(l.contains("1.04") && l.contains("基本符合预期"), "{l}");
        // 能耗降低 待省下达 → 待定; rows without sample figures → 无法评估.
        assert!(status_line(&out, "单位地区生产总值能耗降低").contains("待定"), "{out}");
        assert!(status_line(&out, "人均预期寿命").contains("无法评估"), "{out}");

        let out = lantu(db, dir, &["status", "--plan", &baicheng, "--year", "2022"], true);
        // 地区生产总值 500 → 720 亿元: required (720/500)^(1/5) − 1 = 7.565 %; 575 in 2022:
        // (575/500)^(1/2) − 1 = 7.238 %; R = 0.957 → 基本符合预期.
        let l = status_line(&out, "地区生产总值");
        assert!(l.contains("0.96") && l.contains("基本符合预期"), "{l}");
        // 粮食综合生产能力 100 → 110 亿斤: 112 ≥ 110 → 提前实现.
        assert!(status_line(&out, "粮食综合生产能力").contains("提前实现"), "{out}");
        // 基本养老保险参保率 76.3 → 78.8: 0.5 points a year due; 76.6 is 0.15 a year: R = 0.3 → 明显滞后.
        let l = status_line(&out, "基本养老保险参保率");
        assert!(l.contains("0.3") && l.contains("滞后（明显滞后）"), "{l}");

        // The seeds state 梅河口's 2022 GDP as 290.09 and as 320 (预计): a finding, both sources.
        let out = lantu(db, dir, &["check"], true);
        assert!(out.contains("290.09亿元 — 001_") && out.contains("320亿元（预计） — 003_"), "{out}");

        lantu(db, dir, &["report", "--plan", &jilin, "--year", "2022", "--format", "html", "-o", "report.html"], true);
        let html = std::fs::read_to_string(dir.join("report.html")).unwrap();
        // The summary counts at least one indicator of every status.
        for status in
            ["提前实现", "快于预期", "基本符合预期", "滞后（进度偏慢）", "滞后（明显滞后）", "滞后（逆向变化）", "无法评估", "待定"]
        {
            assert!(html.contains(&format!(">{status}</span></td><td class=\"n\">")), "no {status} in the summary");
            assert!(
                !html.contains(&format!(">{status}</span></td><td class=\"n\">0</td>")),
                "no indicator shown as {status} in the report"
            );
        }
        assert!(html.contains("样例数据（非真实）"), "the sample figures are labelled as such in the report");
    });
}

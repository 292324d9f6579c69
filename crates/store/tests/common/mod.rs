//! The backends the store suite runs on: SQLite in a temp dir, always; PostgreSQL at
//! `LANTU_TEST_POSTGRES_URL` (default `postgres://postgres@127.0.0.1:5432/test`), each
//! test in a fresh schema, dropped afterwards. Postgres unreachable: the test skips
//! loudly, or fails when `LANTU_REQUIRE_POSTGRES=1`.

#![allow(dead_code)]

use std::sync::atomic::{AtomicUsize, Ordering};

use lantu_extract::model::*;
use lantu_extract::Extraction;
use lantu_store::{PostgresBackend, SqliteBackend, Store};

pub struct Fixture {
    pub store: Store,
    cleanup: Option<(String, String)>,
    _dir: Option<tempfile::TempDir>,
    /// Reopens the same database (for migration tests).
    pub reopen: Box<dyn Fn() -> Store>,
}

impl Drop for Fixture {
    fn drop(&mut self) {
        if let Some((url, schema)) = self.cleanup.take() {
            if let Ok(mut client) = postgres::Client::connect(&url, postgres::NoTls) {
                let _ = client.batch_execute(&format!("DROP SCHEMA IF EXISTS {schema} CASCADE"));
            }
        }
    }
}

pub fn sqlite() -> Option<Fixture> {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("lantu.db");
    let store = Store::with_backend(Box::new(SqliteBackend::open(&path).expect("open sqlite"))).expect("migrate");
    let reopen_path = path.clone();
    Some(Fixture {
        store,
        cleanup: None,
        _dir: Some(dir),
        reopen: Box::new(move || Store::with_backend(Box::new(SqliteBackend::open(&reopen_path).expect("reopen"))).expect("migrate")),
    })
}

pub fn postgres_url() -> String {
    std::env::var("LANTU_TEST_POSTGRES_URL").unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/test".to_string())
}

static NEXT: AtomicUsize = AtomicUsize::new(0);

pub fn postgres() -> Option<Fixture> {
    let url = postgres_url();
    let nanos = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.subsec_nanos());
    let schema = format!("lantu_test_{}_{}_{}", std::process::id(), NEXT.fetch_add(1, Ordering::SeqCst), nanos);
    let backend = match PostgresBackend::connect(&url, Some(&schema)) {
        Ok(b) => b,
        Err(e) => {
            if std::env::var("LANTU_REQUIRE_POSTGRES").is_ok_and(|v| v == "1") {
                panic!("PostgreSQL required (LANTU_REQUIRE_POSTGRES=1) but unreachable at {url}: {e}");
            }
            eprintln!("SKIPPED (PostgreSQL unreachable at {url}: {e}; set LANTU_TEST_POSTGRES_URL)");
            return None;
        }
    };
    let store = Store::with_backend(Box::new(backend)).expect("migrate postgres");
    let (reopen_url, reopen_schema) = (url.clone(), schema.clone());
    Some(Fixture {
        store,
        cleanup: Some((url, schema)),
        _dir: None,
        reopen: Box::new(move || {
            let b = PostgresBackend::connect(&reopen_url, Some(&reopen_schema)).expect("reconnect");
            Store::with_backend(Box::new(b)).expect("migrate")
        }),
    })
}

/// Runs one story on every backend.
#[macro_export]
macro_rules! on_every_backend {
    ($($name:ident),* $(,)?) => {
        mod sqlite_backend {
            $(#[test] fn $name() { if let Some(f) = $crate::common::sqlite() { super::$name(f) } })*
        }
        mod postgres_backend {
            $(#[test] fn $name() { if let Some(f) = $crate::common::postgres() { super::$name(f) } })*
        }
    };
}

/// A small outline of a made-up region, written for these tests.
pub fn outline(sha: &str, region: &str, gdp_2022: f64) -> Extraction {
    let cell = |year, text: Option<&str>, value| YearCell { year: Some(year), text: text.map(str::to_string), value };
    Extraction {
        schema: SCHEMA.to_string(),
        source: Source { file: format!("{region}纲要.txt"), sha256: sha.to_string(), encoding: "utf-8".into(), lines: 900 },
        plan: PlanMeta {
            title: Some(format!("{region}国民经济和社会发展第十四个五年规划纲要")),
            region: Some(region.to_string()),
            kind: PlanKind::FiveYearOutline,
            period: Some(Period { start: 2021, end: 2025 }),
            horizon: Some(2035),
        },
        outline: vec![
            Heading { level: 1, label: "第一章".into(), title: "发展基础".into(), line: 10 },
            Heading { level: 2, label: "第一节".into(), title: "“十三五”成就".into(), line: 12 },
        ],
        indicators: vec![
            Indicator {
                table: Some("主要指标".into()),
                category: Some("经济发展".into()),
                seq: Some(1),
                sub: None,
                name: "地区生产总值".into(),
                unit: Some("亿元".into()),
                baseline: cell(2020, Some("200"), Some(200.0)),
                target: cell(2025, Some("300以上"), Some(300.0)),
                growth: GrowthCell { text: Some("7以上".into()), value: Some(7.0), kind: Some(GrowthKind::Annual) },
                attribute: Some(Attribute::Expected),
                line: 400,
            },
            Indicator {
                table: Some("主要指标".into()),
                category: Some("绿色生态".into()),
                seq: Some(2),
                sub: None,
                name: "单位地区生产总值能耗降低".into(),
                unit: Some("%".into()),
                baseline: cell(2020, None, None),
                target: cell(2025, None, None),
                growth: GrowthCell { text: Some("待省下达".into()), value: None, kind: Some(GrowthKind::Cumulative) },
                attribute: Some(Attribute::Binding),
                line: 402,
            },
        ],
        targets: vec![Target {
            metric: "地区生产总值".into(),
            year: Some(2025),
            value: 300.0,
            unit: Some("亿元".into()),
            bound: Bound::AtLeast,
            text: "地区生产总值达到300亿元以上".into(),
            line: 300,
        }],
        facts: vec![Fact {
            metric: "地区生产总值".into(),
            year: Some(2022),
            value: gdp_2022,
            unit: Some("亿元".into()),
            estimated: false,
            text: format!("2022年地区生产总值{gdp_2022}亿元"),
            line: 8,
        }],
        projects: vec![Project {
            group: Some("专栏 1：重大项目".into()),
            name: "示例大道改造工程".into(),
            description: Some("改造道路12公里".into()),
            investment: Some(Money { value: 2.0, unit: "亿元".into() }),
            line: 800,
            heading: Some(1),
        }],
        warnings: vec![Warning { line: 401, message: "a test warning".into() }],
    }
}

//! Search latency over N plans (default 1,000; `LANTU_BENCH_PLANS` to change), warm,
//! plus one cold figure (the first search after opening the index folder).
//! Run: `cargo bench -p lantu-search`.
//!
//! The plans are the seed documents (`LANTU_CORPUS`, default `../shared/seeds`)
//! repeated under other plan ids, regions, kinds and periods; without the corpus a
//! small built-in sample is repeated instead, and the bench says so. Before the
//! criterion runs, the bench prints p50 / p99 over every query of its query set, run
//! many times, so the figures for BENCHMARKS.md come from one command.

use std::path::PathBuf;
use std::time::{Duration, Instant};

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion};
use lantu_extract::model::PlanKind;
use lantu_extract::Extraction;
use lantu_search::{ItemKind, PlanDoc, Query, SearchIndex};
use tantivy::tokenizer::TokenStream;

/// Queries people type, with and without filters; the frequent word 发展 is the worst case.
fn queries() -> Vec<(&'static str, Query)> {
    vec![
        ("冰雪", Query::text("冰雪")),
        ("冰雪产业", Query::text("冰雪产业")),
        ("地区生产总值 翻一番", Query::text("地区生产总值 翻一番")),
        ("民生实事", Query::text("民生实事")),
        ("region name", Query::text("吉林市")),
        ("region name + 冰雪", Query::text(format!("{} 冰雪", region_name(7)))),
        ("发展 (frequent)", Query::text("发展")),
        ("冰雪 in one region", Query { region: Some(region_name(7)), ..Query::text("冰雪") }),
        ("冰雪 in 2023 outlines", Query { year: Some(2023), kind: Some(PlanKind::FiveYearOutline), ..Query::text("冰雪") }),
        ("projects 旅游", Query { item_kind: Some(ItemKind::Project), ..Query::text("旅游") }),
        ("phrase", Query::text("\"高质量发展\"")),
        ("no hit", Query::text("量子引力")),
    ]
}

fn region_name(i: usize) -> String {
    // Region names that jieba segments like real ones, made unique by a number.
    const STEMS: [&str; 8] = ["松江", "北岭", "清河", "白石", "东原", "南湖", "西林", "安平"];
    const SUFFIXES: [&str; 3] = ["市", "县", "区"];
    format!("{}{}{}", STEMS[i % STEMS.len()], i / STEMS.len(), SUFFIXES[i % SUFFIXES.len()])
}

fn corpus() -> Vec<(String, Extraction)> {
    let dir = std::env::var_os("LANTU_CORPUS")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/seeds"));
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .map(|entries| entries.filter_map(|e| e.ok().map(|e| e.path())).filter(|p| p.extension().is_some_and(|e| e == "txt")).collect())
        .unwrap_or_default();
    files.sort();
    let mut docs: Vec<(String, Extraction)> = files
        .iter()
        .filter_map(|p| {
            let bytes = std::fs::read(p).ok()?;
            let text = lantu_extract::reader::decode(&bytes, usize::MAX).ok()?.text;
            let ex = lantu_extract::extract_bytes(&bytes, "seed.txt", &Default::default()).ok()?;
            Some((text, ex))
        })
        .collect();
    if docs.is_empty() {
        eprintln!("!!! no corpus at {} — measuring a built-in sample only", dir.display());
        let text = "第一章 发展冰雪经济\n\n打造冰雪产业集群，推动高质量发展，办好民生实事。\n\n".repeat(200);
        let ex = lantu_extract::extract_document(&lantu_extract::Document::parse(&text));
        docs.push((text, ex));
    }
    docs
}

const KINDS: [PlanKind; 4] = [PlanKind::FiveYearOutline, PlanKind::SpecialPlan, PlanKind::ImplementationPlan, PlanKind::AnnualReport];

fn build_index(dir: &std::path::Path, n: usize) -> SearchIndex {
    let docs = corpus();
    let index = SearchIndex::create_in_dir(dir).expect("creating the bench index");
    let started = Instant::now();
    // Batches of 100 plans per commit, as a bulk import would do.
    for batch in (0..n).collect::<Vec<_>>().chunks(100) {
        let plans: Vec<PlanDoc> = batch
            .iter()
            .map(|&i| {
                let (text, ex) = &docs[i % docs.len()];
                let mut plan = PlanDoc::from_text(i as i64 + 1, text, ex);
                let region = region_name(i);
                plan.title = format!("{region}{}", plan.title);
                plan.region = Some(region);
                plan.kind = KINDS[i % KINDS.len()];
                let start = 2016 + (i % 3) as i32 * 5;
                plan.period = Some((start, start + 4));
                plan
            })
            .collect();
        index.index_plans(&plans).expect("indexing");
    }
    eprintln!("indexed {n} plans ({} items) in {:.1} s", index.num_items(), started.elapsed().as_secs_f64());
    index
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i.min(sorted.len() - 1)]
}

/// p50 / p99 over all queries of the set, each run `rounds` times, warm.
fn latency_report(index: &SearchIndex, rounds: usize) {
    let qs = queries();
    let mut all = Vec::with_capacity(qs.len() * rounds);
    for (name, q) in &qs {
        let mut times = Vec::with_capacity(rounds);
        let mut total = 0;
        for _ in 0..rounds {
            let t = Instant::now();
            total = index.search(q).expect("search").total;
            times.push(t.elapsed());
        }
        times.sort();
        eprintln!(
            "  {name:<24} {total:>8} hits  p50 {:>8.3} ms  p99 {:>8.3} ms",
            percentile(&times, 0.5).as_secs_f64() * 1e3,
            percentile(&times, 0.99).as_secs_f64() * 1e3
        );
        all.extend(times);
    }
    all.sort();
    eprintln!(
        "ALL QUERIES (warm, {} searches): p50 {:.3} ms  p99 {:.3} ms  max {:.3} ms",
        all.len(),
        percentile(&all, 0.5).as_secs_f64() * 1e3,
        percentile(&all, 0.99).as_secs_f64() * 1e3,
        all.last().map(|d| d.as_secs_f64() * 1e3).unwrap_or(0.0)
    );
}

fn bench(c: &mut Criterion) {
    // The jieba dictionary is loaded on first use, once per process.
    let t = Instant::now();
    let mut analyzer = lantu_search::analyzer::analyzer();
    let mut stream = analyzer.token_stream("冰雪产业");
    while stream.advance() {}
    eprintln!("jieba dictionary load (once per process): {:.1} ms", t.elapsed().as_secs_f64() * 1e3);

    let n: usize = std::env::var("LANTU_BENCH_PLANS").ok().and_then(|v| v.parse().ok()).unwrap_or(1000);
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("search");
    drop(build_index(&path, n));

    // Cold: the first search after opening the folder (the OS page cache stays warm;
    // dropping it would disturb everything else on the machine).
    let t = Instant::now();
    let index = SearchIndex::open_in_dir(&path).expect("opening the bench index");
    let opened = t.elapsed();
    let t = Instant::now();
    index.search(&Query::text("冰雪")).expect("search");
    eprintln!(
        "cold: open {:.3} ms, first search {:.3} ms (OS page cache warm, dictionary loaded)",
        opened.as_secs_f64() * 1e3,
        t.elapsed().as_secs_f64() * 1e3
    );
    latency_report(&index, 200);

    let mut group = c.benchmark_group(format!("search_{n}_plans"));
    for (name, q) in queries() {
        group.bench_with_input(BenchmarkId::from_parameter(name), &q, |b, q| b.iter(|| index.search(q).expect("search").total));
    }
    group.finish();
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(30).measurement_time(Duration::from_secs(2)).warm_up_time(Duration::from_millis(500));
    targets = bench
}
criterion_main!(benches);

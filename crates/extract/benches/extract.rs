//! Extraction throughput in MB/s of plan text, against the floor of merely decoding
//! and NFKC-normalising the same bytes. Run: `cargo bench -p lantu-extract`.
//!
//! Reads the real documents from `LANTU_CORPUS` (default `../shared/seeds`); without
//! them it measures a small built-in sample and says so.

use std::path::PathBuf;

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use unicode_normalization::UnicodeNormalization;

fn corpus() -> Vec<(String, Vec<u8>)> {
    let dir = std::env::var_os("LANTU_CORPUS")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/seeds"));
    let mut docs: Vec<(String, Vec<u8>)> = std::fs::read_dir(&dir)
        .map(|entries| {
            entries
                .filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| p.extension().is_some_and(|e| e == "txt"))
                .filter_map(|p| Some((p.file_name()?.to_string_lossy().into_owned(), std::fs::read(&p).ok()?)))
                .collect()
        })
        .unwrap_or_default();
    docs.sort();
    if docs.is_empty() {
        eprintln!("!!! no corpus at {} — measuring a built-in sample only", dir.display());
        let sample = "第一章 发展基础\n\n２０２０年，地区生产总值达到２１７亿元。\n\n".repeat(2000);
        docs.push(("sample".into(), sample.into_bytes()));
    }
    docs
}

fn bench(c: &mut Criterion) {
    let docs = corpus();
    let all: usize = docs.iter().map(|d| d.1.len()).sum();
    let mut group = c.benchmark_group("corpus");
    group.throughput(Throughput::Bytes(all as u64));
    group.bench_function(BenchmarkId::new("floor", "decode+nfkc"), |b| {
        b.iter(|| {
            let mut n = 0usize;
            for (_, bytes) in &docs {
                let text = lantu_extract::reader::decode(bytes, usize::MAX).expect("seed decodes").text;
                n += text.nfkc().count();
            }
            n
        })
    });
    group.bench_function(BenchmarkId::new("extract", "all sections"), |b| {
        b.iter(|| {
            let mut n = 0usize;
            for (name, bytes) in &docs {
                let out = lantu_extract::extract_bytes(bytes, name, &Default::default()).expect("seed extracts");
                n += out.outline.len() + out.indicators.len() + out.projects.len();
            }
            n
        })
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);

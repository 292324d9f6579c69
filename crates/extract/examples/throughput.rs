//! Extraction throughput in on-CPU time, for a machine shared with other work where
//! wall-clock benchmarks wander. Run:
//!
//! ```sh
//! cargo run --release -p lantu-extract --example throughput -- [DIR] [PASSES]
//! ```
//!
//! Reads every `.txt` in DIR (default `LANTU_CORPUS`, else `../shared/seeds`),
//! compiles the regexes with one untimed pass, then times PASSES passes (default 15)
//! of extraction and of the floor (decode + NFKC) by the process's on-CPU time
//! (`/proc/self/schedstat`, Linux), and the extractor's stages one by one.

use std::path::PathBuf;

use unicode_normalization::UnicodeNormalization;

fn main() {
    let dir = std::env::args()
        .nth(1)
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("LANTU_CORPUS").map(PathBuf::from))
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/seeds"));
    let passes: u32 = std::env::args().nth(2).and_then(|s| s.parse().ok()).unwrap_or(15);
    let mut docs: Vec<(String, Vec<u8>)> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .filter_map(|p| Some((p.file_name()?.to_string_lossy().into_owned(), std::fs::read(&p).ok()?)))
        .collect();
    docs.sort();
    assert!(!docs.is_empty(), "no .txt documents in {}", dir.display());
    let bytes: usize = docs.iter().map(|d| d.1.len()).sum();
    for (name, data) in &docs {
        lantu_extract::extract_bytes(data, name, &Default::default()).expect("document extracts");
    }

    let extract = per_pass(passes, || extract_all(&docs));
    let floor = per_pass(passes, || {
        for (_, data) in &docs {
            let text = lantu_extract::reader::decode(data, usize::MAX).expect("document decodes").text;
            std::hint::black_box(text.nfkc().count());
        }
    });
    let mb_s = |ms: f64| bytes as f64 / 1e3 / ms;
    println!("{} documents, {bytes} bytes, {passes} passes, on-CPU time per pass:", docs.len());
    println!("  extraction {extract:.2} ms ({:.1} MB/s)", mb_s(extract));
    println!("  floor      {floor:.2} ms ({:.1} MB/s)", mb_s(floor));
    println!("  extraction / floor: {:.2}", extract / floor);

    let mut stages = [0.0f64; 7];
    for (_, data) in &docs {
        let text = lantu_extract::reader::decode(data, usize::MAX).expect("document decodes").text;
        let doc = lantu_extract::Document::parse(&text);
        let outline = lantu_extract::outline::extract(&doc);
        let plan = lantu_extract::plan_meta::extract(&doc, &outline);
        let tables = lantu_extract::indicators::extract(&doc);
        stages[0] += per_pass(passes, || drop(std::hint::black_box(lantu_extract::reader::decode(data, usize::MAX))));
        stages[1] += per_pass(passes, || drop(std::hint::black_box(lantu_extract::Document::parse(&text))));
        stages[2] += per_pass(passes, || drop(std::hint::black_box(lantu_extract::outline::extract(&doc))));
        stages[3] += per_pass(passes, || drop(std::hint::black_box(lantu_extract::plan_meta::extract(&doc, &outline))));
        stages[4] += per_pass(passes, || drop(std::hint::black_box(lantu_extract::indicators::extract(&doc))));
        stages[5] +=
            per_pass(passes, || drop(std::hint::black_box(lantu_extract::prose::extract(&doc, &plan, &outline, &tables.line_ranges))));
        stages[6] += per_pass(passes, || drop(std::hint::black_box(lantu_extract::projects::extract(&doc, &outline))));
    }
    let names = ["decode", "parse", "outline", "plan", "indicators", "prose", "projects"];
    let line: Vec<String> = names.iter().zip(stages).map(|(n, ms)| format!("{n} {ms:.2}")).collect();
    println!("  stages, ms per pass: {}", line.join(", "));
}

/// One pass of extraction over the corpus; a function of its own so that callgrind
/// can count just these passes (`--toggle-collect='throughput::extract_all'`).
#[inline(never)]
fn extract_all(docs: &[(String, Vec<u8>)]) {
    for (name, data) in docs {
        std::hint::black_box(lantu_extract::extract_bytes(data, name, &Default::default()).ok());
    }
}

/// Milliseconds of on-CPU time per call of `pass`, over `passes` calls.
fn per_pass(passes: u32, mut pass: impl FnMut()) -> f64 {
    let start = cpu_ns();
    for _ in 0..passes {
        pass();
    }
    (cpu_ns() - start) as f64 / 1e6 / f64::from(passes)
}

/// Nanoseconds this process has spent on a CPU (the first field of schedstat).
fn cpu_ns() -> u64 {
    std::fs::read_to_string("/proc/self/schedstat")
        .ok()
        .and_then(|s| s.split_whitespace().next()?.parse().ok())
        .expect("/proc/self/schedstat (Linux) gives the on-CPU time")
}

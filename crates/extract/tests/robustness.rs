//! No input makes the extractor panic: random slices and mutations of the seeds
//! and of the hand-written fixtures, cut at arbitrary byte offsets (so often inside
//! a UTF-8 character), with lines dropped, duplicated and shuffled, and debris
//! spliced in. Deterministic (a fixed-seed generator) and bounded.

mod common;

use std::path::Path;

/// A small deterministic generator (xorshift64*): no dependency, same cases every run.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    fn below(&mut self, n: usize) -> usize {
        if n == 0 {
            0
        } else {
            (self.next() % n as u64) as usize
        }
    }
}

/// Pieces that stress the readers: numbering tokens, table words, box titles,
/// brackets, private-use characters, page marks, lone numbers.
const DEBRIS: &[&str] = &[
    "第",
    "第一篇",
    "第十章",
    "（一）",
    "1.",
    "一、",
    "专栏",
    "专栏 3：",
    "★",
    "〔",
    "〕",
    "（",
    "）",
    "《",
    "》",
    "类别",
    "序号",
    "指标",
    "2025年",
    "累计",
    "属性",
    "预期性",
    "约束性",
    "——",
    "- 12 -",
    "— 3 —",
    "11",
    "\u{E010}",
    "①",
    "：",
    "。",
    "、",
    "到2025年，",
    "分别达到",
    "亿元",
    "%",
    "以上",
    "\t",
    "\u{3000}",
    "\r",
    "民生实事：",
    "政府工作报告",
    "——2024年1月10日在",
    "\u{FEFF}",
];

fn mutate(rng: &mut Rng, text: &[u8]) -> Vec<u8> {
    match rng.below(5) {
        // A random byte slice (usually not on a character boundary).
        0 => {
            let a = rng.below(text.len());
            let b = (a + rng.below(4000)).min(text.len());
            text[a..b].to_vec()
        }
        // Lines shuffled within a window.
        1 => {
            let s = String::from_utf8_lossy(text);
            let mut lines: Vec<&str> = s.lines().collect();
            let start = rng.below(lines.len());
            let end = (start + 1 + rng.below(60)).min(lines.len());
            for i in (start + 1..end).rev() {
                let j = start + rng.below(i - start + 1);
                lines.swap(i, j);
            }
            lines.join("\n").into_bytes()
        }
        // Lines dropped or duplicated.
        2 => {
            let s = String::from_utf8_lossy(text);
            let mut out = String::new();
            for line in s.lines() {
                match rng.below(10) {
                    0 => {}
                    1 => {
                        out.push_str(line);
                        out.push('\n');
                        out.push_str(line);
                        out.push('\n');
                    }
                    _ => {
                        out.push_str(line);
                        out.push('\n');
                    }
                }
            }
            out.into_bytes()
        }
        // Debris spliced in at character boundaries.
        3 => {
            let s = String::from_utf8_lossy(text).into_owned();
            let mut chars: Vec<String> = s.chars().map(String::from).collect();
            for _ in 0..(1 + rng.below(200)) {
                let at = rng.below(chars.len() + 1);
                let piece = DEBRIS[rng.below(DEBRIS.len())];
                let piece = if rng.below(3) == 0 { format!("\n{piece}") } else { piece.to_string() };
                chars.insert(at.min(chars.len()), piece);
            }
            chars.concat().into_bytes()
        }
        // Random bytes overwritten (invalid UTF-8 included).
        _ => {
            let mut out = text.to_vec();
            for _ in 0..(1 + rng.below(50)) {
                if out.is_empty() {
                    break;
                }
                let at = rng.below(out.len());
                out[at] = (rng.next() & 0xFF) as u8;
            }
            out
        }
    }
}

fn inputs() -> Vec<Vec<u8>> {
    let mut out: Vec<Vec<u8>> = common::seeds().iter().filter_map(|p| std::fs::read(p).ok()).collect();
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    if let Ok(entries) = std::fs::read_dir(dir) {
        let mut files: Vec<_> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
        files.sort();
        out.extend(files.iter().filter(|p| p.extension().is_some_and(|e| e == "txt")).filter_map(|p| std::fs::read(p).ok()));
    }
    out
}

/// Bytes of a document one case starts from.
const WINDOW: usize = 24_000;

#[test]
fn random_slices_and_mutations_never_panic() {
    let inputs = inputs();
    assert!(!inputs.is_empty());
    let mut rng = Rng(0x5EED_1A47_0000_0001);
    // Bounded: 240 windows of at most 24 kB; about two seconds in a debug build.
    // LANTU_FUZZ_CASES runs more when hunting.
    let cases = std::env::var("LANTU_FUZZ_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(240);
    for case in 0..cases {
        let base = &inputs[case % inputs.len()];
        // A window of the document keeps each case small (and cuts anywhere).
        let start = rng.below(base.len().saturating_sub(WINDOW));
        let window = &base[start..(start + WINDOW).min(base.len())];
        let mut doc = mutate(&mut rng, window);
        if rng.below(3) == 0 {
            doc = mutate(&mut rng, &doc);
        }
        let result = std::panic::catch_unwind(|| lantu_extract::extract_bytes(&doc, "case.txt", &Default::default()));
        if result.is_err() {
            let path = std::env::temp_dir().join(format!("lantu-panic-case-{case}.txt"));
            let _ = std::fs::write(&path, &doc);
            panic!("case {case} panicked; input written to {}", path.display());
        }
    }
}

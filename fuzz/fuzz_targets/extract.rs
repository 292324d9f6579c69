//! The document reader and the extractor: any bytes, in any encoding, must give an
//! `Extraction` or a typed `ReadError`, never a panic; and every item read must point at
//! a line that exists in the file (the provenance invariant).
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let options = lantu_extract::Options { max_bytes: 1 << 20 };
    let Ok(out) = lantu_extract::extract_bytes(data, "fuzz.txt", &options) else { return };
    let lines = out.source.lines;
    let in_file = |what: &str, line: usize| {
        assert!((1..=lines).contains(&line), "{what} at line {line}, the file has {lines} lines");
    };
    out.outline.iter().for_each(|h| in_file("heading", h.line));
    out.indicators.iter().for_each(|i| in_file("indicator", i.line));
    out.targets.iter().for_each(|t| in_file("target", t.line));
    out.facts.iter().for_each(|f| in_file("fact", f.line));
    out.projects.iter().for_each(|p| in_file("project", p.line));
    // The contract is JSON: whatever was read must serialise and read back.
    let json = serde_json::to_string(&out).expect("an extraction serialises");
    let back: lantu_extract::Extraction = serde_json::from_str(&json).expect("an extraction reads back");
    assert_eq!(back.source.lines, lines);
});

//! What the fuzz target `extract` (fuzz/fuzz_targets/extract.rs) asserts of any input; the
//! regression test `fuzz_regressions.rs` asserts the same of every saved find. One file,
//! included by both (`#[path]` from the fuzz crate), so the two cannot drift apart.

/// Any bytes give an `Extraction` or a typed error, never a panic; every item read points
/// at a line the file has; the extraction serialises and reads back. `name` is what a
/// failure message calls the input.
pub fn check(data: &[u8], name: &str) {
    let options = lantu_extract::Options { max_bytes: 1 << 20 };
    let Ok(out) = lantu_extract::extract_bytes(data, "fuzz.txt", &options) else { return };
    let lines = out.source.lines;
    let items = (out.outline.iter().map(|h| ("heading", h.line)))
        .chain(out.indicators.iter().map(|i| ("indicator", i.line)))
        .chain(out.targets.iter().map(|t| ("target", t.line)))
        .chain(out.facts.iter().map(|f| ("fact", f.line)))
        .chain(out.projects.iter().map(|p| ("project", p.line)));
    for (what, line) in items {
        assert!((1..=lines).contains(&line), "{name}: {what} at line {line}, the file has {lines} lines");
    }
    // The contract is JSON: whatever was read must serialise and read back.
    let json = serde_json::to_string(&out).expect("an extraction serialises");
    let back: lantu_extract::Extraction = serde_json::from_str(&json).unwrap_or_else(|e| panic!("{name}: {e}"));
    assert_eq!(back.source.lines, lines, "{name}");
}

//! Every input the fuzzer (`fuzz/`, target `extract`) found to crash, hang or break an
//! invariant, minimised, plus the fuzzer's hand-written seeds: each must read as an
//! extraction that keeps the invariants the fuzz target checks, or as a typed error.
//! New finds go in `tests/fuzz-regressions/`, named after what they broke.

use std::path::{Path, PathBuf};

fn files(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_file() && !p.ends_with("README.md"))
        .collect();
    files.sort();
    files
}

mod fuzz_invariants;

fn check(path: &Path) {
    fuzz_invariants::check(&std::fs::read(path).unwrap(), &path.display().to_string());
}

#[test]
fn fuzz_finds_and_seeds_read_sanely() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut inputs = files(&root.join("tests/fuzz-regressions"));
    inputs.extend(files(&root.join("../../fuzz/seeds/extract")));
    assert!(inputs.len() >= 8, "the fuzz seeds are missing: {inputs:?}");
    for path in &inputs {
        check(path);
    }
}

/// An encoding outside the usual few (here windows-1252) had its name lower-cased into a
/// fresh leaked string for every document read: memory that grew with every upload.
#[test]
fn an_unusual_encoding_name_is_made_once() {
    let bytes =
        std::fs::read(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fuzz-regressions/leak-encoding-name-windows-1252.txt")).unwrap();
    let first = lantu_extract::reader::decode(&bytes, 1 << 20).unwrap();
    let second = lantu_extract::reader::decode(&bytes, 1 << 20).unwrap();
    assert!(!matches!(first.encoding, "utf-8" | "gb18030" | "utf-16le" | "utf-16be" | "gbk" | "big5"), "{}", first.encoding);
    assert_eq!(first.encoding, second.encoding);
    assert!(std::ptr::eq(first.encoding, second.encoding), "the name {} was allocated twice", first.encoding);
}

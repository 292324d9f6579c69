//! Every input the fuzzer (`fuzz/`, target `actuals`) found to crash, hang or break an
//! invariant, minimised, plus the fuzzer's hand-written seeds: each must read as rows in
//! file order whose data rows are finite values or `RowError`s, or as a typed error.
//! New finds go in `tests/fuzz-regressions/`, named after what they broke.

use std::path::{Path, PathBuf};

use lantu_actuals::read_rows;

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

/// Whether the file was read as rows (the checks are the fuzz target's).
fn check(path: &Path) -> bool {
    fuzz_invariants::check(&std::fs::read(path).unwrap(), &path.display().to_string())
}

#[test]
fn fuzz_finds_and_seeds_read_sanely() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let seeds = files(&root.join("../../fuzz/seeds/actuals"));
    // The hand-written seeds are files the importer reads: CSV and XLSX alike.
    assert!(seeds.len() >= 4, "the fuzz seeds are missing: {seeds:?}");
    for path in &seeds {
        let read = check(path);
        assert!(read || path.ends_with("odd.csv"), "{}: a seed did not read", path.display());
    }
    for path in files(&root.join("tests/fuzz-regressions")) {
        check(&path);
    }
}

/// A sheet cell naming a shared string the workbook does not have: calamine 0.30 indexed
/// its string table unchecked and panicked (caught as `Damaged`); 0.38 reports it.
#[test]
fn a_shared_string_out_of_range_is_an_error() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fuzz-regressions/panic-xlsx-shared-string-index.xlsx");
    let err = read_rows(&std::fs::read(path).unwrap(), "xlsx").unwrap_err();
    assert!(matches!(err, lantu_actuals::ReadError::Workbook(_)), "{err:?}");
    assert!(err.to_string().contains("shared strings"), "{err}");
}

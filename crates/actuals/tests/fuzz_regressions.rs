//! Every input the fuzzer (`fuzz/`, target `actuals`) found to crash, hang or break an
//! invariant, minimised, plus the fuzzer's hand-written seeds: each must read as rows in
//! file order whose data rows are finite values or `RowError`s, or as a typed error.
//! New finds go in `tests/fuzz-regressions/`, named after what they broke.

use std::path::{Path, PathBuf};

use lantu_actuals::{find_columns, parse_row, read_rows, Columns};

fn files(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_file() && !p.ends_with("README.md"))
        .collect();
    files.sort();
    files
}

/// The fuzz target's checks (fuzz/fuzz_targets/actuals.rs); the format by magic number.
/// Returns whether the file was read as rows.
fn check(path: &Path) -> bool {
    let bytes = std::fs::read(path).unwrap();
    let extension = if bytes.starts_with(b"PK") {
        "xlsx"
    } else if bytes.starts_with(b"\xd0\xcf\x11\xe0") {
        "xls"
    } else {
        "csv"
    };
    let Ok(rows) = read_rows(&bytes, extension) else { return false };
    assert!(rows.windows(2).all(|w| w[0].line < w[1].line), "{}: rows out of order", path.display());
    let Some((header, body)) = rows.split_first() else { return true };
    let columns = find_columns(&header.cells).unwrap_or(Columns {
        region: 0,
        indicator: 1,
        year: 2,
        value: 3,
        unit: Some(4),
        source: Some(5),
        estimated: Some(6),
    });
    for row in body.iter().filter(|r| !r.is_blank()) {
        if let Ok(actual) = parse_row(row, &columns, "fuzz.csv") {
            assert!(actual.value.is_finite(), "{}:{}", path.display(), row.line);
            assert!(!actual.region.is_empty() && !actual.name.is_empty());
        }
    }
    true
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

/// A sheet cell naming a shared string the workbook does not have: calamine 0.30 indexes
/// its string table unchecked and panics; the reader says the workbook is damaged.
#[test]
fn a_shared_string_out_of_range_is_a_damaged_workbook() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fuzz-regressions/panic-xlsx-shared-string-index.xlsx");
    let err = read_rows(&std::fs::read(path).unwrap(), "xlsx").unwrap_err();
    assert!(matches!(err, lantu_actuals::ReadError::Damaged(_)), "{err:?}");
    assert!(err.to_string().starts_with("the workbook is damaged (index out of bounds"), "{err}");
}

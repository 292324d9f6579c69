//! What the fuzz target `actuals` (fuzz/fuzz_targets/actuals.rs) asserts of any input; the
//! regression test `fuzz_regressions.rs` asserts the same of every saved find. One file,
//! included by both (`#[path]` from the fuzz crate), so the two cannot drift apart.

use lantu_actuals::{find_columns, parse_row, read_rows, Columns};

/// Any bytes read as rows in file order, whose data rows are finite values or
/// `RowError`s, or as a typed error; never a panic. The format is chosen by magic number,
/// as a user's file would be by its extension. `name` is what a failure message calls the
/// input. Returns whether the bytes were read as rows.
pub fn check(data: &[u8], name: &str) -> bool {
    let extension = if data.starts_with(b"PK") {
        "xlsx"
    } else if data.starts_with(b"\xd0\xcf\x11\xe0") {
        "xls"
    } else {
        "csv"
    };
    let Ok(rows) = read_rows(data, extension) else { return false };
    assert!(rows.windows(2).all(|w| w[0].line < w[1].line), "{name}: rows out of order");
    let Some((header, body)) = rows.split_first() else { return true };
    // A header that names no columns still has its rows read, in the documented order.
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
            assert!(actual.value.is_finite(), "{name}:{}", row.line);
            assert!(!actual.region.is_empty() && !actual.name.is_empty(), "{name}:{}", row.line);
        }
    }
    true
}

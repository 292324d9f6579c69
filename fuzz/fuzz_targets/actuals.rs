//! The actuals importer's reader: CSV, or a workbook when the bytes are a ZIP (XLSX) or
//! an OLE file (XLS), as `lantu actuals import` reads them before touching the store.
//! Any bytes give rows or a typed error, never a panic; rows come in file order, and a
//! row read is either a finite value or a `RowError`.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(
    init: {
        // lantu-actuals turns a panic inside the workbook parser (calamine) into
        // `ReadError::Damaged`, but libfuzzer-sys's panic hook aborts before anything can
        // catch it. Let those unwind; every other panic still aborts through that hook,
        // and one that nobody catches aborts in libfuzzer-sys, so both are still found.
        let report = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            if !info.location().is_some_and(|l| l.file().contains("/calamine-")) {
                report(info);
            }
        }));
    },
    |data: &[u8]| {
        let extension = if data.starts_with(b"PK") {
            "xlsx"
        } else if data.starts_with(b"\xd0\xcf\x11\xe0") {
            "xls"
        } else {
            "csv"
        };
        let Ok(rows) = lantu_actuals::read_rows(data, extension) else { return };
        assert!(rows.windows(2).all(|w| w[0].line < w[1].line), "rows out of order");
        let Some((header, body)) = rows.split_first() else { return };
        // A header that names no columns still has its rows read, in the documented order.
        let columns = lantu_actuals::find_columns(&header.cells).unwrap_or(lantu_actuals::Columns {
            region: 0,
            indicator: 1,
            year: 2,
            value: 3,
            unit: Some(4),
            source: Some(5),
            estimated: Some(6),
        });
        for row in body.iter().filter(|r| !r.is_blank()) {
            if let Ok(actual) = lantu_actuals::parse_row(row, &columns, "fuzz.csv") {
                assert!(actual.value.is_finite());
                assert!(!actual.region.is_empty() && !actual.name.is_empty());
            }
        }
    }
);

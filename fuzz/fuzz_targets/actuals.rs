//! The actuals importer's reader: CSV, or a workbook when the bytes are a ZIP (XLSX) or
//! an OLE file (XLS), as `lantu actuals import` reads them before touching the store.
//! Any bytes give rows or a typed error, never a panic; rows come in file order, and a
//! row read is either a finite value or a `RowError`.
#![no_main]

use libfuzzer_sys::fuzz_target;

#[path = "../../crates/actuals/tests/fuzz_invariants/mod.rs"]
mod fuzz_invariants;

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
        fuzz_invariants::check(data, "the input");
    }
);

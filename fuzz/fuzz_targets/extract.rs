//! The document reader and the extractor: any bytes, in any encoding, must give an
//! `Extraction` or a typed `ReadError`, never a panic; and every item read must point at
//! a line that exists in the file (the provenance invariant).
#![no_main]

use libfuzzer_sys::fuzz_target;

#[path = "../../crates/extract/tests/fuzz_invariants/mod.rs"]
mod fuzz_invariants;

fuzz_target!(|data: &[u8]| fuzz_invariants::check(data, "the input"));

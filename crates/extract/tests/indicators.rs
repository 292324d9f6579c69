//! Main-indicator tables over the seed documents.

mod common;

#[test]
fn debug_print() {
    for p in ["002", "004"] {
        let Some(out) = common::extract_seed(p) else { return };
        for i in &out.indicators {
            eprintln!("{}", serde_json::to_string(i).unwrap());
        }
        eprintln!("{:?}", out.warnings);
    }
}

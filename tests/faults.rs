//! Faults of the storage through the binary: a store that cannot be written (opened
//! read-only: what a read-only file or mount gives, also when the tests run as root,
//! for whom `chmod 0444` does not bite) makes `ingest` and `actuals import` stop with a
//! message naming the store and a non-zero exit, and stores nothing. The full-disk case
//! needs a small mount: `bench/faults.sh`.

mod common;

use common::{lantu, repo};

fn read_only_store(dir: &std::path::Path) -> (String, String) {
    let path = dir.join("lantu.db").to_string_lossy().into_owned();
    let outline = repo().join("tests/fixtures/sample-outline.extract.json");
    lantu(&path, dir, &["ingest", outline.to_str().unwrap()], true);
    (path.clone(), format!("file:{path}?mode=ro"))
}

#[test]
fn ingest_into_a_read_only_store_names_the_store_and_fails() {
    let dir = tempfile::tempdir().unwrap();
    let (path, ro) = read_only_store(dir.path());
    let before = lantu(&path, dir.path(), &["plan", "list"], true);
    let report = repo().join("tests/fixtures/sample-report.extract.json");
    let out = lantu(&ro, dir.path(), &["ingest", report.to_str().unwrap()], false);
    assert!(out.contains(&ro) && out.contains("cannot be written"), "{out}");
    assert!(!out.contains("panicked"), "{out}");
    assert_eq!(before, lantu(&path, dir.path(), &["plan", "list"], true), "nothing of the refused document was stored");
    assert_eq!(before, lantu(&ro, dir.path(), &["plan", "list"], true), "a read-only store still reads");
    // The same document goes in once the store can be written.
    let out = lantu(&path, dir.path(), &["ingest", report.to_str().unwrap()], true);
    assert!(out.contains("1 new plans"), "{out}");
}

#[test]
fn actuals_import_into_a_read_only_store_names_the_store_and_fails() {
    let dir = tempfile::tempdir().unwrap();
    let (path, ro) = read_only_store(dir.path());
    // The fixture's first rows, which import cleanly (its later rows are refused on purpose).
    let fixture = std::fs::read_to_string(repo().join("tests/fixtures/sample-actuals.csv")).unwrap();
    let csv = dir.path().join("good.csv");
    std::fs::write(&csv, fixture.lines().take(3).map(|l| format!("{l}\n")).collect::<String>()).unwrap();
    let out = lantu(&ro, dir.path(), &["actuals", "import", csv.to_str().unwrap()], false);
    assert!(out.contains(&ro) && out.contains("nothing was stored"), "{out}");
    let listed = lantu(&path, dir.path(), &["actuals", "list"], true);
    let imported_first = lantu(&path, dir.path(), &["actuals", "import", csv.to_str().unwrap()], true);
    assert!(imported_first.contains("imported"), "{imported_first}");
    assert_ne!(listed, lantu(&path, dir.path(), &["actuals", "list"], true), "the refused import had stored nothing");
}

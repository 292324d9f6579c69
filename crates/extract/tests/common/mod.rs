//! Shared helpers of the extractor's integration tests: where the real documents are.
//!
//! The seed documents are not part of the repository. Tests read them from
//! `LANTU_CORPUS` (default `../shared/seeds` from the workspace root). When the folder
//! is missing the tests say so loudly and skip, unless `LANTU_REQUIRE_CORPUS=1`
//! (set by `.ci/run`), in which case they fail.

#![allow(dead_code)]

use std::path::PathBuf;

/// The corpus folder, or `None` (after a loud message) when it is absent and not required.
pub fn corpus_dir() -> Option<PathBuf> {
    let dir = match std::env::var_os("LANTU_CORPUS") {
        Some(d) => PathBuf::from(d),
        // Tests run with the crate folder as cwd; the workspace root is two up.
        None => PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/seeds"),
    };
    if dir.is_dir() {
        return Some(dir);
    }
    let required = std::env::var("LANTU_REQUIRE_CORPUS").is_ok_and(|v| v == "1");
    let msg = format!(
        "\n!!! LANTU CORPUS NOT FOUND at {} — tests over the real documents are SKIPPED.\n\
         !!! Set LANTU_CORPUS to the seeds folder (../shared/seeds).\n",
        dir.display()
    );
    if required {
        panic!("{msg}LANTU_REQUIRE_CORPUS=1, so this is a failure.");
    }
    eprintln!("{msg}");
    None
}

/// Every `.txt` document of the corpus, sorted by name.
pub fn seeds() -> Vec<PathBuf> {
    let Some(dir) = corpus_dir() else { return Vec::new() };
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("reading the corpus folder")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .collect();
    files.sort();
    files
}

/// The seed whose file name starts with `prefix` (e.g. "002"), if the corpus is present.
pub fn seed(prefix: &str) -> Option<PathBuf> {
    let found = seeds().into_iter().find(|p| p.file_name().and_then(|n| n.to_str()).is_some_and(|n| n.starts_with(prefix)));
    if found.is_none() && corpus_dir().is_some() {
        panic!("no seed document starting with {prefix} in the corpus");
    }
    found
}

/// Extracts one seed document with default options.
pub fn extract_seed(prefix: &str) -> Option<lantu_extract::Extraction> {
    let path = seed(prefix)?;
    let bytes = std::fs::read(&path).expect("reading a seed");
    let name = path.file_name().unwrap().to_string_lossy().into_owned();
    Some(lantu_extract::extract_bytes(&bytes, &name, &Default::default()).expect("extracting a seed"))
}

/// The gold file `../shared/gold/<stem>.<section>.json` for a seed, when present.
pub fn gold(prefix: &str, section: &str) -> Option<serde_json::Value> {
    let dir = corpus_dir()?.join("../gold");
    let entry = std::fs::read_dir(dir).ok()?.filter_map(|e| e.ok()).find(|e| {
        let n = e.file_name().to_string_lossy().into_owned();
        n.starts_with(prefix) && n.ends_with(&format!(".{section}.json"))
    })?;
    let text = std::fs::read_to_string(entry.path()).ok()?;
    serde_json::from_str(&text).ok()
}

//! Where the real documents are (the same rule as the extractor's tests).
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

/// One seed document: its number (the file name's prefix), decoded text and extraction.
pub struct Seed {
    pub number: i64,
    pub text: String,
    pub extraction: lantu_extract::Extraction,
}

/// Every `.txt` document of the corpus, sorted by name, decoded and extracted.
pub fn seeds() -> Vec<Seed> {
    let Some(dir) = corpus_dir() else { return Vec::new() };
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("reading the corpus folder")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .collect();
    files.sort();
    files
        .iter()
        .enumerate()
        .map(|(i, path)| {
            let bytes = std::fs::read(path).expect("reading a seed");
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            let number = name.split('_').next().and_then(|n| n.parse().ok()).unwrap_or(i as i64);
            let text = lantu_extract::reader::decode(&bytes, usize::MAX).expect("decoding a seed").text;
            let extraction = lantu_extract::extract_bytes(&bytes, &name, &Default::default()).expect("extracting a seed");
            Seed { number, text, extraction }
        })
        .collect()
}

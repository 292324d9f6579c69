//! Demo content for `lantu serve --demo`: the real documents of a corpus folder when
//! there is one, else a short sample plan embedded in the binary (labelled 示例, all of
//! its places and figures invented). Every demo plan is published.

use std::path::Path;

use lantu_store::Store;

/// The sample plan (UTF-8 text written for lantu, not taken from any document).
pub const SAMPLE_PLAN: &str = include_str!("../assets/sample_plan.txt");
/// The units the demo makes answerable for each plan's first and second indicators
/// and projects.
pub const DEMO_UNITS: [&str; 2] = ["统计局", "发展改革委"];
pub const SAMPLE_FILE: &str = "示例市十四五规划纲要（示例）.txt";

/// Ingests the `.txt` files of `corpus` (when it is a folder with any), else the sample
/// plan; publishes everything. Returns the number of documents stored.
pub fn load(store: &mut Store, corpus: Option<&Path>) -> Result<usize, String> {
    let mut files: Vec<std::path::PathBuf> = match corpus {
        Some(dir) if dir.is_dir() => std::fs::read_dir(dir)
            .map_err(|e| format!("{}: {e}", dir.display()))?
            .filter_map(Result::ok)
            .map(|e| e.path())
            .filter(|p| p.extension().is_some_and(|x| x == "txt"))
            .collect(),
        _ => Vec::new(),
    };
    files.sort();
    let mut stored = 0;
    for file in &files {
        let bytes = std::fs::read(file).map_err(|e| format!("{}: {e}", file.display()))?;
        let name = file.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        match ingest_bytes(store, &bytes, &name) {
            Ok(()) => stored += 1,
            // One odd document must not keep the demo from starting.
            Err(e) => tracing::warn!("{}: {e}", file.display()),
        }
    }
    if stored == 0 {
        ingest_bytes(store, SAMPLE_PLAN.as_bytes(), SAMPLE_FILE)?;
        stored = 1;
    }
    let aliases = lantu_monitor::Aliases::default();
    for plan in store.list_plans().map_err(|e| e.to_string())? {
        store.set_published(plan.id, true).map_err(|e| e.to_string())?;
        // Two units answerable for the first indicators, so a unit user can try both.
        let detail = store.plan(plan.id).map_err(|e| e.to_string())?;
        for (ind, unit) in detail.indicators.iter().zip(DEMO_UNITS) {
            let key = crate::monitoring::indicator_key(&aliases, &ind.name, ind.sub.as_deref());
            store.assign_unit(plan.id, &key, unit).map_err(|e| e.to_string())?;
        }
        // And for the first projects, so a unit user can enter progress (项目进展).
        for (project, unit) in detail.projects.iter().zip(DEMO_UNITS) {
            store.assign_project_unit(plan.id, &crate::projects::project_key(project), unit).map_err(|e| e.to_string())?;
        }
    }
    Ok(stored)
}

/// Extracts and stores one document with its text.
pub fn ingest_bytes(store: &mut Store, bytes: &[u8], name: &str) -> Result<(), String> {
    let options = lantu_extract::Options::default();
    let decoded = lantu_extract::reader::decode(bytes, options.max_bytes).map_err(|e| e.to_string())?;
    let ex = lantu_extract::extract_bytes(bytes, name, &options).map_err(|e| e.to_string())?;
    store.ingest_with_text(&ex, &decoded.text).map_err(|e| e.to_string())?;
    Ok(())
}

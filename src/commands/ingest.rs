//! `lantu ingest PATH…`: extract and store documents; one bad file is reported and
//! skipped, the others still go in.

use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use lantu_store::{IngestStatus, Store};

#[derive(clap::Args)]
pub struct Args {
    /// Files or directories (read recursively; hidden entries skipped).
    #[arg(required = true)]
    pub paths: Vec<PathBuf>,
    /// Refuse files larger than this many bytes.
    #[arg(long, default_value_t = lantu_extract::reader::DEFAULT_MAX_BYTES, env = "LANTU_MAX_BYTES")]
    pub max_bytes: usize,
}

pub fn run(db: &str, args: &Args) -> Result<()> {
    let files = collect_files(&args.paths)?;
    let mut store = super::open_store(db)?;
    let bar = indicatif::ProgressBar::new(files.len() as u64);
    if files.len() < 3 {
        bar.set_draw_target(indicatif::ProgressDrawTarget::hidden());
    }
    bar.set_style(
        indicatif::ProgressStyle::with_template("{bar:30} {pos}/{len} {wide_msg}")
            .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
    );
    let mut summary = Summary::default();
    let mut failures = Vec::new();
    for file in &files {
        bar.set_message(file.display().to_string());
        match ingest_one(&mut store, file, args.max_bytes) {
            Ok(outcome) => summary.add(&outcome),
            // A store that cannot be written fails every file alike: stop at the first.
            Err(e) if storage_unavailable(&e) => {
                bar.finish_and_clear();
                println!("{}", summary.render(files.len(), files.len() - summary.done()));
                let cause = e.chain().last().map(|c| c.to_string()).unwrap_or_default();
                anyhow::bail!(
                    "{}: the store cannot be written (read-only or full disk?): {cause}; stopped at {}, nothing of it was stored",
                    super::shown_store(db),
                    file.display()
                );
            }
            Err(e) => {
                let chain: Vec<String> = e.chain().map(|c| c.to_string()).collect();
                bar.suspend(|| eprintln!("lantu: {}", chain.join(": ")));
                failures.push(file.clone());
            }
        }
        bar.inc(1);
    }
    bar.finish_and_clear();
    println!("{}", summary.render(files.len(), failures.len()));
    if !failures.is_empty() {
        anyhow::bail!("{} of {} files failed", failures.len(), files.len());
    }
    Ok(())
}

fn ingest_one(store: &mut Store, file: &Path, max_bytes: usize) -> Result<lantu_store::IngestOutcome> {
    let shown = file.display().to_string();
    let (name, bytes) = super::read_document(file, max_bytes)?;
    if let Some(ex) = already_extracted(&bytes) {
        return store.ingest(&ex).with_context(|| format!("{shown}: storing"));
    }
    let options = lantu_extract::Options { max_bytes };
    // The text is kept with the version: the web app's plan page shows it, every item linked to its line.
    let (ex, text) = lantu_extract::extract_with_text(&bytes, &name, &options).with_context(|| shown.clone())?;
    store.ingest_with_text(&ex, &text).with_context(|| format!("{shown}: storing"))
}

fn storage_unavailable(e: &anyhow::Error) -> bool {
    e.chain().any(|c| c.downcast_ref::<lantu_store::StoreError>().is_some_and(lantu_store::StoreError::is_storage_unavailable))
}

/// A `lantu extract --format json` output (the `lantu.extract/1` contract, the
/// project's interchange format) is stored as it is: extracted elsewhere, or reviewed
/// and corrected by hand. Its `source.sha256` is the original document's.
fn already_extracted(bytes: &[u8]) -> Option<lantu_extract::Extraction> {
    let first = bytes.iter().find(|b| !b.is_ascii_whitespace())?;
    if *first != b'{' {
        return None;
    }
    serde_json::from_slice::<lantu_extract::Extraction>(bytes).ok().filter(|ex| ex.schema == lantu_extract::model::SCHEMA)
}

/// Files named, and the files under directories named, sorted for a stable order.
fn collect_files(paths: &[PathBuf]) -> Result<Vec<PathBuf>> {
    let mut out = Vec::new();
    for p in paths {
        if p.is_dir() {
            walk(p, &mut out).with_context(|| p.display().to_string())?;
        } else {
            out.push(p.clone());
        }
    }
    Ok(out)
}

fn walk(dir: &Path, out: &mut Vec<PathBuf>) -> std::io::Result<()> {
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)?.filter_map(|e| e.ok().map(|e| e.path())).collect();
    entries.sort();
    for path in entries {
        let hidden = path.file_name().is_some_and(|n| n.to_string_lossy().starts_with('.'));
        if hidden {
            continue;
        }
        if path.is_dir() {
            walk(&path, out)?;
        } else {
            out.push(path);
        }
    }
    Ok(())
}

#[derive(Default)]
struct Summary {
    new_plans: usize,
    new_versions: usize,
    unchanged: usize,
    indicators: usize,
    targets: usize,
    facts: usize,
    projects: usize,
    warnings: usize,
}

impl Summary {
    fn done(&self) -> usize {
        self.new_plans + self.new_versions + self.unchanged
    }

    fn add(&mut self, o: &lantu_store::IngestOutcome) {
        match o.status {
            IngestStatus::Unchanged => {
                self.unchanged += 1;
                return;
            }
            IngestStatus::NewPlan => self.new_plans += 1,
            IngestStatus::NewVersion => self.new_versions += 1,
        }
        self.indicators += o.indicators;
        self.targets += o.targets;
        self.facts += o.facts;
        self.projects += o.projects;
        self.warnings += o.warnings;
    }

    fn render(&self, files: usize, failed: usize) -> String {
        format!(
            "{files} files: {} new plans, {} new versions, {} unchanged, {failed} failed\n\
             stored: {} indicators, {} targets, {} facts, {} projects, {} warnings",
            self.new_plans, self.new_versions, self.unchanged, self.indicators, self.targets, self.facts, self.projects, self.warnings
        )
    }
}

//! The persistent search index of `lantu serve`: where it lives, how it is known to
//! match the store, and the background work that brings it up to date.
//!
//! Invariant: every commit of the index carries, in the same atomic step (tantivy's
//! commit payload in `meta.json`), a [`Manifest`] naming for each indexed plan the
//! store's version id and sha256 it was indexed from. So what the manifest says is
//! exactly what the committed items are, after a crash at any point too. The index is
//! up to date when the manifest equals `(plan id → current version id, sha256)` of the
//! store's plans; [`sync`] makes it so by removing the plans the store no longer has
//! and (re)indexing the missing and changed ones, committing every [`COMMIT_EVERY`]
//! plans. An index without a manifest, with another format, or that tantivy cannot
//! open is emptied and rebuilt ([`open_index`]), never served.

use std::collections::BTreeMap;
use std::fs::File;
use std::path::{Path, PathBuf};
use std::sync::{Arc, RwLock};
use std::time::{Duration, Instant};

use lantu_search::{SearchError, SearchIndex};
use lantu_store::{Store, StoreError};
use serde::{Deserialize, Serialize};
use sha2::Digest as _;

use crate::search::{plan_input, SearchBackend, SearchFailure, SearchRequest, SearchResults};

/// What the manifest's `format` must be for an index to be reused: the index layout
/// (bump when lantu-search's schema or items change) and the lantu version (whose
/// analyzer and dictionary built it). Anything else is rebuilt.
pub const FORMAT: &str = concat!("lantu-search/1 lantu/", env!("CARGO_PKG_VERSION"));

/// Plans indexed between two commits while syncing: what a crash can lose (it is
/// redone at the next start), and few enough commits to keep segments few.
pub const COMMIT_EVERY: usize = 100;

/// The file that marks a folder as a lantu search index (and is locked while a server
/// uses it). Without it, or tantivy's `meta.json`, a non-empty folder is not emptied.
const MARKER: &str = "lantu-search-index.lock";

#[derive(Debug, thiserror::Error)]
pub enum IndexError {
    #[error(transparent)]
    Search(#[from] SearchError),
    #[error("reading the store for the search index: {0}")]
    Store(#[from] StoreError),
    #[error("search index folder {path}: {source}")]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("{0} holds files that are not a lantu search index; not touching them (choose another --index-dir)")]
    NotAnIndex(PathBuf),
    #[error("the search index in {0} is in use by another lantu process")]
    InUse(PathBuf),
}

fn io(path: &Path) -> impl FnOnce(std::io::Error) -> IndexError + '_ {
    move |source| IndexError::Io { path: path.to_path_buf(), source }
}

/// Which version of each plan the committed index holds.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Manifest {
    pub format: String,
    pub plans: BTreeMap<i64, Stamp>,
}

/// The store's identity of a plan's version: its `plan_versions.id` and the sha256 of
/// its document (so that a store replaced by another, whose ids start again, does not
/// pass for the same).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Stamp {
    pub version: i64,
    pub sha256: String,
}

impl Manifest {
    fn new() -> Manifest {
        Manifest { format: FORMAT.to_string(), plans: BTreeMap::new() }
    }

    /// The manifest of the index's last commit; `None` when there is none or it is not
    /// one of this format.
    pub fn of(index: &SearchIndex) -> Result<Option<Manifest>, SearchError> {
        let Some(payload) = index.commit_payload()? else { return Ok(None) };
        Ok(serde_json::from_str::<Manifest>(&payload).ok().filter(|m| m.format == FORMAT))
    }

    fn to_payload(&self) -> String {
        // A map of plain values: serialising cannot fail.
        serde_json::to_string(self).unwrap_or_default()
    }
}

/// How [`open_index`] found the folder.
#[derive(Debug, Clone, PartialEq)]
pub enum Opened {
    /// An index of this format with its manifest: reused, to be synced.
    Reused,
    /// No index there yet.
    Created,
    /// The folder held an index that could not be trusted (the reason): emptied.
    Rebuilt(String),
}

/// The index in `dir`, and the lock that keeps other lantu processes off it for as
/// long as it is held.
pub struct OpenIndex {
    pub index: SearchIndex,
    pub opened: Opened,
    _lock: File,
}

/// Opens the index in `dir` for a server: created when missing; emptied and created
/// again when tantivy cannot open it, it has no manifest (a first build that never
/// committed, or a commit written by something else) or one of another format. A
/// folder with other files in it is refused, never emptied.
pub fn open_index(dir: &Path) -> Result<OpenIndex, IndexError> {
    std::fs::create_dir_all(dir).map_err(io(dir))?;
    let marker = dir.join(MARKER);
    let has_files = std::fs::read_dir(dir).map_err(io(dir))?.next().is_some();
    if has_files && !marker.exists() && !dir.join("meta.json").exists() {
        return Err(IndexError::NotAnIndex(dir.to_path_buf()));
    }
    let lock = File::options().create(true).truncate(false).write(true).open(&marker).map_err(io(&marker))?;
    match lock.try_lock() {
        Ok(()) => {}
        Err(std::fs::TryLockError::WouldBlock) => return Err(IndexError::InUse(dir.to_path_buf())),
        Err(std::fs::TryLockError::Error(e)) => return Err(io(&marker)(e)),
    }
    if !dir.join("meta.json").exists() {
        let index = SearchIndex::create_in_dir(dir)?;
        return Ok(OpenIndex { index, opened: Opened::Created, _lock: lock });
    }
    let reason = match SearchIndex::open_in_dir(dir) {
        Ok(index) => match Manifest::of(&index) {
            Ok(Some(_)) => return Ok(OpenIndex { index, opened: Opened::Reused, _lock: lock }),
            Ok(None) => "no record of what it holds, or one of another lantu version".to_string(),
            Err(e) => e.to_string(),
        },
        Err(e) => e.to_string(),
    };
    empty_folder(dir)?;
    let index = SearchIndex::create_in_dir(dir)?;
    Ok(OpenIndex { index, opened: Opened::Rebuilt(reason), _lock: lock })
}

/// Removes everything in `dir` but the (locked) marker.
fn empty_folder(dir: &Path) -> Result<(), IndexError> {
    for entry in std::fs::read_dir(dir).map_err(io(dir))? {
        let path = entry.map_err(io(dir))?.path();
        if path.file_name().is_some_and(|n| n == MARKER) {
            continue;
        }
        let removed = if path.is_dir() { std::fs::remove_dir_all(&path) } else { std::fs::remove_file(&path) };
        removed.map_err(io(&path))?;
    }
    Ok(())
}

/// What one [`sync`] did.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct SyncStats {
    /// Plans indexed: new ones and those with a new version.
    pub indexed: usize,
    /// Plans the store no longer has, taken out.
    pub removed: usize,
    /// Plans already up to date.
    pub unchanged: usize,
    pub items: u64,
    pub elapsed: Duration,
}

/// Brings the index up to date with the store (see the module's invariant), one plan
/// at a time so that memory stays bounded whatever the number of plans: a plan's
/// stored items and text are read, indexed and dropped before the next. `progress`
/// is told `(done, to do)` after each plan.
pub fn sync(store: &mut Store, index: &SearchIndex, progress: &dyn Fn(usize, usize)) -> Result<SyncStats, IndexError> {
    let started = Instant::now();
    let mut manifest = Manifest::of(index)?.unwrap_or_else(Manifest::new);
    let plans = store.list_plans()?;
    let current: BTreeMap<i64, Stamp> = plans.iter().map(|p| (p.id, Stamp { version: p.version_id, sha256: p.sha256.clone() })).collect();
    let gone: Vec<i64> = manifest.plans.keys().filter(|id| !current.contains_key(id)).copied().collect();
    let stale: Vec<i64> = current.iter().filter(|(id, stamp)| manifest.plans.get(id) != Some(stamp)).map(|(id, _)| *id).collect();
    let mut stats = SyncStats { removed: gone.len(), unchanged: current.len() - stale.len(), ..SyncStats::default() };
    progress(0, stale.len());
    if gone.is_empty() && stale.is_empty() {
        stats.items = index.num_items();
        stats.elapsed = started.elapsed();
        return Ok(stats);
    }
    let mut batch = index.batch()?;
    for id in gone {
        batch.remove_plan(id);
        manifest.plans.remove(&id);
    }
    let mut pending = 0;
    for (n, &id) in stale.iter().enumerate() {
        let input = match plan_input(store, id) {
            Ok(input) => input,
            // Deleted since the list was read: the next sync takes it out.
            Err(StoreError::NotFound { .. }) => continue,
            Err(e) => return Err(e.into()),
        };
        batch.add_plan(&input.doc())?;
        manifest.plans.insert(id, Stamp { version: input.version_id, sha256: input.sha256 });
        pending += 1;
        if pending == COMMIT_EVERY {
            batch.commit(Some(&manifest.to_payload()))?;
            batch = index.batch()?;
            pending = 0;
        }
        stats.indexed += 1;
        progress(n + 1, stale.len());
    }
    batch.commit(Some(&manifest.to_payload()))?;
    stats.items = index.num_items();
    stats.elapsed = started.elapsed();
    Ok(stats)
}

/// The search backend of a server whose index is built in the background: "being
/// built" until the first [`sync`] is done, then the index (kept up to date by later
/// syncs, each plan's change visible at once when committed).
pub struct LiveIndex {
    state: RwLock<State>,
}

enum State {
    Building { indexed: usize, total: usize },
    Ready(Arc<SearchIndex>),
    Failed(String),
}

impl Default for LiveIndex {
    fn default() -> Self {
        LiveIndex { state: RwLock::new(State::Building { indexed: 0, total: 0 }) }
    }
}

impl LiveIndex {
    /// A backend that answers "being built" until [`LiveIndex::ready`] is called.
    pub fn building() -> LiveIndex {
        LiveIndex::default()
    }

    pub fn progress(&self, indexed: usize, total: usize) {
        let mut state = self.state.write().unwrap_or_else(std::sync::PoisonError::into_inner);
        if let State::Building { .. } = *state {
            *state = State::Building { indexed, total };
        }
    }

    pub fn ready(&self, index: Arc<SearchIndex>) {
        *self.state.write().unwrap_or_else(std::sync::PoisonError::into_inner) = State::Ready(index);
    }

    pub fn failed(&self, reason: String) {
        *self.state.write().unwrap_or_else(std::sync::PoisonError::into_inner) = State::Failed(reason);
    }

    pub fn is_ready(&self) -> bool {
        matches!(*self.state.read().unwrap_or_else(std::sync::PoisonError::into_inner), State::Ready(_))
    }
}

impl SearchBackend for LiveIndex {
    fn search(&self, request: &SearchRequest, plans: &[i64]) -> Result<SearchResults, SearchFailure> {
        let index = match &*self.state.read().unwrap_or_else(std::sync::PoisonError::into_inner) {
            State::Ready(index) => index.clone(),
            &State::Building { indexed, total } => return Err(SearchFailure::Building { indexed, total }),
            State::Failed(reason) => return Err(SearchFailure::Unavailable(reason.clone())),
        };
        SearchBackend::search(&*index, request, plans)
    }
}

/// How the server keeps its index.
#[derive(Debug, Clone)]
pub struct IndexerConfig {
    pub dir: PathBuf,
    /// How often the store is compared with the index again after start-up (changes
    /// made by the CLI while the server runs); `None`: only at start-up.
    pub refresh: Option<Duration>,
}

/// Starts the background indexer: a thread with its own store connection (`open`, so
/// that indexing never holds the server's) that opens the index, syncs it, makes it
/// the returned backend's, then syncs again every `refresh`. Errors are logged; a
/// failure before the index is ready makes search answer "unavailable".
pub fn start(open: impl FnOnce() -> Result<Store, StoreError> + Send + 'static, config: IndexerConfig) -> std::io::Result<Arc<LiveIndex>> {
    let live = Arc::new(LiveIndex::building());
    let backend = live.clone();
    std::thread::Builder::new().name("lantu-indexer".into()).spawn(move || {
        if let Err(e) = run(open, &config, &live) {
            // Said on stderr like the "ready" line, for operators and the bench scripts.
            eprintln!("lantu: search index not available ({}): {e}", config.dir.display());
            live.failed(e.to_string());
        }
    })?;
    Ok(backend)
}

fn run(open: impl FnOnce() -> Result<Store, StoreError>, config: &IndexerConfig, live: &LiveIndex) -> Result<(), IndexError> {
    let mut store = open()?;
    let OpenIndex { index, opened, _lock } = open_index(&config.dir)?;
    match &opened {
        Opened::Reused => tracing::info!("search index {}: reusing it", config.dir.display()),
        Opened::Created => tracing::info!("search index {}: building it", config.dir.display()),
        Opened::Rebuilt(why) => tracing::warn!("search index {}: rebuilding it ({why})", config.dir.display()),
    }
    let stats = sync(&mut store, &index, &|done, total| live.progress(done, total))?;
    // The writer's memory is not needed between syncs.
    index.release_writer()?;
    eprintln!(
        "lantu: search index ready: {} plan(s) indexed, {} unchanged, {} removed, {} item(s), {} ms ({})",
        stats.indexed,
        stats.unchanged,
        stats.removed,
        stats.items,
        stats.elapsed.as_millis(),
        config.dir.display()
    );
    let index = Arc::new(index);
    live.ready(index.clone());
    let Some(every) = config.refresh else { return Ok(()) };
    loop {
        std::thread::sleep(every);
        match sync(&mut store, &index, &|_, _| {}).and_then(|s| index.release_writer().map(|()| s).map_err(Into::into)) {
            Ok(s) if s.indexed + s.removed > 0 => {
                tracing::info!("search index: {} plan(s) indexed, {} removed in {} ms", s.indexed, s.removed, s.elapsed.as_millis())
            }
            Ok(_) => {}
            // The index stays as last committed (consistent); the next round retries.
            Err(e) => tracing::warn!("search index refresh: {e}"),
        }
    }
}

/// Where `lantu serve` keeps the index of store `db` unless told: next to a SQLite
/// file (`lantu.db` → `lantu.db.search`); for PostgreSQL, in the user's cache folder
/// under a name made from the URL (without its password), so two databases never
/// share one.
pub fn default_dir(db: &str, is_postgres: bool) -> PathBuf {
    if is_postgres {
        let base = std::env::var_os("XDG_CACHE_HOME")
            .map(PathBuf::from)
            .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".cache")))
            .unwrap_or_else(std::env::temp_dir);
        let key = without_password(db);
        let digest = sha2::Sha256::digest(key.as_bytes());
        let name: String = digest.iter().take(8).map(|b| format!("{b:02x}")).collect();
        return base.join("lantu").join(format!("search-{name}"));
    }
    // `file:PATH?mode=ro` names the file PATH.
    let path = db.strip_prefix("file:").map(|p| p.split('?').next().unwrap_or(p)).unwrap_or(db);
    PathBuf::from(format!("{path}.search"))
}

fn without_password(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(scheme), Some(at)) if at > scheme => {
            let user = url[scheme + 3..at].split(':').next().unwrap_or("");
            format!("{}{user}@{}", &url[..scheme + 3], &url[at + 1..])
        }
        _ => url.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_dirs() {
        assert_eq!(default_dir("lantu.db", false), PathBuf::from("lantu.db.search"));
        assert_eq!(default_dir("file:/x/s.db?mode=ro", false), PathBuf::from("/x/s.db.search"));
        let a = default_dir("postgres://u:secret@h/db", true);
        let b = default_dir("postgres://u:other@h/db", true);
        let c = default_dir("postgres://u@h/db2", true);
        assert_eq!(a, b, "the password does not change the folder");
        assert_ne!(a, c);
        assert!(!a.to_string_lossy().contains("secret"));
    }
}

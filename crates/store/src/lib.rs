//! The plan store: plans, their versions and everything extracted from them, actual
//! values, annual-target overrides, findings and an audit log.
//!
//! One storage interface ([`Backend`]: transactions of SQL) with two backends, SQLite
//! (a file, the default) and PostgreSQL (`postgres://…`). Everything lantu does with
//! the data is written once in this crate over that interface, so both backends behave
//! the same and one test suite runs against each.
//!
//! ```no_run
//! let mut store = lantu_store::Store::open("lantu.db")?;
//! for plan in store.list_plans()? {
//!     println!("{} {}", plan.id, plan.title.unwrap_or_default());
//! }
//! # Ok::<(), lantu_store::StoreError>(())
//! ```
//!
//! Architecture invariant: every write is one transaction. A failure at any point of an
//! ingest or an import leaves the store as it was before it began.

mod access;
mod diff;
mod hierarchy;
mod ops;
mod postgres;
mod progress;
mod sql;
mod sqlite;
mod types;

pub use crate::access::{Role, UserRecord};
pub use crate::diff::{diff_details, CellChange, IndicatorChange, PlanDiff};
pub use crate::hierarchy::{suggest_links, LinkSuggestion, Regions};
pub use crate::postgres::PostgresBackend;
pub use crate::progress::{NewProgress, ProgressEntry, ProjectStatus};
pub use crate::sql::{Backend, Migration, Row, Tx, Value};
pub use crate::sqlite::SqliteBackend;
pub use crate::types::*;

use lantu_extract::Extraction;

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("SQLite: {0}")]
    Sqlite(#[from] rusqlite::Error),
    #[error("PostgreSQL: {0}")]
    Postgres(#[from] ::postgres::Error),
    #[error("{0}")]
    Json(#[from] serde_json::Error),
    #[error("no {what} with id {id}")]
    NotFound { what: &'static str, id: i64 },
    #[error("{0}")]
    Invalid(String),
    /// Raised by [`Store::fail_after_writes`]; tests use it to break an ingest midway.
    #[error("injected failure after {0} writes")]
    Injected(usize),
}

impl StoreError {
    /// The storage itself refused: a read-only or full disk, a database file that cannot
    /// be opened or written, a lock held too long, a database server shutting down. The
    /// request was fine and may succeed later; nothing was written (every write is one
    /// transaction). The web app answers these with 503, not a generic 500.
    pub fn is_storage_unavailable(&self) -> bool {
        match self {
            StoreError::Sqlite(rusqlite::Error::SqliteFailure(e, _)) => matches!(
                e.code,
                rusqlite::ErrorCode::ReadOnly
                    | rusqlite::ErrorCode::DiskFull
                    | rusqlite::ErrorCode::CannotOpen
                    | rusqlite::ErrorCode::SystemIoFailure
                    | rusqlite::ErrorCode::DatabaseBusy
                    | rusqlite::ErrorCode::DatabaseLocked
                    | rusqlite::ErrorCode::PermissionDenied
            ),
            StoreError::Postgres(e) => {
                use ::postgres::error::SqlState;
                e.is_closed()
                    || e.code().is_some_and(|c| {
                        [
                            SqlState::DISK_FULL,
                            SqlState::READ_ONLY_SQL_TRANSACTION,
                            SqlState::INSUFFICIENT_RESOURCES,
                            SqlState::OUT_OF_MEMORY,
                            SqlState::ADMIN_SHUTDOWN,
                            SqlState::CANNOT_CONNECT_NOW,
                            SqlState::TOO_MANY_CONNECTIONS,
                        ]
                        .contains(c)
                    })
            }
            _ => false,
        }
    }
}

/// The store, over one backend.
pub struct Store {
    backend: Box<dyn Backend>,
    /// Who is acting, for the audit log.
    actor: String,
    fail_after_writes: Option<usize>,
}

impl Store {
    /// Opens `target`: a `postgres://` or `postgresql://` URL, else a SQLite file path
    /// (created if missing). Migrations not yet applied are applied.
    pub fn open(target: &str) -> Result<Store, StoreError> {
        if is_postgres_url(target) {
            Store::with_backend(Box::new(PostgresBackend::connect(target, None)?))
        } else {
            Store::with_backend(Box::new(SqliteBackend::open(std::path::Path::new(target))?))
        }
    }

    pub fn with_backend(backend: Box<dyn Backend>) -> Result<Store, StoreError> {
        let mut store = Store { backend, actor: default_actor(), fail_after_writes: None };
        store.migrate()?;
        Ok(store)
    }

    /// Another connection to the same store, for a pool of readers (the web server);
    /// `None` when the store cannot be shared (an in-memory SQLite database). The schema
    /// is this store's, already migrated.
    pub fn reopen(&self) -> Result<Option<Store>, StoreError> {
        let Some(backend) = self.backend.reopen()? else { return Ok(None) };
        Ok(Some(Store { backend, actor: self.actor.clone(), fail_after_writes: self.fail_after_writes }))
    }

    pub fn backend_name(&self) -> &'static str {
        self.backend.name()
    }

    pub fn set_actor(&mut self, actor: &str) {
        self.actor = actor.to_string();
    }

    /// For tests: make the `n+1`-th write of every later transaction fail, as a crash
    /// would. `None` turns it off.
    pub fn fail_after_writes(&mut self, n: Option<usize>) {
        self.fail_after_writes = n;
    }

    /// The schema versions applied, in order.
    pub fn schema_versions(&mut self) -> Result<Vec<i64>, StoreError> {
        self.read(|tx| Ok(tx.query("SELECT version FROM schema_version ORDER BY version", &[])?.iter().map(|r| r.i64(0)).collect()))
    }

    fn migrate(&mut self) -> Result<(), StoreError> {
        let migrations = self.backend.migrations();
        // An up-to-date store is opened without writing, so a read-only one still reads.
        if let Ok(applied) = self.schema_versions() {
            if migrations.iter().all(|m| applied.contains(&m.version)) {
                return Ok(());
            }
        }
        self.backend.in_transaction(&mut |tx| {
            tx.execute_batch("CREATE TABLE IF NOT EXISTS schema_version (version BIGINT PRIMARY KEY, applied_at TEXT NOT NULL)")
        })?;
        for m in migrations {
            self.backend.in_transaction(&mut |tx| {
                let done = !tx.query("SELECT 1 FROM schema_version WHERE version = $1", &[m.version.into()])?.is_empty();
                if done {
                    return Ok(());
                }
                tx.execute_batch(m.sql)?;
                tx.execute(
                    "INSERT INTO schema_version (version, applied_at) VALUES ($1, CAST(CURRENT_TIMESTAMP AS TEXT))",
                    &[m.version.into()],
                )?;
                Ok(())
            })?;
        }
        Ok(())
    }

    /// Runs `work` in one transaction, with the audit actor and the injected failure.
    fn write<T>(&mut self, work: impl FnOnce(&mut ops::Writer<'_>) -> Result<T, StoreError>) -> Result<T, StoreError> {
        let mut work = Some(work);
        let mut result = None;
        let actor = self.actor.clone();
        let fail_after = self.fail_after_writes;
        self.backend.in_transaction(&mut |tx| {
            let Some(work) = work.take() else { return Err(StoreError::Invalid("transaction retried".into())) };
            let mut writer = ops::Writer::new(tx, &actor, fail_after);
            result = Some(work(&mut writer)?);
            Ok(())
        })?;
        result.ok_or_else(|| StoreError::Invalid("transaction produced no result".into()))
    }

    fn read<T>(&mut self, work: impl FnOnce(&mut dyn Tx) -> Result<T, StoreError>) -> Result<T, StoreError> {
        let mut work = Some(work);
        let mut result = None;
        self.backend.in_read_transaction(&mut |tx| {
            let Some(work) = work.take() else { return Err(StoreError::Invalid("transaction retried".into())) };
            result = Some(work(tx)?);
            Ok(())
        })?;
        result.ok_or_else(|| StoreError::Invalid("transaction produced no result".into()))
    }

    /// Stores one document's extraction. The same bytes again (same sha256) change
    /// nothing; a changed document of a stored plan (same region, kind, period) becomes
    /// its next version.
    pub fn ingest(&mut self, ex: &Extraction) -> Result<IngestOutcome, StoreError> {
        self.write(|w| w.ingest(ex))
    }

    pub fn list_plans(&mut self) -> Result<Vec<PlanSummary>, StoreError> {
        self.read(ops::list_plans)
    }

    pub fn plan(&mut self, id: i64) -> Result<PlanDetail, StoreError> {
        self.read(|tx| ops::plan_detail(tx, id))
    }

    /// Sets `parent` as the parent of `child` (规划体系); refuses a cycle.
    pub fn link(&mut self, child: i64, parent: i64) -> Result<(), StoreError> {
        self.write(|w| w.link(child, parent))
    }

    /// Suggested parent links for every plan without a parent (see [`suggest_links`]).
    pub fn suggest_links(&mut self, regions: &Regions) -> Result<Vec<LinkSuggestion>, StoreError> {
        let plans = self.list_plans()?;
        Ok(suggest_links(&plans, regions))
    }

    /// Makes every link of `links` in one transaction (all or none), each audited with
    /// its reason; refuses a cycle or an unknown plan like [`Store::link`].
    pub fn link_all(&mut self, links: &[LinkSuggestion]) -> Result<usize, StoreError> {
        self.write(|w| {
            for l in links {
                w.link_because(l.child, l.parent, &l.reason)?;
            }
            Ok(links.len())
        })
    }

    /// Every version of a plan, oldest first.
    pub fn versions(&mut self, plan: i64) -> Result<Vec<VersionInfo>, StoreError> {
        self.read(|tx| ops::versions(tx, plan))
    }

    /// The content of one version of a plan (1 = the first ingested).
    pub fn plan_version(&mut self, id: i64, version: i64) -> Result<PlanDetail, StoreError> {
        self.read(|tx| ops::plan_version_detail(tx, id, version))
    }

    /// What changed in a plan from version `from` to version `to` (defaults: the
    /// version before the latest, and the latest).
    pub fn diff(&mut self, id: i64, from: Option<i64>, to: Option<i64>) -> Result<PlanDiff, StoreError> {
        let versions = self.versions(id)?;
        let latest = versions.last().map_or(1, |v| v.version);
        let to = to.unwrap_or(latest);
        let from = from.unwrap_or((to - 1).max(1));
        let old = self.plan_version(id, from)?;
        let new = self.plan_version(id, to)?;
        let mut d = diff_details(&old, &new);
        d.from_version = from;
        d.to_version = to;
        Ok(d)
    }

    /// The facts of the current version of every plan, with their sources.
    pub fn all_facts(&mut self) -> Result<Vec<SourcedFact>, StoreError> {
        self.read(ops::all_facts)
    }

    /// [`Store::all_facts`] without each fact's sentence and plan title: what monitoring
    /// every plan needs.
    pub fn current_fact_values(&mut self) -> Result<Vec<FactValue>, StoreError> {
        self.read(ops::current_fact_values)
    }

    /// Adds actual values in one transaction; a row with the same region, metric, year
    /// and source replaces the stored one.
    pub fn import_actuals(&mut self, rows: &[NewActual]) -> Result<usize, StoreError> {
        self.write(|w| w.import_actuals(rows))
    }

    pub fn actuals(&mut self) -> Result<Vec<StoredActual>, StoreError> {
        self.read(ops::actuals)
    }

    /// The facts of the current versions of one region's plans (`None`: plans without
    /// a region), as [`Store::all_facts`] gives them for all.
    pub fn facts_of_region(&mut self, region: Option<&str>) -> Result<Vec<SourcedFact>, StoreError> {
        self.read(|tx| ops::facts_of_region(tx, region))
    }

    /// The actuals of one region.
    pub fn actuals_of_region(&mut self, region: &str) -> Result<Vec<StoredActual>, StoreError> {
        self.read(|tx| ops::actuals_of_region(tx, region))
    }

    pub fn add_override(&mut self, o: &NewOverride) -> Result<(), StoreError> {
        self.write(|w| w.add_override(o))
    }

    pub fn overrides(&mut self, plan: i64) -> Result<Vec<StoredOverride>, StoreError> {
        self.read(|tx| ops::overrides(tx, plan))
    }

    /// The overrides of every plan, in the order made.
    pub fn all_overrides(&mut self) -> Result<Vec<StoredOverride>, StoreError> {
        self.read(ops::all_overrides)
    }

    /// The indicators of the current version of every plan as `(plan id, indicator)`,
    /// in plan id and document order (each plan's as [`Store::plan`] lists them): what
    /// monitoring every plan at once needs, in one query.
    pub fn current_indicators(&mut self) -> Result<Vec<(i64, lantu_extract::model::Indicator)>, StoreError> {
        self.read(ops::current_indicators)
    }

    /// Replaces the findings with a fresh set (a check recomputes them all).
    pub fn replace_findings(&mut self, findings: &[NewFinding]) -> Result<(), StoreError> {
        self.write(|w| w.replace_findings(findings))
    }

    pub fn findings(&mut self) -> Result<Vec<NewFinding>, StoreError> {
        self.read(ops::findings)
    }

    pub fn audit_log(&mut self) -> Result<Vec<AuditEntry>, StoreError> {
        self.read(ops::audit_log)
    }

    /// The latest `limit` audit entries mentioning `needle` (an indicator key …),
    /// newest first: a page shows a bounded history, whatever the log's size.
    pub fn audit_log_containing(&mut self, needle: &str, limit: usize) -> Result<Vec<AuditEntry>, StoreError> {
        self.read(|tx| ops::audit_log_containing(tx, needle, limit))
    }

    /// Row counts per table, for tests and `lantu plan list` summaries.
    pub fn counts(&mut self) -> Result<Counts, StoreError> {
        self.read(ops::counts)
    }
}

pub fn is_postgres_url(target: &str) -> bool {
    target.starts_with("postgres://") || target.starts_with("postgresql://")
}

fn default_actor() -> String {
    std::env::var("LANTU_USER").or_else(|_| std::env::var("USER")).unwrap_or_else(|_| "lantu".to_string())
}

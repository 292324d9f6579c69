//! The SQLite backend: one file (default `lantu.db`), WAL mode, foreign keys on.

use std::path::{Path, PathBuf};

use rusqlite::types::{ToSqlOutput, ValueRef};

use crate::sql::{to_question_marks, Backend, Migration, Row, Tx, Value};
use crate::StoreError;

pub(crate) const MIGRATIONS: &[Migration] = &[
    Migration { version: 1, sql: include_str!("../migrations/sqlite/0001_init.sql") },
    Migration { version: 10, sql: include_str!("../migrations/sqlite/0010_web.sql") },
    Migration { version: 11, sql: include_str!("../migrations/sqlite/0011_project_progress.sql") },
];

pub struct SqliteBackend {
    conn: rusqlite::Connection,
    /// What `open` was given, to open more connections to the same file (`None`: an
    /// in-memory database, which no other connection can see).
    path: Option<PathBuf>,
}

/// `:memory:`, `file::memory:…`, `file:…?mode=memory` and `""` (a private temporary
/// database) are each seen by their own connection only.
fn is_private(path: &Path) -> bool {
    let s = path.to_string_lossy();
    s.is_empty() || s == ":memory:" || s.starts_with("file::memory:") || (s.starts_with("file:") && s.contains("mode=memory"))
}

impl SqliteBackend {
    pub fn open(path: &Path) -> Result<Self, StoreError> {
        let conn = rusqlite::Connection::open(path)?;
        // WAL: readers do not block the writer; a crash mid-write leaves the last commit.
        // A read-only file already in WAL mode is left as it is (setting it would write).
        let mode: String = conn.pragma_query_value(None, "journal_mode", |r| r.get(0))?;
        if !mode.eq_ignore_ascii_case("wal") {
            conn.pragma_update(None, "journal_mode", "WAL")?;
        }
        conn.pragma_update(None, "foreign_keys", "ON")?;
        conn.busy_timeout(std::time::Duration::from_secs(5))?;
        let path = (!is_private(path)).then(|| path.to_path_buf());
        Ok(SqliteBackend { conn, path })
    }
}

impl rusqlite::ToSql for Value {
    fn to_sql(&self) -> rusqlite::Result<ToSqlOutput<'_>> {
        Ok(match self {
            Value::Null => ToSqlOutput::Borrowed(ValueRef::Null),
            Value::Int(v) => ToSqlOutput::Borrowed(ValueRef::Integer(*v)),
            Value::Real(v) => ToSqlOutput::Borrowed(ValueRef::Real(*v)),
            Value::Text(v) => ToSqlOutput::Borrowed(ValueRef::Text(v.as_bytes())),
        })
    }
}

fn from_sqlite(v: ValueRef<'_>) -> Value {
    match v {
        ValueRef::Null => Value::Null,
        ValueRef::Integer(i) => Value::Int(i),
        ValueRef::Real(f) => Value::Real(f),
        ValueRef::Text(t) | ValueRef::Blob(t) => Value::Text(String::from_utf8_lossy(t).into_owned()),
    }
}

struct SqliteTx<'a>(rusqlite::Transaction<'a>);

impl Tx for SqliteTx<'_> {
    fn execute(&mut self, sql: &str, params: &[Value]) -> Result<u64, StoreError> {
        let mut stmt = self.0.prepare_cached(&to_question_marks(sql))?;
        Ok(stmt.execute(rusqlite::params_from_iter(params.iter()))? as u64)
    }

    fn query(&mut self, sql: &str, params: &[Value]) -> Result<Vec<Row>, StoreError> {
        let mut stmt = self.0.prepare_cached(&to_question_marks(sql))?;
        let width = stmt.column_count();
        let mut rows = stmt.query(rusqlite::params_from_iter(params.iter()))?;
        let mut out = Vec::new();
        while let Some(row) = rows.next()? {
            let mut values = Vec::with_capacity(width);
            for i in 0..width {
                values.push(from_sqlite(row.get_ref(i)?));
            }
            out.push(Row(values));
        }
        Ok(out)
    }

    fn execute_batch(&mut self, sql: &str) -> Result<(), StoreError> {
        Ok(self.0.execute_batch(sql)?)
    }
}

impl Backend for SqliteBackend {
    fn name(&self) -> &'static str {
        "sqlite"
    }

    fn migrations(&self) -> &'static [Migration] {
        MIGRATIONS
    }

    fn in_transaction(&mut self, work: &mut dyn FnMut(&mut dyn Tx) -> Result<(), StoreError>) -> Result<(), StoreError> {
        // IMMEDIATE: take the write lock up front, so two writers queue instead of failing late.
        let tx = self.conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
        let mut tx = SqliteTx(tx);
        work(&mut tx)?; // dropping an uncommitted transaction rolls it back
        Ok(tx.0.commit()?)
    }

    fn in_read_transaction(&mut self, work: &mut dyn FnMut(&mut dyn Tx) -> Result<(), StoreError>) -> Result<(), StoreError> {
        // DEFERRED: a snapshot without the write lock (WAL), possible on a read-only file.
        let tx = self.conn.transaction_with_behavior(rusqlite::TransactionBehavior::Deferred)?;
        let mut tx = SqliteTx(tx);
        work(&mut tx)?;
        Ok(tx.0.commit()?)
    }

    fn reopen(&self) -> Result<Option<Box<dyn Backend>>, StoreError> {
        // WAL lets this connection read while another writes (one writer at a time).
        match &self.path {
            Some(path) => Ok(Some(Box::new(SqliteBackend::open(path)?))),
            None => Ok(None),
        }
    }
}

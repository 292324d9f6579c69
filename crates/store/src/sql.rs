//! The storage interface every backend implements: transactions of SQL statements over
//! a handful of value types. Everything above it (ingest, queries) is written once, so
//! SQLite and PostgreSQL behave the same and one test suite checks both.
//!
//! SQL is written with PostgreSQL's `$1, $2 …` placeholders; the SQLite backend
//! rewrites them to `?1, ?2 …`.

use crate::StoreError;

/// A value bound to, or read from, a statement.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Null,
    Int(i64),
    Real(f64),
    Text(String),
}

impl From<i64> for Value {
    fn from(v: i64) -> Self {
        Value::Int(v)
    }
}
impl From<i32> for Value {
    fn from(v: i32) -> Self {
        Value::Int(i64::from(v))
    }
}
impl From<usize> for Value {
    fn from(v: usize) -> Self {
        Value::Int(i64::try_from(v).unwrap_or(i64::MAX))
    }
}
impl From<bool> for Value {
    fn from(v: bool) -> Self {
        Value::Int(i64::from(v))
    }
}
impl From<f64> for Value {
    fn from(v: f64) -> Self {
        Value::Real(v)
    }
}
impl From<&str> for Value {
    fn from(v: &str) -> Self {
        Value::Text(v.to_string())
    }
}
impl From<String> for Value {
    fn from(v: String) -> Self {
        Value::Text(v)
    }
}
impl From<&String> for Value {
    fn from(v: &String) -> Self {
        Value::Text(v.clone())
    }
}
impl<T: Into<Value>> From<Option<T>> for Value {
    fn from(v: Option<T>) -> Self {
        v.map_or(Value::Null, Into::into)
    }
}

/// One result row; getters read by column index and never panic.
#[derive(Debug, Clone, PartialEq)]
pub struct Row(pub Vec<Value>);

impl Row {
    fn at(&self, i: usize) -> &Value {
        self.0.get(i).unwrap_or(&Value::Null)
    }
    pub fn opt_i64(&self, i: usize) -> Option<i64> {
        match self.at(i) {
            Value::Int(v) => Some(*v),
            Value::Real(v) => Some(*v as i64),
            _ => None,
        }
    }
    pub fn i64(&self, i: usize) -> i64 {
        self.opt_i64(i).unwrap_or_default()
    }
    pub fn opt_i32(&self, i: usize) -> Option<i32> {
        self.opt_i64(i).and_then(|v| i32::try_from(v).ok())
    }
    pub fn opt_f64(&self, i: usize) -> Option<f64> {
        match self.at(i) {
            Value::Real(v) => Some(*v),
            Value::Int(v) => Some(*v as f64),
            _ => None,
        }
    }
    pub fn f64(&self, i: usize) -> f64 {
        self.opt_f64(i).unwrap_or_default()
    }
    pub fn opt_str(&self, i: usize) -> Option<String> {
        match self.at(i) {
            Value::Text(v) => Some(v.clone()),
            _ => None,
        }
    }
    pub fn str(&self, i: usize) -> String {
        self.opt_str(i).unwrap_or_default()
    }
    pub fn bool(&self, i: usize) -> bool {
        self.i64(i) != 0
    }
}

/// Statements inside one open transaction.
pub trait Tx {
    fn execute(&mut self, sql: &str, params: &[Value]) -> Result<u64, StoreError>;
    fn query(&mut self, sql: &str, params: &[Value]) -> Result<Vec<Row>, StoreError>;
    /// Several statements without parameters (migrations).
    fn execute_batch(&mut self, sql: &str) -> Result<(), StoreError>;
}

/// A database lantu can keep plans in. `in_transaction` runs `work` in one transaction:
/// committed when `work` returns `Ok`, rolled back otherwise (and on a crash, by the
/// database itself).
pub trait Backend: Send {
    fn name(&self) -> &'static str;
    fn migrations(&self) -> &'static [Migration];
    fn in_transaction(&mut self, work: &mut dyn FnMut(&mut dyn Tx) -> Result<(), StoreError>) -> Result<(), StoreError>;

    /// A transaction that only reads: it need not take the write lock, so reads go on
    /// when the store cannot be written (read-only file, full disk).
    fn in_read_transaction(&mut self, work: &mut dyn FnMut(&mut dyn Tx) -> Result<(), StoreError>) -> Result<(), StoreError> {
        self.in_transaction(work)
    }

    /// Another connection to the same database (the web server's pool of readers);
    /// `None` where a second connection would not see the same data (an in-memory
    /// SQLite database belongs to its one connection).
    fn reopen(&self) -> Result<Option<Box<dyn Backend>>, StoreError> {
        Ok(None)
    }
}

/// One versioned schema change, embedded in the binary.
#[derive(Debug, Clone, Copy)]
pub struct Migration {
    pub version: i64,
    pub sql: &'static str,
}

/// `$1` → `?1` for SQLite. Placeholders are only ever written by lantu itself, never
/// inside string literals, so a plain scan is enough.
pub(crate) fn to_question_marks(sql: &str) -> String {
    let mut out = String::with_capacity(sql.len());
    let mut chars = sql.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '$' && chars.peek().is_some_and(char::is_ascii_digit) {
            out.push('?');
        } else {
            out.push(c);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn placeholders_are_rewritten_for_sqlite() {
        assert_eq!(super::to_question_marks("SELECT $1, $12 WHERE a = $2"), "SELECT ?1, ?12 WHERE a = ?2");
    }
}

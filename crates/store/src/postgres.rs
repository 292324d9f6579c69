//! The PostgreSQL backend, for multi-user deployments (`postgres://…`).
//!
//! The sync `postgres` client is used: the CLI is synchronous, it needs no async
//! runtime, and unlike sqlx's checked macros it needs no database at build time.

use std::collections::HashMap;

use postgres::types::{to_sql_checked, IsNull, ToSql, Type};
use postgres::{Client, NoTls, Statement};

use crate::sql::{Backend, Migration, Row, Tx, Value};
use crate::StoreError;

pub(crate) const MIGRATIONS: &[Migration] = &[
    Migration { version: 1, sql: include_str!("../migrations/postgres/0001_init.sql") },
    Migration { version: 10, sql: include_str!("../migrations/postgres/0010_web.sql") },
    Migration { version: 11, sql: include_str!("../migrations/postgres/0011_project_progress.sql") },
];

pub struct PostgresBackend {
    client: Client,
    /// Statements prepared once per connection: without it every statement costs a
    /// second round trip to prepare it (an ingest is ~150 statements per plan).
    statements: HashMap<String, Statement>,
    /// How it connected, to open more connections alike (`reopen`).
    url: String,
    schema: Option<String>,
}

impl PostgresBackend {
    /// Connects to `url`; with `schema`, every table lives in that schema (created if
    /// missing): tests use a fresh schema each, so they can run in parallel.
    pub fn connect(url: &str, schema: Option<&str>) -> Result<Self, StoreError> {
        let mut client = Client::connect(url, NoTls)?;
        if let Some(schema) = schema {
            if !schema.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
                return Err(StoreError::Invalid(format!("schema name {schema:?}: letters, digits and _ only")));
            }
            client.batch_execute(&format!("CREATE SCHEMA IF NOT EXISTS {schema}; SET search_path TO {schema}"))?;
        }
        Ok(PostgresBackend { client, statements: HashMap::new(), url: url.to_string(), schema: schema.map(str::to_string) })
    }
}

impl ToSql for Value {
    fn to_sql(&self, ty: &Type, out: &mut postgres::types::private::BytesMut) -> Result<IsNull, Box<dyn std::error::Error + Sync + Send>> {
        // Bind to whatever type the server inferred for the placeholder.
        match self {
            Value::Null => Ok(IsNull::Yes),
            Value::Int(v) => match *ty {
                Type::INT2 => i16::try_from(*v)?.to_sql(ty, out),
                Type::INT4 => i32::try_from(*v)?.to_sql(ty, out),
                Type::FLOAT8 => (*v as f64).to_sql(ty, out),
                Type::BOOL => (*v != 0).to_sql(ty, out),
                Type::TEXT | Type::VARCHAR => v.to_string().to_sql(ty, out),
                _ => v.to_sql(ty, out),
            },
            Value::Real(v) => match *ty {
                Type::FLOAT4 => (*v as f32).to_sql(ty, out),
                _ => v.to_sql(ty, out),
            },
            Value::Text(v) => v.as_str().to_sql(ty, out),
        }
    }

    fn accepts(_ty: &Type) -> bool {
        true
    }

    to_sql_checked!();
}

fn read_row(row: &postgres::Row) -> Result<Row, StoreError> {
    let mut values = Vec::with_capacity(row.len());
    for (i, column) in row.columns().iter().enumerate() {
        let value = match *column.type_() {
            Type::INT8 => row.try_get::<_, Option<i64>>(i)?.map(Value::Int),
            Type::INT4 => row.try_get::<_, Option<i32>>(i)?.map(|v| Value::Int(i64::from(v))),
            Type::INT2 => row.try_get::<_, Option<i16>>(i)?.map(|v| Value::Int(i64::from(v))),
            Type::BOOL => row.try_get::<_, Option<bool>>(i)?.map(|v| Value::Int(i64::from(v))),
            Type::FLOAT8 => row.try_get::<_, Option<f64>>(i)?.map(Value::Real),
            Type::FLOAT4 => row.try_get::<_, Option<f32>>(i)?.map(|v| Value::Real(f64::from(v))),
            _ => row.try_get::<_, Option<String>>(i)?.map(Value::Text),
        };
        values.push(value.unwrap_or(Value::Null));
    }
    Ok(Row(values))
}

fn refs(params: &[Value]) -> Vec<&(dyn ToSql + Sync)> {
    params.iter().map(|p| p as &(dyn ToSql + Sync)).collect()
}

struct PgTx<'a> {
    tx: postgres::Transaction<'a>,
    statements: &'a mut HashMap<String, Statement>,
}

impl PgTx<'_> {
    fn prepared(&mut self, sql: &str) -> Result<Statement, StoreError> {
        if let Some(statement) = self.statements.get(sql) {
            return Ok(statement.clone());
        }
        let statement = self.tx.prepare(sql)?;
        self.statements.insert(sql.to_string(), statement.clone());
        Ok(statement)
    }
}

impl Tx for PgTx<'_> {
    fn execute(&mut self, sql: &str, params: &[Value]) -> Result<u64, StoreError> {
        let statement = self.prepared(sql)?;
        Ok(self.tx.execute(&statement, &refs(params))?)
    }

    fn query(&mut self, sql: &str, params: &[Value]) -> Result<Vec<Row>, StoreError> {
        let statement = self.prepared(sql)?;
        self.tx.query(&statement, &refs(params))?.iter().map(read_row).collect()
    }

    fn execute_batch(&mut self, sql: &str) -> Result<(), StoreError> {
        // A schema change can invalidate what was prepared against the old tables.
        self.statements.clear();
        Ok(self.tx.batch_execute(sql)?)
    }
}

impl Backend for PostgresBackend {
    fn name(&self) -> &'static str {
        "postgres"
    }

    fn migrations(&self) -> &'static [Migration] {
        MIGRATIONS
    }

    fn in_transaction(&mut self, work: &mut dyn FnMut(&mut dyn Tx) -> Result<(), StoreError>) -> Result<(), StoreError> {
        let mut tx = PgTx { tx: self.client.transaction()?, statements: &mut self.statements };
        work(&mut tx)?; // dropping an uncommitted transaction rolls it back
        Ok(tx.tx.commit()?)
    }

    fn reopen(&self) -> Result<Option<Box<dyn Backend>>, StoreError> {
        Ok(Some(Box::new(PostgresBackend::connect(&self.url, self.schema.as_deref())?)))
    }
}

//! What the web app keeps beside the plans: the source text of each version (for the
//! plan page's provenance), publication, users and their roles, API tokens, the unit
//! answerable for each indicator, and single actual values entered by people.
//!
//! Every write here is one transaction with its audit entry (who, what, before → after).
//! Password hashing is the caller's business: the store keeps only the hash.

use lantu_extract::Extraction;
use serde::{Deserialize, Serialize};

use crate::ops::Writer;
use crate::sql::Tx;
use crate::{IngestOutcome, IngestStatus, NewActual, Store, StoreError};

/// What a member of staff may do (the public portal needs no account).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// Users, publication, everything.
    Admin,
    /// Plans, links, overrides, unit assignments, actuals.
    Editor,
    /// Actual values, only for the indicators assigned to its unit.
    Unit,
    /// Reads everything, published or not; writes nothing.
    Viewer,
}

impl Role {
    pub const ALL: [Role; 4] = [Role::Admin, Role::Editor, Role::Unit, Role::Viewer];

    pub fn as_str(self) -> &'static str {
        match self {
            Role::Admin => "admin",
            Role::Editor => "editor",
            Role::Unit => "unit",
            Role::Viewer => "viewer",
        }
    }

    pub fn parse(s: &str) -> Option<Role> {
        Role::ALL.into_iter().find(|r| r.as_str() == s)
    }

    pub fn label_zh(self) -> &'static str {
        match self {
            Role::Admin => "管理员",
            Role::Editor => "编辑",
            Role::Unit => "责任单位",
            Role::Viewer => "只读用户",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct UserRecord {
    pub id: i64,
    pub name: String,
    pub role: Role,
    /// The unit (责任单位) a `Unit` user enters values for.
    pub unit: Option<String>,
    pub password_hash: String,
}

const USER_COLUMNS: &str = "id, name, role, unit, password_hash";

fn user_of(row: &crate::Row) -> Option<UserRecord> {
    Some(UserRecord { id: row.i64(0), name: row.str(1), role: Role::parse(&row.str(2))?, unit: row.opt_str(3), password_hash: row.str(4) })
}

pub(crate) fn audit(tx: &mut dyn Tx, actor: &str, action: &str, detail: &str) -> Result<(), StoreError> {
    tx.execute("INSERT INTO audit_log (actor, action, detail) VALUES ($1, $2, $3)", &[actor.into(), action.into(), detail.into()])?;
    Ok(())
}

pub(crate) fn require_plan(tx: &mut dyn Tx, id: i64) -> Result<(), StoreError> {
    if tx.query("SELECT 1 FROM plans WHERE id = $1", &[id.into()])?.is_empty() {
        return Err(StoreError::NotFound { what: "plan", id });
    }
    Ok(())
}

impl Store {
    /// Runs `work` in one transaction with the audit actor (the access writes do their
    /// own auditing, with before → after).
    pub(crate) fn access_tx<T>(&mut self, work: impl FnOnce(&mut dyn Tx, &str) -> Result<T, StoreError>) -> Result<T, StoreError> {
        let mut work = Some(work);
        let mut result = None;
        let actor = self.actor.clone();
        self.backend.in_transaction(&mut |tx| {
            let Some(work) = work.take() else { return Err(StoreError::Invalid("transaction retried".into())) };
            result = Some(work(tx, &actor)?);
            Ok(())
        })?;
        result.ok_or_else(|| StoreError::Invalid("transaction produced no result".into()))
    }

    /// [`Store::ingest`], keeping the document's text with the new version (the plan
    /// page shows it, every extracted item linked to its line). One transaction.
    pub fn ingest_with_text(&mut self, ex: &Extraction, text: &str) -> Result<IngestOutcome, StoreError> {
        let fail_after = self.fail_after_writes;
        self.access_tx(|tx, actor| {
            let outcome = Writer::new(tx, actor, fail_after).ingest(ex)?;
            if outcome.status != IngestStatus::Unchanged {
                tx.execute(
                    "UPDATE plan_versions SET source_text = $1 WHERE plan_id = $2 AND version = $3",
                    &[text.into(), outcome.plan_id.into(), outcome.version.into()],
                )?;
            }
            Ok(outcome)
        })
    }

    /// The text of the current version of a plan, where it was kept at ingest.
    pub fn source_text(&mut self, plan: i64) -> Result<Option<String>, StoreError> {
        self.read(|tx| {
            require_plan(tx, plan)?;
            let rows =
                tx.query("SELECT source_text FROM plan_versions WHERE plan_id = $1 ORDER BY version DESC LIMIT 1", &[plan.into()])?;
            Ok(rows.first().and_then(|r| r.opt_str(0)))
        })
    }

    /// The ids of the plans the public may see.
    pub fn published_plans(&mut self) -> Result<Vec<i64>, StoreError> {
        self.read(|tx| Ok(tx.query("SELECT id FROM plans WHERE published <> 0 ORDER BY id", &[])?.iter().map(|r| r.i64(0)).collect()))
    }

    /// Whether the public may see plan `id` (false for a plan that does not exist): one
    /// row, where [`Store::published_plans`] reads them all.
    pub fn is_published(&mut self, plan: i64) -> Result<bool, StoreError> {
        self.read(|tx| Ok(!tx.query("SELECT 1 FROM plans WHERE id = $1 AND published <> 0", &[plan.into()])?.is_empty()))
    }

    /// The plans the public may see, as [`Store::list_plans`] lists them.
    pub fn list_published_plans(&mut self) -> Result<Vec<crate::PlanSummary>, StoreError> {
        self.read(|tx| crate::ops::list_plans_where(tx, "WHERE p.published <> 0"))
    }

    pub fn set_published(&mut self, plan: i64, published: bool) -> Result<(), StoreError> {
        self.access_tx(|tx, actor| {
            require_plan(tx, plan)?;
            let before = tx.query("SELECT published FROM plans WHERE id = $1", &[plan.into()])?.first().is_some_and(|r| r.bool(0));
            tx.execute("UPDATE plans SET published = $1 WHERE id = $2", &[published.into(), plan.into()])?;
            audit(tx, actor, "publish", &format!("plan {plan}: published {before} → {published}"))
        })
    }

    pub fn add_user(&mut self, name: &str, role: Role, unit: Option<&str>, password_hash: &str) -> Result<i64, StoreError> {
        let name = name.trim();
        if name.is_empty() || name.chars().any(char::is_control) {
            return Err(StoreError::Invalid("a user name must be non-empty printable text".into()));
        }
        if role == Role::Unit && unit.is_none_or(|u| u.trim().is_empty()) {
            return Err(StoreError::Invalid("a unit user needs its unit (--unit)".into()));
        }
        self.access_tx(|tx, actor| {
            if !tx.query("SELECT 1 FROM users WHERE name = $1", &[name.into()])?.is_empty() {
                return Err(StoreError::Invalid(format!("user {name} exists already")));
            }
            let rows = tx.query(
                "INSERT INTO users (name, role, unit, password_hash) VALUES ($1, $2, $3, $4) RETURNING id",
                &[name.into(), role.as_str().into(), unit.map(str::trim).into(), password_hash.into()],
            )?;
            let id = rows.first().map_or(0, |r| r.i64(0));
            audit(
                tx,
                actor,
                "user_add",
                &format!("user {name}: none → role {}{}", role.as_str(), unit.map(|u| format!(", unit {u}")).unwrap_or_default()),
            )?;
            Ok(id)
        })
    }

    pub fn users(&mut self) -> Result<Vec<UserRecord>, StoreError> {
        self.read(|tx| Ok(tx.query(&format!("SELECT {USER_COLUMNS} FROM users ORDER BY id"), &[])?.iter().filter_map(user_of).collect()))
    }

    pub fn user_by_name(&mut self, name: &str) -> Result<Option<UserRecord>, StoreError> {
        self.read(|tx| {
            Ok(tx.query(&format!("SELECT {USER_COLUMNS} FROM users WHERE name = $1"), &[name.into()])?.first().and_then(user_of))
        })
    }

    pub fn user(&mut self, id: i64) -> Result<Option<UserRecord>, StoreError> {
        self.read(|tx| Ok(tx.query(&format!("SELECT {USER_COLUMNS} FROM users WHERE id = $1"), &[id.into()])?.first().and_then(user_of)))
    }

    /// Keeps an API token by its sha256 (the token itself is shown once, never stored).
    pub fn add_api_token(&mut self, user: i64, sha256: &str, label: &str) -> Result<(), StoreError> {
        self.access_tx(|tx, actor| {
            if tx.query("SELECT 1 FROM users WHERE id = $1", &[user.into()])?.is_empty() {
                return Err(StoreError::NotFound { what: "user", id: user });
            }
            tx.execute("INSERT INTO api_tokens (user_id, sha256, label) VALUES ($1, $2, $3)", &[user.into(), sha256.into(), label.into()])?;
            audit(tx, actor, "token_add", &format!("user {user}: new API token {label}"))
        })
    }

    pub fn user_by_token(&mut self, sha256: &str) -> Result<Option<UserRecord>, StoreError> {
        self.read(|tx| {
            let sql = "SELECT u.id, u.name, u.role, u.unit, u.password_hash FROM users u JOIN api_tokens t ON t.user_id = u.id WHERE t.sha256 = $1";
            Ok(tx.query(sql, &[sha256.into()])?.first().and_then(user_of))
        })
    }

    /// Makes `unit` answerable for an indicator of a plan (by its key, stable across
    /// versions); an empty unit removes the assignment.
    pub fn assign_unit(&mut self, plan: i64, indicator: &str, unit: &str) -> Result<(), StoreError> {
        self.access_tx(|tx, actor| {
            require_plan(tx, plan)?;
            let before = tx
                .query("SELECT unit FROM indicator_units WHERE plan_id = $1 AND indicator = $2", &[plan.into(), indicator.into()])?
                .first()
                .and_then(|r| r.opt_str(0));
            tx.execute("DELETE FROM indicator_units WHERE plan_id = $1 AND indicator = $2", &[plan.into(), indicator.into()])?;
            let unit = unit.trim();
            if !unit.is_empty() {
                tx.execute(
                    "INSERT INTO indicator_units (plan_id, indicator, unit) VALUES ($1, $2, $3)",
                    &[plan.into(), indicator.into(), unit.into()],
                )?;
            }
            let before = before.unwrap_or_else(|| "none".into());
            let after = if unit.is_empty() { "none" } else { unit };
            audit(tx, actor, "assign_unit", &format!("plan {plan} {indicator}: {before} → {after}"))
        })
    }

    /// `(indicator key, unit)` of a plan.
    pub fn indicator_units(&mut self, plan: i64) -> Result<Vec<(String, String)>, StoreError> {
        self.read(|tx| {
            let rows = tx.query("SELECT indicator, unit FROM indicator_units WHERE plan_id = $1 ORDER BY indicator", &[plan.into()])?;
            Ok(rows.iter().map(|r| (r.str(0), r.str(1))).collect())
        })
    }

    /// One actual value entered by a person: replaces the value of the same region,
    /// metric, year and source, and audits before → after.
    pub fn record_actual(&mut self, a: &NewActual) -> Result<(), StoreError> {
        if !a.value.is_finite() || a.source.trim().is_empty() || a.metric.trim().is_empty() || a.region.trim().is_empty() {
            return Err(StoreError::Invalid("an actual needs a region, a metric, a finite value and a source".into()));
        }
        self.access_tx(|tx, actor| {
            let key = [a.region.as_str().into(), a.metric.as_str().into(), a.year.into(), a.source.as_str().into()];
            let before = tx
                .query("SELECT value FROM actuals WHERE region = $1 AND metric = $2 AND year = $3 AND source = $4", &key)?
                .first()
                .and_then(|r| r.opt_f64(0));
            crate::ops::replace_actual(&mut |sql, params| tx.execute(sql, params), a)?;
            let before = before.map_or("none".to_string(), |v| v.to_string());
            audit(tx, actor, "actual", &format!("{} {} {} ({}): {before} → {}", a.region, a.metric, a.year, a.source, a.value))
        })
    }
}

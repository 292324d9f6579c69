//! Project progress (项目进展): the unit answerable for each project of a plan, and the
//! progress entries people make for it, year by year.
//!
//! A project is filed under its key (box / name, given by the caller), so assignments and
//! entries survive a new version of the plan, like indicator unit assignments. Entries are
//! never overwritten: every one is kept with who and when, the latest of a project and a
//! year being its progress; each write is one transaction with its audit entry.

use serde::{Deserialize, Serialize};

use crate::access::{audit, require_plan};
use crate::{Store, StoreError};

/// Where a project stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ProjectStatus {
    /// 未开工
    NotStarted,
    /// 推进中
    InProgress,
    /// 已完成
    Completed,
    /// 滞后
    Delayed,
}

impl ProjectStatus {
    pub const ALL: [ProjectStatus; 4] =
        [ProjectStatus::NotStarted, ProjectStatus::InProgress, ProjectStatus::Completed, ProjectStatus::Delayed];

    pub fn as_str(self) -> &'static str {
        match self {
            ProjectStatus::NotStarted => "not_started",
            ProjectStatus::InProgress => "in_progress",
            ProjectStatus::Completed => "completed",
            ProjectStatus::Delayed => "delayed",
        }
    }

    pub fn parse(s: &str) -> Option<ProjectStatus> {
        ProjectStatus::ALL.into_iter().find(|p| p.as_str() == s)
    }

    pub fn label_zh(self) -> &'static str {
        match self {
            ProjectStatus::NotStarted => "未开工",
            ProjectStatus::InProgress => "推进中",
            ProjectStatus::Completed => "已完成",
            ProjectStatus::Delayed => "滞后",
        }
    }
}

/// A progress entry to record; who made it is the store's actor.
#[derive(Debug, Clone, PartialEq)]
pub struct NewProgress {
    pub plan_id: i64,
    /// The project's key within the plan.
    pub project: String,
    pub year: i32,
    pub status: ProjectStatus,
    /// Share of the work done, 0 to 100.
    pub percent: Option<f64>,
    pub note: String,
}

/// A recorded entry.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ProgressEntry {
    pub id: i64,
    pub plan_id: i64,
    pub project: String,
    pub year: i32,
    pub status: ProjectStatus,
    pub percent: Option<f64>,
    pub note: String,
    pub who: String,
    /// UTC, ISO 8601.
    pub at: String,
}

impl NewProgress {
    fn check(&self) -> Result<(), StoreError> {
        if self.project.trim().is_empty() {
            return Err(StoreError::Invalid("a progress entry needs its project".into()));
        }
        if !(1949..=2100).contains(&self.year) {
            return Err(StoreError::Invalid(format!("year {} is outside 1949–2100", self.year)));
        }
        if self.percent.is_some_and(|p| !p.is_finite() || !(0.0..=100.0).contains(&p)) {
            return Err(StoreError::Invalid("the percentage done is between 0 and 100".into()));
        }
        if self.note.chars().count() > 2000 {
            return Err(StoreError::Invalid("a note has at most 2000 characters".into()));
        }
        Ok(())
    }
}

fn describe(status: ProjectStatus, percent: Option<f64>) -> String {
    match percent {
        Some(p) => format!("{} {p}%", status.as_str()),
        None => status.as_str().to_string(),
    }
}

impl Store {
    /// Makes `unit` answerable for a project of a plan (by its key); an empty unit removes
    /// the assignment.
    pub fn assign_project_unit(&mut self, plan: i64, project: &str, unit: &str) -> Result<(), StoreError> {
        if project.trim().is_empty() {
            return Err(StoreError::Invalid("a project key is needed".into()));
        }
        self.access_tx(|tx, actor| {
            require_plan(tx, plan)?;
            let key = [plan.into(), project.into()];
            let before =
                tx.query("SELECT unit FROM project_units WHERE plan_id = $1 AND project = $2", &key)?.first().and_then(|r| r.opt_str(0));
            tx.execute("DELETE FROM project_units WHERE plan_id = $1 AND project = $2", &key)?;
            let unit = unit.trim();
            if !unit.is_empty() {
                tx.execute(
                    "INSERT INTO project_units (plan_id, project, unit) VALUES ($1, $2, $3)",
                    &[plan.into(), project.into(), unit.into()],
                )?;
            }
            let before = before.unwrap_or_else(|| "none".into());
            let after = if unit.is_empty() { "none" } else { unit };
            audit(tx, actor, "assign_project_unit", &format!("plan {plan} project {project}: {before} → {after}"))
        })
    }

    /// `(project key, unit)` of a plan.
    pub fn project_units(&mut self, plan: i64) -> Result<Vec<(String, String)>, StoreError> {
        // A read transaction: on SQLite a write one takes the write lock, which a reader
        // connection of the server's pool must never wait for.
        self.read(|tx| {
            let rows = tx.query("SELECT project, unit FROM project_units WHERE plan_id = $1 ORDER BY project", &[plan.into()])?;
            Ok(rows.iter().map(|r| (r.str(0), r.str(1))).collect())
        })
    }

    /// Records a progress entry by the store's actor; audits the project's previous
    /// progress of that year → this one. Returns the entry as stored.
    pub fn record_progress(&mut self, p: &NewProgress) -> Result<ProgressEntry, StoreError> {
        p.check()?;
        self.access_tx(|tx, actor| {
            require_plan(tx, p.plan_id)?;
            let before = tx
                .query(
                    "SELECT status, percent FROM project_progress WHERE plan_id = $1 AND project = $2 AND year = $3 ORDER BY id DESC LIMIT 1",
                    &[p.plan_id.into(), p.project.as_str().into(), p.year.into()],
                )?
                .first()
                .and_then(|r| Some(describe(ProjectStatus::parse(&r.str(0))?, r.opt_f64(1))))
                .unwrap_or_else(|| "none".into());
            let rows = tx.query(
                "INSERT INTO project_progress (plan_id, project, year, status, percent, note, who) VALUES ($1, $2, $3, $4, $5, $6, $7) \
                 RETURNING id, created_at",
                &[
                    p.plan_id.into(),
                    p.project.as_str().into(),
                    p.year.into(),
                    p.status.as_str().into(),
                    p.percent.into(),
                    p.note.trim().into(),
                    actor.into(),
                ],
            )?;
            let row = rows.first().ok_or_else(|| StoreError::Invalid("the entry was not stored".into()))?;
            let entry = ProgressEntry {
                id: row.i64(0),
                plan_id: p.plan_id,
                project: p.project.clone(),
                year: p.year,
                status: p.status,
                percent: p.percent,
                note: p.note.trim().to_string(),
                who: actor.to_string(),
                at: row.str(1),
            };
            let after = describe(p.status, p.percent);
            audit(tx, actor, "project_progress", &format!("plan {} project {} {}: {before} → {after}", p.plan_id, p.project, p.year))?;
            Ok(entry)
        })
    }

    /// Every progress entry of a plan, oldest first (the last of a project and year is
    /// its progress).
    pub fn project_progress(&mut self, plan: i64) -> Result<Vec<ProgressEntry>, StoreError> {
        self.read(|tx| {
            let rows = tx.query(
                "SELECT id, plan_id, project, year, status, percent, note, who, created_at FROM project_progress WHERE plan_id = $1 ORDER BY id",
                &[plan.into()],
            )?;
            Ok(rows
                .iter()
                .filter_map(|r| {
                    Some(ProgressEntry {
                        id: r.i64(0),
                        plan_id: r.i64(1),
                        project: r.str(2),
                        year: r.opt_i32(3)?,
                        status: ProjectStatus::parse(&r.str(4))?,
                        percent: r.opt_f64(5),
                        note: r.str(6),
                        who: r.str(7),
                        at: r.str(8),
                    })
                })
                .collect())
        })
    }
}

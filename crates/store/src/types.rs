//! What the store hands out and takes in.

use lantu_extract::model::{Fact, Heading, Indicator, Project, Target};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum IngestStatus {
    /// The same bytes are already stored: nothing written.
    Unchanged,
    NewPlan,
    /// A changed document of a stored plan: its next version.
    NewVersion,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct IngestOutcome {
    pub status: IngestStatus,
    pub plan_id: i64,
    pub version: i64,
    pub headings: usize,
    pub indicators: usize,
    pub targets: usize,
    pub facts: usize,
    pub projects: usize,
    pub warnings: usize,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PlanSummary {
    pub id: i64,
    pub title: Option<String>,
    pub region: Option<String>,
    pub kind: String,
    pub period_start: Option<i32>,
    pub period_end: Option<i32>,
    pub parent_id: Option<i64>,
    pub versions: i64,
    /// The current (latest) version.
    pub version_id: i64,
    pub file: String,
    pub sha256: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct VersionInfo {
    pub id: i64,
    pub version: i64,
    pub file: String,
    pub sha256: String,
    pub created_at: String,
}

/// A plan with the content of its current version.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PlanDetail {
    pub summary: PlanSummary,
    pub horizon: Option<i32>,
    pub outline: Vec<Heading>,
    pub indicators: Vec<Indicator>,
    pub targets: Vec<Target>,
    pub facts: Vec<Fact>,
    pub projects: Vec<Project>,
}

/// A fact with the plan and document it was stated in.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SourcedFact {
    pub plan_id: i64,
    pub plan_title: Option<String>,
    pub region: Option<String>,
    pub kind: String,
    pub file: String,
    pub fact: Fact,
}

/// A fact as monitoring reads it: its value and where it stands, without its sentence
/// and plan title (reading those for every plan was most of the every-plan pages' time).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FactValue {
    pub plan_id: i64,
    pub region: Option<String>,
    pub file: String,
    pub metric: String,
    pub year: Option<i32>,
    pub value: f64,
    pub unit: Option<String>,
    pub estimated: bool,
    pub line: usize,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NewActual {
    pub region: String,
    /// The normalised indicator name the value belongs to.
    pub metric: String,
    pub year: i32,
    pub value: f64,
    pub unit: Option<String>,
    /// Where it was published (统计公报 2022, a file and line …).
    pub source: String,
    /// 预计 / 初步统计.
    pub estimated: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StoredActual {
    pub id: i64,
    pub actual: NewActual,
    pub imported_at: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NewOverride {
    pub plan_id: i64,
    /// The indicator's name (with its sub-row, `name/sub`), stable across versions.
    pub indicator: String,
    pub year: i32,
    pub value: f64,
    pub who: String,
    pub why: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StoredOverride {
    pub o: NewOverride,
    pub created_at: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NewFinding {
    /// `conflicting_values`, `growth_inconsistent`, `implausible_value` …
    pub kind: String,
    pub region: Option<String>,
    pub metric: Option<String>,
    pub year: Option<i32>,
    pub message: String,
    /// Each source as `file:line (plan title)`.
    pub sources: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AuditEntry {
    pub at: String,
    pub actor: String,
    pub action: String,
    pub detail: String,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Counts {
    pub plans: i64,
    pub plan_versions: i64,
    pub headings: i64,
    pub indicators: i64,
    pub targets: i64,
    pub facts: i64,
    pub projects: i64,
    pub actuals: i64,
    pub overrides: i64,
    pub findings: i64,
    pub audit_log: i64,
}

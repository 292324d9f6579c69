//! Everything lantu does with stored data, written once over [`Tx`].

use lantu_extract::model::{Attribute, Bound, Fact, GrowthCell, GrowthKind, Heading, Indicator, Money, Project, Target, YearCell};
use lantu_extract::Extraction;

use crate::sql::{Row, Tx, Value};
use crate::types::*;
use crate::StoreError;

/// A transaction that writes: counts its writes (for the injected failure) and keeps
/// the audit actor.
pub(crate) struct Writer<'a> {
    tx: &'a mut dyn Tx,
    actor: &'a str,
    writes: usize,
    fail_after: Option<usize>,
}

impl<'a> Writer<'a> {
    pub(crate) fn new(tx: &'a mut dyn Tx, actor: &'a str, fail_after: Option<usize>) -> Self {
        Writer { tx, actor, writes: 0, fail_after }
    }

    fn execute(&mut self, sql: &str, params: &[Value]) -> Result<u64, StoreError> {
        self.count_write()?;
        self.tx.execute(sql, params)
    }

    /// An INSERT … RETURNING id.
    fn insert(&mut self, sql: &str, params: &[Value]) -> Result<i64, StoreError> {
        self.count_write()?;
        let rows = self.tx.query(sql, params)?;
        rows.first().and_then(|r| r.opt_i64(0)).ok_or_else(|| StoreError::Invalid(format!("no id returned by {sql}")))
    }

    fn count_write(&mut self) -> Result<(), StoreError> {
        if self.fail_after.is_some_and(|n| self.writes >= n) {
            return Err(StoreError::Injected(self.writes));
        }
        self.writes += 1;
        Ok(())
    }

    fn audit(&mut self, action: &str, detail: &str) -> Result<(), StoreError> {
        let actor = self.actor.to_string();
        self.execute("INSERT INTO audit_log (actor, action, detail) VALUES ($1, $2, $3)", &[actor.into(), action.into(), detail.into()])?;
        Ok(())
    }

    pub(crate) fn ingest(&mut self, ex: &Extraction) -> Result<IngestOutcome, StoreError> {
        let counts = |status, plan_id, version| IngestOutcome {
            status,
            plan_id,
            version,
            headings: ex.outline.len(),
            indicators: ex.indicators.len(),
            targets: ex.targets.len(),
            facts: ex.facts.len(),
            projects: ex.projects.len(),
            warnings: ex.warnings.len(),
        };
        let same_bytes =
            self.tx.query("SELECT plan_id, version FROM plan_versions WHERE sha256 = $1", &[ex.source.sha256.as_str().into()])?;
        if let Some(row) = same_bytes.first() {
            return Ok(counts(IngestStatus::Unchanged, row.i64(0), row.i64(1)));
        }
        let key = plan_key(ex);
        let existing = self.tx.query("SELECT id FROM plans WHERE plan_key = $1", &[key.as_str().into()])?;
        let (plan_id, status) = match existing.first() {
            Some(row) => (row.i64(0), IngestStatus::NewVersion),
            None => (self.insert_plan(ex, &key)?, IngestStatus::NewPlan),
        };
        if status == IngestStatus::NewVersion {
            // The plan's descriptive fields follow its latest version.
            self.execute("UPDATE plans SET title = $1 WHERE id = $2", &[ex.plan.title.clone().into(), plan_id.into()])?;
        }
        let rows = self.tx.query("SELECT COALESCE(MAX(version), 0) FROM plan_versions WHERE plan_id = $1", &[plan_id.into()])?;
        let version = rows.first().map_or(0, |r| r.i64(0)) + 1;
        let version_id = self.insert(
            "INSERT INTO plan_versions (plan_id, version, file, sha256, encoding, lines, title, horizon, warnings) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id",
            &[
                plan_id.into(),
                version.into(),
                ex.source.file.as_str().into(),
                ex.source.sha256.as_str().into(),
                ex.source.encoding.as_str().into(),
                ex.source.lines.into(),
                ex.plan.title.clone().into(),
                ex.plan.horizon.into(),
                ex.warnings.len().into(),
            ],
        )?;
        self.insert_content(version_id, ex)?;
        let detail = format!("{} → plan {plan_id} version {version} ({})", ex.source.file, ex.source.sha256);
        self.audit("ingest", &detail)?;
        Ok(counts(status, plan_id, version))
    }

    fn insert_plan(&mut self, ex: &Extraction, key: &str) -> Result<i64, StoreError> {
        self.insert(
            "INSERT INTO plans (plan_key, region, kind, period_start, period_end, title) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
            &[
                key.into(),
                ex.plan.region.clone().into(),
                ex.plan.kind.as_str().into(),
                ex.plan.period.map(|p| p.start).into(),
                ex.plan.period.map(|p| p.end).into(),
                ex.plan.title.clone().into(),
            ],
        )
    }

    fn insert_content(&mut self, version_id: i64, ex: &Extraction) -> Result<(), StoreError> {
        for (ord, h) in ex.outline.iter().enumerate() {
            self.execute(
                "INSERT INTO headings (version_id, ord, level, label, title, line) VALUES ($1, $2, $3, $4, $5, $6)",
                &[
                    version_id.into(),
                    ord.into(),
                    i64::from(h.level).into(),
                    h.label.as_str().into(),
                    h.title.as_str().into(),
                    h.line.into(),
                ],
            )?;
        }
        for (ord, i) in ex.indicators.iter().enumerate() {
            self.execute(
                "INSERT INTO indicators (version_id, ord, table_name, category, seq, sub, name, unit, base_year, base_text, \
                 base_value, target_year, target_text, target_value, growth_text, growth_value, growth_kind, attribute, line) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19)",
                &[
                    version_id.into(),
                    ord.into(),
                    i.table.clone().into(),
                    i.category.clone().into(),
                    i.seq.map(i64::from).into(),
                    i.sub.clone().into(),
                    i.name.as_str().into(),
                    i.unit.clone().into(),
                    i.baseline.year.into(),
                    i.baseline.text.clone().into(),
                    i.baseline.value.into(),
                    i.target.year.into(),
                    i.target.text.clone().into(),
                    i.target.value.into(),
                    i.growth.text.clone().into(),
                    i.growth.value.into(),
                    i.growth.kind.map(growth_kind_str).into(),
                    i.attribute.map(attribute_str).into(),
                    i.line.into(),
                ],
            )?;
        }
        for t in &ex.targets {
            self.execute(
                "INSERT INTO targets (version_id, metric, year, value, unit, bound, text, line) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
                &[
                    version_id.into(),
                    t.metric.as_str().into(),
                    t.year.into(),
                    t.value.into(),
                    t.unit.clone().into(),
                    t.bound.as_str().into(),
                    t.text.as_str().into(),
                    t.line.into(),
                ],
            )?;
        }
        for f in &ex.facts {
            self.execute(
                "INSERT INTO facts (version_id, metric, year, value, unit, estimated, text, line) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
                &[
                    version_id.into(),
                    f.metric.as_str().into(),
                    f.year.into(),
                    f.value.into(),
                    f.unit.clone().into(),
                    f.estimated.into(),
                    f.text.as_str().into(),
                    f.line.into(),
                ],
            )?;
        }
        for p in &ex.projects {
            self.execute(
                "INSERT INTO projects (version_id, grp, name, description, investment_value, investment_unit, heading_ord, line) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
                &[
                    version_id.into(),
                    p.group.clone().into(),
                    p.name.as_str().into(),
                    p.description.clone().into(),
                    p.investment.as_ref().map(|m| m.value).into(),
                    p.investment.as_ref().map(|m| m.unit.clone()).into(),
                    p.heading.into(),
                    p.line.into(),
                ],
            )?;
        }
        Ok(())
    }

    pub(crate) fn link(&mut self, child: i64, parent: i64) -> Result<(), StoreError> {
        self.link_because(child, parent, "")
    }

    /// [`Writer::link`], with the reason written to the audit log.
    pub(crate) fn link_because(&mut self, child: i64, parent: i64, reason: &str) -> Result<(), StoreError> {
        require_plan(self.tx, child)?;
        require_plan(self.tx, parent)?;
        // Walk up from the parent: meeting the child would close a cycle.
        let mut at = Some(parent);
        let mut steps = 0;
        while let Some(id) = at {
            if id == child {
                return Err(StoreError::Invalid(format!("plan {parent} is already under plan {child}: a cycle")));
            }
            steps += 1;
            if steps > 1000 {
                break;
            }
            at = self.tx.query("SELECT parent_id FROM plans WHERE id = $1", &[id.into()])?.first().and_then(|r| r.opt_i64(0));
        }
        self.execute("UPDATE plans SET parent_id = $1 WHERE id = $2", &[parent.into(), child.into()])?;
        let reason = if reason.is_empty() { String::new() } else { format!(" ({reason})") };
        self.audit("link", &format!("plan {child} under plan {parent}{reason}"))
    }

    pub(crate) fn import_actuals(&mut self, rows: &[NewActual]) -> Result<usize, StoreError> {
        for a in rows {
            replace_actual(&mut |sql, params| self.execute(sql, params), a)?;
        }
        self.audit("import_actuals", &format!("{} rows", rows.len()))?;
        Ok(rows.len())
    }

    pub(crate) fn add_override(&mut self, o: &NewOverride) -> Result<(), StoreError> {
        require_plan(self.tx, o.plan_id)?;
        if o.who.trim().is_empty() || o.why.trim().is_empty() {
            return Err(StoreError::Invalid("an override needs who and why".into()));
        }
        self.execute(
            "INSERT INTO annual_target_overrides (plan_id, indicator, year, value, who, why) VALUES ($1, $2, $3, $4, $5, $6)",
            &[o.plan_id.into(), o.indicator.as_str().into(), o.year.into(), o.value.into(), o.who.as_str().into(), o.why.as_str().into()],
        )?;
        self.audit("override", &format!("plan {} {} {} = {} ({}: {})", o.plan_id, o.indicator, o.year, o.value, o.who, o.why))
    }

    pub(crate) fn replace_findings(&mut self, findings: &[NewFinding]) -> Result<(), StoreError> {
        self.execute("DELETE FROM findings", &[])?;
        for f in findings {
            self.execute(
                "INSERT INTO findings (kind, region, metric, year, message, sources) VALUES ($1, $2, $3, $4, $5, $6)",
                &[
                    f.kind.as_str().into(),
                    f.region.clone().into(),
                    f.metric.clone().into(),
                    f.year.into(),
                    f.message.as_str().into(),
                    serde_json::to_string(&f.sources)?.into(),
                ],
            )?;
        }
        self.audit("check", &format!("{} findings", findings.len()))
    }
}

/// A plan is one region's one kind of plan for one period; without a region the file
/// name stands in, so two unknown documents never merge.
fn plan_key(ex: &Extraction) -> String {
    let period = ex.plan.period.map_or("?".to_string(), |p| format!("{}-{}", p.start, p.end));
    match &ex.plan.region {
        Some(region) => format!("{region}|{}|{period}", ex.plan.kind.as_str()),
        None => format!("?|{}|{period}|file:{}", ex.plan.kind.as_str(), ex.source.file),
    }
}

fn require_plan(tx: &mut dyn Tx, id: i64) -> Result<(), StoreError> {
    if tx.query("SELECT 1 FROM plans WHERE id = $1", &[id.into()])?.is_empty() {
        return Err(StoreError::NotFound { what: "plan", id });
    }
    Ok(())
}

fn growth_kind_str(k: GrowthKind) -> &'static str {
    match k {
        GrowthKind::Annual => "annual",
        GrowthKind::Cumulative => "cumulative",
    }
}

fn attribute_str(a: Attribute) -> &'static str {
    match a {
        Attribute::Expected => "expected",
        Attribute::Binding => "binding",
    }
}

fn bound_of(s: &str) -> Bound {
    match s {
        ">=" => Bound::AtLeast,
        "<=" => Bound::AtMost,
        "~" => Bound::About,
        _ => Bound::Exactly,
    }
}

fn usize_at(row: &Row, i: usize) -> usize {
    usize::try_from(row.i64(i)).unwrap_or_default()
}

const PLAN_COLUMNS: &str = "p.id, p.title, p.region, p.kind, p.period_start, p.period_end, p.parent_id, \
     (SELECT COUNT(*) FROM plan_versions c WHERE c.plan_id = p.id), v.id, v.file, v.sha256, v.horizon";
const CURRENT_VERSION: &str = "JOIN plan_versions v ON v.plan_id = p.id \
     AND v.version = (SELECT MAX(version) FROM plan_versions m WHERE m.plan_id = p.id)";

fn plan_summary(row: &Row) -> PlanSummary {
    PlanSummary {
        id: row.i64(0),
        title: row.opt_str(1),
        region: row.opt_str(2),
        kind: row.str(3),
        period_start: row.opt_i32(4),
        period_end: row.opt_i32(5),
        parent_id: row.opt_i64(6),
        versions: row.i64(7),
        version_id: row.i64(8),
        file: row.str(9),
        sha256: row.str(10),
    }
}

pub(crate) fn list_plans(tx: &mut dyn Tx) -> Result<Vec<PlanSummary>, StoreError> {
    list_plans_where(tx, "")
}

/// [`list_plans`] with a `WHERE …` over `p` (the plans) and `v` (their current version).
pub(crate) fn list_plans_where(tx: &mut dyn Tx, filter: &str) -> Result<Vec<PlanSummary>, StoreError> {
    let sql = format!("SELECT {PLAN_COLUMNS} FROM plans p {CURRENT_VERSION} {filter} ORDER BY p.id");
    Ok(tx.query(&sql, &[])?.iter().map(plan_summary).collect())
}

pub(crate) fn plan_detail(tx: &mut dyn Tx, id: i64) -> Result<PlanDetail, StoreError> {
    let sql = format!("SELECT {PLAN_COLUMNS} FROM plans p {CURRENT_VERSION} WHERE p.id = $1");
    let rows = tx.query(&sql, &[id.into()])?;
    let row = rows.first().ok_or(StoreError::NotFound { what: "plan", id })?;
    let summary = plan_summary(row);
    let horizon = row.opt_i32(11);
    let v = summary.version_id;
    Ok(PlanDetail {
        horizon,
        outline: headings(tx, v)?,
        indicators: indicators(tx, v)?,
        targets: targets(tx, v)?,
        facts: facts(tx, v)?,
        projects: projects(tx, v)?,
        summary,
    })
}

fn headings(tx: &mut dyn Tx, version_id: i64) -> Result<Vec<Heading>, StoreError> {
    let rows = tx.query("SELECT level, label, title, line FROM headings WHERE version_id = $1 ORDER BY ord", &[version_id.into()])?;
    Ok(rows
        .iter()
        .map(|r| Heading { level: u8::try_from(r.i64(0)).unwrap_or(u8::MAX), label: r.str(1), title: r.str(2), line: usize_at(r, 3) })
        .collect())
}

const INDICATOR_COLUMNS: &str = "i.table_name, i.category, i.seq, i.sub, i.name, i.unit, i.base_year, i.base_text, i.base_value, \
     i.target_year, i.target_text, i.target_value, i.growth_text, i.growth_value, i.growth_kind, i.attribute, i.line";

pub(crate) fn indicators(tx: &mut dyn Tx, version_id: i64) -> Result<Vec<Indicator>, StoreError> {
    let sql = format!("SELECT {INDICATOR_COLUMNS} FROM indicators i WHERE i.version_id = $1 ORDER BY i.ord");
    Ok(tx.query(&sql, &[version_id.into()])?.iter().map(|r| indicator_of(r, 0)).collect())
}

/// The indicators of the current version of every plan, as `(plan id, indicator)` in
/// plan id then document order: one query for what monitoring every plan needs, instead
/// of one whole [`PlanDetail`] per plan.
pub(crate) fn current_indicators(tx: &mut dyn Tx) -> Result<Vec<(i64, Indicator)>, StoreError> {
    let sql = format!(
        "SELECT p.id, {INDICATOR_COLUMNS} FROM plans p {CURRENT_VERSION} JOIN indicators i ON i.version_id = v.id ORDER BY p.id, i.ord"
    );
    Ok(tx.query(&sql, &[])?.iter().map(|r| (r.i64(0), indicator_of(r, 1))).collect())
}

/// An indicator from the [`INDICATOR_COLUMNS`] of `r`, starting at column `at`.
fn indicator_of(r: &Row, at: usize) -> Indicator {
    Indicator {
        table: r.opt_str(at),
        category: r.opt_str(at + 1),
        seq: r.opt_i64(at + 2).and_then(|v| u32::try_from(v).ok()),
        sub: r.opt_str(at + 3),
        name: r.str(at + 4),
        unit: r.opt_str(at + 5),
        baseline: YearCell { year: r.opt_i32(at + 6), text: r.opt_str(at + 7), value: r.opt_f64(at + 8) },
        target: YearCell { year: r.opt_i32(at + 9), text: r.opt_str(at + 10), value: r.opt_f64(at + 11) },
        growth: GrowthCell {
            text: r.opt_str(at + 12),
            value: r.opt_f64(at + 13),
            kind: r.opt_str(at + 14).and_then(|k| match k.as_str() {
                "annual" => Some(GrowthKind::Annual),
                "cumulative" => Some(GrowthKind::Cumulative),
                _ => None,
            }),
        },
        attribute: r.opt_str(at + 15).and_then(|a| match a.as_str() {
            "expected" => Some(Attribute::Expected),
            "binding" => Some(Attribute::Binding),
            _ => None,
        }),
        line: usize_at(r, at + 16),
    }
}

fn targets(tx: &mut dyn Tx, version_id: i64) -> Result<Vec<Target>, StoreError> {
    let rows = tx.query(
        "SELECT metric, year, value, unit, bound, text, line FROM targets WHERE version_id = $1 ORDER BY line, id",
        &[version_id.into()],
    )?;
    Ok(rows
        .iter()
        .map(|r| Target {
            metric: r.str(0),
            year: r.opt_i32(1),
            value: r.f64(2),
            unit: r.opt_str(3),
            bound: bound_of(&r.str(4)),
            text: r.str(5),
            line: usize_at(r, 6),
        })
        .collect())
}

fn fact_of(r: &Row, at: usize) -> Fact {
    Fact {
        metric: r.str(at),
        year: r.opt_i32(at + 1),
        value: r.f64(at + 2),
        unit: r.opt_str(at + 3),
        estimated: r.bool(at + 4),
        text: r.str(at + 5),
        line: usize_at(r, at + 6),
    }
}

fn facts(tx: &mut dyn Tx, version_id: i64) -> Result<Vec<Fact>, StoreError> {
    let rows = tx.query(
        "SELECT metric, year, value, unit, estimated, text, line FROM facts WHERE version_id = $1 ORDER BY line, id",
        &[version_id.into()],
    )?;
    Ok(rows.iter().map(|r| fact_of(r, 0)).collect())
}

fn projects(tx: &mut dyn Tx, version_id: i64) -> Result<Vec<Project>, StoreError> {
    let rows = tx.query(
        "SELECT grp, name, description, investment_value, investment_unit, heading_ord, line FROM projects \
         WHERE version_id = $1 ORDER BY line, id",
        &[version_id.into()],
    )?;
    Ok(rows
        .iter()
        .map(|r| Project {
            group: r.opt_str(0),
            name: r.str(1),
            description: r.opt_str(2),
            investment: match (r.opt_f64(3), r.opt_str(4)) {
                (Some(value), Some(unit)) => Some(Money { value, unit }),
                _ => None,
            },
            heading: r.opt_i64(5).and_then(|v| usize::try_from(v).ok()),
            line: usize_at(r, 6),
        })
        .collect())
}

pub(crate) fn versions(tx: &mut dyn Tx, plan: i64) -> Result<Vec<VersionInfo>, StoreError> {
    require_plan(tx, plan)?;
    let rows =
        tx.query("SELECT id, version, file, sha256, created_at FROM plan_versions WHERE plan_id = $1 ORDER BY version", &[plan.into()])?;
    Ok(rows
        .iter()
        .map(|r| VersionInfo { id: r.i64(0), version: r.i64(1), file: r.str(2), sha256: r.str(3), created_at: r.str(4) })
        .collect())
}

pub(crate) fn all_facts(tx: &mut dyn Tx) -> Result<Vec<SourcedFact>, StoreError> {
    sourced_facts(tx, "", &[])
}

/// The facts of the current version of the plans of one region (`None`: of the plans
/// without a region): what monitoring one plan needs, not every plan's facts.
pub(crate) fn facts_of_region(tx: &mut dyn Tx, region: Option<&str>) -> Result<Vec<SourcedFact>, StoreError> {
    match region {
        Some(region) => sourced_facts(tx, "WHERE p.region = $1", &[region.into()]),
        None => sourced_facts(tx, "WHERE p.region IS NULL", &[]),
    }
}

fn sourced_facts(tx: &mut dyn Tx, filter: &str, params: &[Value]) -> Result<Vec<SourcedFact>, StoreError> {
    let sql = format!(
        "SELECT p.id, p.title, p.region, p.kind, v.file, f.metric, f.year, f.value, f.unit, f.estimated, f.text, f.line \
         FROM plans p {CURRENT_VERSION} JOIN facts f ON f.version_id = v.id {filter} ORDER BY p.id, f.line, f.id"
    );
    Ok(tx
        .query(&sql, params)?
        .iter()
        .map(|r| SourcedFact {
            plan_id: r.i64(0),
            plan_title: r.opt_str(1),
            region: r.opt_str(2),
            kind: r.str(3),
            file: r.str(4),
            fact: fact_of(r, 5),
        })
        .collect())
}

/// The facts of the current version of every plan as [`FactValue`]s, in the order of
/// [`all_facts`].
pub(crate) fn current_fact_values(tx: &mut dyn Tx) -> Result<Vec<FactValue>, StoreError> {
    let sql = format!(
        "SELECT p.id, p.region, v.file, f.metric, f.year, f.value, f.unit, f.estimated, f.line \
         FROM plans p {CURRENT_VERSION} JOIN facts f ON f.version_id = v.id ORDER BY p.id, f.line, f.id"
    );
    Ok(tx
        .query(&sql, &[])?
        .iter()
        .map(|r| FactValue {
            plan_id: r.i64(0),
            region: r.opt_str(1),
            file: r.str(2),
            metric: r.str(3),
            year: r.opt_i32(4),
            value: r.f64(5),
            unit: r.opt_str(6),
            estimated: r.bool(7),
            line: usize_at(r, 8),
        })
        .collect())
}

pub(crate) fn actuals(tx: &mut dyn Tx) -> Result<Vec<StoredActual>, StoreError> {
    stored_actuals(tx, "", &[])
}

pub(crate) fn actuals_of_region(tx: &mut dyn Tx, region: &str) -> Result<Vec<StoredActual>, StoreError> {
    stored_actuals(tx, "WHERE region = $1", &[region.into()])
}

fn stored_actuals(tx: &mut dyn Tx, filter: &str, params: &[Value]) -> Result<Vec<StoredActual>, StoreError> {
    let sql = format!(
        "SELECT id, region, metric, year, value, unit, source, estimated, imported_at FROM actuals {filter} ORDER BY region, metric, year, id"
    );
    let rows = tx.query(&sql, params)?;
    Ok(rows
        .iter()
        .map(|r| StoredActual {
            id: r.i64(0),
            actual: NewActual {
                region: r.str(1),
                metric: r.str(2),
                year: r.opt_i32(3).unwrap_or_default(),
                value: r.f64(4),
                unit: r.opt_str(5),
                source: r.str(6),
                estimated: r.bool(7),
            },
            imported_at: r.str(8),
        })
        .collect())
}

pub(crate) fn overrides(tx: &mut dyn Tx, plan: i64) -> Result<Vec<StoredOverride>, StoreError> {
    stored_overrides(tx, "WHERE plan_id = $1", &[plan.into()])
}

/// The overrides of every plan, in the order made (as [`overrides`] gives one plan's).
pub(crate) fn all_overrides(tx: &mut dyn Tx) -> Result<Vec<StoredOverride>, StoreError> {
    stored_overrides(tx, "", &[])
}

fn stored_overrides(tx: &mut dyn Tx, filter: &str, params: &[Value]) -> Result<Vec<StoredOverride>, StoreError> {
    let sql = format!("SELECT plan_id, indicator, year, value, who, why, created_at FROM annual_target_overrides {filter} ORDER BY id");
    let rows = tx.query(&sql, params)?;
    Ok(rows
        .iter()
        .map(|r| StoredOverride {
            o: NewOverride {
                plan_id: r.i64(0),
                indicator: r.str(1),
                year: r.opt_i32(2).unwrap_or_default(),
                value: r.f64(3),
                who: r.str(4),
                why: r.str(5),
            },
            created_at: r.str(6),
        })
        .collect())
}

pub(crate) fn findings(tx: &mut dyn Tx) -> Result<Vec<NewFinding>, StoreError> {
    let rows = tx.query("SELECT kind, region, metric, year, message, sources FROM findings ORDER BY id", &[])?;
    rows.iter()
        .map(|r| {
            Ok(NewFinding {
                kind: r.str(0),
                region: r.opt_str(1),
                metric: r.opt_str(2),
                year: r.opt_i32(3),
                message: r.str(4),
                sources: serde_json::from_str(&r.str(5))?,
            })
        })
        .collect()
}

pub(crate) fn audit_log(tx: &mut dyn Tx) -> Result<Vec<AuditEntry>, StoreError> {
    let rows = tx.query("SELECT at, actor, action, detail FROM audit_log ORDER BY id", &[])?;
    Ok(rows.iter().map(|r| AuditEntry { at: r.str(0), actor: r.str(1), action: r.str(2), detail: r.str(3) }).collect())
}

/// The latest `limit` audit entries whose detail contains `needle`, newest first.
pub(crate) fn audit_log_containing(tx: &mut dyn Tx, needle: &str, limit: usize) -> Result<Vec<AuditEntry>, StoreError> {
    let escaped: String = needle.chars().flat_map(|c| if matches!(c, '%' | '_' | '\\') { vec!['\\', c] } else { vec![c] }).collect();
    let rows = tx.query(
        "SELECT at, actor, action, detail FROM audit_log WHERE detail LIKE $1 ESCAPE '\\' ORDER BY id DESC LIMIT $2",
        &[format!("%{escaped}%").into(), limit.into()],
    )?;
    Ok(rows.iter().map(|r| AuditEntry { at: r.str(0), actor: r.str(1), action: r.str(2), detail: r.str(3) }).collect())
}

pub(crate) fn counts(tx: &mut dyn Tx) -> Result<Counts, StoreError> {
    let mut count = |table: &str| -> Result<i64, StoreError> {
        Ok(tx.query(&format!("SELECT COUNT(*) FROM {table}"), &[])?.first().map_or(0, |r| r.i64(0)))
    };
    Ok(Counts {
        plans: count("plans")?,
        plan_versions: count("plan_versions")?,
        headings: count("headings")?,
        indicators: count("indicators")?,
        targets: count("targets")?,
        facts: count("facts")?,
        projects: count("projects")?,
        actuals: count("actuals")?,
        overrides: count("annual_target_overrides")?,
        findings: count("findings")?,
        audit_log: count("audit_log")?,
    })
}

/// The content of one version of a plan (`version` 1, 2 …), as [`plan_detail`] gives the
/// current one; the summary's file, sha256 and version id are that version's.
pub(crate) fn plan_version_detail(tx: &mut dyn Tx, id: i64, version: i64) -> Result<PlanDetail, StoreError> {
    let sql = format!("SELECT {PLAN_COLUMNS} FROM plans p {CURRENT_VERSION} WHERE p.id = $1");
    let rows = tx.query(&sql, &[id.into()])?;
    let row = rows.first().ok_or(StoreError::NotFound { what: "plan", id })?;
    let mut summary = plan_summary(row);
    let rows = tx.query(
        "SELECT id, file, sha256, horizon, title FROM plan_versions WHERE plan_id = $1 AND version = $2",
        &[id.into(), version.into()],
    )?;
    let v = rows.first().ok_or(StoreError::NotFound { what: "version of the plan", id: version })?;
    summary.version_id = v.i64(0);
    summary.file = v.str(1);
    summary.sha256 = v.str(2);
    summary.title = v.opt_str(4).or(summary.title);
    let version_id = summary.version_id;
    Ok(PlanDetail {
        horizon: v.opt_i32(3),
        outline: headings(tx, version_id)?,
        indicators: indicators(tx, version_id)?,
        targets: targets(tx, version_id)?,
        facts: facts(tx, version_id)?,
        projects: projects(tx, version_id)?,
        summary,
    })
}

/// Runs one statement in a transaction.
pub(crate) type Execute<'a> = dyn FnMut(&str, &[Value]) -> Result<u64, StoreError> + 'a;

/// Stores one actual, replacing the one of the same region, metric, year and source:
/// an import of a corrected file, or a unit re-entering a figure, overwrites its own
/// earlier value and no other source's. `execute` runs one statement in the caller's
/// transaction (counted or not).
pub(crate) fn replace_actual(execute: &mut Execute<'_>, a: &NewActual) -> Result<(), StoreError> {
    execute(
        "DELETE FROM actuals WHERE region = $1 AND metric = $2 AND year = $3 AND source = $4",
        &[a.region.as_str().into(), a.metric.as_str().into(), a.year.into(), a.source.as_str().into()],
    )?;
    execute(
        "INSERT INTO actuals (region, metric, year, value, unit, source, estimated) VALUES ($1, $2, $3, $4, $5, $6, $7)",
        &[
            a.region.as_str().into(),
            a.metric.as_str().into(),
            a.year.into(),
            a.value.into(),
            a.unit.clone().into(),
            a.source.as_str().into(),
            a.estimated.into(),
        ],
    )?;
    Ok(())
}

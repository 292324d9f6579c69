//! `lantu check`: consistency findings (衔接) over everything stored, with sources.

use anyhow::Result;
use lantu_extract::model::{Indicator, Period};
use lantu_monitor::{conflicting_statements, from_extracted, growth_inconsistency, implausible_values, Finding, Statement};
use lantu_store::NewFinding;

pub fn run(db: &str) -> Result<()> {
    let mut store = super::open_store(db)?;
    let aliases = super::aliases()?;
    let mut statements: Vec<Statement> = store
        .all_facts()?
        .into_iter()
        .map(|f| Statement {
            region: f.region,
            metric: f.fact.metric,
            year: f.fact.year,
            value: f.fact.value,
            unit: f.fact.unit,
            estimated: f.fact.estimated,
            source: format!("{}:{}", f.file, f.fact.line),
        })
        .collect();
    statements.extend(store.actuals()?.into_iter().map(|a| Statement {
        region: Some(a.actual.region),
        metric: a.actual.metric,
        year: Some(a.actual.year),
        value: a.actual.value,
        unit: a.actual.unit,
        estimated: a.actual.estimated,
        source: a.actual.source,
    }));
    let mut findings = conflicting_statements(&statements, &aliases);
    findings.extend(implausible_values(&statements, &aliases));
    for plan in store.list_plans()? {
        let detail = store.plan(plan.id)?;
        let period = match (plan.period_start, plan.period_end) {
            (Some(start), Some(end)) => Some(Period { start, end }),
            _ => None,
        };
        for ind in &detail.indicators {
            if let Some(mut f) = growth_check(ind, period, &format!("{}:{}", plan.file, ind.line)) {
                f.region = plan.region.clone();
                findings.push(f);
            }
        }
    }
    let stored: Vec<NewFinding> = findings.iter().map(to_stored).collect();
    store.replace_findings(&stored)?;
    if findings.is_empty() {
        println!("no findings");
    }
    for f in &findings {
        println!("[{}] {}", f.kind, f.message);
        for s in &f.sources {
            println!("    {s}");
        }
    }
    Ok(())
}

/// A row with a level target and a stated annual growth (not in 〔 〕).
fn growth_check(ind: &Indicator, period: Option<Period>, source: &str) -> Option<Finding> {
    let annual = ind.growth.kind != Some(lantu_extract::model::GrowthKind::Cumulative);
    let engine = from_extracted(ind, period);
    growth_inconsistency(&engine, ind.growth.value.filter(|_| annual), source)
}

fn to_stored(f: &Finding) -> NewFinding {
    NewFinding {
        kind: f.kind.clone(),
        region: f.region.clone(),
        metric: f.metric.clone(),
        year: f.year,
        message: f.message.clone(),
        sources: f.sources.clone(),
    }
}

//! `lantu check`: consistency and alignment findings (衔接) over everything stored, with sources.

use anyhow::Result;
use lantu_extract::model::{Bound, Indicator, Period};
use lantu_monitor::{
    conflicting_statements, from_extracted, from_target, growth_inconsistency, implausible_values, weaker_than_parent, Aliases, Finding,
    PlanGoals, SourcedGoal, Statement,
};
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
    findings.extend(alignment(&mut store, &aliases)?);
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

/// Every linked plan's goals against its parent's (衔接): weaker targets are findings.
fn alignment(store: &mut lantu_store::Store, aliases: &Aliases) -> Result<Vec<Finding>> {
    let plans = store.list_plans()?;
    let mut out = Vec::new();
    for child in plans.iter().filter(|p| p.parent_id.is_some()) {
        let Some(parent) = child.parent_id.and_then(|id| plans.iter().find(|p| p.id == id)) else { continue };
        let child_goals = plan_goals(store, child, aliases)?;
        let parent_goals = plan_goals(store, parent, aliases)?;
        out.extend(weaker_than_parent(&child_goals, &parent_goals, aliases));
    }
    Ok(out)
}

/// A plan's table indicators, then its prose targets, each with its source line.
fn plan_goals(store: &mut lantu_store::Store, plan: &lantu_store::PlanSummary, aliases: &Aliases) -> Result<PlanGoals> {
    let detail = store.plan(plan.id)?;
    let period = match (plan.period_start, plan.period_end) {
        (Some(start), Some(end)) => Some(Period { start, end }),
        _ => None,
    };
    let title = plan.title.clone().unwrap_or_else(|| plan.file.clone());
    let mut goals: Vec<SourcedGoal> = detail
        .indicators
        .iter()
        .map(|i| SourcedGoal {
            metric: super::status::indicator_key(aliases, &i.name, i.sub.as_deref()),
            indicator: from_extracted(i, period),
            source: format!("{}:{}（{title}）", plan.file, i.line),
        })
        .collect();
    for t in &detail.targets {
        let Some(year) = t.year else { continue };
        goals.push(SourcedGoal {
            metric: t.metric.clone(),
            indicator: from_target(&t.metric, t.value, t.unit.as_deref(), year, t.bound == Bound::AtMost),
            source: format!("{}:{}（{title}）", plan.file, t.line),
        });
    }
    Ok(PlanGoals { region: plan.region.clone(), title, goals })
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

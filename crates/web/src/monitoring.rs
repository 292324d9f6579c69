//! What a status needs, gathered from the store: the same steps as `lantu status`
//! (`src/commands/status.rs::monitor_plan`), over `StoreError` so the web crate needs no
//! `anyhow`; `lantu status` and `lantu report` call it too.

use lantu_extract::model::{Indicator, Period};
use lantu_monitor::{
    assess, expected_value, from_extracted, Actual, Aliases, Assessment, Goal, MonitoredIndicator, Override, ProgressStatus, Thresholds,
};
use std::collections::{HashMap, HashSet};

use lantu_store::{PlanDetail, PlanSummary, SourcedFact, Store, StoreError, StoredActual, StoredOverride};

/// One indicator's monitoring.
#[derive(Debug, Clone)]
pub struct Monitored {
    /// Its position in the plan's indicator list (the `n` of its URL).
    pub index: usize,
    /// The key actuals, overrides and unit assignments are filed under.
    pub key: String,
    pub indicator: Indicator,
    pub engine: MonitoredIndicator,
    pub actuals: Vec<Actual>,
    pub overrides: Vec<Override>,
    pub expected: Option<f64>,
    pub assessment: Assessment,
}

/// The canonical name, and the sub-row.
pub fn indicator_key(aliases: &Aliases, name: &str, sub: Option<&str>) -> String {
    match sub {
        Some(sub) => format!("{}/{}", aliases.canonical(name), sub),
        None => aliases.canonical(name),
    }
}

/// Facts stated in documents (with file:line and 预计), then imported or entered actuals.
pub fn known_values(
    aliases: &Aliases,
    region: Option<&str>,
    key: &str,
    unit: Option<&str>,
    facts: &[SourcedFact],
    actuals: &[StoredActual],
) -> Vec<Actual> {
    RegionValues::of(aliases, region, facts, actuals).values(key, unit)
}

/// A value as stated, before it is converted to an indicator's unit.
struct Stated {
    year: i32,
    value: f64,
    unit: Option<String>,
    source: String,
    estimated: bool,
}

/// One region's known values by metric, looked up once per indicator: the facts by
/// canonical name (computed once per fact, not once per fact and indicator), the actuals
/// by their stored metric, each in the order given.
#[derive(Default)]
pub struct RegionValues {
    facts: HashMap<String, Vec<Stated>>,
    actuals: HashMap<String, Vec<Stated>>,
}

impl RegionValues {
    /// The values of `region` among `facts` and `actuals`.
    pub fn of(aliases: &Aliases, region: Option<&str>, facts: &[SourcedFact], actuals: &[StoredActual]) -> RegionValues {
        let mut values = RegionValues::default();
        for f in facts.iter().filter(|f| f.region.as_deref() == region) {
            // A fact without a year is never a value of a year.
            let Some(year) = f.fact.year else { continue };
            let source = format!("{}:{}", f.file, f.fact.line);
            let stated = Stated { year, value: f.fact.value, unit: f.fact.unit.clone(), source, estimated: f.fact.estimated };
            values.add_fact(aliases, &f.fact.metric, stated);
        }
        for a in actuals.iter().map(|a| &a.actual).filter(|a| Some(a.region.as_str()) == region) {
            values.add_actual(a);
        }
        values
    }

    /// A fact's value, filed under the canonical name of its metric.
    fn add_fact(&mut self, aliases: &Aliases, metric: &str, stated: Stated) {
        self.facts.entry(aliases.canonical(metric)).or_default().push(stated);
    }

    fn add_actual(&mut self, a: &lantu_store::NewActual) {
        let stated = Stated { year: a.year, value: a.value, unit: a.unit.clone(), source: a.source.clone(), estimated: a.estimated };
        self.actuals.entry(a.metric.clone()).or_default().push(stated);
    }

    /// The values of metric `key` in `unit` (those that cannot be converted left out),
    /// facts first, then actuals, by year (a stable sort).
    pub fn values(&self, key: &str, unit: Option<&str>) -> Vec<Actual> {
        let unit = unit.unwrap_or("");
        let in_unit = |value: f64, from: Option<&str>| match from {
            Some(from) if !unit.is_empty() => lantu_monitor::convert(value, from, unit),
            _ => Some(value),
        };
        let mut out = Vec::new();
        for v in [&self.facts, &self.actuals].into_iter().filter_map(|m| m.get(key)).flatten() {
            let Some(value) = in_unit(v.value, v.unit.as_deref()) else { continue };
            out.push(Actual { year: v.year, value, source: v.source.clone(), estimated: v.estimated });
        }
        out.sort_by_key(|a| a.year);
        out
    }
}

pub fn period_of(detail: &PlanDetail) -> Option<Period> {
    period_of_summary(&detail.summary)
}

fn period_of_summary(summary: &PlanSummary) -> Option<Period> {
    match (summary.period_start, summary.period_end) {
        (Some(start), Some(end)) => Some(Period { start, end }),
        _ => None,
    }
}

/// Monitors every indicator of a plan's current version for `year` (default: the latest
/// year with a value). Returns the year used.
pub fn monitor_plan(
    store: &mut Store,
    detail: &PlanDetail,
    year: Option<i32>,
    aliases: &Aliases,
) -> Result<(i32, Vec<Monitored>), StoreError> {
    // Only the plan's region: values are matched by region (`known_values`), and reading
    // every plan's facts made each page cost O(all plans).
    let region = detail.summary.region.as_deref();
    let facts = store.facts_of_region(region)?;
    let actuals = match region {
        Some(region) => store.actuals_of_region(region)?,
        None => Vec::new(),
    };
    let overrides = store.overrides(detail.summary.id)?;
    Ok(monitor_with(detail, &facts, &actuals, &overrides, year, aliases))
}

/// Every plan of `plans` monitored for `year` (default: each plan's latest year with a
/// value): the home page, the comparison and `/api/v1/indicators`. Four set-wise reads
/// serve all of them (the current versions' indicators, the overrides, the facts'
/// values, the actuals), facts and actuals indexed by region and metric once, so a plan
/// costs its own indicators, not a whole [`PlanDetail`] read and a scan of every fact.
pub fn monitor_plans(
    store: &mut Store,
    plans: Vec<PlanSummary>,
    year: Option<i32>,
    aliases: &Aliases,
) -> Result<Vec<(PlanSummary, i32, Vec<Monitored>)>, StoreError> {
    let wanted: HashSet<i64> = plans.iter().map(|p| p.id).collect();
    let mut indicators: HashMap<i64, Vec<Indicator>> = HashMap::new();
    for (plan, indicator) in store.current_indicators()? {
        if wanted.contains(&plan) {
            indicators.entry(plan).or_default().push(indicator);
        }
    }
    let mut overrides: HashMap<i64, Vec<StoredOverride>> = HashMap::new();
    for o in store.all_overrides()? {
        if wanted.contains(&o.o.plan_id) {
            overrides.entry(o.o.plan_id).or_default().push(o);
        }
    }
    // Each region's values in the store's order, as `RegionValues::of` keeps them for one.
    let mut by_region: HashMap<Option<String>, RegionValues> = HashMap::new();
    for f in store.current_fact_values()? {
        let Some(year) = f.year else { continue };
        let stated = Stated { year, value: f.value, unit: f.unit, source: format!("{}:{}", f.file, f.line), estimated: f.estimated };
        by_region.entry(f.region).or_default().add_fact(aliases, &f.metric, stated);
    }
    for a in store.actuals()? {
        by_region.entry(Some(a.actual.region.clone())).or_default().add_actual(&a.actual);
    }
    let none = RegionValues::default();
    let mut out = Vec::with_capacity(plans.len());
    for summary in plans {
        let values = by_region.get(&summary.region).unwrap_or(&none);
        let own = indicators.get(&summary.id).map_or(&[][..], Vec::as_slice);
        let overrides = overrides.get(&summary.id).map_or(&[][..], Vec::as_slice);
        let (year, rows) = monitor_indicators(&summary, own, values, overrides, year, aliases);
        out.push((summary, year, rows));
    }
    Ok(out)
}

/// [`monitor_plan`] on data already read.
pub fn monitor_with(
    detail: &PlanDetail,
    facts: &[SourcedFact],
    actuals: &[StoredActual],
    overrides: &[StoredOverride],
    year: Option<i32>,
    aliases: &Aliases,
) -> (i32, Vec<Monitored>) {
    let values = RegionValues::of(aliases, detail.summary.region.as_deref(), facts, actuals);
    monitor_indicators(&detail.summary, &detail.indicators, &values, overrides, year, aliases)
}

/// Monitors `indicators`, the current version's of the plan `summary`.
fn monitor_indicators(
    summary: &PlanSummary,
    indicators: &[Indicator],
    values: &RegionValues,
    overrides: &[StoredOverride],
    year: Option<i32>,
    aliases: &Aliases,
) -> (i32, Vec<Monitored>) {
    let period = period_of_summary(summary);
    let mut rows = Vec::new();
    for (index, ind) in indicators.iter().enumerate() {
        let engine = from_extracted(ind, period);
        let key = indicator_key(aliases, &ind.name, ind.sub.as_deref());
        let known = values.values(&key, ind.unit.as_deref());
        let own: Vec<Override> = overrides
            .iter()
            .filter(|o| o.o.indicator == key)
            .map(|o| Override { year: o.o.year, value: o.o.value, who: o.o.who.clone(), why: o.o.why.clone() })
            .collect();
        rows.push((index, key, ind.clone(), engine, known, own));
    }
    let year = year
        .unwrap_or_else(|| rows.iter().flat_map(|r| r.4.iter().map(|a| a.year)).max().unwrap_or_else(|| period.map_or(2025, |p| p.start)));
    let th = Thresholds::default();
    let out = rows
        .into_iter()
        .map(|(index, key, indicator, engine, known, own)| {
            let reference = match &engine.goal {
                Goal::Relative { reference, .. } => values.values(&aliases.canonical(reference), Some("%")),
                _ => Vec::new(),
            };
            let assessment = assess(&engine, &known, &reference, Some(year), &th);
            let expected = expected_value(&engine, year, &own);
            Monitored { index, key, indicator, engine, actuals: known, overrides: own, expected, assessment }
        })
        .collect();
    (year, out)
}

/// How many indicators have each status (pending targets counted as not assessable).
pub fn status_counts(rows: &[Monitored]) -> Vec<(ProgressStatus, usize)> {
    ProgressStatus::ALL.iter().map(|s| (*s, rows.iter().filter(|m| m.assessment.status == *s).count())).collect()
}

/// The name as shown: with its sub-row in brackets.
pub fn display_name(i: &Indicator) -> String {
    match &i.sub {
        Some(sub) => format!("{}（{sub}）", i.name),
        None => i.name.clone(),
    }
}

/// The user's override of `year`'s annual target, if one is in force (the latest wins).
pub fn override_for(m: &Monitored, year: i32) -> Option<&Override> {
    m.overrides.iter().rev().find(|o| o.year == year).filter(|_| m.expected.is_some())
}

/// This year's expected value, marked where a user overrode it.
pub fn expected_text(m: &Monitored, year: i32) -> String {
    match (m.expected, override_for(m, year)) {
        (Some(v), Some(_)) => format!("{}（调整）", number(v)),
        (Some(v), None) => number(v),
        (None, _) => "—".into(),
    }
}

/// A number as people read it: no trailing zeros.
pub fn number(v: f64) -> String {
    let s = format!("{v:.2}");
    s.trim_end_matches('0').trim_end_matches('.').to_string()
}

//! `lantu status [--plan ID] [--year Y]`: where each indicator stands (监测), with the
//! numbers behind each status.

use anyhow::Result;
use lantu_extract::model::{Indicator, Period};
use lantu_monitor::{assess, expected_value, from_extracted, Actual, Aliases, Assessment, Goal, MonitoredIndicator, Override, Thresholds};
use lantu_store::{PlanDetail, SourcedFact, StoredActual, Store};

#[derive(clap::Args)]
pub struct Args {
    /// Only this plan (default: every plan with indicators).
    #[arg(long)]
    pub plan: Option<i64>,
    /// The year to assess (default: the latest year with an actual).
    #[arg(long)]
    pub year: Option<i32>,
}

/// One indicator's monitoring: what the status table and the report show.
pub struct Monitored {
    pub indicator: Indicator,
    pub engine: MonitoredIndicator,
    pub actuals: Vec<Actual>,
    pub overrides: Vec<Override>,
    pub expected: Option<f64>,
    pub assessment: Assessment,
}

/// The key actuals and overrides are filed under: the canonical name, and the sub-row.
pub fn indicator_key(aliases: &Aliases, name: &str, sub: Option<&str>) -> String {
    match sub {
        Some(sub) => format!("{}/{}", aliases.canonical(name), sub),
        None => aliases.canonical(name),
    }
}

/// The values known for `key` in `region`, in `unit`: facts stated in documents (marked
/// with their file, line and 预计), then imported actuals (which win over a document's
/// figure of the same year, being later and final).
pub fn known_values(
    aliases: &Aliases,
    region: Option<&str>,
    key: &str,
    unit: Option<&str>,
    facts: &[SourcedFact],
    actuals: &[StoredActual],
) -> Vec<Actual> {
    let unit = unit.unwrap_or("");
    let in_unit = |value: f64, from: Option<&str>| match from {
        Some(from) if !unit.is_empty() => lantu_monitor::convert(value, from, unit),
        _ => Some(value),
    };
    let mut out = Vec::new();
    for f in facts.iter().filter(|f| f.region.as_deref() == region && aliases.canonical(&f.fact.metric) == key) {
        let (Some(year), Some(value)) = (f.fact.year, in_unit(f.fact.value, f.fact.unit.as_deref())) else { continue };
        let source = format!("{}:{}", f.file, f.fact.line);
        out.push(Actual { year, value, source, estimated: f.fact.estimated });
    }
    for a in actuals.iter().map(|a| &a.actual).filter(|a| Some(a.region.as_str()) == region && a.metric == key) {
        let Some(value) = in_unit(a.value, a.unit.as_deref()) else { continue };
        out.push(Actual { year: a.year, value, source: a.source.clone(), estimated: a.estimated });
    }
    out
}

/// Monitors every indicator of a plan's current version for `year`.
pub fn monitor_plan(store: &mut Store, detail: &PlanDetail, year: Option<i32>, aliases: &Aliases) -> Result<(i32, Vec<Monitored>)> {
    let s = &detail.summary;
    let period = match (s.period_start, s.period_end) {
        (Some(start), Some(end)) => Some(Period { start, end }),
        _ => None,
    };
    let facts = store.all_facts()?;
    let actuals = store.actuals()?;
    let overrides = store.overrides(s.id)?;
    let region = s.region.as_deref();
    let mut rows = Vec::new();
    for ind in &detail.indicators {
        let engine = from_extracted(ind, period);
        let key = indicator_key(aliases, &ind.name, ind.sub.as_deref());
        let values = known_values(aliases, region, &key, ind.unit.as_deref(), &facts, &actuals);
        let own: Vec<Override> = overrides.iter().filter(|o| o.o.indicator == key).map(|o| to_override(&o.o)).collect();
        rows.push((ind.clone(), engine, values, own));
    }
    let year = year.unwrap_or_else(|| {
        rows.iter().flat_map(|r| r.2.iter().map(|a| a.year)).max().unwrap_or_else(|| period.map_or(2025, |p| p.start))
    });
    let th = Thresholds::default();
    let mut out = Vec::new();
    for (indicator, engine, values, own) in rows {
        let reference = match &engine.goal {
            Goal::Relative { reference, .. } => known_values(aliases, region, &aliases.canonical(reference), Some("%"), &facts, &actuals),
            _ => Vec::new(),
        };
        let assessment = assess(&engine, &values, &reference, Some(year), &th);
        let expected = expected_value(&engine, year, &own);
        out.push(Monitored { indicator, engine, actuals: values, overrides: own, expected, assessment });
    }
    Ok((year, out))
}

/// The user's override of `year`'s annual target, if one is in force (the latest wins).
pub fn override_for(m: &Monitored, year: i32) -> Option<&Override> {
    m.overrides.iter().rev().find(|o| o.year == year).filter(|_| m.expected.is_some())
}

/// This year's expected value, marked where a user overrode it.
pub fn expected_text(m: &Monitored, year: i32) -> String {
    match (m.expected, override_for(m, year)) {
        (Some(v), Some(_)) => format!("{}（调整）", super::number(v)),
        (Some(v), None) => super::number(v),
        (None, _) => "—".into(),
    }
}

fn to_override(o: &lantu_store::NewOverride) -> Override {
    Override { year: o.year, value: o.value, who: o.who.clone(), why: o.why.clone() }
}

pub fn run(db: &str, args: &Args) -> Result<()> {
    let mut store = super::open_store(db)?;
    let aliases = super::aliases()?;
    let plans: Vec<i64> = match args.plan {
        Some(id) => vec![id],
        None => store.list_plans()?.into_iter().map(|p| p.id).collect(),
    };
    let mut shown = 0;
    for id in plans {
        let detail = store.plan(id)?;
        if detail.indicators.is_empty() && args.plan.is_none() {
            continue;
        }
        let (year, rows) = monitor_plan(&mut store, &detail, args.year, &aliases)?;
        shown += 1;
        let title = detail.summary.title.as_deref().unwrap_or(&detail.summary.file);
        println!("{title}（plan {id}）— {year} 年监测");
        print!("{}", render(year, &rows));
        for m in &rows {
            if let Some(o) = override_for(m, year) {
                println!("（调整）{}：{year} 年目标由 {} 调整为 {}（{}：{}）", m.indicator.name, computed_text(m, year), super::number(o.value), o.who, o.why);
            }
        }
        println!();
    }
    if shown == 0 {
        println!("no plan with indicators in the store (lantu ingest FILE… first)");
    }
    Ok(())
}

/// The computed annual target of `year`, before any override.
fn computed_text(m: &Monitored, year: i32) -> String {
    expected_value(&m.engine, year, &[]).map_or("—".into(), super::number)
}

fn render(year: i32, rows: &[Monitored]) -> String {
    let header = ["指标", "单位", "基期值", &format!("{year}年预期"), "实际值", "R", "状态", ""];
    let mut table = vec![header.iter().map(|s| s.to_string()).collect::<Vec<_>>()];
    for m in rows {
        let i = &m.indicator;
        let name = match &i.sub {
            Some(sub) => format!("{}（{sub}）", i.name),
            None => i.name.clone(),
        };
        let a = &m.assessment;
        let actual = a.latest.as_ref().map_or("—".to_string(), |l| {
            let est = if l.estimated { "（预计）" } else { "" };
            format!("{}（{}）{est}", super::number(l.value), l.year)
        });
        table.push(vec![
            name,
            i.unit.clone().unwrap_or_default(),
            i.baseline.text.clone().unwrap_or_else(|| "—".into()),
            expected_text(m, year),
            actual,
            a.r.map_or("—".into(), super::number),
            a.label_zh().to_string(),
            if a.early_warning { "预警".into() } else { String::new() },
        ]);
    }
    super::table(&table)
}

//! `lantu actuals import FILE.csv|FILE.xlsx` and `lantu actuals list`: actual values
//! (实际值) with their source, matched to stored indicators by region and normalised
//! name; facts stated in documents are offered beside them.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use lantu_actuals::{find_columns, ActualRow, Columns, RawRow};
use lantu_monitor::Aliases;
use lantu_store::{NewActual, Store};

use super::status::indicator_key;

#[derive(clap::Subcommand)]
pub enum Command {
    /// Import actuals from CSV or XLSX with columns region, indicator, year, value, unit,
    /// source (or 地区, 指标, 年份, 数值, 单位, 来源); an optional `estimated`/`预计` column.
    ///
    /// Rows are matched to stored indicators by region and normalised name (aliases:
    /// built-in, extended by the file in LANTU_ALIASES); 万元/亿元 are converted to the
    /// indicator's unit, other unit mismatches refused. Unmatched and bad rows are listed.
    #[command(verbatim_doc_comment)]
    Import { file: PathBuf },
    /// List imported actuals, and the facts stated in documents that serve as actuals.
    List,
    /// Override one year's annual target of an indicator (年度间综合平衡), kept with who
    /// (LANTU_USER, else USER) and why, and shown in status and report as 调整.
    Override {
        #[arg(long)]
        plan: i64,
        /// The indicator's name as the plan writes it; a sub-row as `名称（分项）` or `名称/分项`.
        #[arg(long)]
        indicator: String,
        #[arg(long)]
        year: i32,
        #[arg(long)]
        value: f64,
        #[arg(long)]
        why: String,
    },
}

pub fn run(db: &str, command: &Command) -> Result<()> {
    let mut store = super::open_store(db)?;
    let aliases = super::aliases()?;
    match command {
        Command::Import { file } => import(&mut store, &super::shown_store(db), &aliases, file),
        Command::List => list(&mut store),
        Command::Override { plan, indicator, year, value, why } => {
            override_target(&mut store, &aliases, *plan, indicator, *year, *value, why)
        }
    }
}

/// Reads the file's rows: `lantu_actuals` parses, this only reads the bytes.
fn read_rows(file: &Path) -> Result<Vec<RawRow>> {
    let ext = file.extension().map(|e| e.to_string_lossy().into_owned()).unwrap_or_default();
    let bytes = std::fs::read(file)?;
    if !lantu_actuals::is_workbook(&ext) {
        return Ok(lantu_actuals::read_rows(&bytes, &ext)?);
    }
    // A damaged workbook can make the parser panic; lantu_actuals catches that and says the
    // workbook is damaged, but the default hook would first print the panic and a backtrace.
    // No panic leaves the workbook path, and this command runs on one thread.
    let hook = std::panic::take_hook();
    std::panic::set_hook(Box::new(|_| {}));
    let rows = lantu_actuals::read_rows(&bytes, &ext);
    std::panic::set_hook(hook);
    Ok(rows?)
}

/// Imports one file's actuals in one transaction. Problems of the file are named by the
/// file and line; a failure to store is named by the store (`store_name`).
pub fn import(store: &mut Store, store_name: &str, aliases: &Aliases, file: &Path) -> Result<()> {
    let shown = file.display().to_string();
    let rows = read_rows(file).with_context(|| shown.clone())?;
    let Some((header, data)) = rows.split_first() else { anyhow::bail!("{shown}: empty file") };
    let columns = find_columns(&header.cells).with_context(|| format!("{shown}:{}", header.line))?;
    let known = known_indicators(store, aliases)?;
    let mut accepted = Vec::new();
    let mut problems = Vec::new();
    let mut unmatched = Vec::new();
    for row in data {
        if row.is_blank() {
            continue;
        }
        match read_actual(row, &columns, aliases, &known, &shown) {
            Ok(Some(actual)) => accepted.push(actual),
            Ok(None) => unmatched.push(format!("{shown}:{}: {}", row.line, row.cells.join(","))),
            Err(e) => problems.push(format!("{shown}:{}: {e}", row.line)),
        }
    }
    let stored =
        store.import_actuals(&accepted).with_context(|| format!("{store_name}: storing the actuals of {shown} (nothing was stored)"))?;
    println!("{stored} actuals imported from {shown}");
    if !unmatched.is_empty() {
        println!("{} rows match no stored indicator of their region (not imported):", unmatched.len());
        for u in &unmatched {
            println!("    {u}");
        }
    }
    for p in &problems {
        eprintln!("lantu: {p}");
    }
    if !problems.is_empty() {
        anyhow::bail!("{} rows of {shown} refused", problems.len());
    }
    Ok(())
}

/// Region → indicator key → the indicator's unit, over every stored plan.
type Known = BTreeMap<String, BTreeMap<String, Option<String>>>;

fn known_indicators(store: &mut Store, aliases: &Aliases) -> Result<Known> {
    let mut known: Known = BTreeMap::new();
    for plan in store.list_plans()? {
        let Some(region) = plan.region.clone() else { continue };
        let detail = store.plan(plan.id)?;
        let entry = known.entry(region).or_default();
        for i in &detail.indicators {
            entry.entry(indicator_key(aliases, &i.name, i.sub.as_deref())).or_insert_with(|| i.unit.clone());
        }
        for t in &detail.targets {
            entry.entry(aliases.canonical(&t.metric)).or_insert_with(|| t.unit.clone());
        }
    }
    Ok(known)
}

/// `Ok(None)`: a well-formed row that matches no stored indicator.
fn read_actual(row: &RawRow, c: &Columns, aliases: &Aliases, known: &Known, file: &str) -> Result<Option<NewActual>> {
    let ActualRow { region, name, year, value, unit, source, estimated } = lantu_actuals::parse_row(row, c, file)?;
    let key = aliases.canonical(&name);
    let Some(indicator_unit) = known.get(&region).and_then(|k| k.get(&key)) else { return Ok(None) };
    let value = match (unit.as_deref(), indicator_unit.as_deref()) {
        (Some(from), Some(to)) => lantu_monitor::convert(value, from, to)
            .with_context(|| format!("unit {from} cannot be compared with the indicator's unit {to}"))?,
        _ => value,
    };
    Ok(Some(NewActual { region, metric: key, year, value, unit: indicator_unit.clone().or(unit), source, estimated }))
}

/// The user the override is recorded for: LANTU_USER, else the login name.
fn who() -> Result<String> {
    std::env::var("LANTU_USER")
        .or_else(|_| std::env::var("USER"))
        .ok()
        .filter(|w| !w.trim().is_empty())
        .context("who is overriding? set LANTU_USER (or USER)")
}

fn override_target(store: &mut Store, aliases: &Aliases, plan: i64, name: &str, year: i32, value: f64, why: &str) -> Result<()> {
    if !value.is_finite() {
        anyhow::bail!("--value {value} is not a number");
    }
    let detail = store.plan(plan)?;
    let wanted = aliases.canonical(&name.replace('（', "/").replace('）', ""));
    // The row named with its sub-row first; else every row of that name (one, or an
    // ambiguity to report).
    let by_key: Vec<&lantu_extract::model::Indicator> =
        detail.indicators.iter().filter(|i| indicator_key(aliases, &i.name, i.sub.as_deref()) == wanted).collect();
    let matches = if by_key.is_empty() {
        detail.indicators.iter().filter(|i| aliases.canonical(&i.name) == aliases.canonical(name)).collect()
    } else {
        by_key
    };
    let indicator = match matches.as_slice() {
        [one] => *one,
        [] => anyhow::bail!("plan {plan} has no indicator {name:?} (lantu plan show {plan} lists them)"),
        many => {
            let names: Vec<String> = many.iter().map(|i| i.sub.as_ref().map_or(i.name.clone(), |s| format!("{}（{s}）", i.name))).collect();
            anyhow::bail!("{name:?} is several rows of plan {plan}: {}", names.join("、"))
        }
    };
    let period = match (detail.summary.period_start, detail.summary.period_end) {
        (Some(start), Some(end)) => Some(lantu_extract::model::Period { start, end }),
        _ => None,
    };
    let engine = lantu_monitor::from_extracted(indicator, period);
    let path = lantu_monitor::annual_path(&engine, &[]);
    if !path.iter().any(|t| t.year == year) {
        let years = match (path.first(), path.last()) {
            (Some(a), Some(b)) => format!("it has annual targets for {}–{}", a.year, b.year),
            _ => "it has no annual path (no baseline, or a pending or relative target)".to_string(),
        };
        anyhow::bail!("{}: no annual target in {year} to override: {years}", indicator.name);
    }
    let o = lantu_store::NewOverride {
        plan_id: plan,
        indicator: indicator_key(aliases, &indicator.name, indicator.sub.as_deref()),
        year,
        value,
        who: who()?,
        why: why.to_string(),
    };
    store.add_override(&o)?;
    println!("plan {plan} {} {year}: annual target set to {} by {} ({})", o.indicator, super::number(value), o.who, o.why);
    Ok(())
}

fn list(store: &mut Store) -> Result<()> {
    let mut rows = vec![["地区", "指标", "年份", "数值", "单位", "来源", ""].map(String::from).to_vec()];
    for a in store.actuals()? {
        let a = a.actual;
        rows.push(vec![
            a.region,
            a.metric,
            a.year.to_string(),
            super::number(a.value),
            a.unit.unwrap_or_default(),
            a.source,
            if a.estimated { "预计".into() } else { String::new() },
        ]);
    }
    for f in store.all_facts()? {
        let Some(year) = f.fact.year else { continue };
        rows.push(vec![
            f.region.unwrap_or_else(|| "—".into()),
            f.fact.metric,
            year.to_string(),
            super::number(f.fact.value),
            f.fact.unit.unwrap_or_default(),
            format!("{}:{}（文件中的事实）", f.file, f.fact.line),
            if f.fact.estimated { "预计".into() } else { String::new() },
        ]);
    }
    print!("{}", super::table(&rows));
    Ok(())
}

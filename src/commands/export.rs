//! `lantu export --format csv|xlsx|json [-o FILE] [--plan ID] [--year Y]`: every
//! indicator with its status, its actuals and where each came from, for a spreadsheet
//! or another program. Files are written to a temporary file first, then renamed, so a
//! reader never sees half a file.

use std::path::PathBuf;

use anyhow::{Context, Result};
use serde_json::{json, Map, Value};

use super::status::{monitor_plan, override_for, Monitored};

#[derive(Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Csv,
    Xlsx,
    Json,
}

#[derive(clap::Args)]
pub struct Args {
    #[arg(long, value_enum, default_value_t = Format::Csv)]
    pub format: Format,
    /// The file to write (default: standard output; required for xlsx).
    #[arg(short, long)]
    pub output: Option<PathBuf>,
    /// Only this plan (default: every plan with indicators).
    #[arg(long)]
    pub plan: Option<i64>,
    /// The year assessed (default: per plan, the latest year with an actual).
    #[arg(long)]
    pub year: Option<i32>,
}

/// One cell: numbers stay numbers in xlsx and JSON.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    Empty,
    Num(f64),
    Text(String),
}

impl Cell {
    fn text(s: impl Into<String>) -> Cell {
        let s = s.into();
        if s.is_empty() {
            Cell::Empty
        } else {
            Cell::Text(s)
        }
    }

    fn opt_num(v: Option<f64>) -> Cell {
        v.filter(|v| v.is_finite()).map_or(Cell::Empty, Cell::Num)
    }

    /// A computed value (a path value, R) to 4 decimals: `0.6000000000000014` is noise of
    /// floating point, not information.
    fn computed(v: Option<f64>) -> Cell {
        Cell::opt_num(v.map(|v| (v * 10_000.0).round() / 10_000.0))
    }

    fn as_csv(&self) -> String {
        match self {
            Cell::Empty => String::new(),
            Cell::Num(v) => format!("{v}"),
            Cell::Text(s) => s.clone(),
        }
    }

    fn as_json(&self) -> Value {
        match self {
            Cell::Empty => Value::Null,
            // Years, ids and counts as integers.
            Cell::Num(v) if v.fract() == 0.0 && v.abs() < 1e15 => json!(*v as i64),
            Cell::Num(v) => json!(v),
            Cell::Text(s) => json!(s),
        }
    }
}

/// The columns: a stable English key (JSON) and the Chinese header (CSV, XLSX).
pub const COLUMNS: &[(&str, &str)] = &[
    ("plan_id", "规划ID"),
    ("plan", "规划"),
    ("region", "地区"),
    ("seq", "序号"),
    ("indicator", "指标"),
    ("sub", "分项"),
    ("unit", "单位"),
    ("attribute", "属性"),
    ("base_year", "基期年"),
    ("baseline", "基期值"),
    ("target_year", "目标年"),
    ("target", "目标值"),
    ("growth", "年均增长/累计"),
    ("year", "评估年"),
    ("expected", "年度目标"),
    ("expected_overridden", "年度目标调整"),
    ("actual", "实际值"),
    ("actual_year", "实际值年份"),
    ("actual_estimated", "预计"),
    ("actual_source", "实际值来源"),
    ("r", "进度比R"),
    ("status", "状态"),
    ("status_code", "状态代码"),
    ("early_warning", "预警"),
    ("actuals", "全部实际值"),
    ("source", "指标来源"),
];

pub fn run(db: &str, args: &Args) -> Result<()> {
    let mut store = super::open_store(db)?;
    let aliases = super::aliases()?;
    let plans: Vec<i64> = match args.plan {
        Some(id) => vec![id],
        None => store.list_plans()?.into_iter().map(|p| p.id).collect(),
    };
    let mut rows: Vec<Vec<Cell>> = Vec::new();
    let mut actual_lists: Vec<Vec<Value>> = Vec::new();
    for id in plans {
        let detail = store.plan(id)?;
        if detail.indicators.is_empty() {
            continue;
        }
        let (year, monitored) = monitor_plan(&mut store, &detail, args.year, &aliases)?;
        for m in &monitored {
            rows.push(row(&detail.summary, year, m));
            actual_lists.push(
                m.actuals.iter().map(|a| json!({"year": a.year, "value": a.value, "source": a.source, "estimated": a.estimated})).collect(),
            );
        }
    }
    let bytes = match args.format {
        Format::Csv => to_csv(&rows)?,
        Format::Json => to_json(&rows, actual_lists)?,
        Format::Xlsx => to_xlsx(&rows)?,
    };
    match &args.output {
        Some(path) => {
            super::write_atomically(path, &bytes)?;
            println!("wrote {} indicators to {}", rows.len(), path.display());
        }
        None if args.format == Format::Xlsx => anyhow::bail!("xlsx needs a file: -o FILE.xlsx"),
        None => std::io::Write::write_all(&mut std::io::stdout().lock(), &bytes).context("writing to stdout")?,
    }
    Ok(())
}

fn row(plan: &lantu_store::PlanSummary, year: i32, m: &Monitored) -> Vec<Cell> {
    let i = &m.indicator;
    let a = &m.assessment;
    let latest = a.latest.as_ref();
    let overridden = override_for(m, year).map(|o| format!("{}（{}：{}）", super::number(o.value), o.who, o.why));
    let actuals: Vec<String> = m
        .actuals
        .iter()
        .map(|x| format!("{} {}{}（{}）", x.year, super::number(x.value), if x.estimated { " 预计" } else { "" }, x.source))
        .collect();
    vec![
        Cell::Num(plan.id as f64),
        Cell::text(plan.title.clone().unwrap_or_else(|| plan.file.clone())),
        Cell::text(plan.region.clone().unwrap_or_default()),
        Cell::opt_num(i.seq.map(f64::from)),
        Cell::text(i.name.clone()),
        Cell::text(i.sub.clone().unwrap_or_default()),
        Cell::text(i.unit.clone().unwrap_or_default()),
        Cell::text(if m.engine.binding { "约束性" } else { "预期性" }),
        Cell::opt_num(i.baseline.year.map(f64::from)),
        Cell::text(i.baseline.text.clone().unwrap_or_default()),
        Cell::opt_num(i.target.year.map(f64::from)),
        Cell::text(i.target.text.clone().unwrap_or_default()),
        Cell::text(i.growth.text.clone().unwrap_or_default()),
        Cell::Num(f64::from(year)),
        Cell::computed(m.expected),
        Cell::text(overridden.unwrap_or_default()),
        Cell::opt_num(latest.map(|l| l.value)),
        Cell::opt_num(latest.map(|l| f64::from(l.year))),
        Cell::text(if latest.is_some_and(|l| l.estimated) { "预计" } else { "" }),
        Cell::text(latest.map(|l| l.source.clone()).unwrap_or_default()),
        Cell::computed(a.r),
        Cell::text(a.label_zh()),
        Cell::text(if a.pending { "pending" } else { a.status.as_str() }),
        Cell::text(if a.early_warning { "预警" } else { "" }),
        Cell::text(actuals.join("；")),
        Cell::text(format!("{}:{}", plan.file, i.line)),
    ]
}

fn to_csv(rows: &[Vec<Cell>]) -> Result<Vec<u8>> {
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record(COLUMNS.iter().map(|c| c.1))?;
    for r in rows {
        w.write_record(r.iter().map(Cell::as_csv))?;
    }
    // A BOM: Excel opens UTF-8 CSV as GBK without it, and the Chinese turns to mojibake.
    let mut out = "\u{feff}".as_bytes().to_vec();
    out.extend(w.into_inner().context("writing CSV")?);
    Ok(out)
}

fn to_json(rows: &[Vec<Cell>], actual_lists: Vec<Vec<Value>>) -> Result<Vec<u8>> {
    let objects: Vec<Value> = rows
        .iter()
        .zip(actual_lists)
        .map(|(r, list)| {
            let mut o: Map<String, Value> = COLUMNS.iter().zip(r).map(|((key, _), c)| (key.to_string(), c.as_json())).collect();
            // Structured in JSON: each actual with its year, value, source and 预计.
            o.insert("actuals".into(), Value::Array(list));
            Value::Object(o)
        })
        .collect();
    let mut out = serde_json::to_vec_pretty(&json!({ "indicators": objects }))?;
    out.push(b'\n');
    Ok(out)
}

fn to_xlsx(rows: &[Vec<Cell>]) -> Result<Vec<u8>> {
    use rust_xlsxwriter::{Format as XFormat, Workbook};
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    sheet.set_name("指标监测")?;
    let bold = XFormat::new().set_bold();
    for (c, (_, header)) in COLUMNS.iter().enumerate() {
        let c = u16::try_from(c)?;
        sheet.write_string_with_format(0, c, *header, &bold)?;
    }
    for (r, row) in rows.iter().enumerate() {
        let r = u32::try_from(r + 1)?;
        for (c, cell) in row.iter().enumerate() {
            let c = u16::try_from(c)?;
            match cell {
                Cell::Empty => {}
                Cell::Num(v) => {
                    sheet.write_number(r, c, *v)?;
                }
                Cell::Text(s) => {
                    sheet.write_string(r, c, s)?;
                }
            }
        }
    }
    sheet.set_freeze_panes(1, 0)?;
    Ok(book.save_to_buffer()?)
}

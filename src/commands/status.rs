//! `lantu status [--plan ID] [--year Y]`: where each indicator stands (监测), with the
//! numbers behind each status.

use anyhow::Result;
use lantu_monitor::{expected_value, Aliases};
use lantu_store::{PlanDetail, Store};

#[derive(clap::Args)]
pub struct Args {
    /// Only this plan (default: every plan with indicators).
    #[arg(long)]
    pub plan: Option<i64>,
    /// The year to assess (default: the latest year with an actual).
    #[arg(long)]
    pub year: Option<i32>,
}

// The gathering (indicators of the current version, actuals from imports and from
// documents' facts, overrides) is the web app's, so that the CLI and the pages show
// the same status for the same data.
pub use lantu_web::monitoring::{expected_text, indicator_key, override_for, Monitored};

/// Monitors every indicator of a plan's current version for `year`.
pub fn monitor_plan(store: &mut Store, detail: &PlanDetail, year: Option<i32>, aliases: &Aliases) -> Result<(i32, Vec<Monitored>)> {
    Ok(lantu_web::monitoring::monitor_plan(store, detail, year, aliases)?)
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
                println!(
                    "（调整）{}：{year} 年目标由 {} 调整为 {}（{}：{}）",
                    m.indicator.name,
                    computed_text(m, year),
                    super::number(o.value),
                    o.who,
                    o.why
                );
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

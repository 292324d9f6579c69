//! `lantu plan list|show|link`: the stored plans and their hierarchy (规划体系).

use anyhow::Result;

#[derive(clap::Subcommand)]
pub enum Command {
    /// List stored plans.
    List,
    /// Show a plan's current version: outline, indicators, targets, facts, projects with lines.
    Show { id: i64 },
    /// Put plan CHILD under plan PARENT (a county plan under its city's, a work report under its outline).
    Link {
        child: i64,
        #[arg(long)]
        parent: i64,
    },
}

pub fn run(db: &str, command: &Command) -> Result<()> {
    let mut store = super::open_store(db)?;
    match command {
        Command::List => {
            let mut rows = vec![["ID", "地区", "类型", "期限", "版本", "上级", "标题"].map(String::from).to_vec()];
            for p in store.list_plans()? {
                rows.push(vec![
                    p.id.to_string(),
                    p.region.unwrap_or_else(|| "—".into()),
                    kind_label(&p.kind),
                    period(p.period_start, p.period_end),
                    p.versions.to_string(),
                    p.parent_id.map_or("—".into(), |id| id.to_string()),
                    p.title.unwrap_or(p.file),
                ]);
            }
            print!("{}", super::table(&rows));
        }
        Command::Show { id } => print!("{}", show(&mut store, *id)?),
        Command::Link { child, parent } => {
            store.link(*child, *parent)?;
            println!("plan {child} is now under plan {parent}");
        }
    }
    Ok(())
}

fn period(start: Option<i32>, end: Option<i32>) -> String {
    match (start, end) {
        (Some(s), Some(e)) => format!("{s}–{e}"),
        _ => "—".into(),
    }
}

fn show(store: &mut lantu_store::Store, id: i64) -> Result<String> {
    use std::fmt::Write;
    let d = store.plan(id)?;
    let s = &d.summary;
    let mut out = String::new();
    let _ = writeln!(out, "{} (plan {id}, version {} of {})", s.title.as_deref().unwrap_or(&s.file), s.versions, s.versions);
    let _ = writeln!(
        out,
        "地区 {}  类型 {}  期限 {}  文件 {}",
        s.region.as_deref().unwrap_or("—"),
        kind_label(&s.kind),
        period(s.period_start, s.period_end),
        s.file
    );
    let _ = writeln!(out, "\n提纲 ({})", d.outline.len());
    for h in &d.outline {
        let _ = writeln!(out, "{:>6}  {}{} {}", h.line, "  ".repeat(usize::from(h.level.saturating_sub(1))), h.label, h.title);
    }
    let _ = writeln!(out, "\n主要指标 ({})", d.indicators.len());
    for i in &d.indicators {
        let cell = |t: &Option<String>| t.clone().unwrap_or_else(|| "—".into());
        let sub = i.sub.as_deref().map(|s| format!("（{s}）")).unwrap_or_default();
        let _ = writeln!(
            out,
            "{:>6}  {}{sub} [{}] 基期 {} 目标 {} 增长 {}",
            i.line,
            i.name,
            i.unit.as_deref().unwrap_or(""),
            cell(&i.baseline.text),
            cell(&i.target.text),
            cell(&i.growth.text)
        );
    }
    let _ = writeln!(out, "\n目标 ({})", d.targets.len());
    for t in &d.targets {
        let _ = writeln!(out, "{:>6}  {} {} {}{} {}", t.line, t.metric, t.year.map_or("—".into(), |y| y.to_string()), t.bound.as_str(), super::number(t.value), t.unit.as_deref().unwrap_or(""));
    }
    let _ = writeln!(out, "\n事实 ({})", d.facts.len());
    for f in &d.facts {
        let est = if f.estimated { "（预计）" } else { "" };
        let _ = writeln!(out, "{:>6}  {} {} {}{}{est}", f.line, f.metric, f.year.map_or("—".into(), |y| y.to_string()), super::number(f.value), f.unit.as_deref().unwrap_or(""));
    }
    let _ = writeln!(out, "\n项目 ({})", d.projects.len());
    for p in &d.projects {
        let money = p.investment.as_ref().map(|m| format!(" 投资 {}{}", super::number(m.value), m.unit)).unwrap_or_default();
        let _ = writeln!(out, "{:>6}  {}{money}", p.line, p.name);
    }
    Ok(out)
}

/// The Chinese label of a stored plan kind; an unknown name is shown as stored.
fn kind_label(kind: &str) -> String {
    lantu_extract::model::PlanKind::parse(kind).map_or_else(|| kind.to_string(), |k| k.label_zh().to_string())
}

//! `lantu plan list|show|link|diff`: the stored plans and their hierarchy (规划体系).

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
    /// Suggest parent links from region, kind and period (a work report under its
    /// region's outline of that year; a county's outline under its city's, where the
    /// region table knows the county: built-in, extended by LANTU_REGIONS, lines
    /// `city,county`). With --apply, make them (one transaction, audited).
    #[command(verbatim_doc_comment)]
    Suggest {
        #[arg(long)]
        apply: bool,
    },
    /// What changed between two versions of a plan (default: the last two): indicators
    /// added, removed or changed (old → new cells), targets, projects and headings.
    Diff {
        id: i64,
        /// The older version (default: the one before --to).
        #[arg(long)]
        from: Option<i64>,
        /// The newer version (default: the latest).
        #[arg(long)]
        to: Option<i64>,
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
        Command::Suggest { apply } => {
            let suggestions = store.suggest_links(&super::regions()?)?;
            if suggestions.is_empty() {
                println!("no link to suggest (every plan is linked or has no covering plan above it)");
            }
            let titles: std::collections::BTreeMap<i64, String> =
                store.list_plans()?.into_iter().map(|p| (p.id, p.title.unwrap_or(p.file))).collect();
            let title = |id: i64| titles.get(&id).cloned().unwrap_or_default();
            for s in &suggestions {
                println!("plan {} → 上级 plan {}  {} → {}", s.child, s.parent, title(s.child), title(s.parent));
                println!("    {}", s.reason);
            }
            if *apply && !suggestions.is_empty() {
                let n = store.link_all(&suggestions)?;
                println!("{n} links made");
            } else if !suggestions.is_empty() {
                println!("(lantu plan suggest --apply makes these links)");
            }
        }
        Command::Diff { id, from, to } => print!("{}", render_diff(&store.diff(*id, *from, *to)?)),
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
        let _ = writeln!(out, "{}", indicator_line(i));
    }
    let _ = writeln!(out, "\n目标 ({})", d.targets.len());
    for t in &d.targets {
        let _ = writeln!(out, "{}", target_line(t));
    }
    let _ = writeln!(out, "\n事实 ({})", d.facts.len());
    for f in &d.facts {
        let est = if f.estimated { "（预计）" } else { "" };
        let _ = writeln!(
            out,
            "{:>6}  {} {} {}{}{est}",
            f.line,
            f.metric,
            f.year.map_or("—".into(), |y| y.to_string()),
            super::number(f.value),
            f.unit.as_deref().unwrap_or("")
        );
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

/// The diff for people: one section per kind of change, each item with its line.
pub fn render_diff(d: &lantu_store::PlanDiff) -> String {
    use std::fmt::Write;
    let mut out = format!("plan {} 版本 {} → 版本 {}\n", d.plan_id, d.from_version, d.to_version);
    if d.from_version == d.to_version {
        out.push_str("（同一版本，无可比较）\n");
        return out;
    }
    if d.is_empty() {
        out.push_str("无变化\n");
        return out;
    }
    if !d.indicators_changed.is_empty() {
        let _ = writeln!(out, "\n指标变化 ({})", d.indicators_changed.len());
        for c in &d.indicators_changed {
            let _ = writeln!(out, "  第 {} 行 → 第 {} 行  [{}] {}", c.old_line, c.new_line, c.key, c.name);
            for cell in &c.cells {
                let _ = writeln!(out, "      {}：{} → {}", cell.field, blank(&cell.old), blank(&cell.new));
            }
        }
    }
    let mut section = |title: &str, items: Vec<String>| {
        if !items.is_empty() {
            let _ = writeln!(out, "\n{title} ({})", items.len());
            for i in items {
                let _ = writeln!(out, "{i}");
            }
        }
    };
    section("新增指标", d.indicators_added.iter().map(|i| format!("+ {}", indicator_line(i))).collect());
    section("删除指标", d.indicators_removed.iter().map(|i| format!("- {}", indicator_line(i))).collect());
    section("新增目标", d.targets_added.iter().map(|t| format!("+ {}", target_line(t))).collect());
    section("删除目标", d.targets_removed.iter().map(|t| format!("- {}", target_line(t))).collect());
    let project = |p: &lantu_extract::model::Project| format!("{:>6}  {}", p.line, p.name);
    section("新增项目", d.projects_added.iter().map(|p| format!("+ {}", project(p))).collect());
    section("删除项目", d.projects_removed.iter().map(|p| format!("- {}", project(p))).collect());
    let heading = |h: &lantu_extract::model::Heading| format!("{:>6}  {} {}", h.line, h.label, h.title);
    section("新增标题", d.headings_added.iter().map(|h| format!("+ {}", heading(h))).collect());
    section("删除标题", d.headings_removed.iter().map(|h| format!("- {}", heading(h))).collect());
    out
}

fn blank(s: &str) -> &str {
    if s.is_empty() {
        "（空）"
    } else {
        s
    }
}

/// An indicator as `plan show` lists it and `plan diff` adds or removes it: line, number,
/// name, unit and the three cells as printed in the document.
fn indicator_line(i: &lantu_extract::model::Indicator) -> String {
    let sub = i.sub.as_deref().map(|s| format!("（{s}）")).unwrap_or_default();
    let seq = i.seq.map(|s| format!("{s}. ")).unwrap_or_default();
    let cell = |t: &Option<String>| t.as_deref().unwrap_or("—").to_string();
    format!(
        "{:>6}  {seq}{}{sub} [{}] 基期 {} 目标 {} 增长 {}",
        i.line,
        i.name,
        i.unit.as_deref().unwrap_or(""),
        cell(&i.baseline.text),
        cell(&i.target.text),
        cell(&i.growth.text)
    )
}

/// A target as `plan show` lists it and `plan diff` adds or removes it.
fn target_line(t: &lantu_extract::model::Target) -> String {
    format!(
        "{:>6}  {} {} {}{} {}",
        t.line,
        t.metric,
        t.year.map_or("—".into(), |y| y.to_string()),
        t.bound.as_str(),
        super::number(t.value),
        t.unit.as_deref().unwrap_or("")
    )
}

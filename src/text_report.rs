//! `lantu extract --format text`: the extraction as a person reads it, every item
//! with the line it came from.

use std::fmt::Write;

use lantu_extract::model::{Extraction, Indicator, YearCell};

pub fn render(out: &Extraction) -> String {
    let mut s = String::new();
    let plan = &out.plan;
    let _ = writeln!(s, "{}", plan.title.as_deref().unwrap_or("（未识别标题）"));
    let period = plan.period.map(|p| format!("{}–{}", p.start, p.end)).unwrap_or_else(|| "—".into());
    let _ = writeln!(
        s,
        "地区 {}  类型 {}  期限 {}  远景 {}",
        plan.region.as_deref().unwrap_or("—"),
        plan.kind.label_zh(),
        period,
        plan.horizon.map(|h| h.to_string()).unwrap_or_else(|| "—".into())
    );
    let _ = writeln!(s, "来源 {} ({}, {} 行)\n", out.source.file, out.source.encoding, out.source.lines);

    let _ = writeln!(s, "目录 ({} 项)", out.outline.len());
    for h in &out.outline {
        let indent = "  ".repeat(h.level.saturating_sub(1) as usize);
        let _ = writeln!(s, "{:>6}  {indent}{} {}", h.line, h.label, h.title);
    }

    if !out.indicators.is_empty() {
        let _ = writeln!(s, "\n主要指标 ({} 项)", out.indicators.len());
        for i in &out.indicators {
            let _ = writeln!(s, "{:>6}  {}", i.line, indicator_line(i));
        }
    }
    if !out.targets.is_empty() {
        let _ = writeln!(s, "\n目标 ({} 项)", out.targets.len());
        for t in &out.targets {
            let year = t.year.map(|y| y.to_string()).unwrap_or_else(|| "—".into());
            let _ = writeln!(s, "{:>6}  {year}年 {} {} {}{}", t.line, t.metric, t.bound.as_str(), t.value, t.unit.as_deref().unwrap_or(""));
        }
    }
    if !out.facts.is_empty() {
        let _ = writeln!(s, "\n已达到 ({} 项)", out.facts.len());
        for f in &out.facts {
            let year = f.year.map(|y| y.to_string()).unwrap_or_else(|| "—".into());
            let est = if f.estimated { "（预计）" } else { "" };
            let _ = writeln!(s, "{:>6}  {year}年 {} {}{}{est}", f.line, f.metric, f.value, f.unit.as_deref().unwrap_or(""));
        }
    }
    if !out.projects.is_empty() {
        let _ = writeln!(s, "\n项目 ({} 项)", out.projects.len());
        let mut group: Option<&str> = None;
        for p in &out.projects {
            if p.group.as_deref() != group {
                group = p.group.as_deref();
                let _ = writeln!(s, "        【{}】", group.unwrap_or("—"));
            }
            let money = p.investment.as_ref().map(|m| format!("  投资{}{}", m.value, m.unit)).unwrap_or_default();
            let _ = writeln!(s, "{:>6}  {}{money}", p.line, p.name);
        }
    }
    if !out.warnings.is_empty() {
        let _ = writeln!(s, "\n提示 ({} 条)", out.warnings.len());
        for w in &out.warnings {
            let _ = writeln!(s, "{:>6}  {}", w.line, w.message);
        }
    }
    s
}

fn indicator_line(i: &Indicator) -> String {
    let cell = |c: &YearCell| c.text.clone().unwrap_or_else(|| "—".into());
    let attr = match i.attribute {
        Some(lantu_extract::model::Attribute::Binding) => "约束性",
        Some(lantu_extract::model::Attribute::Expected) => "预期性",
        None => "—",
    };
    format!(
        "[{}] {}{} {}{}  基期 {}  目标 {}  增长 {}  {attr}",
        i.category.as_deref().unwrap_or("—"),
        i.seq.map(|n| format!("{n}. ")).unwrap_or_default(),
        i.name,
        i.sub.as_deref().map(|s| format!("/{s} ")).unwrap_or_default(),
        i.unit.as_deref().map(|u| format!("（{u}）")).unwrap_or_default(),
        cell(&i.baseline),
        cell(&i.target),
        i.growth.text.as_deref().unwrap_or("—"),
    )
}

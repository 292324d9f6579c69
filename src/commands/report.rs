//! `lantu report --plan ID --year Y --format html|md -o FILE`: the evaluation report
//! (中期评估 / 总结评估): statuses by category, each indicator with its path chart,
//! binding indicators first, the findings, and the method.

use std::fmt::Write as _;
use std::path::PathBuf;

use anyhow::{Context, Result};
use lantu_monitor::{annual_path, ProgressStatus};

use super::status::{expected_text, monitor_plan, override_for, Monitored};

#[derive(Clone, Copy, clap::ValueEnum)]
pub enum Format {
    Html,
    Md,
}

#[derive(clap::Args)]
pub struct Args {
    #[arg(long)]
    pub plan: i64,
    /// The year evaluated (default: the latest year with an actual).
    #[arg(long)]
    pub year: Option<i32>,
    #[arg(long, value_enum, default_value_t = Format::Html)]
    pub format: Format,
    /// The file to write (written to a temporary file first, then renamed).
    #[arg(short, long)]
    pub output: PathBuf,
}

const METHOD: &str = "年度目标：数量类指标按几何路径 E(y)=B·(T/B)^((y−y0)/(yT−y0))，比重、比率类按线性路径；\
年均增长目标按 B·(1+g)^(y−y0)；累计目标按每年平均分摊。进度比 R = d·实际年均变化 / |所需年均变化|\
（比重类按每年百分点计）；先判断是否已达到目标。R≥1.05 快于预期，0.95≤R<1.05 基本符合预期，\
0.60≤R<0.95 滞后（进度偏慢），0≤R<0.60 滞后（明显滞后），R<0 滞后（逆向变化）；目标待省下达或基期后无实际值为无法评估。\
约束性指标经评估为滞后（进度偏慢、明显滞后或逆向变化）即预警；无法评估的指标不预警，单列为无法评估或待定。方法参照 Open SDG / 加拿大统计局进展评估方法。";

pub fn run(db: &str, args: &Args) -> Result<()> {
    let mut store = super::open_store(db)?;
    let aliases = super::aliases()?;
    let detail = store.plan(args.plan)?;
    let (year, mut rows) = monitor_plan(&mut store, &detail, args.year, &aliases)?;
    // Binding indicators first, then document order.
    rows.sort_by_key(|m| !m.engine.binding);
    let findings = store.findings()?;
    let title = detail.summary.title.clone().unwrap_or_else(|| detail.summary.file.clone());
    let text = match args.format {
        Format::Md => markdown(&title, year, &rows, &findings),
        Format::Html => html(&title, year, &rows, &findings),
    };
    write_atomically(&args.output, text.as_bytes())?;
    println!("wrote {}", args.output.display());
    Ok(())
}

pub fn write_atomically(path: &std::path::Path, bytes: &[u8]) -> Result<()> {
    let shown = path.display().to_string();
    let dir = path.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(std::path::Path::new("."));
    let mut tmp = tempfile::NamedTempFile::new_in(dir).with_context(|| shown.clone())?;
    std::io::Write::write_all(&mut tmp, bytes).with_context(|| shown.clone())?;
    tmp.persist(path).with_context(|| shown.clone())?;
    Ok(())
}

fn counts(rows: &[Monitored]) -> Vec<(ProgressStatus, usize)> {
    ProgressStatus::ALL.iter().map(|s| (*s, rows.iter().filter(|m| m.assessment.status == *s).count())).collect()
}

fn cells(m: &Monitored, year: i32) -> [String; 7] {
    let a = &m.assessment;
    let i = &m.indicator;
    [
        i.sub.as_ref().map_or(i.name.clone(), |s| format!("{}（{s}）", i.name)),
        i.unit.clone().unwrap_or_default(),
        i.baseline.text.clone().unwrap_or_else(|| "—".into()),
        expected_text(m, year),
        a.latest.as_ref().map_or("—".into(), |l| format!("{}（{}）{}", super::number(l.value), l.year, if l.estimated { "预计" } else { "" })),
        a.r.map_or("—".into(), super::number),
        format!("{}{}", a.label_zh(), if a.early_warning { " 预警" } else { "" }),
    ]
}

fn markdown(title: &str, year: i32, rows: &[Monitored], findings: &[lantu_store::NewFinding]) -> String {
    let mut out = format!("# {title} — {year} 年评估\n\n## 总体情况\n\n| 状态 | 指标数 |\n|---|---|\n");
    for (s, n) in counts(rows) {
        let _ = writeln!(out, "| {} | {n} |", s.label_zh());
    }
    let _ = writeln!(out, "\n## 指标\n\n| 指标 | 单位 | 基期值 | {year}年预期 | 实际值 | R | 状态 |\n|---|---|---|---|---|---|---|");
    for m in rows {
        let _ = writeln!(out, "| {} |", cells(m, year).join(" | "));
    }
    let notes: Vec<String> = rows.iter().filter_map(|m| override_note(m, year)).collect();
    if !notes.is_empty() {
        let _ = writeln!(out, "\n年度目标调整：\n");
        for n in notes {
            let _ = writeln!(out, "- {n}");
        }
    }
    let _ = writeln!(out, "\n## 一致性检查\n");
    if findings.is_empty() {
        out.push_str("（无；或尚未运行 lantu check）\n");
    }
    for f in findings {
        let _ = writeln!(out, "- {}", f.message);
        for s in &f.sources {
            let _ = writeln!(out, "  - {s}");
        }
    }
    let _ = writeln!(out, "\n## 方法\n\n{METHOD}");
    out
}

/// A user's override of this year's target, with who and why (年度间综合平衡).
fn override_note(m: &Monitored, year: i32) -> Option<String> {
    let o = override_for(m, year)?;
    Some(format!("（调整）{}：{year} 年目标调整为 {}（{}：{}）", m.indicator.name, super::number(o.value), o.who, o.why))
}

fn escape(s: &str) -> String {
    s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}

fn html(title: &str, year: i32, rows: &[Monitored], findings: &[lantu_store::NewFinding]) -> String {
    let mut out = format!(
        "<!doctype html><html lang=\"zh\"><meta charset=\"utf-8\"><title>{t}</title>\
         <style>@page{{size:A4;margin:18mm}}body{{font-family:sans-serif;font-size:11pt;max-width:180mm;margin:auto}}\
         table{{border-collapse:collapse;width:100%}}td,th{{border:1px solid #999;padding:2px 4px;font-size:9.5pt}}\
         .card{{break-inside:avoid;margin:6mm 0}}.warn{{color:#b00}}</style>\
         <h1>{t} — {year} 年评估</h1><h2>总体情况</h2><table><tr><th>状态</th><th>指标数</th></tr>",
        t = escape(title)
    );
    for (s, n) in counts(rows) {
        let _ = write!(out, "<tr><td>{}</td><td>{n}</td></tr>", s.label_zh());
    }
    let _ = write!(out, "</table><h2>指标</h2>");
    for m in rows {
        let c = cells(m, year);
        let class = if m.assessment.early_warning { " class=\"warn\"" } else { "" };
        let _ = write!(
            out,
            "<div class=\"card\"><h3>{}</h3><p{class}>单位 {} · 基期值 {} · {year}年预期 {} · 实际值 {} · R {} · <b>{}</b></p><p>{}</p>{}{}</div>",
            escape(&c[0]),
            escape(&c[1]),
            escape(&c[2]),
            escape(&c[3]),
            escape(&c[4]),
            escape(&c[5]),
            escape(&c[6]),
            escape(&m.assessment.reason),
            override_note(m, year).map_or(String::new(), |n| format!("<p class=\"note\">{}</p>", escape(&n))),
            chart(m)
        );
    }
    let _ = write!(out, "<h2>一致性检查</h2><ul>");
    for f in findings {
        let _ = write!(out, "<li>{}<ul>", escape(&f.message));
        for s in &f.sources {
            let _ = write!(out, "<li>{}</li>", escape(s));
        }
        out.push_str("</ul></li>");
    }
    let _ = writeln!(out, "</ul><h2>方法</h2><p>{}</p></html>", escape(METHOD));
    out
}

/// An SVG of baseline, annual path, actuals and target; empty where there is nothing to draw.
fn chart(m: &Monitored) -> String {
    let e = &m.engine;
    let path: Vec<(i32, f64)> = annual_path(e, &m.overrides).iter().map(|t| (t.year, t.value)).collect();
    let mut points: Vec<(i32, f64)> = path.clone();
    if let (Some(y), Some(v)) = (e.base_year, e.base_value) {
        points.push((y, v));
    }
    points.extend(m.actuals.iter().filter(|a| e.base_year.is_none_or(|y| a.year >= y)).map(|a| (a.year, a.value)));
    if points.len() < 2 {
        return String::new();
    }
    let (x0, x1) = (points.iter().map(|p| p.0).min().unwrap_or(0), points.iter().map(|p| p.0).max().unwrap_or(1));
    let (lo, hi) = points.iter().fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), p| (lo.min(p.1), hi.max(p.1)));
    let (lo, hi) = if hi - lo < 1e-9 { (lo - 1.0, hi + 1.0) } else { (lo, hi) };
    let (w, h, pad) = (420.0, 150.0, 34.0);
    let x = |year: i32| pad + (w - 2.0 * pad) * f64::from(year - x0) / f64::from((x1 - x0).max(1));
    let y = |v: f64| h - pad + -(h - 2.0 * pad) * (v - lo) / (hi - lo);
    let mut svg = format!("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{w}\" height=\"{h}\" viewBox=\"0 0 {w} {h}\">");
    let _ = write!(svg, "<line x1=\"{pad}\" y1=\"{}\" x2=\"{}\" y2=\"{}\" stroke=\"#888\"/>", h - pad, w - pad, h - pad);
    for year in x0..=x1 {
        let _ = write!(svg, "<text x=\"{:.1}\" y=\"{}\" font-size=\"9\" text-anchor=\"middle\">{year}</text>", x(year), h - pad + 12.0);
    }
    let _ = write!(svg, "<text x=\"2\" y=\"{:.1}\" font-size=\"9\">{}</text><text x=\"2\" y=\"{:.1}\" font-size=\"9\">{}</text>", y(hi) + 3.0, super::number(hi), y(lo) + 3.0, super::number(lo));
    let mut line: Vec<(i32, f64)> = e.base_year.zip(e.base_value).into_iter().collect();
    line.extend(path.iter().copied());
    if line.len() >= 2 {
        let pts: Vec<String> = line.iter().map(|(yr, v)| format!("{:.1},{:.1}", x(*yr), y(*v))).collect();
        let _ = write!(svg, "<polyline points=\"{}\" fill=\"none\" stroke=\"#36c\" stroke-dasharray=\"4 3\"/>", pts.join(" "));
    }
    if let Some(last) = path.last() {
        let _ = write!(svg, "<rect x=\"{:.1}\" y=\"{:.1}\" width=\"7\" height=\"7\" fill=\"#36c\"><title>目标</title></rect>", x(last.0) - 3.5, y(last.1) - 3.5);
    }
    for a in &m.actuals {
        if e.base_year.is_none_or(|y0| a.year > y0) {
            let fill = if a.estimated { "#fff" } else { "#c33" };
            let _ = write!(svg, "<circle cx=\"{:.1}\" cy=\"{:.1}\" r=\"3.5\" fill=\"{fill}\" stroke=\"#c33\"><title>{} {}</title></circle>", x(a.year), y(a.value), a.year, escape(&a.source));
        }
    }
    svg.push_str("</svg>");
    svg
}

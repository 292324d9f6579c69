//! The evaluation report of a plan (中期评估 / 总结评估) for a year: statuses by category,
//! each indicator with its path chart, binding indicators first, the projects' progress
//! as of the year, the findings, and the method. One implementation for `lantu report` (a standalone HTML or Markdown file) and
//! the web app's printable page `/plans/{id}/report`.

use std::fmt::Write as _;

use lantu_monitor::{Aliases, ProgressStatus};
use lantu_store::{NewFinding, PlanDetail, PlanSummary, ProgressEntry, ProjectStatus, Store, StoreError};

use crate::monitoring::{expected_text, monitor_plan, number, override_for, Monitored};

/// Which evaluation the report is: the title says it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ReportKind {
    /// 评估 (the year chosen, no stage named).
    #[default]
    Plain,
    /// 中期评估.
    Midterm,
    /// 总结评估.
    Final,
}

impl ReportKind {
    pub fn parse(s: &str) -> Option<ReportKind> {
        match s {
            "" | "plain" => Some(ReportKind::Plain),
            "midterm" => Some(ReportKind::Midterm),
            "final" => Some(ReportKind::Final),
            _ => None,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            ReportKind::Plain => "plain",
            ReportKind::Midterm => "midterm",
            ReportKind::Final => "final",
        }
    }

    pub fn label_zh(self) -> &'static str {
        match self {
            ReportKind::Plain => "评估",
            ReportKind::Midterm => "中期评估",
            ReportKind::Final => "总结评估",
        }
    }
}

pub const METHOD: &str = "年度目标：数量类指标按几何路径 E(y)=B·(T/B)^((y−y0)/(yT−y0))，比重、比率类按线性路径；\
年均增长目标按 B·(1+g)^(y−y0)；累计目标按每年平均分摊。进度比 R = d·实际年均变化 / |所需年均变化|\
（比重类按每年百分点计）；先判断是否已达到目标。R≥1.05 快于预期，0.95≤R<1.05 基本符合预期，\
0.60≤R<0.95 滞后（进度偏慢），0≤R<0.60 滞后（明显滞后），R<0 滞后（逆向变化）；目标待省下达或基期后无实际值为无法评估。\
约束性指标经评估为滞后（进度偏慢、明显滞后或逆向变化）即预警；无法评估的指标不预警，单列为无法评估或待定。方法参照 Open SDG / 加拿大统计局进展评估方法。";

/// Everything a report shows, gathered once.
#[derive(Debug, Clone)]
pub struct Report {
    pub plan: PlanSummary,
    pub title: String,
    pub year: i32,
    pub kind: ReportKind,
    /// Binding indicators first, then document order.
    pub rows: Vec<Monitored>,
    /// The plan's projects with their unit and progress as of the year.
    pub projects: Vec<ProjectRow>,
    pub findings: Vec<NewFinding>,
}

/// A project as the report shows it.
#[derive(Debug, Clone)]
pub struct ProjectRow {
    pub group: Option<String>,
    pub name: String,
    pub unit: Option<String>,
    /// The latest entry of a year up to the report's.
    pub progress: Option<ProgressEntry>,
}

impl Report {
    /// Monitors the plan for `year` (default: the latest year with a value) and reads the
    /// findings of the last `lantu check`.
    pub fn build(
        store: &mut Store,
        detail: &PlanDetail,
        year: Option<i32>,
        kind: ReportKind,
        aliases: &Aliases,
    ) -> Result<Report, StoreError> {
        let (year, mut rows) = monitor_plan(store, detail, year, aliases)?;
        rows.sort_by_key(|m| !m.engine.binding);
        let findings = store.findings()?;
        let units: std::collections::HashMap<String, String> = store.project_units(detail.summary.id)?.into_iter().collect();
        let entries: Vec<ProgressEntry> = store.project_progress(detail.summary.id)?.into_iter().filter(|e| e.year <= year).collect();
        let latest = crate::projects::latest_by_project(&entries);
        let projects = detail
            .projects
            .iter()
            .map(|p| {
                let key = crate::projects::project_key(p);
                ProjectRow {
                    group: p.group.clone(),
                    name: p.name.clone(),
                    unit: units.get(&key).cloned(),
                    progress: latest.get(&key).map(|e| (*e).clone()),
                }
            })
            .collect();
        let title = detail.summary.title.clone().unwrap_or_else(|| detail.summary.file.clone());
        Ok(Report { plan: detail.summary.clone(), title, year, kind, rows, projects, findings })
    }

    /// How many projects have each status, and how many have no entry yet.
    fn project_counts(&self) -> Vec<(&'static str, &'static str, usize)> {
        let mut out: Vec<(&'static str, &'static str, usize)> = ProjectStatus::ALL
            .iter()
            .map(|s| {
                (
                    project_class(*s),
                    s.label_zh(),
                    self.projects.iter().filter(|p| p.progress.as_ref().is_some_and(|e| e.status == *s)).count(),
                )
            })
            .collect();
        out.push(("not_assessable", "尚无进展记录", self.projects.iter().filter(|p| p.progress.is_none()).count()));
        out
    }

    /// The heading: `title — 2023 年中期评估`.
    pub fn heading(&self) -> String {
        format!("{} — {} 年{}", self.title, self.year, self.kind.label_zh())
    }

    pub fn markdown(&self) -> String {
        let year = self.year;
        let rows = &self.rows;
        let mut out = format!("# {}\n\n## 总体情况\n\n| 状态 | 指标数 |\n|---|---|\n", self.heading());
        for (_, label, n) in summary_counts(rows) {
            let _ = writeln!(out, "| {label} | {n} |");
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
        if !self.projects.is_empty() {
            let _ = writeln!(out, "\n## 项目进展\n\n| 状态 | 项目数 |\n|---|---|");
            for (_, label, n) in self.project_counts() {
                let _ = writeln!(out, "| {label} | {n} |");
            }
            let _ = writeln!(out, "\n| 专栏 | 项目 | 责任单位 | 进展 | 说明 |\n|---|---|---|---|---|");
            for p in &self.projects {
                let c = project_cells(p);
                let _ = writeln!(out, "| {} |", c.join(" | ").replace('\n', " "));
            }
        }
        let _ = writeln!(out, "\n## 一致性检查\n");
        if self.findings.is_empty() {
            out.push_str("（无；或尚未运行 lantu check）\n");
        }
        for f in &self.findings {
            let _ = writeln!(out, "- {}", f.message);
            for s in &f.sources {
                let _ = writeln!(out, "  - {s}");
            }
        }
        let _ = writeln!(out, "\n## 方法\n\n{METHOD}");
        out
    }

    /// A standalone HTML file (`lantu report --format html`): styles inline, nothing
    /// fetched.
    pub fn html_document(&self) -> String {
        format!(
            "<!doctype html><html lang=\"zh-CN\"><head><meta charset=\"utf-8\"><title>{}</title><style>{STYLE}</style></head><body>{}</body></html>\n",
            escape(&self.heading()),
            self.html_body()
        )
    }

    /// The report's content, one `<section>` per part (the print style breaks pages
    /// between them); to be shown with [`STYLE`].
    pub fn html_body(&self) -> String {
        let (plan, year, rows) = (&self.plan, self.year, &self.rows);
        let mut out = format!(
            "<header class=\"report-head\"><h1>{t}</h1><p class=\"sub\">地区 {region} · 规划期 {period} · 评估年份 {year} · 来源文件 {file}</p></header>",
            t = escape(&self.heading()),
            region = escape(plan.region.as_deref().unwrap_or("—")),
            period = match (plan.period_start, plan.period_end) {
                (Some(a), Some(b)) => format!("{a}–{b}"),
                _ => "—".into(),
            },
            file = escape(&plan.file),
        );
        let warnings = rows.iter().filter(|m| m.assessment.early_warning).count();
        let _ = write!(out, "<section class=\"part\"><h2>一、总体情况</h2><table class=\"summary\"><thead><tr><th>状态</th><th>指标数</th></tr></thead><tbody>");
        for (code, label, n) in summary_counts(rows) {
            let _ = write!(out, "<tr><td><span class=\"badge {code}\">{label}</span></td><td class=\"n\">{n}</td></tr>");
        }
        let _ = write!(out, "<tr><td class=\"warn\">其中约束性指标预警</td><td class=\"n warn\">{warnings}</td></tr></tbody></table>");

        let _ = write!(
            out,
            "<h2>二、指标一览</h2><table><thead><tr><th>指标</th><th>单位</th><th>基期值</th><th>{year}年目标</th><th>实际值</th><th>R</th><th>状态</th></tr></thead><tbody>"
        );
        for m in rows {
            let c = cells(m, year);
            let tag = if m.engine.binding { "<span class=\"tag\">约束性</span>" } else { "" };
            let warn = if m.assessment.early_warning { " <span class=\"warn\">预警</span>" } else { "" };
            let _ = write!(
                out,
                "<tr><td>{}{tag}</td><td>{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td><span class=\"badge {}\">{}</span>{warn}</td></tr>",
                escape(&c[0]),
                escape(&c[1]),
                escape(&c[2]),
                escape(&c[3]),
                escape(&c[4]),
                escape(&c[5]),
                status_code(m),
                escape(m.assessment.label_zh()),
            );
        }
        out.push_str("</tbody></table></section>");

        let _ = write!(
            out,
            "<section class=\"part\"><h2>三、指标进度</h2><p class=\"legend\"><span style=\"color:#36c\">- - 年度目标路径</span><span style=\"color:#36c\">■ 目标值</span>\
             <span style=\"color:#555\">◆ 基期值</span><span style=\"color:#c33\">● 实际值</span><span style=\"color:#c33\">○ 预计值</span>\
             <span style=\"color:#d97706\">◎ 调整后的年度目标</span></p><div class=\"cards\">"
        );
        for m in rows {
            let svg = lantu_monitor::path_chart_svg(&m.engine, &m.actuals, &m.overrides);
            if svg.is_empty() && m.actuals.is_empty() {
                continue; // nothing to draw or cite: the table above says it all
            }
            let c = cells(m, year);
            let tag = if m.engine.binding { "<span class=\"tag\">约束性</span>" } else { "" };
            let warn = if m.assessment.early_warning { " <span class=\"warn\">预警</span>" } else { "" };
            let _ = write!(
                out,
                "<div class=\"card\"><h3>{}{tag}</h3><p><span class=\"badge {}\">{}</span>{warn} R {} · {year}年目标 {} · 实际值 {}</p><p>{}</p>",
                escape(&c[0]),
                status_code(m),
                escape(m.assessment.label_zh()),
                escape(&c[5]),
                escape(&c[3]),
                escape(&c[4]),
                escape(&m.assessment.reason),
            );
            if let Some(n) = override_note(m, year) {
                let _ = write!(out, "<p class=\"warn\">{}</p>", escape(&n));
            }
            if !m.actuals.is_empty() {
                let list: Vec<String> = m
                    .actuals
                    .iter()
                    .map(|a| format!("{} 年 {}{}（{}）", a.year, number(a.value), if a.estimated { " 预计" } else { "" }, a.source))
                    .collect();
                let _ = write!(out, "<p class=\"src\">实际值来源：{}</p>", escape(&list.join("；")));
            }
            let _ = write!(out, "{svg}</div>");
        }
        out.push_str("</div></section>");
        let (findings_no, method_no) = if self.projects.is_empty() { ("四", "五") } else { ("五", "六") };
        if !self.projects.is_empty() {
            out.push_str("<section class=\"part\"><h2>四、项目进展</h2><table class=\"summary\"><thead><tr><th>状态</th><th>项目数</th></tr></thead><tbody>");
            for (code, label, n) in self.project_counts() {
                let _ = write!(out, "<tr><td><span class=\"badge {code}\">{label}</span></td><td class=\"n\">{n}</td></tr>");
            }
            out.push_str("</tbody></table><p></p><table><thead><tr><th>专栏</th><th>项目</th><th>责任单位</th><th>进展</th><th>说明</th></tr></thead><tbody>");
            for p in &self.projects {
                let c = project_cells(p);
                let class = p.progress.as_ref().map_or("not_assessable", |e| project_class(e.status));
                let _ = write!(
                    out,
                    "<tr><td>{}</td><td>{}</td><td>{}</td><td><span class=\"badge {class}\">{}</span></td><td>{}</td></tr>",
                    escape(&c[0]),
                    escape(&c[1]),
                    escape(&c[2]),
                    escape(&c[3]),
                    escape(&c[4]),
                );
            }
            out.push_str("</tbody></table></section>");
        }
        let _ = write!(out, "<section class=\"part\"><h2>{findings_no}、一致性与衔接检查</h2>");
        if self.findings.is_empty() {
            out.push_str("<p>（无；或尚未运行 lantu check）</p>");
        }
        out.push_str("<ul>");
        for f in &self.findings {
            let _ = write!(out, "<li>{}<ul>", escape(&f.message));
            for s in &f.sources {
                let _ = write!(out, "<li class=\"src\">{}</li>", escape(s));
            }
            out.push_str("</ul></li>");
        }
        let _ = write!(out, "</ul><h2>{method_no}、方法</h2><p class=\"method\">{}</p></section>", escape(METHOD));
        out
    }
}

/// The colour class of a project status (the indicator statuses' palette).
fn project_class(s: ProjectStatus) -> &'static str {
    match s {
        ProjectStatus::Completed => "achieved",
        ProjectStatus::InProgress => "on_track",
        ProjectStatus::NotStarted => "pending",
        ProjectStatus::Delayed => "limited",
    }
}

/// 专栏, 项目, 责任单位, 进展, 说明.
fn project_cells(p: &ProjectRow) -> [String; 5] {
    [
        p.group.clone().unwrap_or_else(|| "—".into()),
        p.name.clone(),
        p.unit.clone().unwrap_or_else(|| "未分配".into()),
        p.progress.as_ref().map_or("尚无记录".into(), crate::projects::progress_text),
        p.progress.as_ref().map(|e| e.note.clone()).filter(|n| !n.is_empty()).unwrap_or_else(|| "—".into()),
    ]
}

fn cells(m: &Monitored, year: i32) -> [String; 7] {
    let a = &m.assessment;
    let i = &m.indicator;
    [
        i.sub.as_ref().map_or(i.name.clone(), |s| format!("{}（{s}）", i.name)),
        i.unit.clone().unwrap_or_default(),
        i.baseline.text.clone().unwrap_or_else(|| "—".into()),
        expected_text(m, year),
        a.latest.as_ref().map_or("—".into(), |l| format!("{}（{}）{}", number(l.value), l.year, if l.estimated { "预计" } else { "" })),
        a.r.map_or("—".into(), number),
        format!("{}{}", a.label_zh(), if a.early_warning { " 预警" } else { "" }),
    ]
}

/// A user's override of this year's target, with who and why (年度间综合平衡).
fn override_note(m: &Monitored, year: i32) -> Option<String> {
    let o = override_for(m, year)?;
    Some(format!("（调整）{}：{year} 年目标调整为 {}（{}：{}）", m.indicator.name, number(o.value), o.who, o.why))
}

fn escape(s: &str) -> String {
    s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}

/// The class of a status for colour: the status's code, or `pending` for 待定.
fn status_code(m: &Monitored) -> &'static str {
    if m.assessment.pending {
        "pending"
    } else {
        m.assessment.status.as_str()
    }
}

/// The categories of the summary, 待定 apart from 无法评估: a pending target is a
/// different matter (the province has not set it) from missing data.
fn summary_counts(rows: &[Monitored]) -> Vec<(&'static str, &'static str, usize)> {
    let mut out: Vec<(&'static str, &'static str, usize)> = ProgressStatus::ALL
        .iter()
        .map(|s| (s.as_str(), s.label_zh(), rows.iter().filter(|m| status_code(m) == s.as_str()).count()))
        .collect();
    out.push(("pending", "待定", rows.iter().filter(|m| m.assessment.pending).count()));
    out
}

/// The report's style, screen and A4 print alike: each part starts a new page in print,
/// cards and table rows are not split, charts scale to the column.
pub const STYLE: &str = r#"
@page { size: A4; margin: 15mm 14mm 16mm; }
* { box-sizing: border-box; }
body { font-family: "Noto Sans CJK SC", "Source Han Sans SC", "PingFang SC", "Microsoft YaHei", "WenQuanYi Micro Hei", sans-serif;
       font-size: 10pt; line-height: 1.45; color: #222; max-width: 182mm; margin: 8mm auto; }
h1 { font-size: 16pt; margin: 0 0 1.5mm; }
h2 { font-size: 12.5pt; border-bottom: 1.5px solid #444; padding-bottom: 0.8mm; margin: 7mm 0 3mm; break-after: avoid; }
h3 { font-size: 10pt; margin: 0 0 1mm; }
p { margin: 0.8mm 0; }
.sub { color: #555; font-size: 9pt; }
table { border-collapse: collapse; width: 100%; }
th, td { border: 1px solid #bbb; padding: 0.9mm 1.4mm; font-size: 8.5pt; text-align: left; vertical-align: top; }
th { background: #eef0f3; }
thead { display: table-header-group; }
tr { break-inside: avoid; }
td.n { text-align: right; white-space: nowrap; font-variant-numeric: tabular-nums; }
table.summary { width: auto; min-width: 70mm; }
.badge { display: inline-block; padding: 0 1.4mm; border-radius: 1mm; font-size: 8pt; color: #fff; white-space: nowrap;
         -webkit-print-color-adjust: exact; print-color-adjust: exact; }
.achieved { background: #116329; } .ahead { background: #2da44e; } .on_track { background: #0969da; }
.moderate { background: #9a6700; } .limited { background: #cf222e; } .deteriorating { background: #82071e; }
.not_assessable { background: #6e7781; } .pending { background: #a0a7b0; }
.warn { color: #b00; font-weight: bold; }
.tag { font-size: 7.5pt; border: 1px solid #b00; color: #b00; border-radius: 1mm; padding: 0 1mm; margin-left: 1mm; font-weight: normal; }
.cards { display: grid; grid-template-columns: 1fr 1fr; gap: 3.5mm 5mm; }
.card { break-inside: avoid; border: 1px solid #d0d7de; border-radius: 1.5mm; padding: 2.2mm 2.8mm; }
.card p { font-size: 8.5pt; }
.src { color: #555; }
svg { width: 100%; height: auto; display: block; margin-top: 1mm; }
.legend { font-size: 8.5pt; color: #444; margin-bottom: 2mm; }
.legend span { margin-right: 4mm; white-space: nowrap; }
ul { margin: 1mm 0; padding-left: 5mm; } li { font-size: 9pt; margin: 0.6mm 0; }
.method { font-size: 9pt; }
@media print {
  body { margin: 0 auto; }
  section.part + section.part { break-before: page; }
  .no-print { display: none !important; }
  a { color: inherit; text-decoration: none; }
}
.no-print { font-size: 9pt; margin: 0 0 4mm; padding: 2mm 0; border-bottom: 1px solid #ddd; }
.no-print a, .no-print button { margin-right: 4mm; }
"#;

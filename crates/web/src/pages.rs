//! The pages, server-rendered in Chinese with maud. Handlers are thin: read what the page
//! needs from the store (on the blocking pool), render, or map the error in one place.

use std::collections::{BTreeMap, HashMap, HashSet};

use axum::extract::{Path, Query, State};
use axum::http::{header, StatusCode, Uri};
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::Form;
use lantu_extract::model::PlanKind;
use lantu_monitor::{annual_path, path_chart_svg, Assessment, ProgressStatus, Thresholds};
use lantu_store::{NewActual, NewOverride, PlanDetail, PlanSummary, Role};
use maud::{html, Markup, PreEscaped, DOCTYPE};
use serde::Deserialize;

use crate::auth::{self, CurrentUser, SessionUser};
use crate::monitoring::{display_name, monitor_plan, number, status_counts, Monitored};
use crate::{AppError, AppState, SearchFailure, ACTUAL_WRITERS, ADMINS, EDITORS};

pub(crate) type PageResult = Result<Response, AppError>;

pub(crate) fn page(markup: Markup) -> PageResult {
    Ok(Html(markup.into_string()).into_response())
}

// ---------------------------------------------------------------- layout and pieces

pub(crate) fn layout(title: &str, user: Option<&SessionUser>, body: Markup) -> Markup {
    html! {
        (DOCTYPE)
        html lang="zh-CN" {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                title { (title) " · 蓝图 规划实施监测" }
                link rel="stylesheet" href="/static/style.css";
                script src="/static/app.js" defer {}
            }
            body {
                header.top {
                    a.brand href="/" { "蓝图 · 规划实施监测" }
                    nav {
                        a href="/" { "首页" }
                        a href="/compare" { "指标对比" }
                        a href="/search" { "搜索" }
                        a href="/findings" { "一致性检查" }
                        a href="/method" { "监测方法" }
                        @if let Some(u) = user {
                            @if u.role == Role::Admin { a href="/admin" { "管理" } }
                            span.who { (u.name) "（" (u.role.label_zh()) @if let Some(unit) = &u.unit { "·" (unit) } "）" }
                            form.inline method="post" action="/logout" {
                                input type="hidden" name="csrf" value=(u.csrf);
                                button type="submit" { "退出" }
                            }
                        } @else {
                            a href="/login" { "工作人员登录" }
                        }
                    }
                }
                main { (body) }
                footer { "蓝图 lantu · 数据均标注来源行号，可点击核对原文" }
            }
        }
    }
}

/// A page for an error; no details beyond the sentence.
pub(crate) fn error_page(title: &str, message: &str) -> Markup {
    layout(
        title,
        None,
        html! {
            h1 { (title) }
            p { (message) }
            p { a href="/" { "返回首页" } }
        },
    )
}

fn status_class(s: ProgressStatus) -> &'static str {
    match s {
        ProgressStatus::Achieved | ProgressStatus::Ahead => "good",
        ProgressStatus::OnTrack => "ok",
        ProgressStatus::Moderate => "warn",
        ProgressStatus::Limited | ProgressStatus::Deteriorating => "bad",
        ProgressStatus::NotAssessable => "none",
    }
}

fn badge(a: &Assessment) -> Markup {
    html! {
        span class=(format!("badge {}", status_class(a.status))) title=(a.reason) { (a.label_zh()) }
        @if a.early_warning { " " span.badge.alarm { "预警" } }
    }
}

fn kind_zh(kind: &str) -> &'static str {
    PlanKind::parse(kind).map_or("其他", PlanKind::label_zh)
}

pub(crate) fn plan_title(s: &PlanSummary) -> String {
    s.title.clone().unwrap_or_else(|| s.file.clone())
}

fn period(s: &PlanSummary) -> String {
    match (s.period_start, s.period_end) {
        (Some(a), Some(b)) => format!("{a}—{b}年"),
        _ => String::new(),
    }
}

fn opt(v: Option<f64>) -> String {
    v.map_or("—".into(), number)
}

fn percent(v: Option<f64>, by_points: bool) -> String {
    match v {
        Some(v) if by_points => format!("{} 个点/年", number(v)),
        Some(v) => format!("{}%/年", number(v * 100.0)),
        None => "—".into(),
    }
}

pub(crate) fn csrf_field(u: &SessionUser) -> Markup {
    html! { input type="hidden" name="csrf" value=(u.csrf); }
}

/// Rows per page of the list pages (plans on the home page, findings).
pub(crate) const LIST_PAGE_SIZE: usize = 50;

/// `?page=N` of a list page, read leniently: anything odd is page 1.
pub(crate) fn page_no(params: &[(String, String)]) -> usize {
    params
        .iter()
        .find(|(k, _)| k == "page")
        .and_then(|(_, v)| v.trim().parse::<usize>().ok())
        .filter(|&p| p >= 1)
        .unwrap_or(1)
        .min(1_000_000)
}

/// The items of page `page` (1-based) of `size` each.
pub(crate) fn page_slice<T>(items: &[T], page: usize, size: usize) -> &[T] {
    let start = (page - 1).saturating_mul(size).min(items.len());
    &items[start..(start + size).min(items.len())]
}

/// 上一页 / 第 n / m 页 / 下一页 links, when there is more than one page.
pub(crate) fn pager(path: &str, page: usize, size: usize, total: usize) -> Markup {
    let pages = total.div_ceil(size).max(1);
    html! {
        @if pages > 1 {
            nav.pager {
                @if page > 1 { a href=(format!("{path}?page={}", page.min(pages) - 1)) { "上一页" } " " }
                span.muted { "第 " (page) " / " (pages) " 页，共 " (total) " 条" }
                @if page < pages { " " a href=(format!("{path}?page={}", page + 1)) { "下一页" } }
            }
        }
    }
}

// ---------------------------------------------------------------- reading with visibility

/// The plans this visitor may see: all for staff, the published ones for the public.
pub(crate) async fn visible_plans(state: &AppState, staff: bool) -> Result<Vec<PlanSummary>, AppError> {
    state.db(None, move |s| if staff { s.list_plans() } else { s.list_published_plans() }).await
}

/// A plan the visitor may see, else 404 (an unpublished plan does not exist for the public).
pub(crate) async fn visible_plan(state: &AppState, staff: bool, id: i64) -> Result<PlanDetail, AppError> {
    state
        .db(None, move |s| {
            if !staff && !s.is_published(id)? {
                return Err(lantu_store::StoreError::NotFound { what: "plan", id });
            }
            s.plan(id)
        })
        .await
}

// ---------------------------------------------------------------- 首页

struct PlanStatus {
    summary: PlanSummary,
    indicators: usize,
    counts: Vec<(ProgressStatus, usize)>,
    warnings: usize,
}

pub async fn home(State(state): State<AppState>, user: CurrentUser, Query(params): Query<Vec<(String, String)>>) -> PageResult {
    let page_no = page_no(&params);
    let plans = visible_plans(&state, user.is_staff()).await?;
    let visible: HashSet<i64> = plans.iter().map(|p| p.id).collect();
    let statuses = crate::memo::every_plan(&state, None)
        .await?
        .iter()
        .filter(|(summary, _, _)| visible.contains(&summary.id))
        .map(|(summary, _, rows)| PlanStatus {
            indicators: rows.len(),
            counts: status_counts(rows),
            warnings: rows.iter().filter(|m| m.assessment.early_warning).count(),
            summary: summary.clone(),
        })
        .collect::<Vec<_>>();
    let mut totals: BTreeMap<ProgressStatus, usize> = BTreeMap::new();
    for p in &statuses {
        for (s, n) in &p.counts {
            *totals.entry(*s).or_default() += n;
        }
    }
    let warnings: usize = statuses.iter().map(|p| p.warnings).sum();
    let by_id: HashMap<i64, &PlanStatus> = statuses.iter().map(|p| (p.summary.id, p)).collect();
    // The table pages through the plans in region order; the summary and the tree
    // above and below it cover them all.
    fn region_of(p: &PlanStatus) -> String {
        p.summary.region.clone().unwrap_or_else(|| "（未识别地区）".into())
    }
    let mut ordered: Vec<&PlanStatus> = statuses.iter().collect();
    ordered.sort_by_key(|p| (region_of(p), p.summary.id));
    let mut by_region: BTreeMap<String, Vec<&PlanStatus>> = BTreeMap::new();
    for p in page_slice(&ordered, page_no, LIST_PAGE_SIZE).iter().copied() {
        by_region.entry(region_of(p)).or_default().push(p);
    }
    let roots: Vec<&PlanSummary> = plans.iter().filter(|p| p.parent_id.is_none_or(|parent| !by_id.contains_key(&parent))).collect();
    let body = html! {
        h1 { "规划实施监测" }
        @if plans.is_empty() {
            p.note { "尚无公开的规划。" }
        }
        section.summary {
            h2 { "总体进展" }
            div.chips {
                @for (s, n) in &totals {
                    @if *n > 0 { span class=(format!("chip {}", status_class(*s))) { (s.label_zh()) " " b { (n) } } }
                }
                @if warnings > 0 { span.chip.alarm { "预警 " b { (warnings) } } }
            }
        }
        section {
            h2 { "按地区与类型" }
            @for (region, list) in &by_region {
                h3 { (region) }
                table.plans {
                    thead { tr { th { "规划" } th { "类型" } th { "期限" } th { "指标" } th { "进展" } } }
                    tbody {
                        @for p in list {
                            tr {
                                td { a href=(format!("/plans/{}", p.summary.id)) { (plan_title(&p.summary)) } }
                                td { (kind_zh(&p.summary.kind)) }
                                td { (period(&p.summary)) }
                                td { (p.indicators) }
                                td {
                                    @for (s, n) in &p.counts {
                                        @if *n > 0 { span class=(format!("chip small {}", status_class(*s))) { (s.label_zh()) " " (n) } }
                                    }
                                    @if p.warnings > 0 { span.chip.small.alarm { "预警 " (p.warnings) } }
                                }
                            }
                        }
                    }
                }
            }
        }
        (pager("/", page_no, LIST_PAGE_SIZE, ordered.len()))
        section {
            h2 { "规划体系" }
            ul.tree { @for root in &roots { (tree_node(root, &plans, 0)) } }
        }
    };
    page(layout("首页", user.0.as_ref(), body))
}

fn tree_node(plan: &PlanSummary, all: &[PlanSummary], depth: usize) -> Markup {
    let children: Vec<&PlanSummary> = all.iter().filter(|p| p.parent_id == Some(plan.id)).collect();
    html! {
        li {
            a href=(format!("/plans/{}", plan.id)) { (plan_title(plan)) }
            " " span.muted { (kind_zh(&plan.kind)) }
            @if !children.is_empty() && depth < 20 {
                ul { @for c in children { (tree_node(c, all, depth + 1)) } }
            }
        }
    }
}

// ---------------------------------------------------------------- a plan

pub async fn plan(State(state): State<AppState>, user: CurrentUser, Path(id): Path<i64>) -> PageResult {
    let detail = visible_plan(&state, user.is_staff(), id).await?;
    let aliases = state.aliases().clone();
    let d = detail.clone();
    // Only an editor's page lists the other plans (the parent form).
    let editor = user.0.as_ref().is_some_and(|u| u.has(EDITORS));
    let (year, rows, text, units, others, project_units, progress) = state
        .db(None, move |s| {
            let (year, rows) = monitor_plan(s, &d, None, &aliases)?;
            let text = s.source_text(id)?;
            let units = s.indicator_units(id)?;
            let others = if editor { s.list_plans()? } else { Vec::new() };
            Ok((year, rows, text, units, others, s.project_units(id)?, s.project_progress(id)?))
        })
        .await?;
    let units: HashMap<String, String> = units.into_iter().collect();
    let project_units: HashMap<String, String> = project_units.into_iter().collect();
    let latest_progress = crate::projects::latest_by_project(&progress);
    let s = &detail.summary;
    let title = plan_title(s);
    let u = user.0.as_ref();

    // Items by line, for the document view: every extracted item links to its record.
    let mut marks: BTreeMap<usize, Vec<(String, &'static str)>> = BTreeMap::new();
    for (i, h) in detail.outline.iter().enumerate() {
        marks.entry(h.line).or_default().push((format!("h-{i}"), "标题"));
    }
    for m in &rows {
        marks.entry(m.indicator.line).or_default().push((format!("ind-{}", m.index), "指标"));
    }
    for (i, t) in detail.targets.iter().enumerate() {
        marks.entry(t.line).or_default().push((format!("tgt-{i}"), "目标"));
    }
    for (i, p) in detail.projects.iter().enumerate() {
        marks.entry(p.line).or_default().push((format!("prj-{i}"), "项目"));
    }

    let mut categories: Vec<(String, Vec<&Monitored>)> = Vec::new();
    for m in &rows {
        let cat = m.indicator.category.clone().unwrap_or_else(|| "其他".into());
        match categories.iter_mut().find(|(c, _)| *c == cat) {
            Some((_, list)) => list.push(m),
            None => categories.push((cat, vec![m])),
        }
    }
    let mut boxes: Vec<(String, Vec<(usize, &lantu_extract::model::Project)>)> = Vec::new();
    for (i, p) in detail.projects.iter().enumerate() {
        let g = p.group.clone().unwrap_or_else(|| "其他项目".into());
        match boxes.iter_mut().find(|(b, _)| *b == g) {
            Some((_, list)) => list.push((i, p)),
            None => boxes.push((g, vec![(i, p)])),
        }
    }
    let published = state.db(None, move |s| s.is_published(id)).await?;

    let body = html! {
        p.crumbs { a href="/" { "首页" } " › " (s.region.clone().unwrap_or_default()) }
        h1 { (title) }
        p.meta {
            (kind_zh(&s.kind)) " · " (period(s))
            @if let Some(h) = detail.horizon { " · 远景至" (h) "年" }
            " · 第" (s.versions) "版 · 文件 " (s.file)
            @if !published { " · " span.badge.none { "未公开" } }
        }
        p.links {
            a href=(format!("/plans/{id}/report?year={year}")) { "评估报告（可打印）" }
            " · "
            a href=(format!("/plans/{id}/report?year={year}&kind=midterm")) { "中期评估" }
            " · "
            a href=(format!("/plans/{id}/report?year={year}&kind=final")) { "总结评估" }
        }
        @if let Some(u) = u {
            div.actions {
                @if u.has(ADMINS) {
                    form.inline method="post" action=(format!("/plans/{id}/publish")) {
                        (csrf_field(u))
                        input type="hidden" name="published" value=(if published { "0" } else { "1" });
                        button type="submit" { (if published { "取消公开" } else { "公开此规划" }) }
                    }
                }
                @if u.has(EDITORS) {
                    form.inline method="post" action=(format!("/plans/{id}/parent")) {
                        (csrf_field(u))
                        label { "上级规划 " select name="parent" {
                            @for o in others.iter().filter(|o| o.id != id) {
                                option value=(o.id) selected[s.parent_id == Some(o.id)] { (plan_title(o)) }
                            }
                        } }
                        button type="submit" { "设为上级" }
                    }
                }
            }
        }
        section.summary {
            h2 { (year) "年监测概况" }
            div.chips {
                @for (st, n) in status_counts(&rows) {
                    @if n > 0 { span class=(format!("chip {}", status_class(st))) { (st.label_zh()) " " b { (n) } } }
                }
            }
        }
        @if !rows.is_empty() {
            section id="indicators" {
                h2 { "主要指标" }
                @for (cat, list) in &categories {
                    h3 { (cat) }
                    div.scroll { table {
                        thead { tr { th { "指标" } th { "单位" } th { "基期值" } th { "目标值" } th { "属性" } th { "最新实际值" } th { "状态" } th { "原文" } } }
                        tbody {
                            @for m in list {
                                tr id=(format!("ind-{}", m.index)) {
                                    td { a href=(format!("/plans/{id}/indicators/{}", m.index)) { (display_name(&m.indicator)) } }
                                    td { (m.indicator.unit.clone().unwrap_or_default()) }
                                    td { (m.indicator.baseline.text.clone().unwrap_or_else(|| "—".into())) }
                                    td { (m.indicator.target.text.clone().or_else(|| m.indicator.growth.text.clone()).unwrap_or_else(|| "—".into())) }
                                    td { (if m.engine.binding { "约束性" } else { "预期性" }) }
                                    td { @if let Some(l) = &m.assessment.latest { (number(l.value)) "（" (l.year) "）" } @else { "—" } }
                                    td { (badge(&m.assessment)) @if let Some(unit) = units.get(&m.key) { br; span.muted { (unit) } } }
                                    td { a href=(format!("#L{}", m.indicator.line)) { "第" (m.indicator.line) "行" } }
                                }
                            }
                        }
                    } }
                }
            }
        }
        @if !detail.targets.is_empty() {
            section id="targets" {
                h2 { "正文目标" }
                ul.records {
                    @for (i, t) in detail.targets.iter().enumerate() {
                        li id=(format!("tgt-{i}")) {
                            b { (t.metric) } " " (t.bound.as_str()) " " (number(t.value)) (t.unit.clone().unwrap_or_default())
                            @if let Some(y) = t.year { "（" (y) "年）" }
                            " " a href=(format!("#L{}", t.line)) { "第" (t.line) "行" }
                        }
                    }
                }
            }
        }
        @if !boxes.is_empty() {
            section id="projects" {
                h2 { "重大项目（按专栏）" }
                @for (g, list) in &boxes {
                    h3 { (g) }
                    ul.records {
                        @for (i, p) in list {
                            @let key = crate::projects::project_key(p);
                            li id=(format!("prj-{i}")) {
                                b { a href=(format!("/plans/{id}/projects/{i}")) { (p.name) } }
                                @if let Some(e) = latest_progress.get(&key) {
                                    " " span class=(format!("badge {}", crate::projects::status_class(e.status))) { (crate::projects::progress_text(e)) }
                                }
                                @if let Some(unit) = project_units.get(&key) { " " span.muted { "（" (unit) "）" } }
                                @if let Some(inv) = &p.investment { " 总投资" (number(inv.value)) (inv.unit) }
                                @if let Some(desc) = &p.description { " — " (desc) }
                                " " a href=(format!("#L{}", p.line)) { "第" (p.line) "行" }
                            }
                        }
                    }
                }
            }
        }
        section id="source" {
            h2 { "原文（提取内容高亮，可点击）" }
            div.doc {
                nav.outline {
                    h3 { "目录" }
                    @for (i, h) in detail.outline.iter().enumerate() {
                        a id=(format!("h-{i}")) class=(format!("lv{}", h.level.min(6))) href=(format!("#L{}", h.line)) { (h.label) " " (h.title) }
                    }
                }
                @match &text {
                    Some(text) => {
                        div.text {
                            @for (n, line) in text.lines().enumerate() {
                                @let no = n + 1;
                                @let hit = marks.get(&no);
                                div id=(format!("L{no}")) class=(if hit.is_some() { "ln hit" } else { "ln" }) {
                                    a.no href=(format!("#L{no}")) { (no) }
                                    span.t { (line) }
                                    @if let Some(items) = hit {
                                        @for (anchor, label) in items {
                                            a.tag href=(format!("#{anchor}")) { (label) }
                                        }
                                    }
                                }
                            }
                        }
                    }
                    None => { p.note { "此版本导入时未保存原文（重新导入即可显示原文）。各条目的行号见上方。" } }
                }
            }
        }
    };
    page(layout(&title, u, body))
}

// ---------------------------------------------------------------- the evaluation report

/// `/plans/{id}/report?year=2023&kind=midterm`: read leniently, checked in the handler.
#[derive(Deserialize, Default)]
pub struct ReportQuery {
    #[serde(default)]
    year: String,
    #[serde(default)]
    kind: String,
}

/// The evaluation report of `lantu report`, as a printable page: its own A4 style, a
/// toolbar (back, year and kind, print) that is not printed.
pub async fn report(State(state): State<AppState>, user: CurrentUser, Path(id): Path<i64>, Query(q): Query<ReportQuery>) -> PageResult {
    let staff = user.is_staff();
    let detail = visible_plan(&state, staff, id).await?;
    let year = match q.year.trim() {
        "" => None,
        y => Some(parse_year(y).ok_or_else(|| AppError::BadRequest("评估年份应为 1949—2100 之间的年份。".into()))?),
    };
    let kind =
        crate::report::ReportKind::parse(q.kind.trim()).ok_or_else(|| AppError::BadRequest("评估类型应为中期评估或总结评估。".into()))?;
    let aliases = state.aliases().clone();
    let mut report = state.db(None, move |s| crate::report::Report::build(s, &detail, year, kind, &aliases)).await?;
    // Findings of this plan's region only (the public must not read about unpublished
    // plans of other regions through them).
    let region = report.plan.region.clone();
    report.findings.retain(|f| (region.is_some() && f.region == region) || (staff && f.region.is_none()));
    let (start, end) = (report.plan.period_start.unwrap_or(report.year), report.plan.period_end.unwrap_or(report.year));
    let years: Vec<i32> = (start.min(report.year)..=end.max(report.year)).collect();
    let markup = html! {
        (DOCTYPE)
        html lang="zh-CN" {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                title { (report.heading()) " · 蓝图 规划实施监测" }
                style { (PreEscaped(crate::report::STYLE)) }
                script src="/static/app.js" defer {}
            }
            body {
                form.no-print method="get" action=(format!("/plans/{id}/report")) {
                    a href=(format!("/plans/{id}")) { "← 返回规划" }
                    label { "评估年份 " select name="year" {
                        @for y in &years { option value=(y) selected[*y == report.year] { (y) } }
                    } }
                    " "
                    label { "类型 " select name="kind" {
                        @for k in [crate::report::ReportKind::Plain, crate::report::ReportKind::Midterm, crate::report::ReportKind::Final] {
                            option value=(k.as_str()) selected[k == report.kind] { (k.label_zh()) }
                        }
                    } }
                    " "
                    button type="submit" { "生成" }
                    button type="button" data-print="" { "打印 / 另存为 PDF" }
                }
                (PreEscaped(report.html_body()))
            }
        }
    };
    page(markup)
}

// ---------------------------------------------------------------- an indicator

pub async fn indicator(State(state): State<AppState>, user: CurrentUser, Path((id, n)): Path<(i64, usize)>) -> PageResult {
    indicator_page(&state, &user, id, n, None).await
}

async fn indicator_page(state: &AppState, user: &CurrentUser, id: i64, n: usize, message: Option<String>) -> PageResult {
    let detail = visible_plan(state, user.is_staff(), id).await?;
    let aliases = state.aliases().clone();
    let d = detail.clone();
    let (year, rows, units, audit) = state
        .db(None, move |s| {
            let (year, rows) = monitor_plan(s, &d, None, &aliases)?;
            let audit = match rows.get(n) {
                Some(m) => s.audit_log_containing(&m.key, 50)?,
                None => Vec::new(),
            };
            Ok((year, rows, s.indicator_units(id)?, audit))
        })
        .await?;
    let m = rows.into_iter().nth(n).ok_or(AppError::NotFound)?;
    let unit_of: Option<String> = units.into_iter().find(|(k, _)| *k == m.key).map(|(_, u)| u);
    let a = &m.assessment;
    let s = &detail.summary;
    let name = display_name(&m.indicator);
    let path = annual_path(&m.engine, &m.overrides);
    let history: Vec<&lantu_store::AuditEntry> = audit.iter().collect();
    let u = user.0.as_ref();
    let body = html! {
        p.crumbs { a href="/" { "首页" } " › " a href=(format!("/plans/{id}")) { (plan_title(s)) } }
        h1 { (name) }
        p.meta {
            (s.region.clone().unwrap_or_default()) " · " (m.indicator.unit.clone().unwrap_or_default()) " · "
            (if m.engine.binding { "约束性" } else { "预期性" })
            @if let Some(c) = &m.indicator.category { " · " (c) }
            " · 原文 " a href=(format!("/plans/{id}#L{}", m.indicator.line)) { "第" (m.indicator.line) "行" }
            @if let Some(unit) = &unit_of { " · 责任单位：" (unit) }
        }
        @if let Some(msg) = &message { p.error role="alert" { (msg) } }
        section.status {
            h2 { (year) "年状态：" (badge(a)) }
            p { (a.reason) }
            table.kv {
                tr { th { "基期值" } td { (m.indicator.baseline.text.clone().unwrap_or_else(|| "—".into())) @if let Some(y) = m.engine.base_year { "（" (y) "年）" } } }
                tr { th { "目标" } td {
                    @let parts: Vec<String> = [m.indicator.target.text.clone(), m.indicator.growth.text.clone().map(|g| format!("年均增长/累计 {g}"))].into_iter().flatten().collect();
                    @if parts.is_empty() { "—" } @else { (parts.join("；")) }
                } }
                tr { th { (year) "年预期值" } td { (opt(m.expected)) } }
                tr { th { "最新实际值" } td { @if let Some(l) = &a.latest { (number(l.value)) "（" (l.year) "年" @if l.estimated { "，预计" } "）" } @else { "—" } } }
                tr { th { "进度比 R" } td { (opt(a.r)) } }
                tr { th { "实际年均变化" } td { (percent(a.observed_rate, a.by_points)) } }
                tr { th { "所需年均变化" } td { (percent(a.required_rate, a.by_points)) } }
                tr { th { "按当前速度目标年预计" } td { (opt(a.anticipated)) } }
                tr { th { "Open SDG 分值" } td { (opt(a.score)) } }
            }
        }
        section.chart {
            h2 { "基期值、年度目标、实际值与目标值" }
            (PreEscaped(path_chart_svg(&m.engine, &m.actuals, &m.overrides)))
            p.legend { "虚线：年度目标路径；方块：目标值；实心圆：实际值；空心圆：预计值。" }
        }
        @if !path.is_empty() {
            section {
                h2 { "年度目标" }
                div.scroll { table {
                    thead { tr { th { "年份" } th { "年度目标" } th { "说明" } } }
                    tbody { @for t in &path { tr {
                        td { (t.year) } td { (number(t.value)) }
                        td { @if let Some(o) = &t.overridden { "已调整：" (o.who) "，" (o.why) } }
                    } } }
                } }
            }
        }
        section {
            h2 { "实际值及来源" }
            @if m.actuals.is_empty() { p.note { "尚无实际值。" } }
            @else {
                div.scroll { table {
                    thead { tr { th { "年份" } th { "数值" } th { "来源" } } }
                    tbody { @for v in &m.actuals { tr {
                        td { (v.year) } td { (number(v.value)) @if v.estimated { "（预计）" } } td { (v.source) }
                    } } }
                } }
            }
        }
        @if let Some(u) = u {
            @if may_enter_actual(u, unit_of.as_deref()) {
                section.form {
                    h2 { "录入实际值" }
                    form method="post" action=(format!("/plans/{id}/indicators/{n}/actuals")) {
                        (csrf_field(u))
                        label { "年份 " input name="year" type="number" min="1949" max="2100" required; }
                        label { "数值（" (m.indicator.unit.clone().unwrap_or_default()) "） " input name="value" inputmode="decimal" required; }
                        label { "来源 " input name="source" placeholder="如：2023年统计公报" required; }
                        label { input type="checkbox" name="estimated" value="1"; " 预计值" }
                        button type="submit" { "保存" }
                    }
                }
            }
            @if u.has(EDITORS) {
                section.form {
                    h2 { "责任单位" }
                    form method="post" action=(format!("/plans/{id}/indicators/{n}/unit")) {
                        (csrf_field(u))
                        label { "单位名称 " input name="unit" value=(unit_of.clone().unwrap_or_default()); }
                        button type="submit" { "保存" }
                    }
                    h2 { "调整年度目标" }
                    form method="post" action=(format!("/plans/{id}/indicators/{n}/overrides")) {
                        (csrf_field(u))
                        label { "年份 " input name="year" type="number" required; }
                        label { "年度目标 " input name="value" inputmode="decimal" required; }
                        label { "理由 " input name="why" required; }
                        button type="submit" { "保存" }
                    }
                }
            }
        }
        @if user.is_staff() && !history.is_empty() {
            section {
                h2 { "变更记录" }
                ul.records { @for e in &history { li { (e.at) " " (e.actor) "：" (e.action) " " (e.detail) } } }
            }
        }
    };
    let status = if message.is_some() { StatusCode::BAD_REQUEST } else { StatusCode::OK };
    Ok((status, Html(layout(&name, u, body).into_string())).into_response())
}

/// Editors and admins enter any actual; a unit only those of indicators assigned to it.
fn may_enter_actual(user: &SessionUser, assigned: Option<&str>) -> bool {
    match user.role {
        Role::Admin | Role::Editor => true,
        Role::Unit => user.unit.is_some() && user.unit.as_deref() == assigned,
        Role::Viewer => false,
    }
}

// ---------------------------------------------------------------- comparison

pub async fn compare(State(state): State<AppState>, user: CurrentUser, Query(params): Query<Vec<(String, String)>>) -> PageResult {
    let plans = visible_plans(&state, user.is_staff()).await?;
    let visible: HashSet<i64> = plans.iter().map(|p| p.id).collect();
    let all: Vec<(PlanSummary, Vec<Monitored>)> = crate::memo::every_plan(&state, None)
        .await?
        .iter()
        // One monitored row per indicator: a plan without rows has no indicator table.
        .filter(|(summary, _, rows)| visible.contains(&summary.id) && !rows.is_empty())
        .map(|(summary, _, rows)| (summary.clone(), rows.clone()))
        .collect();
    let chosen_plans: Vec<i64> = params.iter().filter(|(k, _)| k == "plan").filter_map(|(_, v)| v.parse().ok()).collect();
    let chosen_keys: Vec<String> = params.iter().filter(|(k, _)| k == "indicator").map(|(_, v)| v.clone()).collect();
    // Indicators shared by at least two plans are the ones worth comparing.
    let mut shared: BTreeMap<String, usize> = BTreeMap::new();
    for (_, rows) in &all {
        let keys: HashSet<&String> = rows.iter().map(|m| &m.key).collect();
        for k in keys {
            *shared.entry(k.clone()).or_default() += 1;
        }
    }
    let columns: Vec<&(PlanSummary, Vec<Monitored>)> =
        all.iter().filter(|(p, _)| chosen_plans.is_empty() || chosen_plans.contains(&p.id)).collect();
    let keys: Vec<String> = if chosen_keys.is_empty() {
        shared.iter().filter(|(_, n)| **n >= 2).map(|(k, _)| k.clone()).collect()
    } else {
        chosen_keys.clone()
    };
    let body = html! {
        h1 { "指标对比" }
        form.compare method="get" action="/compare" {
            fieldset { legend { "规划（地区）" }
                @for (p, _) in &all {
                    label { input type="checkbox" name="plan" value=(p.id) checked[chosen_plans.contains(&p.id)]; " " (p.region.clone().unwrap_or_default()) " " (plan_title(p)) }
                }
            }
            fieldset { legend { "指标（两个以上规划共有）" }
                @for (k, n) in &shared {
                    @if *n >= 2 { label { input type="checkbox" name="indicator" value=(k) checked[chosen_keys.contains(k)]; " " (k) } }
                }
            }
            button type="submit" { "对比" }
        }
        @if keys.is_empty() { p.note { "没有可对比的共有指标。" } }
        @else {
            div.scroll { table.compare {
                thead { tr { th { "指标" } @for (p, _) in &columns { th { a href=(format!("/plans/{}", p.id)) { (p.region.clone().unwrap_or_else(|| plan_title(p))) } } } } }
                tbody { @for k in &keys { tr {
                    th { (k) }
                    @for (p, rows) in &columns {
                        td { @if let Some(m) = rows.iter().find(|m| &m.key == k) {
                            a href=(format!("/plans/{}/indicators/{}", p.id, m.index)) {
                                "基期 " (m.indicator.baseline.text.clone().unwrap_or_else(|| "—".into()))
                                " → 目标 " (m.indicator.target.text.clone().or_else(|| m.indicator.growth.text.clone()).unwrap_or_else(|| "—".into()))
                            }
                            br;
                            @if let Some(l) = &m.assessment.latest { "实际 " (number(l.value)) "（" (l.year) "） " }
                            (badge(&m.assessment))
                        } @else { span.muted { "—" } } }
                    }
                } } }
            } }
        }
    };
    page(layout("指标对比", user.0.as_ref(), body))
}

// ---------------------------------------------------------------- search

/// Hits per page of the search page.
const SEARCH_PAGE_SIZE: usize = 20;

/// `/search?q=…&region=…&kind=…&year=…&page=…`. Every field is read leniently (an empty
/// or malformed value is no filter), so a hand-edited link still gives a page.
#[derive(Deserialize, Default)]
pub struct SearchQuery {
    #[serde(default)]
    q: String,
    #[serde(default)]
    region: String,
    #[serde(default)]
    kind: String,
    #[serde(default)]
    year: String,
    #[serde(default)]
    page: String,
}

impl SearchQuery {
    fn request(&self) -> crate::SearchRequest {
        let non_empty = |s: &str| Some(s.trim().to_string()).filter(|s| !s.is_empty());
        crate::SearchRequest {
            text: self.q.trim().to_string(),
            region: non_empty(&self.region),
            kind: non_empty(&self.kind),
            year: self.year.trim().parse().ok(),
            limit: SEARCH_PAGE_SIZE,
            offset: (self.page_number() - 1).saturating_mul(SEARCH_PAGE_SIZE),
        }
    }

    fn page_number(&self) -> usize {
        self.page.trim().parse::<usize>().ok().filter(|&p| p >= 1).unwrap_or(1).min(lantu_search::MAX_OFFSET / SEARCH_PAGE_SIZE)
    }

    /// The link to this search with one filter set (or cleared with `None`), page 1.
    fn link_with(&self, field: &str, value: Option<&str>) -> String {
        let mut pairs: Vec<(&str, String)> = vec![("q", self.q.trim().to_string())];
        for (name, current) in [("region", &self.region), ("kind", &self.kind), ("year", &self.year)] {
            let v = if name == field { value.map(str::to_string) } else { Some(current.trim().to_string()) };
            if let Some(v) = v.filter(|v| !v.is_empty()) {
                pairs.push((name, v));
            }
        }
        query_link("/search", &pairs)
    }

    fn page_link(&self, page: usize) -> String {
        let mut pairs: Vec<(&str, String)> = vec![("q", self.q.trim().to_string())];
        for (name, v) in [("region", &self.region), ("kind", &self.kind), ("year", &self.year)] {
            if !v.trim().is_empty() {
                pairs.push((name, v.trim().to_string()));
            }
        }
        pairs.push(("page", page.to_string()));
        query_link("/search", &pairs)
    }
}

fn query_link(path: &str, pairs: &[(&str, String)]) -> String {
    let query: Vec<String> = pairs.iter().map(|(k, v)| format!("{k}={}", percent_encode(v))).collect();
    format!("{path}?{}", query.join("&"))
}

/// Percent-encodes everything but the unreserved characters of RFC 3986.
fn percent_encode(s: &str) -> String {
    let mut out = String::with_capacity(s.len() * 3);
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~') {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

fn kind_label(name: &str) -> String {
    PlanKind::parse(name).map(|k| k.label_zh().to_string()).unwrap_or_else(|| name.to_string())
}

pub async fn search(State(state): State<AppState>, user: CurrentUser, Query(query): Query<SearchQuery>) -> PageResult {
    let request = query.request();
    let backend = state.search_backend();
    // Set when the index cannot answer yet: the page says so with a 503.
    let mut not_ready = None;
    let results = match (&backend, request.text.is_empty()) {
        (Some(backend), false) => {
            let plans: Vec<i64> = visible_plans(&state, user.is_staff()).await?.iter().map(|p| p.id).collect();
            let backend = backend.clone();
            let req = request.clone();
            let found =
                tokio::task::spawn_blocking(move || backend.search(&req, &plans)).await.map_err(|e| AppError::Internal(e.to_string()))?;
            match found {
                Ok(results) => Some(results),
                Err(SearchFailure::Failed(e)) => return Err(AppError::Internal(e)),
                Err(failure) => {
                    not_ready = Some(search_not_ready_zh(&failure));
                    None
                }
            }
        }
        _ => None,
    };
    let page_no = query.page_number();
    let body = html! {
        h1 { "全文搜索" }
        form.search method="get" action="/search" {
            input type="search" name="q" value=(request.text) placeholder="如：冰雪" aria-label="搜索词";
            @if let Some(r) = &request.region { input type="hidden" name="region" value=(r); }
            @if let Some(k) = &request.kind { input type="hidden" name="kind" value=(k); }
            @if let Some(y) = request.year { input type="hidden" name="year" value=(y); }
            button type="submit" { "搜索" }
        }
        @if backend.is_none() { p.note { "全文搜索尚未启用。" } }
        @if let Some(why) = &not_ready { p.note role="status" { (why) } }
        @if let Some(results) = &results {
            @let f = &results.facets;
            div.search-results {
                aside.facets {
                    (facet_group("地区", "region", request.region.as_deref(), &f.region, &query, |v| v.to_string()))
                    (facet_group("类型", "kind", request.kind.as_deref(), &f.kind, &query, kind_label))
                    (facet_group("年份", "year", request.year.map(|y| y.to_string()).as_deref(), &f.year, &query, |v| v.to_string()))
                }
                div.hits-col {
                    p.muted { "共 " (results.total) " 条结果" }
                    @if results.hits.is_empty() { p { "没有找到匹配的内容。" } }
                    ol.hits { @for h in &results.hits { li {
                        a.hit-link href=(format!("/plans/{}#L{}", h.plan_id, h.line)) { (h.plan_title) " · 第" (h.line) "行" }
                        @if !h.heading.is_empty() { div.muted { (h.heading) } }
                        // lantu-search escapes the text and adds only <mark>: safe HTML.
                        p.snippet { (PreEscaped(&h.snippet_html)) }
                    } } }
                    nav.pager {
                        @if page_no > 1 { a href=(query.page_link(page_no - 1)) { "上一页" } " " }
                        @if page_no * SEARCH_PAGE_SIZE < results.total { a href=(query.page_link(page_no + 1)) { "下一页" } }
                    }
                }
            }
        }
    };
    let page = page(layout("搜索", user.0.as_ref(), body))?;
    Ok(match not_ready {
        Some(_) => (StatusCode::SERVICE_UNAVAILABLE, [(header::RETRY_AFTER, SEARCH_RETRY_AFTER)], page).into_response(),
        None => page,
    })
}

/// Seconds a client is asked to wait while the search index is being built.
pub(crate) const SEARCH_RETRY_AFTER: &str = "5";

/// What a person is told when search cannot answer yet (page and API alike).
pub(crate) fn search_not_ready_zh(failure: &SearchFailure) -> String {
    match failure {
        SearchFailure::Building { indexed, total } if *total > 0 => {
            format!("索引建立中（已完成 {indexed} / {total} 个规划），请稍后再试。")
        }
        SearchFailure::Building { .. } => "索引建立中，请稍后再试。".to_string(),
        _ => "全文搜索暂时不可用，已记录，请稍后再试。".to_string(),
    }
}

/// One facet as links: each value narrows the search; the chosen one clears it.
fn facet_group(
    title: &str,
    field: &str,
    chosen: Option<&str>,
    values: &[crate::search::FacetValue],
    query: &SearchQuery,
    label: impl Fn(&str) -> String,
) -> Markup {
    html! {
        @if !values.is_empty() || chosen.is_some() {
            section.facet {
                h3 { (title) }
                ul {
                    @if let Some(c) = chosen {
                        li.chosen { a href=(query.link_with(field, None)) title="取消此筛选" { (label(c)) " ✕" } }
                    }
                    @for v in values.iter().filter(|v| Some(v.value.as_str()) != chosen) {
                        li { a href=(query.link_with(field, Some(&v.value))) { (label(&v.value)) } " " span.muted { "(" (v.count) ")" } }
                    }
                }
            }
        }
    }
}

// ---------------------------------------------------------------- findings, method

pub async fn findings(State(state): State<AppState>, user: CurrentUser, Query(params): Query<Vec<(String, String)>>) -> PageResult {
    let page_no = page_no(&params);
    let plans = visible_plans(&state, user.is_staff()).await?;
    let regions: HashSet<Option<String>> = plans.iter().map(|p| p.region.clone()).collect();
    let staff = user.is_staff();
    let list = state.db(None, |s| s.findings()).await?;
    // The public sees findings about the regions of published plans only.
    let list: Vec<_> = list.into_iter().filter(|f| staff || regions.contains(&f.region)).collect();
    let body = html! {
        h1 { "一致性检查（衔接）" }
        p.note { "同一指标在不同文件中数值不一致、增速与基期值目标值不符、数值明显不合理等情况。由 lantu check 生成。" }
        @if list.is_empty() { p { "暂无检查结果。" } }
        ul.records { @for f in page_slice(&list, page_no, LIST_PAGE_SIZE) { li {
            span.badge.warn { (finding_kind_zh(&f.kind)) } " " (f.message)
            ul { @for src in &f.sources { li.muted { (src) } } }
        } } }
        (pager("/findings", page_no, LIST_PAGE_SIZE, list.len()))
    };
    page(layout("一致性检查", user.0.as_ref(), body))
}

fn finding_kind_zh(kind: &str) -> &str {
    match kind {
        "conflicting_values" => "数值冲突",
        "growth_inconsistent" => "增速不符",
        "implausible_value" => "数值异常",
        other => other,
    }
}

pub async fn method(user: CurrentUser) -> PageResult {
    let th = Thresholds::default();
    let body = html! {
        h1 { "监测方法" }
        p { "每个状态都附有得出它的数字，规划部门可以据此逐条核对。方法固定并公开如下。" }
        h2 { "年度目标分解" }
        p { "指标基期值为 B（基期年 y0），目标值为 T（目标年 yT），则第 y 年的预期值：" }
        ul {
            li { "总量类指标（亿元、个、万吨等）按几何路径：E(y) = B·(T/B)^((y−y0)/(yT−y0))；" }
            li { "比重、比率类指标（%、岁、年）按线性路径：E(y) = B + (T−B)·(y−y0)/(yT−y0)；" }
            li { "年均增长目标 g：每年增速应不低于 g（下降类指标不高于 g），路径为 B·(1+g)^(y−y0)；" }
            li { "累计目标（〔 〕内的五年合计）：各年数值之和应达到目标，每年平均分摊。" }
        }
        p { "年度目标可由编辑人员调整（年度间综合平衡），调整记录保留调整人和理由。" }
        h2 { "进展状态" }
        p { "以最新实际值 A（年份 t）计算：实际年均变化 = (A/B)^(1/(t−t0)) − 1，所需年均变化 = (T/B)^(1/(tT−t0)) − 1，"
            "进度比 R = d·实际年均变化 / |所需年均变化|（d：越高越好取 +1，越低越好取 −1）。比重类指标按每年百分点计算。先判断是否已达到目标。" }
        table {
            thead { tr { th { "状态" } th { "规则" } } }
            tbody {
                tr { td { (ProgressStatus::Achieved.label_zh()) } td { "目标年之前已达到目标" } }
                tr { td { (ProgressStatus::Ahead.label_zh()) } td { "R ≥ " (th.ahead) } }
                tr { td { (ProgressStatus::OnTrack.label_zh()) } td { (th.on_track) " ≤ R < " (th.ahead) } }
                tr { td { (ProgressStatus::Moderate.label_zh()) } td { (th.moderate) " ≤ R < " (th.on_track) } }
                tr { td { (ProgressStatus::Limited.label_zh()) } td { "0 ≤ R < " (th.moderate) } }
                tr { td { (ProgressStatus::Deteriorating.label_zh()) } td { "R < 0" } }
                tr { td { (ProgressStatus::NotAssessable.label_zh()) " / 待定" } td { "基期后尚无实际值，或目标待省下达" } }
            }
        }
        p { "无目标值的指标按年均变化判断：≥ " (number(th.no_target_on_track * 100.0)) "% 基本符合预期，"
            (number(th.no_target_moderate * 100.0)) "%—" (number(th.no_target_on_track * 100.0)) "% 进度偏慢，0—"
            (number(th.no_target_moderate * 100.0)) "% 明显滞后，负值为逆向变化。" }
        h2 { "预警" }
        p { "约束性指标经评估为滞后（进度偏慢、明显滞后或逆向变化）即预警；尚无法评估的指标不预警，单列为无法评估或待定。"
            "“以上”“以内”等界限决定比较方向；“与经济增长同步”按同年地区生产总值增速判断。" }
        h2 { "一致性检查" }
        p { "同一地区、同一指标、同一年份在两份文件中数值不同；增速与基期值、目标值不符；数值明显不合理（如比重超过100%、同比跳变10倍以上）——均列为检查结果并注明来源。" }
        p.muted { "方法参照 Open SDG / 加拿大统计局进展评估方法（源自欧盟统计局）。" }
    };
    page(layout("监测方法", user.0.as_ref(), body))
}

// ---------------------------------------------------------------- login, logout

pub async fn login_form() -> PageResult {
    login_page(None, StatusCode::OK)
}

fn login_page(message: Option<&str>, status: StatusCode) -> PageResult {
    let token = auth::random_token();
    let body = html! {
        h1 { "工作人员登录" }
        @if let Some(m) = message { p.error role="alert" { (m) } }
        form.login method="post" action="/login" {
            input type="hidden" name="csrf" value=(token);
            label { "用户名 " input name="name" autocomplete="username" required; }
            label { "密码 " input name="password" type="password" autocomplete="current-password" required; }
            button type="submit" { "登录" }
        }
        p.muted { "公众无需登录即可查看已公开的规划。" }
    };
    let cookie = auth::secret_cookie(auth::LOGIN_CSRF_COOKIE, &token, std::time::Duration::from_secs(3600));
    Ok((status, [(header::SET_COOKIE, cookie)], Html(layout("登录", None, body).into_string())).into_response())
}

#[derive(Deserialize)]
pub struct LoginForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    name: String,
    #[serde(default)]
    password: String,
}

pub async fn login(State(state): State<AppState>, headers: axum::http::HeaderMap, Form(form): Form<LoginForm>) -> PageResult {
    let expected = auth::cookie(&headers, auth::LOGIN_CSRF_COOKIE).unwrap_or("");
    if form.csrf.is_empty() || !auth::same_secret(&form.csrf, expected) {
        return login_page(Some("表单已过期，请重新登录。"), StatusCode::FORBIDDEN);
    }
    let name = form.name.trim().to_string();
    if state.login_limiter().is_blocked(&name) {
        return Err(AppError::TooManyRequests);
    }
    let password = form.password;
    let lookup = name.clone();
    let user = state
        .db(None, move |s| {
            let user = s.user_by_name(&lookup)?;
            // Verify on the blocking pool too: argon2 is deliberately slow.
            Ok(user.filter(|u| auth::verify_password(&password, &u.password_hash)))
        })
        .await?;
    let Some(user) = user else {
        state.login_limiter().failed(&name);
        return login_page(Some("用户名或密码不正确。"), StatusCode::UNAUTHORIZED);
    };
    state.login_limiter().succeeded(&name);
    let session = state.sessions().start(&user);
    // AppendHeaders: an array of headers would keep only the last Set-Cookie.
    Ok((
        axum::response::AppendHeaders([
            (header::SET_COOKIE, auth::session_cookie(&session)),
            (header::SET_COOKIE, auth::cleared_cookie(auth::LOGIN_CSRF_COOKIE)),
        ]),
        Redirect::to("/"),
    )
        .into_response())
}

#[derive(Deserialize)]
pub struct CsrfOnly {
    #[serde(default)]
    csrf: String,
}

pub async fn logout(
    State(state): State<AppState>,
    user: CurrentUser,
    headers: axum::http::HeaderMap,
    Form(form): Form<CsrfOnly>,
) -> PageResult {
    user.require_form(&Role::ALL, &form.csrf)?;
    if let Some(id) = auth::cookie(&headers, auth::SESSION_COOKIE) {
        state.sessions().end(id);
    }
    Ok(([(header::SET_COOKIE, auth::cleared_cookie(auth::SESSION_COOKIE))], Redirect::to("/")).into_response())
}

// ---------------------------------------------------------------- staff writes

#[derive(Deserialize)]
pub struct PublishForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    published: String,
}

pub async fn publish(State(state): State<AppState>, user: CurrentUser, Path(id): Path<i64>, Form(form): Form<PublishForm>) -> PageResult {
    let u = user.require_form(ADMINS, &form.csrf)?;
    let published = form.published == "1";
    state.db(Some(&u.name), move |s| s.set_published(id, published)).await?;
    Ok(Redirect::to(&format!("/plans/{id}")).into_response())
}

#[derive(Deserialize)]
pub struct ParentForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    parent: String,
}

pub async fn link_parent(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<i64>,
    Form(form): Form<ParentForm>,
) -> PageResult {
    let u = user.require_form(EDITORS, &form.csrf)?;
    let parent: i64 = form.parent.trim().parse().map_err(|_| AppError::BadRequest("请选择上级规划。".into()))?;
    state.db(Some(&u.name), move |s| s.link(id, parent)).await?;
    Ok(Redirect::to(&format!("/plans/{id}")).into_response())
}

/// The plan and the indicator key of `/plans/{id}/indicators/{n}` (staff only reach here).
async fn indicator_target(state: &AppState, id: i64, n: usize) -> Result<(PlanDetail, String, Option<String>), AppError> {
    let aliases = state.aliases().clone();
    state
        .db(None, move |s| {
            let detail = s.plan(id)?;
            let Some(ind) = detail.indicators.get(n) else {
                return Err(lantu_store::StoreError::NotFound { what: "indicator", id: i64::try_from(n).unwrap_or(-1) });
            };
            let key = crate::monitoring::indicator_key(&aliases, &ind.name, ind.sub.as_deref());
            let unit = ind.unit.clone();
            Ok((detail, key, unit))
        })
        .await
}

#[derive(Deserialize)]
pub struct UnitForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    unit: String,
}

pub async fn assign_unit(
    State(state): State<AppState>,
    user: CurrentUser,
    Path((id, n)): Path<(i64, usize)>,
    Form(form): Form<UnitForm>,
) -> PageResult {
    let u = user.require_form(EDITORS, &form.csrf)?;
    let (_, key, _) = indicator_target(&state, id, n).await?;
    state.db(Some(&u.name), move |s| s.assign_unit(id, &key, &form.unit)).await?;
    Ok(Redirect::to(&format!("/plans/{id}/indicators/{n}")).into_response())
}

#[derive(Deserialize)]
pub struct OverrideForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    year: String,
    #[serde(default)]
    value: String,
    #[serde(default)]
    why: String,
}

pub async fn add_override(
    State(state): State<AppState>,
    user: CurrentUser,
    Path((id, n)): Path<(i64, usize)>,
    Form(form): Form<OverrideForm>,
) -> PageResult {
    let u = user.require_form(EDITORS, &form.csrf)?.clone();
    let (Some(year), Some(value)) = (parse_year(&form.year), parse_value(&form.value)) else {
        return indicator_page(&state, &user, id, n, Some("请填写有效的年份和数值。".into())).await;
    };
    if form.why.trim().is_empty() {
        return indicator_page(&state, &user, id, n, Some("请填写调整理由。".into())).await;
    }
    let (_, key, _) = indicator_target(&state, id, n).await?;
    let o = NewOverride { plan_id: id, indicator: key, year, value, who: u.name.clone(), why: form.why.trim().to_string() };
    state.db(Some(&u.name), move |s| s.add_override(&o)).await?;
    Ok(Redirect::to(&format!("/plans/{id}/indicators/{n}")).into_response())
}

#[derive(Deserialize)]
pub struct ActualForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    year: String,
    #[serde(default)]
    value: String,
    #[serde(default)]
    source: String,
    #[serde(default)]
    estimated: Option<String>,
}

pub(crate) fn parse_year(s: &str) -> Option<i32> {
    s.trim().parse().ok().filter(|y| (1949..=2100).contains(y))
}

pub(crate) fn parse_value(s: &str) -> Option<f64> {
    s.trim().replace(',', "").parse::<f64>().ok().filter(|v| v.is_finite())
}

/// Whether `user` may enter an actual for indicator `key` of plan `id`; the reason if not.
pub(crate) async fn check_actual_writer(state: &AppState, role: Role, unit: Option<&str>, id: i64, key: &str) -> Result<(), AppError> {
    check_unit_writer(state, role, unit, key, "实际值", "该指标未分配给贵单位，不能录入实际值。", move |s| {
        s.indicator_units(id)
    })
    .await
}

/// The one rule for unit-scoped writes (actuals of indicators, progress of projects):
/// writers' roles only, and a unit only for the items assigned to it. `entry` names what
/// is entered, `not_assigned` is the refusal for another unit's item; `units` reads the
/// plan's (item key, unit) pairs.
pub(crate) async fn check_unit_writer(
    state: &AppState,
    role: Role,
    unit: Option<&str>,
    key: &str,
    entry: &str,
    not_assigned: &str,
    units: impl FnOnce(&mut lantu_store::Store) -> Result<Vec<(String, String)>, lantu_store::StoreError> + Send + 'static,
) -> Result<(), AppError> {
    if !ACTUAL_WRITERS.contains(&role) {
        return Err(AppError::Forbidden(format!("您的角色（{}）无权录入{entry}。", role.label_zh())));
    }
    if role != Role::Unit {
        return Ok(());
    }
    let units = state.db(None, units).await?;
    let assigned = units.into_iter().find(|(k, _)| k == key).map(|(_, u)| u);
    if unit.is_some() && assigned.as_deref() == unit {
        Ok(())
    } else {
        Err(AppError::Forbidden(not_assigned.to_string()))
    }
}

pub async fn add_actual(
    State(state): State<AppState>,
    user: CurrentUser,
    Path((id, n)): Path<(i64, usize)>,
    Form(form): Form<ActualForm>,
) -> PageResult {
    let u = user.require_form(ACTUAL_WRITERS, &form.csrf)?.clone();
    let (detail, key, unit) = indicator_target(&state, id, n).await?;
    check_actual_writer(&state, u.role, u.unit.as_deref(), id, &key).await?;
    let (Some(year), Some(value)) = (parse_year(&form.year), parse_value(&form.value)) else {
        return indicator_page(&state, &user, id, n, Some("请填写有效的年份（1949—2100）和数值。".into())).await;
    };
    if form.source.trim().is_empty() {
        return indicator_page(&state, &user, id, n, Some("请填写数据来源（如统计公报）。".into())).await;
    }
    let Some(region) = detail.summary.region.clone() else {
        return Err(AppError::BadRequest("该规划未识别出地区，无法录入实际值。".into()));
    };
    let actual =
        NewActual { region, metric: key, year, value, unit, source: form.source.trim().to_string(), estimated: form.estimated.is_some() };
    state.db(Some(&u.name), move |s| s.record_actual(&actual)).await?;
    Ok(Redirect::to(&format!("/plans/{id}/indicators/{n}")).into_response())
}

// ---------------------------------------------------------------- admin

pub async fn admin(State(state): State<AppState>, user: CurrentUser) -> PageResult {
    let u = user.0.as_ref().ok_or(AppError::Unauthorized)?;
    if !u.has(ADMINS) {
        return Err(AppError::Forbidden("只有管理员可以查看此页。".into()));
    }
    let (users, audit) = state.db(None, |s| Ok((s.users()?, s.audit_log()?))).await?;
    let body = html! {
        h1 { "管理" }
        section {
            h2 { "用户" }
            table {
                thead { tr { th { "用户名" } th { "角色" } th { "单位" } } }
                tbody { @for x in &users { tr { td { (x.name) } td { (x.role.label_zh()) } td { (x.unit.clone().unwrap_or_default()) } } } }
            }
            h3 { "新增用户" }
            form method="post" action="/admin/users" {
                (csrf_field(u))
                label { "用户名 " input name="name" required; }
                label { "角色 " select name="role" { @for r in Role::ALL { option value=(r.as_str()) { (r.label_zh()) } } } }
                label { "单位（责任单位角色必填） " input name="unit"; }
                label { "初始密码 " input name="password" type="password" minlength="8" required; }
                button type="submit" { "新增" }
            }
        }
        section {
            h2 { "审计日志（最近 200 条）" }
            div.scroll { table {
                thead { tr { th { "时间" } th { "操作人" } th { "操作" } th { "内容（修改前 → 修改后）" } } }
                tbody { @for e in audit.iter().rev().take(200) { tr { td { (e.at) } td { (e.actor) } td { (e.action) } td { (e.detail) } } } }
            } }
        }
    };
    page(layout("管理", Some(u), body))
}

#[derive(Deserialize)]
pub struct UserForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    name: String,
    #[serde(default)]
    role: String,
    #[serde(default)]
    unit: String,
    #[serde(default)]
    password: String,
}

pub async fn add_user(State(state): State<AppState>, user: CurrentUser, Form(form): Form<UserForm>) -> PageResult {
    let u = user.require_form(ADMINS, &form.csrf)?;
    let role = Role::parse(&form.role).ok_or_else(|| AppError::BadRequest("请选择角色。".into()))?;
    if form.password.chars().count() < 8 {
        return Err(AppError::BadRequest("密码至少 8 个字符。".into()));
    }
    let unit = Some(form.unit.trim().to_string()).filter(|s| !s.is_empty());
    let name = form.name.trim().to_string();
    let password = form.password;
    state
        .db(Some(&u.name), move |s| {
            let hash = auth::hash_password(&password).map_err(lantu_store::StoreError::Invalid)?;
            s.add_user(&name, role, unit.as_deref(), &hash)
        })
        .await?;
    Ok(Redirect::to("/admin").into_response())
}

// ---------------------------------------------------------------- assets, 404

pub async fn style_css() -> Response {
    (
        [(header::CONTENT_TYPE, "text/css; charset=utf-8"), (header::CACHE_CONTROL, "public, max-age=3600")],
        include_str!("../assets/style.css"),
    )
        .into_response()
}

pub async fn app_js() -> Response {
    (
        [(header::CONTENT_TYPE, "text/javascript; charset=utf-8"), (header::CACHE_CONTROL, "public, max-age=3600")],
        include_str!("../assets/app.js"),
    )
        .into_response()
}

pub async fn not_found(uri: Uri) -> Response {
    if uri.path().starts_with("/api/") {
        return crate::error::ApiError(AppError::NotFound).into_response();
    }
    AppError::NotFound.into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pairs(q: &[(&str, &str)]) -> Vec<(String, String)> {
        q.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect()
    }

    #[test]
    fn page_numbers_are_read_leniently() {
        assert_eq!(page_no(&pairs(&[])), 1);
        assert_eq!(page_no(&pairs(&[("page", "3")])), 3);
        for odd in ["0", "-1", "x", "", "1e3"] {
            assert_eq!(page_no(&pairs(&[("page", odd)])), 1, "{odd}");
        }
        assert_eq!(page_no(&pairs(&[("page", "99999999999")])), 1_000_000);
    }

    #[test]
    fn a_page_is_a_slice_and_past_the_end_is_empty() {
        let items: Vec<usize> = (0..120).collect();
        assert_eq!(page_slice(&items, 1, 50), &items[..50]);
        assert_eq!(page_slice(&items, 3, 50), &items[100..]);
        assert!(page_slice(&items, 4, 50).is_empty());
        assert!(page_slice(&items, 1_000_000, 50).is_empty());
    }

    #[test]
    fn the_pager_shows_only_with_more_than_one_page() {
        assert!(pager("/findings", 1, 50, 50).into_string().is_empty());
        let two = pager("/findings", 1, 50, 51).into_string();
        assert!(two.contains("/findings?page=2") && two.contains("第 1 / 2 页，共 51 条") && !two.contains("上一页"), "{two}");
        let last = pager("/findings", 2, 50, 51).into_string();
        assert!(last.contains("/findings?page=1") && !last.contains("下一页"), "{last}");
    }
}

//! Project progress (项目进展) in the web app: a project's page with its unit and its
//! progress entries, the editor's form assigning the unit, and the progress form of the
//! unit answerable for it (editors and admins may enter progress for any project).
//!
//! A project is addressed as `/plans/{id}/projects/{n}`, `n` its position in the plan's
//! project list; the store files it under [`project_key`] (box / name), which survives a
//! new version of the plan.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect};
use axum::Form;
use lantu_extract::model::Project;
use lantu_store::{NewProgress, PlanDetail, ProgressEntry, ProjectStatus, Role};
use maud::html;
use serde::Deserialize;

use crate::auth::{CurrentUser, SessionUser};
use crate::monitoring::number;
use crate::pages::{csrf_field, layout, parse_year, plan_title, visible_plan, PageResult};
use crate::{AppError, AppState, ACTUAL_WRITERS, EDITORS};

/// The key a project's unit and progress are filed under: its box and its name.
pub fn project_key(p: &Project) -> String {
    match &p.group {
        Some(g) => format!("{g}/{}", p.name),
        None => p.name.clone(),
    }
}

/// The latest entry of each project key (entries come oldest first; the latest year,
/// then the latest entry, wins).
pub fn latest_by_project(entries: &[ProgressEntry]) -> std::collections::HashMap<String, &ProgressEntry> {
    let mut out: std::collections::HashMap<String, &ProgressEntry> = std::collections::HashMap::new();
    for e in entries {
        match out.get(&e.project) {
            Some(prev) if prev.year > e.year => {}
            _ => {
                out.insert(e.project.clone(), e);
            }
        }
    }
    out
}

/// The CSS class of a project status badge.
pub fn status_class(s: ProjectStatus) -> &'static str {
    match s {
        ProjectStatus::Completed => "good",
        ProjectStatus::InProgress => "ok",
        ProjectStatus::NotStarted => "none",
        ProjectStatus::Delayed => "bad",
    }
}

/// A project's progress in a few words: `推进中 40%（2023年）`.
pub fn progress_text(e: &ProgressEntry) -> String {
    let pct = e.percent.map(|p| format!(" {}%", number(p))).unwrap_or_default();
    format!("{}{pct}（{}年）", e.status.label_zh(), e.year)
}

/// The plan, the project and its key (404 when `n` is past the list).
pub(crate) async fn project_target(state: &AppState, staff: bool, id: i64, n: usize) -> Result<(PlanDetail, Project, String), AppError> {
    let detail = visible_plan(state, staff, id).await?;
    let project = detail.projects.get(n).cloned().ok_or(AppError::NotFound)?;
    let key = project_key(&project);
    Ok((detail, project, key))
}

/// Whether a user of `role` (and `unit`) may enter progress for project `key` of plan
/// `id`; the reason if not.
pub(crate) async fn check_progress_writer(state: &AppState, role: Role, unit: Option<&str>, id: i64, key: &str) -> Result<(), AppError> {
    crate::pages::check_unit_writer(
        state,
        role,
        unit,
        key,
        "项目进展",
        "该项目未分配给贵单位，不能录入进展。",
        move |s| s.project_units(id),
    )
    .await
}

fn may_enter_progress(user: &SessionUser, assigned: Option<&str>) -> bool {
    match user.role {
        Role::Admin | Role::Editor => true,
        Role::Unit => user.unit.is_some() && user.unit.as_deref() == assigned,
        Role::Viewer => false,
    }
}

pub async fn project(State(state): State<AppState>, user: CurrentUser, Path((id, n)): Path<(i64, usize)>) -> PageResult {
    project_page(&state, &user, id, n, None).await
}

async fn project_page(state: &AppState, user: &CurrentUser, id: i64, n: usize, message: Option<String>) -> PageResult {
    let (detail, p, key) = project_target(state, user.is_staff(), id, n).await?;
    let k = key.clone();
    let (unit_of, entries) = state
        .db(None, move |s| {
            let unit = s.project_units(id)?.into_iter().find(|(pk, _)| *pk == k).map(|(_, u)| u);
            let entries: Vec<ProgressEntry> = s.project_progress(id)?.into_iter().filter(|e| e.project == k).collect();
            Ok((unit, entries))
        })
        .await?;
    let latest = latest_by_project(&entries).get(&key).map(|e| (*e).clone());
    let s = &detail.summary;
    let u = user.0.as_ref();
    let body = html! {
        p.crumbs { a href="/" { "首页" } " › " a href=(format!("/plans/{id}#projects")) { (plan_title(s)) } }
        h1 { (p.name) }
        p.meta {
            @if let Some(g) = &p.group { (g) " · " }
            "原文 " a href=(format!("/plans/{id}#L{}", p.line)) { "第" (p.line) "行" }
            @if let Some(inv) = &p.investment { " · 总投资" (number(inv.value)) (inv.unit) }
            " · 责任单位：" (unit_of.clone().unwrap_or_else(|| "未分配".into()))
        }
        @if let Some(desc) = &p.description { p { (desc) } }
        @if let Some(msg) = &message { p.error role="alert" { (msg) } }
        section.status {
            h2 { "当前进展：" @match &latest {
                Some(e) => { span class=(format!("badge {}", status_class(e.status))) { (progress_text(e)) } }
                None => { span.badge.none { "尚无进展记录" } }
            } }
        }
        section {
            h2 { "进展记录" }
            @if entries.is_empty() { p.note { "尚无进展记录。" } }
            @else {
                div.scroll { table {
                    thead { tr { th { "年份" } th { "状态" } th { "完成比例" } th { "说明" } th { "录入人" } th { "时间" } } }
                    tbody { @for e in entries.iter().rev() { tr {
                        td { (e.year) }
                        td { span class=(format!("badge {}", status_class(e.status))) { (e.status.label_zh()) } }
                        td { @if let Some(pct) = e.percent { (number(pct)) "%" } @else { "—" } }
                        td { (e.note) }
                        td { (e.who) }
                        td { (e.at) }
                    } } }
                } }
            }
        }
        @if let Some(u) = u {
            @if may_enter_progress(u, unit_of.as_deref()) {
                section.form {
                    h2 { "录入项目进展" }
                    form method="post" action=(format!("/plans/{id}/projects/{n}/progress")) {
                        (csrf_field(u))
                        label { "年份 " input name="year" type="number" min="1949" max="2100" required; }
                        label { "状态 " select name="status" {
                            @for st in ProjectStatus::ALL { option value=(st.as_str()) { (st.label_zh()) } }
                        } }
                        label { "完成比例（%） " input name="percent" type="number" min="0" max="100" step="any"; }
                        label { "说明 " input name="note" maxlength="2000" placeholder="如：主体工程完工"; }
                        button type="submit" { "保存" }
                    }
                }
            }
            @if u.has(EDITORS) {
                section.form {
                    h2 { "责任单位" }
                    form method="post" action=(format!("/plans/{id}/projects/{n}/unit")) {
                        (csrf_field(u))
                        label { "单位名称 " input name="unit" value=(unit_of.clone().unwrap_or_default()); }
                        button type="submit" { "保存" }
                    }
                }
            }
        }
    };
    let status = if message.is_some() { StatusCode::BAD_REQUEST } else { StatusCode::OK };
    Ok((status, Html(layout(&p.name, u, body).into_string())).into_response())
}

#[derive(Deserialize)]
pub struct ProjectUnitForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    unit: String,
}

pub async fn assign_project_unit(
    State(state): State<AppState>,
    user: CurrentUser,
    Path((id, n)): Path<(i64, usize)>,
    Form(form): Form<ProjectUnitForm>,
) -> PageResult {
    let u = user.require_form(EDITORS, &form.csrf)?.clone();
    let (_, _, key) = project_target(&state, true, id, n).await?;
    if form.unit.chars().count() > 100 || form.unit.chars().any(char::is_control) {
        return project_page(&state, &user, id, n, Some("单位名称应为不超过 100 字的文字。".into())).await;
    }
    state.db(Some(&u.name), move |s| s.assign_project_unit(id, &key, &form.unit)).await?;
    Ok(Redirect::to(&format!("/plans/{id}/projects/{n}")).into_response())
}

#[derive(Deserialize)]
pub struct ProgressForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    year: String,
    #[serde(default)]
    status: String,
    #[serde(default)]
    percent: String,
    #[serde(default)]
    note: String,
}

pub async fn add_progress(
    State(state): State<AppState>,
    user: CurrentUser,
    Path((id, n)): Path<(i64, usize)>,
    Form(form): Form<ProgressForm>,
) -> PageResult {
    let u = user.require_form(ACTUAL_WRITERS, &form.csrf)?.clone();
    let (_, _, key) = project_target(&state, true, id, n).await?;
    check_progress_writer(&state, u.role, u.unit.as_deref(), id, &key).await?;
    let Some(year) = parse_year(&form.year) else {
        return project_page(&state, &user, id, n, Some("请填写有效的年份（1949—2100）。".into())).await;
    };
    let Some(status) = ProjectStatus::parse(form.status.trim()) else {
        return project_page(&state, &user, id, n, Some("请选择项目状态。".into())).await;
    };
    let percent = match form.percent.trim() {
        "" => None,
        p => match p.parse::<f64>().ok().filter(|v| v.is_finite() && (0.0..=100.0).contains(v)) {
            Some(v) => Some(v),
            None => return project_page(&state, &user, id, n, Some("完成比例应为 0—100 之间的数。".into())).await,
        },
    };
    if form.note.chars().count() > 2000 {
        return project_page(&state, &user, id, n, Some("说明不超过 2000 字。".into())).await;
    }
    let entry = NewProgress { plan_id: id, project: key, year, status, percent, note: form.note.trim().to_string() };
    state.db(Some(&u.name), move |s| s.record_progress(&entry)).await?;
    Ok(Redirect::to(&format!("/plans/{id}/projects/{n}")).into_response())
}

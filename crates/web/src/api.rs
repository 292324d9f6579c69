//! The JSON API under `/api/v1`. The OpenAPI document is generated from these handlers'
//! `#[utoipa::path]` annotations and the `ToSchema` types below, so it cannot drift.
//! Reads are public for published plans (a bearer token sees every plan); writes need a
//! bearer token of a role that may (`lantu user token NAME`).

use axum::extract::{FromRequestParts, Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use lantu_store::{NewProgress, PlanSummary, ProgressEntry, ProjectStatus};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, OpenApi, ToSchema};

use crate::auth::ApiCaller;
use crate::error::ApiError;
use crate::monitoring::{monitor_plan, number};
use crate::pages::{check_actual_writer, search_not_ready_zh, visible_plan, visible_plans, SEARCH_RETRY_AFTER};
use crate::{AppError, AppState, SearchFailure};

type ApiResult<T> = Result<Json<T>, ApiError>;

#[derive(OpenApi)]
#[openapi(
    info(title = "lantu API", version = "1", description = "蓝图 规划实施监测：规划、指标（含监测状态）、目标、项目、实际值、一致性检查。"),
    paths(list_plans, get_plan, list_headings, list_indicators, list_all_indicators, list_targets, list_projects, list_actuals, post_actual, list_progress, post_progress, list_findings, search),
    components(schemas(Plan, Heading, IndicatorStatus, Target, Project, ProjectProgress, ProjectStatusCode, NewProgressBody, ProgressPage, Actual, Finding, NewActualBody, ErrorBody, crate::SearchHit, crate::SearchFacets, crate::search::FacetValue,
        PlanPage, HeadingPage, IndicatorPage, TargetPage, ProjectPage, ActualPage, FindingPage, SearchPage)),
    modifiers(&BearerAuth)
)]
pub struct ApiDoc;

struct BearerAuth;

impl utoipa::Modify for BearerAuth {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
        if let Some(components) = openapi.components.as_mut() {
            components.add_security_scheme("bearer", SecurityScheme::Http(HttpBuilder::new().scheme(HttpAuthScheme::Bearer).build()));
        }
    }
}

pub async fn openapi_json() -> Response {
    Json(ApiDoc::openapi()).into_response()
}

/// Items per page when `limit` is not given.
pub const DEFAULT_LIMIT: usize = 100;
/// The most items one request may ask for.
pub const MAX_LIMIT: usize = 1000;
/// The largest `offset` accepted (more than any list holds).
pub const MAX_OFFSET: u64 = 1_000_000_000;

/// `?limit=100&offset=0` on every list: the answer is `{items, total, limit, offset}`,
/// `total` counting every item the filters match.
#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct PageParams {
    /// Items to return, 1 to 1000 (default 100).
    #[param(minimum = 1, maximum = 1000)]
    pub limit: Option<u32>,
    /// Items to skip (default 0).
    #[param(minimum = 0, maximum = 1000000000)]
    pub offset: Option<u64>,
}

impl PageParams {
    /// `(limit, offset)`, checked.
    pub fn bounds(&self, max_limit: usize) -> Result<(usize, usize), ApiError> {
        let limit = self.limit.map_or(DEFAULT_LIMIT.min(max_limit), |l| l as usize);
        let offset = self.offset.unwrap_or(0);
        if limit == 0 || limit > max_limit || offset > MAX_OFFSET {
            return Err(AppError::BadRequest(format!("1 ≤ limit ≤ {max_limit}, 0 ≤ offset ≤ {MAX_OFFSET}")).into());
        }
        Ok((limit, usize::try_from(offset).unwrap_or(usize::MAX)))
    }
}

/// Query parameters whose errors are answered in the API's JSON form (axum's own
/// rejection is plain text).
pub struct ApiQuery<T>(pub T);

impl<S: Send + Sync, T: serde::de::DeserializeOwned> FromRequestParts<S> for ApiQuery<T> {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut axum::http::request::Parts, state: &S) -> Result<Self, Self::Rejection> {
        match Query::<T>::from_request_parts(parts, state).await {
            Ok(Query(v)) => Ok(ApiQuery(v)),
            Err(e) => Err(AppError::BadRequest(e.body_text()).into()),
        }
    }
}

/// Path parameters, with errors in the API's JSON form.
pub struct ApiPath<T>(pub T);

impl<S: Send + Sync, T: serde::de::DeserializeOwned + Send> FromRequestParts<S> for ApiPath<T> {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut axum::http::request::Parts, state: &S) -> Result<Self, Self::Rejection> {
        match Path::<T>::from_request_parts(parts, state).await {
            Ok(Path(v)) => Ok(ApiPath(v)),
            Err(e) => Err(AppError::BadRequest(e.body_text()).into()),
        }
    }
}

macro_rules! page_type {
    ($name:ident, $item:ty) => {
        /// One page of a list: `total` items match, `items` are those from `offset` on.
        #[derive(Debug, Serialize, ToSchema)]
        pub struct $name {
            pub items: Vec<$item>,
            pub total: usize,
            pub limit: usize,
            pub offset: usize,
        }

        impl $name {
            fn of(all: Vec<$item>, params: &PageParams) -> Result<Self, ApiError> {
                let (limit, offset) = params.bounds(MAX_LIMIT)?;
                let total = all.len();
                let items = all.into_iter().skip(offset).take(limit).collect();
                Ok($name { items, total, limit, offset })
            }
        }
    };
}

page_type!(PlanPage, Plan);
page_type!(HeadingPage, Heading);
page_type!(IndicatorPage, IndicatorStatus);
page_type!(TargetPage, Target);
page_type!(ProjectPage, Project);
page_type!(ActualPage, Actual);
page_type!(FindingPage, Finding);
page_type!(ProgressPage, ProjectProgress);

#[derive(Debug, Serialize, ToSchema)]
pub struct ErrorBody {
    /// not_found, unauthorized, forbidden, bad_request, too_many_requests,
    /// storage_unavailable (503: the store cannot be written; nothing was saved), internal
    pub error: String,
    pub message: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct Plan {
    pub id: i64,
    pub title: Option<String>,
    pub region: Option<String>,
    /// five_year_outline, special_plan, implementation_plan, annual_report, other
    pub kind: String,
    pub period_start: Option<i32>,
    pub period_end: Option<i32>,
    pub parent_id: Option<i64>,
    pub versions: i64,
    pub file: String,
}

impl From<PlanSummary> for Plan {
    fn from(s: PlanSummary) -> Self {
        Plan {
            id: s.id,
            title: s.title,
            region: s.region,
            kind: s.kind,
            period_start: s.period_start,
            period_end: s.period_end,
            parent_id: s.parent_id,
            versions: s.versions,
            file: s.file,
        }
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct Heading {
    pub level: u8,
    pub label: String,
    pub title: String,
    /// 1-based line of the original document.
    pub line: usize,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct IndicatorStatus {
    /// The plan the indicator belongs to.
    pub plan_id: i64,
    /// The plan's region.
    pub region: Option<String>,
    /// Position in the plan's indicator list (`/plans/{id}/indicators/{n}`).
    pub n: usize,
    /// The key actuals are filed under (canonical name, `/sub-row`).
    pub key: String,
    pub name: String,
    pub category: Option<String>,
    pub unit: Option<String>,
    pub binding: bool,
    pub baseline: Option<String>,
    pub target: Option<String>,
    pub growth: Option<String>,
    pub line: usize,
    /// achieved, ahead, on_track, moderate, limited, deteriorating, not_assessable
    pub status: String,
    pub status_zh: String,
    pub early_warning: bool,
    pub r: Option<f64>,
    pub observed_rate: Option<f64>,
    pub required_rate: Option<f64>,
    pub expected: Option<f64>,
    pub latest_year: Option<i32>,
    pub latest_value: Option<f64>,
    pub reason: String,
    pub year: i32,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct Target {
    pub metric: String,
    pub year: Option<i32>,
    pub value: f64,
    pub unit: Option<String>,
    /// >=, <=, =, ~
    pub bound: String,
    pub text: String,
    pub line: usize,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct Project {
    /// Position in the plan's project list (`/plans/{id}/projects/{n}`).
    pub n: usize,
    /// The key its unit and progress are filed under (box / name).
    pub key: String,
    /// The unit answerable for it (责任单位).
    pub unit: Option<String>,
    /// Its latest progress entry (the latest year's last).
    pub progress: Option<ProjectProgress>,
    pub group: Option<String>,
    pub name: String,
    pub description: Option<String>,
    pub investment_value: Option<f64>,
    pub investment_unit: Option<String>,
    pub line: usize,
}

/// Project status codes: 未开工, 推进中, 已完成, 滞后.
#[derive(Debug, Clone, Copy, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ProjectStatusCode {
    NotStarted,
    InProgress,
    Completed,
    Delayed,
}

impl From<ProjectStatusCode> for ProjectStatus {
    fn from(c: ProjectStatusCode) -> Self {
        match c {
            ProjectStatusCode::NotStarted => ProjectStatus::NotStarted,
            ProjectStatusCode::InProgress => ProjectStatus::InProgress,
            ProjectStatusCode::Completed => ProjectStatus::Completed,
            ProjectStatusCode::Delayed => ProjectStatus::Delayed,
        }
    }
}

impl From<ProjectStatus> for ProjectStatusCode {
    fn from(c: ProjectStatus) -> Self {
        match c {
            ProjectStatus::NotStarted => ProjectStatusCode::NotStarted,
            ProjectStatus::InProgress => ProjectStatusCode::InProgress,
            ProjectStatus::Completed => ProjectStatusCode::Completed,
            ProjectStatus::Delayed => ProjectStatusCode::Delayed,
        }
    }
}

/// One progress entry of a project, with who made it and when.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ProjectProgress {
    pub year: i32,
    pub status: ProjectStatusCode,
    pub status_zh: String,
    /// Share of the work done, 0 to 100.
    pub percent: Option<f64>,
    pub note: String,
    pub who: String,
    /// UTC, ISO 8601.
    pub at: String,
}

impl From<&ProgressEntry> for ProjectProgress {
    fn from(e: &ProgressEntry) -> Self {
        ProjectProgress {
            year: e.year,
            status: e.status.into(),
            status_zh: e.status.label_zh().into(),
            percent: e.percent,
            note: e.note.clone(),
            who: e.who.clone(),
            at: e.at.clone(),
        }
    }
}

/// A progress entry to record.
#[derive(Debug, Deserialize, ToSchema)]
pub struct NewProgressBody {
    #[schema(minimum = 1949, maximum = 2100)]
    #[serde(deserialize_with = "json_integer")]
    pub year: i32,
    pub status: ProjectStatusCode,
    /// Share of the work done, 0 to 100.
    #[schema(minimum = 0, maximum = 100)]
    pub percent: Option<f64>,
    #[serde(default)]
    #[schema(max_length = 2000)]
    pub note: Option<String>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct Actual {
    pub region: String,
    pub metric: String,
    pub year: i32,
    pub value: f64,
    pub unit: Option<String>,
    pub source: String,
    pub estimated: bool,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct Finding {
    pub kind: String,
    pub region: Option<String>,
    pub metric: Option<String>,
    pub year: Option<i32>,
    pub message: String,
    pub sources: Vec<String>,
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct NewActualBody {
    #[schema(minimum = 1949, maximum = 2100)]
    #[serde(deserialize_with = "json_integer")]
    pub year: i32,
    pub value: f64,
    /// Where it was published, e.g. 2023年统计公报.
    #[schema(min_length = 1)]
    pub source: String,
    #[serde(default)]
    pub estimated: bool,
}

/// An `integer` as JSON Schema means it: any number without a fractional part, so
/// `2023.0` is the year 2023 (serde alone refuses a float for an `i32`).
fn json_integer<'de, D: serde::Deserializer<'de>>(d: D) -> Result<i32, D::Error> {
    let n = serde_json::Number::deserialize(d)?;
    let as_int = n.as_i64().or_else(|| n.as_f64().filter(|f| f.fract() == 0.0 && f.abs() < 1e15).map(|f| f as i64));
    as_int.and_then(|v| i32::try_from(v).ok()).ok_or_else(|| serde::de::Error::custom(format!("expected a whole number (i32), got {n}")))
}

fn staff(caller: &ApiCaller) -> bool {
    caller.0.is_some()
}

#[utoipa::path(get, path = "/api/v1/plans", params(PageParams),
    responses((status = 200, body = PlanPage), (status = 400, body = ErrorBody), (status = 401, body = ErrorBody)))]
pub async fn list_plans(State(state): State<AppState>, caller: ApiCaller, ApiQuery(p): ApiQuery<PageParams>) -> ApiResult<PlanPage> {
    p.bounds(MAX_LIMIT)?;
    let plans = visible_plans(&state, staff(&caller)).await?;
    Ok(Json(PlanPage::of(plans.into_iter().map(Plan::from).collect(), &p)?))
}

#[utoipa::path(get, path = "/api/v1/plans/{id}", params(("id" = i64, Path)),
    responses((status = 200, body = Plan), (status = 400, body = ErrorBody), (status = 404, body = ErrorBody), (status = 401, body = ErrorBody)))]
pub async fn get_plan(State(state): State<AppState>, caller: ApiCaller, ApiPath(id): ApiPath<i64>) -> ApiResult<Plan> {
    Ok(Json(visible_plan(&state, staff(&caller), id).await?.summary.into()))
}

#[utoipa::path(get, path = "/api/v1/plans/{id}/headings", params(("id" = i64, Path), PageParams),
    responses((status = 200, body = HeadingPage), (status = 400, body = ErrorBody), (status = 404, body = ErrorBody), (status = 401, body = ErrorBody)))]
pub async fn list_headings(
    State(state): State<AppState>,
    caller: ApiCaller,
    ApiPath(id): ApiPath<i64>,
    ApiQuery(p): ApiQuery<PageParams>,
) -> ApiResult<HeadingPage> {
    p.bounds(MAX_LIMIT)?;
    let d = visible_plan(&state, staff(&caller), id).await?;
    let items = d.outline.into_iter().map(|h| Heading { level: h.level, label: h.label, title: h.title, line: h.line }).collect();
    Ok(Json(HeadingPage::of(items, &p)?))
}

/// The API's row of a monitored indicator.
fn indicator_status(plan: &PlanSummary, year: i32, m: crate::monitoring::Monitored) -> IndicatorStatus {
    let a = m.assessment;
    IndicatorStatus {
        plan_id: plan.id,
        region: plan.region.clone(),
        n: m.index,
        key: m.key,
        name: crate::monitoring::display_name(&m.indicator),
        category: m.indicator.category,
        unit: m.indicator.unit,
        binding: m.engine.binding,
        baseline: m.indicator.baseline.text,
        target: m.indicator.target.text,
        growth: m.indicator.growth.text,
        line: m.indicator.line,
        status: a.status.as_str().into(),
        status_zh: a.label_zh().into(),
        early_warning: a.early_warning,
        r: a.r.filter(|v| v.is_finite()),
        observed_rate: a.observed_rate.filter(|v| v.is_finite()),
        required_rate: a.required_rate.filter(|v| v.is_finite()),
        expected: m.expected.filter(|v| v.is_finite()),
        latest_year: a.latest.as_ref().map(|l| l.year),
        latest_value: a.latest.as_ref().map(|l| l.value).filter(|v| v.is_finite()),
        reason: a.reason,
        year,
    }
}

/// The year a status is computed for (default: each plan's latest year with a value).
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct YearParam {
    /// Assess as of this year (default: the latest year with a value).
    #[param(minimum = 1949, maximum = 2100)]
    pub year: Option<i32>,
}

impl YearParam {
    fn checked(&self) -> Result<Option<i32>, ApiError> {
        match self.year {
            Some(y) if !(1949..=2100).contains(&y) => Err(AppError::BadRequest("1949 ≤ year ≤ 2100".into()).into()),
            y => Ok(y),
        }
    }
}

#[utoipa::path(get, path = "/api/v1/plans/{id}/indicators", params(("id" = i64, Path), YearParam, PageParams),
    responses((status = 200, body = IndicatorPage), (status = 400, body = ErrorBody), (status = 404, body = ErrorBody), (status = 401, body = ErrorBody)))]
pub async fn list_indicators(
    State(state): State<AppState>,
    caller: ApiCaller,
    ApiPath(id): ApiPath<i64>,
    ApiQuery(y): ApiQuery<YearParam>,
    ApiQuery(p): ApiQuery<PageParams>,
) -> ApiResult<IndicatorPage> {
    p.bounds(MAX_LIMIT)?;
    let year = y.checked()?;
    let d = visible_plan(&state, staff(&caller), id).await?;
    let aliases = state.aliases().clone();
    let summary = d.summary.clone();
    let (year, rows) = state.db(None, move |s| monitor_plan(s, &d, year, &aliases)).await?;
    let items = rows.into_iter().map(|m| indicator_status(&summary, year, m)).collect();
    Ok(Json(IndicatorPage::of(items, &p)?))
}

/// Filters of `/api/v1/indicators`.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct IndicatorFilter {
    /// Only this plan.
    pub plan: Option<i64>,
    /// Only plans of this region (e.g. 吉林市).
    pub region: Option<String>,
    /// Only this status (achieved, ahead, on_track, moderate, limited, deteriorating,
    /// not_assessable).
    pub status: Option<String>,
    /// Only indicators with an early warning (预警).
    pub early_warning: Option<bool>,
}

/// Every indicator of every plan the caller may see (published plans for the public),
/// with its status; plans in id order, indicators in document order.
#[utoipa::path(get, path = "/api/v1/indicators", params(IndicatorFilter, YearParam, PageParams),
    responses((status = 200, body = IndicatorPage), (status = 400, body = ErrorBody), (status = 401, body = ErrorBody)))]
pub async fn list_all_indicators(
    State(state): State<AppState>,
    caller: ApiCaller,
    ApiQuery(f): ApiQuery<IndicatorFilter>,
    ApiQuery(y): ApiQuery<YearParam>,
    ApiQuery(p): ApiQuery<PageParams>,
) -> ApiResult<IndicatorPage> {
    let (limit, offset) = p.bounds(MAX_LIMIT)?;
    let as_of = y.checked()?;
    let visible: std::collections::HashSet<i64> = visible_plans(&state, staff(&caller))
        .await?
        .into_iter()
        .filter(|s| f.plan.is_none_or(|id| id == s.id) && f.region.as_ref().is_none_or(|r| s.region.as_ref() == Some(r)))
        .map(|s| s.id)
        .collect();
    let every = crate::memo::every_plan(&state, as_of).await?;
    // Filtered on the shared rows; only the page asked for is built.
    let matching: Vec<(&PlanSummary, i32, &crate::monitoring::Monitored)> = every
        .iter()
        .filter(|(summary, _, _)| visible.contains(&summary.id))
        .flat_map(|(summary, year, rows)| rows.iter().map(move |m| (summary, *year, m)))
        .filter(|(_, _, m)| {
            f.status.as_ref().is_none_or(|s| s == m.assessment.status.as_str())
                && f.early_warning.is_none_or(|w| w == m.assessment.early_warning)
        })
        .collect();
    let total = matching.len();
    let items =
        matching.into_iter().skip(offset).take(limit).map(|(summary, year, m)| indicator_status(summary, year, m.clone())).collect();
    Ok(Json(IndicatorPage { items, total, limit, offset }))
}

#[utoipa::path(get, path = "/api/v1/plans/{id}/targets", params(("id" = i64, Path), PageParams),
    responses((status = 200, body = TargetPage), (status = 400, body = ErrorBody), (status = 404, body = ErrorBody), (status = 401, body = ErrorBody)))]
pub async fn list_targets(
    State(state): State<AppState>,
    caller: ApiCaller,
    ApiPath(id): ApiPath<i64>,
    ApiQuery(p): ApiQuery<PageParams>,
) -> ApiResult<TargetPage> {
    p.bounds(MAX_LIMIT)?;
    let d = visible_plan(&state, staff(&caller), id).await?;
    let items = d
        .targets
        .into_iter()
        .map(|t| Target {
            metric: t.metric,
            year: t.year,
            value: t.value,
            unit: t.unit,
            bound: t.bound.as_str().into(),
            text: t.text,
            line: t.line,
        })
        .collect();
    Ok(Json(TargetPage::of(items, &p)?))
}

#[utoipa::path(get, path = "/api/v1/plans/{id}/projects", params(("id" = i64, Path), PageParams),
    responses((status = 200, body = ProjectPage), (status = 400, body = ErrorBody), (status = 404, body = ErrorBody), (status = 401, body = ErrorBody)))]
pub async fn list_projects(
    State(state): State<AppState>,
    caller: ApiCaller,
    ApiPath(id): ApiPath<i64>,
    ApiQuery(p): ApiQuery<PageParams>,
) -> ApiResult<ProjectPage> {
    p.bounds(MAX_LIMIT)?;
    let d = visible_plan(&state, staff(&caller), id).await?;
    let (units, entries) = state.db(None, move |s| Ok((s.project_units(id)?, s.project_progress(id)?))).await?;
    let units: std::collections::HashMap<String, String> = units.into_iter().collect();
    let latest = crate::projects::latest_by_project(&entries);
    let items = d
        .projects
        .into_iter()
        .enumerate()
        .map(|(n, x)| {
            let key = crate::projects::project_key(&x);
            (n, key, x)
        })
        .map(|(n, key, x)| Project {
            n,
            unit: units.get(&key).cloned(),
            progress: latest.get(&key).map(|e| ProjectProgress::from(*e)),
            key,
            group: x.group,
            name: x.name,
            description: x.description,
            investment_value: x.investment.as_ref().map(|m| m.value),
            investment_unit: x.investment.map(|m| m.unit),
            line: x.line,
        })
        .collect();
    Ok(Json(ProjectPage::of(items, &p)?))
}

/// A project's progress entries, oldest first.
#[utoipa::path(get, path = "/api/v1/plans/{id}/projects/{n}/progress", params(("id" = i64, Path), ("n" = u32, Path, description = "Position in the plan's list, from 0"), PageParams),
    responses((status = 200, body = ProgressPage), (status = 400, body = ErrorBody), (status = 404, body = ErrorBody), (status = 401, body = ErrorBody)))]
pub async fn list_progress(
    State(state): State<AppState>,
    caller: ApiCaller,
    ApiPath((id, n)): ApiPath<(i64, u32)>,
    ApiQuery(p): ApiQuery<PageParams>,
) -> ApiResult<ProgressPage> {
    let n = n as usize;
    p.bounds(MAX_LIMIT)?;
    let (_, _, key) = crate::projects::project_target(&state, staff(&caller), id, n).await?;
    let entries = state.db(None, move |s| s.project_progress(id)).await?;
    let items = entries.iter().filter(|e| e.project == key).map(ProjectProgress::from).collect();
    Ok(Json(ProgressPage::of(items, &p)?))
}

/// Records a progress entry of a project: editors and admins for any project, a unit
/// only for the projects assigned to it.
#[utoipa::path(post, path = "/api/v1/plans/{id}/projects/{n}/progress", params(("id" = i64, Path), ("n" = u32, Path, description = "Position in the plan's list, from 0")),
    request_body = NewProgressBody, security(("bearer" = [])),
    responses((status = 201, body = ProjectProgress), (status = 400, body = ErrorBody), (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 503, body = ErrorBody)))]
pub async fn post_progress(
    State(state): State<AppState>,
    caller: ApiCaller,
    ApiPath((id, n)): ApiPath<(i64, u32)>,
    body: Result<Json<NewProgressBody>, axum::extract::rejection::JsonRejection>,
) -> Result<Response, ApiError> {
    let n = n as usize;
    let user = caller.0.ok_or(AppError::Unauthorized)?;
    let (_, _, key) = crate::projects::project_target(&state, true, id, n).await?;
    crate::projects::check_progress_writer(&state, user.role, user.unit.as_deref(), id, &key).await?;
    let Json(body) = body.map_err(|e| AppError::BadRequest(e.body_text()))?;
    let entry = NewProgress {
        plan_id: id,
        project: key,
        year: body.year,
        status: body.status.into(),
        percent: body.percent,
        note: body.note.unwrap_or_default(),
    };
    let stored = state.db(Some(&user.name), move |s| s.record_progress(&entry)).await?;
    tracing::info!(user = %user.name, project = %stored.project, "project progress entered through the API");
    Ok((StatusCode::CREATED, Json(ProjectProgress::from(&stored))).into_response())
}

/// Filters of `/api/v1/actuals`.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ActualFilter {
    pub region: Option<String>,
    pub metric: Option<String>,
}

#[utoipa::path(get, path = "/api/v1/actuals", params(ActualFilter, PageParams),
    responses((status = 200, body = ActualPage), (status = 400, body = ErrorBody), (status = 401, body = ErrorBody)))]
pub async fn list_actuals(
    State(state): State<AppState>,
    caller: ApiCaller,
    ApiQuery(f): ApiQuery<ActualFilter>,
    ApiQuery(p): ApiQuery<PageParams>,
) -> ApiResult<ActualPage> {
    p.bounds(MAX_LIMIT)?;
    let regions: std::collections::HashSet<Option<String>> =
        visible_plans(&state, staff(&caller)).await?.into_iter().map(|p| p.region).collect();
    let all = state.db(None, |s| s.actuals()).await?;
    let items = all
        .into_iter()
        .map(|a| a.actual)
        .filter(|a| regions.contains(&Some(a.region.clone())))
        .filter(|a| f.region.as_ref().is_none_or(|r| *r == a.region) && f.metric.as_ref().is_none_or(|m| *m == a.metric))
        .map(|a| Actual {
            region: a.region,
            metric: a.metric,
            year: a.year,
            value: a.value,
            unit: a.unit,
            source: a.source,
            estimated: a.estimated,
        })
        .collect();
    Ok(Json(ActualPage::of(items, &p)?))
}

#[utoipa::path(post, path = "/api/v1/plans/{id}/indicators/{n}/actuals", params(("id" = i64, Path), ("n" = u32, Path, description = "Position in the plan's list, from 0")),
    request_body = NewActualBody, security(("bearer" = [])),
    responses((status = 201, body = Actual), (status = 400, body = ErrorBody), (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 503, body = ErrorBody)))]
pub async fn post_actual(
    State(state): State<AppState>,
    caller: ApiCaller,
    ApiPath((id, n)): ApiPath<(i64, u32)>,
    body: Result<Json<NewActualBody>, axum::extract::rejection::JsonRejection>,
) -> Result<Response, ApiError> {
    let n = n as usize;
    let user = caller.0.ok_or(AppError::Unauthorized)?;
    let aliases = state.aliases().clone();
    let (region, key, unit) = state
        .db(None, move |s| {
            let d = s.plan(id)?;
            let Some(ind) = d.indicators.get(n) else {
                return Err(lantu_store::StoreError::NotFound { what: "indicator", id: i64::try_from(n).unwrap_or(-1) });
            };
            Ok((d.summary.region.clone(), crate::monitoring::indicator_key(&aliases, &ind.name, ind.sub.as_deref()), ind.unit.clone()))
        })
        .await?;
    check_actual_writer(&state, user.role, user.unit.as_deref(), id, &key).await?;
    let Json(body) = body.map_err(|e| AppError::BadRequest(e.body_text()))?;
    if !(1949..=2100).contains(&body.year) || !body.value.is_finite() || body.source.trim().is_empty() {
        return Err(AppError::BadRequest("year 1949–2100, a finite value and a source are required".into()).into());
    }
    let region = region.ok_or_else(|| AppError::BadRequest("the plan has no region".into()))?;
    let actual = lantu_store::NewActual {
        region,
        metric: key,
        year: body.year,
        value: body.value,
        unit,
        source: body.source.trim().to_string(),
        estimated: body.estimated,
    };
    let stored = actual.clone();
    state.db(Some(&user.name), move |s| s.record_actual(&stored)).await?;
    let out = Actual {
        region: actual.region,
        metric: actual.metric,
        year: actual.year,
        value: actual.value,
        unit: actual.unit,
        source: actual.source,
        estimated: actual.estimated,
    };
    tracing::info!(user = %user.name, value = %number(out.value), "actual entered through the API");
    Ok((StatusCode::CREATED, Json(out)).into_response())
}

#[utoipa::path(get, path = "/api/v1/findings", params(PageParams),
    responses((status = 200, body = FindingPage), (status = 400, body = ErrorBody), (status = 401, body = ErrorBody)))]
pub async fn list_findings(State(state): State<AppState>, caller: ApiCaller, ApiQuery(p): ApiQuery<PageParams>) -> ApiResult<FindingPage> {
    p.bounds(MAX_LIMIT)?;
    let is_staff = staff(&caller);
    let regions: std::collections::HashSet<Option<String>> = visible_plans(&state, is_staff).await?.into_iter().map(|p| p.region).collect();
    let all = state.db(None, |s| s.findings()).await?;
    let items = all
        .into_iter()
        .filter(|f| is_staff || regions.contains(&f.region))
        .map(|f| Finding { kind: f.kind, region: f.region, metric: f.metric, year: f.year, message: f.message, sources: f.sources })
        .collect();
    Ok(Json(FindingPage::of(items, &p)?))
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct SearchParams {
    /// The words to find (Chinese is segmented; words are ANDed; `"…"` is a phrase,
    /// a leading `-` excludes).
    pub q: String,
    /// Only plans of this region.
    pub region: Option<String>,
    /// Only plans of this kind (five_year_outline, special_plan, implementation_plan,
    /// annual_report, other).
    pub kind: Option<String>,
    /// Only plans whose period includes this year.
    pub year: Option<i32>,
}

/// `limit`/`offset` of search: at most 100 hits a page, and no deeper than 10 000.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct SearchPageParams {
    /// Hits to return, 1 to 100 (default 100).
    #[param(minimum = 1, maximum = 100)]
    pub limit: Option<u32>,
    /// Hits to skip, 0 to 10000 (default 0).
    #[param(minimum = 0, maximum = 10000)]
    pub offset: Option<u64>,
}

/// One page of search hits, with the number of all hits and facet counts over all of
/// them.
#[derive(Debug, Serialize, ToSchema)]
pub struct SearchPage {
    pub items: Vec<crate::SearchHit>,
    pub total: usize,
    pub limit: usize,
    pub offset: usize,
    pub facets: crate::SearchFacets,
}

/// Full-text search over the plans the caller may see (published plans for the
/// public). 503 while the search index is being built at start-up (`index_building`,
/// with `Retry-After`), or when the server runs without one or cannot use it
/// (`search_unavailable`).
#[utoipa::path(get, path = "/api/v1/search", params(SearchParams, SearchPageParams),
    responses((status = 200, body = SearchPage), (status = 400, body = ErrorBody), (status = 401, body = ErrorBody),
        (status = 503, body = ErrorBody,
            description = "`index_building`: the index is being built (索引建立中), ask again after `Retry-After` seconds; `search_unavailable`: no usable index",
            headers(("Retry-After" = String, description = "Seconds to wait, while the index is being built")))))]
pub async fn search(
    State(state): State<AppState>,
    caller: ApiCaller,
    ApiQuery(q): ApiQuery<SearchParams>,
    ApiQuery(p): ApiQuery<SearchPageParams>,
) -> Result<Response, ApiError> {
    let (limit, offset) = PageParams { limit: p.limit, offset: p.offset }.bounds(lantu_search::MAX_LIMIT)?;
    if offset > lantu_search::MAX_OFFSET {
        return Err(AppError::BadRequest(format!("0 ≤ offset ≤ {}", lantu_search::MAX_OFFSET)).into());
    }
    let Some(backend) = state.search_backend() else {
        let body = serde_json::json!({ "error": "search_unavailable", "message": "全文搜索尚未启用" });
        return Ok((StatusCode::SERVICE_UNAVAILABLE, Json(body)).into_response());
    };
    let plans: Vec<i64> = visible_plans(&state, staff(&caller)).await?.iter().map(|p| p.id).collect();
    let request = crate::SearchRequest { text: q.q.trim().to_string(), region: q.region, kind: q.kind, year: q.year, limit, offset };
    let found =
        tokio::task::spawn_blocking(move || backend.search(&request, &plans)).await.map_err(|e| AppError::Internal(e.to_string()))?;
    let found = match found {
        Ok(found) => found,
        Err(SearchFailure::Failed(e)) => return Err(AppError::Internal(e).into()),
        Err(failure) => {
            let code = match failure {
                SearchFailure::Building { .. } => "index_building",
                _ => "search_unavailable",
            };
            let body = serde_json::json!({ "error": code, "message": search_not_ready_zh(&failure) });
            let retry = [(axum::http::header::RETRY_AFTER, SEARCH_RETRY_AFTER)];
            return Ok((StatusCode::SERVICE_UNAVAILABLE, retry, Json(body)).into_response());
        }
    };
    Ok(Json(SearchPage { items: found.hits, total: found.total, limit, offset, facets: found.facets }).into_response())
}

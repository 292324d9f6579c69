//! The JSON API under `/api/v1`. The OpenAPI document is generated from these handlers'
//! `#[utoipa::path]` annotations and the `ToSchema` types below, so it cannot drift.
//! Reads are public for published plans (a bearer token sees every plan); writes need a
//! bearer token of a role that may (`lantu user token NAME`).

use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use lantu_store::PlanSummary;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, OpenApi, ToSchema};

use crate::auth::ApiCaller;
use crate::error::ApiError;
use crate::monitoring::{monitor_plan, number};
use crate::pages::{check_actual_writer, visible_plan, visible_plans};
use crate::{AppError, AppState};

type ApiResult<T> = Result<Json<T>, ApiError>;

#[derive(OpenApi)]
#[openapi(
    info(title = "lantu API", version = "1", description = "蓝图 规划实施监测：规划、指标（含监测状态）、目标、项目、实际值、一致性检查。"),
    paths(list_plans, get_plan, list_headings, list_indicators, list_targets, list_projects, list_actuals, post_actual, list_findings, search),
    components(schemas(Plan, Heading, IndicatorStatus, Target, Project, Actual, Finding, NewActualBody, ErrorBody, crate::SearchHit, crate::SearchFacets, crate::search::FacetValue,
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

/// `?page=1&per_page=50` on every list (per_page at most 200).
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct PageParams {
    /// 1-based page number.
    #[param(minimum = 1)]
    pub page: Option<u32>,
    /// Items per page, 1 to 200 (default 50).
    #[param(minimum = 1, maximum = 200)]
    pub per_page: Option<u32>,
}

impl PageParams {
    fn bounds(&self) -> Result<(usize, usize), ApiError> {
        let page = self.page.unwrap_or(1);
        let per_page = self.per_page.unwrap_or(50);
        if page == 0 || per_page == 0 || per_page > 200 {
            return Err(AppError::BadRequest("page ≥ 1, 1 ≤ per_page ≤ 200".into()).into());
        }
        Ok((page as usize, per_page as usize))
    }
}

macro_rules! page_type {
    ($name:ident, $item:ty) => {
        #[derive(Debug, Serialize, ToSchema)]
        pub struct $name {
            pub items: Vec<$item>,
            pub page: usize,
            pub per_page: usize,
            pub total: usize,
        }

        impl $name {
            fn of(all: Vec<$item>, params: &PageParams) -> Result<Self, ApiError> {
                let (page, per_page) = params.bounds()?;
                let total = all.len();
                let items = all.into_iter().skip((page - 1).saturating_mul(per_page)).take(per_page).collect();
                Ok($name { items, page, per_page, total })
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

#[derive(Debug, Serialize, ToSchema)]
pub struct ErrorBody {
    /// not_found, unauthorized, forbidden, bad_request, too_many_requests, internal
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
    pub group: Option<String>,
    pub name: String,
    pub description: Option<String>,
    pub investment_value: Option<f64>,
    pub investment_unit: Option<String>,
    pub line: usize,
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
    pub year: i32,
    pub value: f64,
    /// Where it was published, e.g. 2023年统计公报.
    #[schema(min_length = 1)]
    pub source: String,
    #[serde(default)]
    pub estimated: bool,
}

fn staff(caller: &ApiCaller) -> bool {
    caller.0.is_some()
}

#[utoipa::path(get, path = "/api/v1/plans", params(PageParams),
    responses((status = 200, body = PlanPage), (status = 400, body = ErrorBody), (status = 401, body = ErrorBody)))]
pub async fn list_plans(State(state): State<AppState>, caller: ApiCaller, Query(p): Query<PageParams>) -> ApiResult<PlanPage> {
    let plans = visible_plans(&state, staff(&caller)).await?;
    Ok(Json(PlanPage::of(plans.into_iter().map(Plan::from).collect(), &p)?))
}

#[utoipa::path(get, path = "/api/v1/plans/{id}", params(("id" = i64, Path)),
    responses((status = 200, body = Plan), (status = 404, body = ErrorBody), (status = 401, body = ErrorBody)))]
pub async fn get_plan(State(state): State<AppState>, caller: ApiCaller, Path(id): Path<i64>) -> ApiResult<Plan> {
    Ok(Json(visible_plan(&state, staff(&caller), id).await?.summary.into()))
}

#[utoipa::path(get, path = "/api/v1/plans/{id}/headings", params(("id" = i64, Path), PageParams),
    responses((status = 200, body = HeadingPage), (status = 400, body = ErrorBody), (status = 404, body = ErrorBody), (status = 401, body = ErrorBody)))]
pub async fn list_headings(State(state): State<AppState>, caller: ApiCaller, Path(id): Path<i64>, Query(p): Query<PageParams>) -> ApiResult<HeadingPage> {
    let d = visible_plan(&state, staff(&caller), id).await?;
    let items = d.outline.into_iter().map(|h| Heading { level: h.level, label: h.label, title: h.title, line: h.line }).collect();
    Ok(Json(HeadingPage::of(items, &p)?))
}

#[utoipa::path(get, path = "/api/v1/plans/{id}/indicators", params(("id" = i64, Path), PageParams),
    responses((status = 200, body = IndicatorPage), (status = 400, body = ErrorBody), (status = 404, body = ErrorBody), (status = 401, body = ErrorBody)))]
pub async fn list_indicators(State(state): State<AppState>, caller: ApiCaller, Path(id): Path<i64>, Query(p): Query<PageParams>) -> ApiResult<IndicatorPage> {
    let d = visible_plan(&state, staff(&caller), id).await?;
    let aliases = state.aliases().clone();
    let (year, rows) = state.db(None, move |s| monitor_plan(s, &d, None, &aliases)).await?;
    let items = rows
        .into_iter()
        .map(|m| {
            let a = m.assessment;
            IndicatorStatus {
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
                latest_value: a.latest.as_ref().map(|l| l.value),
                reason: a.reason,
                year,
            }
        })
        .collect();
    Ok(Json(IndicatorPage::of(items, &p)?))
}

#[utoipa::path(get, path = "/api/v1/plans/{id}/targets", params(("id" = i64, Path), PageParams),
    responses((status = 200, body = TargetPage), (status = 400, body = ErrorBody), (status = 404, body = ErrorBody), (status = 401, body = ErrorBody)))]
pub async fn list_targets(State(state): State<AppState>, caller: ApiCaller, Path(id): Path<i64>, Query(p): Query<PageParams>) -> ApiResult<TargetPage> {
    let d = visible_plan(&state, staff(&caller), id).await?;
    let items = d
        .targets
        .into_iter()
        .map(|t| Target { metric: t.metric, year: t.year, value: t.value, unit: t.unit, bound: t.bound.as_str().into(), text: t.text, line: t.line })
        .collect();
    Ok(Json(TargetPage::of(items, &p)?))
}

#[utoipa::path(get, path = "/api/v1/plans/{id}/projects", params(("id" = i64, Path), PageParams),
    responses((status = 200, body = ProjectPage), (status = 400, body = ErrorBody), (status = 404, body = ErrorBody), (status = 401, body = ErrorBody)))]
pub async fn list_projects(State(state): State<AppState>, caller: ApiCaller, Path(id): Path<i64>, Query(p): Query<PageParams>) -> ApiResult<ProjectPage> {
    let d = visible_plan(&state, staff(&caller), id).await?;
    let items = d
        .projects
        .into_iter()
        .map(|x| Project {
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

/// Filters of `/api/v1/actuals`.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ActualFilter {
    pub region: Option<String>,
    pub metric: Option<String>,
    /// 1-based page number.
    #[param(minimum = 1)]
    pub page: Option<u32>,
    #[param(minimum = 1, maximum = 200)]
    pub per_page: Option<u32>,
}

#[utoipa::path(get, path = "/api/v1/actuals", params(ActualFilter),
    responses((status = 200, body = ActualPage), (status = 400, body = ErrorBody), (status = 401, body = ErrorBody)))]
pub async fn list_actuals(State(state): State<AppState>, caller: ApiCaller, Query(f): Query<ActualFilter>) -> ApiResult<ActualPage> {
    let regions: std::collections::HashSet<Option<String>> =
        visible_plans(&state, staff(&caller)).await?.into_iter().map(|p| p.region).collect();
    let all = state.db(None, |s| s.actuals()).await?;
    let items = all
        .into_iter()
        .map(|a| a.actual)
        .filter(|a| regions.contains(&Some(a.region.clone())))
        .filter(|a| f.region.as_ref().is_none_or(|r| *r == a.region) && f.metric.as_ref().is_none_or(|m| *m == a.metric))
        .map(|a| Actual { region: a.region, metric: a.metric, year: a.year, value: a.value, unit: a.unit, source: a.source, estimated: a.estimated })
        .collect();
    Ok(Json(ActualPage::of(items, &PageParams { page: f.page, per_page: f.per_page })?))
}

#[utoipa::path(post, path = "/api/v1/plans/{id}/indicators/{n}/actuals", params(("id" = i64, Path), ("n" = usize, Path)),
    request_body = NewActualBody, security(("bearer" = [])),
    responses((status = 201, body = Actual), (status = 400, body = ErrorBody), (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn post_actual(
    State(state): State<AppState>,
    caller: ApiCaller,
    Path((id, n)): Path<(i64, usize)>,
    body: Result<Json<NewActualBody>, axum::extract::rejection::JsonRejection>,
) -> Result<Response, ApiError> {
    let user = caller.0.ok_or(AppError::Unauthorized)?;
    let Json(body) = body.map_err(|e| AppError::BadRequest(e.body_text()))?;
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
pub async fn list_findings(State(state): State<AppState>, caller: ApiCaller, Query(p): Query<PageParams>) -> ApiResult<FindingPage> {
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
    #[param(minimum = 1)]
    pub page: Option<u32>,
    /// Hits per page, 1 to 100 (default 50).
    #[param(minimum = 1, maximum = 100)]
    pub per_page: Option<u32>,
}

/// One page of search hits, with the number of all hits and facet counts over all of
/// them.
#[derive(Debug, Serialize, ToSchema)]
pub struct SearchPage {
    pub items: Vec<crate::SearchHit>,
    pub page: usize,
    pub per_page: usize,
    pub total: usize,
    pub facets: crate::SearchFacets,
}

/// Full-text search over the plans the caller may see (published plans for the
/// public); 503 when the server runs without a search index.
#[utoipa::path(get, path = "/api/v1/search", params(SearchParams),
    responses((status = 200, body = SearchPage), (status = 400, body = ErrorBody), (status = 401, body = ErrorBody), (status = 503, body = ErrorBody)))]
pub async fn search(State(state): State<AppState>, caller: ApiCaller, Query(q): Query<SearchParams>) -> Result<Response, ApiError> {
    let page = q.page.unwrap_or(1) as usize;
    let per_page = q.per_page.unwrap_or(50) as usize;
    if page == 0 || per_page == 0 || per_page > lantu_search::MAX_LIMIT {
        return Err(AppError::BadRequest(format!("page ≥ 1, 1 ≤ per_page ≤ {}", lantu_search::MAX_LIMIT)).into());
    }
    let offset = (page - 1).saturating_mul(per_page);
    if offset > lantu_search::MAX_OFFSET {
        return Err(AppError::BadRequest(format!("page × per_page ≤ {}", lantu_search::MAX_OFFSET)).into());
    }
    let Some(backend) = state.search_backend() else {
        let body = serde_json::json!({ "error": "search_unavailable", "message": "全文搜索尚未启用" });
        return Ok((StatusCode::SERVICE_UNAVAILABLE, Json(body)).into_response());
    };
    let plans: Vec<i64> = visible_plans(&state, staff(&caller)).await?.iter().map(|p| p.id).collect();
    let request = crate::SearchRequest { text: q.q.trim().to_string(), region: q.region, kind: q.kind, year: q.year, limit: per_page, offset };
    let found = tokio::task::spawn_blocking(move || backend.search(&request, &plans))
        .await
        .map_err(|e| AppError::Internal(e.to_string()))?
        .map_err(AppError::Internal)?;
    Ok(Json(SearchPage { items: found.hits, page, per_page, total: found.total, facets: found.facets }).into_response())
}

//! The web app of lantu: the public portal, the staff's pages and the JSON API, over the
//! store and the monitoring engine.
//!
//! Pages are rendered on the server in Chinese (maud: templates checked by the compiler,
//! escaped by default); the JSON API lives under `/api/v1` with its OpenAPI document at
//! `/api/v1/openapi.json`, generated from the handlers' annotations (utoipa). Every
//! route is declared once, in [`ROUTES`]: the router is built from that table and the
//! security tests walk it, so a new write route cannot escape them.
//!
//! ```no_run
//! # async fn run() -> std::io::Result<()> {
//! let store = lantu_store::Store::open("lantu.db").expect("store");
//! let state = lantu_web::AppState::new(store, lantu_monitor::Aliases::default());
//! let listener = tokio::net::TcpListener::bind("127.0.0.1:8080").await?;
//! lantu_web::serve(listener, state, async { let _ = tokio::signal::ctrl_c().await; }).await
//! # }
//! ```
//!
//! Architecture invariants: the store is synchronous and is only ever called inside
//! `spawn_blocking`; reads run on a few reader connections, writes on one writer
//! connection behind a mutex ([`db`]); handlers never hold a connection across an
//! `.await`. At most [`Limits::renders`] requests that miss the response cache are
//! handled at once, the others wait (bounded by the request timeout). Users
//! never see a stack trace or a store message they cannot act on: errors become Chinese
//! pages (or JSON for the API) in one place, [`AppError`].

pub mod api;
pub mod auth;
pub mod cache;
mod db;
pub mod demo;
mod error;
pub mod indexer;
mod memo;
pub mod monitoring;
mod pages;
pub mod projects;
pub mod report;
pub mod search;

use std::future::Future;
use std::sync::Arc;
use std::time::Duration;

use axum::extract::DefaultBodyLimit;
use axum::routing::{on, MethodFilter};
use axum::Router;
use lantu_monitor::Aliases;
use lantu_store::{Role, Store, StoreError};
use tower_http::catch_panic::CatchPanicLayer;
use tower_http::limit::RequestBodyLimitLayer;
use tower_http::timeout::TimeoutLayer;
use tower_http::trace::TraceLayer;

pub use error::AppError;
pub use search::{build_index, SearchBackend, SearchFacets, SearchFailure, SearchHit, SearchRequest, SearchResults};

/// Bodies larger than this are refused (413): forms and JSON actuals are small.
pub const BODY_LIMIT: usize = 256 * 1024;
/// A request taking longer than this is answered 408.
pub const REQUEST_TIMEOUT: Duration = Duration::from_secs(30);
/// Store connections for reads (`lantu serve --db-connections`); the writer has its own.
pub const DEFAULT_DB_CONNECTIONS: usize = 4;

/// How much the server does at once.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    /// Store connections for reads, beside the one for writes (0: reads use the writer).
    pub db_connections: usize,
    /// Requests handled at once past the response cache (pages, API, writes; not
    /// `/healthz`, static files or cache hits): each holds its page in memory while it
    /// is rendered, so this bounds the server's memory under load. The others wait.
    pub renders: usize,
}

impl Default for Limits {
    fn default() -> Limits {
        Limits::with_db_connections(DEFAULT_DB_CONNECTIONS)
    }
}

impl Limits {
    /// As many renders at once as there are reader connections (at least two): a render
    /// mostly waits for the store or runs on a core, so more would only queue there.
    pub fn with_db_connections(db_connections: usize) -> Limits {
        Limits { db_connections, renders: db_connections.max(2) }
    }
}

/// Who may use a route.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Access {
    /// Anyone, signed in or not (reads filter unpublished plans for the public).
    Public,
    /// Any signed-in member of staff.
    Staff,
    /// Signed-in staff with one of these roles (pages: session cookie + CSRF token).
    Roles(&'static [Role]),
    /// An API client with a bearer token of one of these roles.
    Token(&'static [Role]),
}

/// One route: the single declaration both the router and the tests read.
#[derive(Debug, Clone, Copy)]
pub struct RouteSpec {
    pub method: &'static str,
    pub path: &'static str,
    pub access: Access,
}

impl RouteSpec {
    pub fn is_write(&self) -> bool {
        self.method != "GET"
    }
}

const EDITORS: &[Role] = &[Role::Admin, Role::Editor];
const ADMINS: &[Role] = &[Role::Admin];
const ACTUAL_WRITERS: &[Role] = &[Role::Admin, Role::Editor, Role::Unit];

/// Declares every route once: `ROUTES` (for tests and docs) and `routes()` (the router).
macro_rules! route_table {
    ($( $method:ident $path:literal => $handler:path, $access:expr; )*) => {
        /// Every route of the app, with who may use it.
        pub const ROUTES: &[RouteSpec] = &[ $( RouteSpec { method: stringify!($method), path: $path, access: $access } ),* ];

        fn routes() -> Router<AppState> {
            let mut router = Router::new();
            $( router = router.route($path, on(MethodFilter::$method, $handler)); )*
            router
        }
    };
}

route_table! {
    GET "/" => pages::home, Access::Public;
    GET "/plans/{id}" => pages::plan, Access::Public;
    GET "/plans/{id}/report" => pages::report, Access::Public;
    GET "/plans/{id}/indicators/{n}" => pages::indicator, Access::Public;
    GET "/plans/{id}/projects/{n}" => projects::project, Access::Public;
    POST "/plans/{id}/projects/{n}/unit" => projects::assign_project_unit, Access::Roles(EDITORS);
    POST "/plans/{id}/projects/{n}/progress" => projects::add_progress, Access::Roles(ACTUAL_WRITERS);
    GET "/compare" => pages::compare, Access::Public;
    GET "/search" => pages::search, Access::Public;
    GET "/findings" => pages::findings, Access::Public;
    GET "/method" => pages::method, Access::Public;
    GET "/login" => pages::login_form, Access::Public;
    POST "/login" => pages::login, Access::Public;
    POST "/logout" => pages::logout, Access::Staff;
    POST "/plans/{id}/publish" => pages::publish, Access::Roles(ADMINS);
    POST "/plans/{id}/parent" => pages::link_parent, Access::Roles(EDITORS);
    POST "/plans/{id}/indicators/{n}/unit" => pages::assign_unit, Access::Roles(EDITORS);
    POST "/plans/{id}/indicators/{n}/overrides" => pages::add_override, Access::Roles(EDITORS);
    POST "/plans/{id}/indicators/{n}/actuals" => pages::add_actual, Access::Roles(ACTUAL_WRITERS);
    GET "/admin" => pages::admin, Access::Roles(ADMINS);
    POST "/admin/users" => pages::add_user, Access::Roles(ADMINS);
    GET "/static/style.css" => pages::style_css, Access::Public;
    GET "/static/app.js" => pages::app_js, Access::Public;
    GET "/api/v1/openapi.json" => api::openapi_json, Access::Public;
    GET "/api/v1/plans" => api::list_plans, Access::Public;
    GET "/api/v1/plans/{id}" => api::get_plan, Access::Public;
    GET "/api/v1/plans/{id}/headings" => api::list_headings, Access::Public;
    GET "/api/v1/plans/{id}/indicators" => api::list_indicators, Access::Public;
    GET "/api/v1/plans/{id}/targets" => api::list_targets, Access::Public;
    GET "/api/v1/plans/{id}/projects" => api::list_projects, Access::Public;
    GET "/api/v1/indicators" => api::list_all_indicators, Access::Public;
    GET "/api/v1/plans/{id}/projects/{n}/progress" => api::list_progress, Access::Public;
    POST "/api/v1/plans/{id}/projects/{n}/progress" => api::post_progress, Access::Token(ACTUAL_WRITERS);
    GET "/api/v1/actuals" => api::list_actuals, Access::Public;
    POST "/api/v1/plans/{id}/indicators/{n}/actuals" => api::post_actual, Access::Token(ACTUAL_WRITERS);
    GET "/api/v1/findings" => api::list_findings, Access::Public;
    GET "/api/v1/search" => api::search, Access::Public;
    GET "/healthz" => healthz, Access::Public;
}

/// Liveness for load balancers and monitors, and the trivial route the load benchmark
/// compares every page with (`bench/serve-load.sh`): it touches neither the store nor
/// the index, so it stays up when the store cannot be written.
async fn healthz() -> &'static str {
    "ok"
}

/// What every handler shares.
#[derive(Clone)]
pub struct AppState {
    inner: Arc<Inner>,
}

struct Inner {
    db: db::StorePool,
    renders: tokio::sync::Semaphore,
    aliases: Aliases,
    sessions: auth::Sessions,
    login_limiter: auth::LoginLimiter,
    search: Option<Arc<dyn SearchBackend>>,
    cache: cache::ResponseCache,
    memo: memo::MonitoringMemo,
}

impl AppState {
    pub fn new(store: Store, aliases: Aliases) -> AppState {
        AppState::with_search(store, aliases, None)
    }

    /// With a full-text search backend (lantu-search); without one the search page
    /// says search is not enabled.
    pub fn with_search(store: Store, aliases: Aliases, search: Option<Arc<dyn SearchBackend>>) -> AppState {
        AppState::with_cache(store, aliases, search, cache::CacheConfig::default())
    }

    /// With a response cache for the public portal other than the default
    /// ([`cache::CacheConfig::disabled`] turns it off).
    pub fn with_cache(store: Store, aliases: Aliases, search: Option<Arc<dyn SearchBackend>>, cache: cache::CacheConfig) -> AppState {
        AppState::with_limits(store, aliases, search, cache, Limits::default())
    }

    /// With store connections and a bound on concurrent renders other than the default.
    pub fn with_limits(
        store: Store,
        aliases: Aliases,
        search: Option<Arc<dyn SearchBackend>>,
        cache: cache::CacheConfig,
        limits: Limits,
    ) -> AppState {
        AppState {
            inner: Arc::new(Inner {
                db: db::StorePool::new(store, limits.db_connections),
                renders: tokio::sync::Semaphore::new(limits.renders.max(1)),
                aliases,
                sessions: auth::Sessions::default(),
                login_limiter: auth::LoginLimiter::default(),
                search,
                cache: cache::ResponseCache::new(cache),
                memo: memo::MonitoringMemo::default(),
            }),
        }
    }

    pub fn aliases(&self) -> &Aliases {
        &self.inner.aliases
    }

    pub(crate) fn sessions(&self) -> &auth::Sessions {
        &self.inner.sessions
    }

    pub(crate) fn login_limiter(&self) -> &auth::LoginLimiter {
        &self.inner.login_limiter
    }

    /// The response cache of anonymous GET requests.
    pub fn cache(&self) -> &cache::ResponseCache {
        &self.inner.cache
    }

    pub(crate) fn memo(&self) -> &memo::MonitoringMemo {
        &self.inner.memo
    }

    pub(crate) fn search_backend(&self) -> Option<Arc<dyn SearchBackend>> {
        self.inner.search.clone()
    }

    /// The store connections for reads (0 when the store cannot be shared).
    pub fn db_readers(&self) -> usize {
        self.inner.db.readers()
    }

    /// Runs `work` on the store on the blocking pool. With an `actor` (set for the audit
    /// log) it is a write and runs on the writer connection; without, on a free reader,
    /// waited for without holding a thread. Every write passes its actor.
    pub async fn db<T, F>(&self, actor: Option<&str>, work: F) -> Result<T, AppError>
    where
        T: Send + 'static,
        F: FnOnce(&mut Store) -> Result<T, StoreError> + Send + 'static,
    {
        let inner = self.inner.clone();
        let actor = actor.map(str::to_string);
        let permit = match actor {
            None => inner.db.reader_permit().await,
            Some(_) => None,
        };
        let joined = tokio::task::spawn_blocking(move || match permit {
            Some(permit) => inner.db.read(permit, work),
            None => inner.db.write(actor.as_deref(), work),
        })
        .await;
        match joined {
            Ok(result) => result.map_err(AppError::from),
            Err(e) => Err(AppError::Internal(format!("store task failed: {e}"))),
        }
    }
}

/// The whole app: pages, API, static assets, with logging, a timeout, a body limit,
/// panics turned into a Chinese 500 page, and the response cache of the public portal
/// (which also invalidates it after every write: see [`cache`]).
pub fn app(state: AppState) -> Router {
    routes()
        .fallback(pages::not_found)
        // Inside the cache: a cache hit never waits for a render.
        .layer(axum::middleware::from_fn_with_state(state.clone(), render_limit))
        .layer(axum::middleware::from_fn_with_state(state.clone(), cache::layer))
        .with_state(state)
        .layer(DefaultBodyLimit::max(BODY_LIMIT))
        .layer(RequestBodyLimitLayer::new(BODY_LIMIT))
        .layer(TimeoutLayer::with_status_code(axum::http::StatusCode::REQUEST_TIMEOUT, REQUEST_TIMEOUT))
        .layer(CatchPanicLayer::custom(error::panic_response))
        .layer(TraceLayer::new_for_http())
}

/// At most [`Limits::renders`] requests past the response cache at once; the others wait
/// their turn (the request timeout bounds the wait). `/healthz` and the static files do
/// no work and never wait.
async fn render_limit(
    axum::extract::State(state): axum::extract::State<AppState>,
    req: axum::extract::Request,
    next: axum::middleware::Next,
) -> axum::response::Response {
    let path = req.uri().path();
    if path == "/healthz" || path.starts_with("/static/") {
        return next.run(req).await;
    }
    // The semaphore is never closed; were it, the request would go ahead unlimited.
    let _permit = state.inner.renders.acquire().await.ok();
    next.run(req).await
}

/// Serves `app(state)` on `listener` until `shutdown` completes, then finishes the
/// requests under way (graceful shutdown). `main` and the tests both call this.
pub async fn serve(
    listener: tokio::net::TcpListener,
    state: AppState,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    axum::serve(listener, app(state)).with_graceful_shutdown(shutdown).await
}

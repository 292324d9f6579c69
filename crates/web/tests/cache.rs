//! The response cache of the public portal, through the router on a real SQLite store:
//! anonymous GETs are served from it, staff requests never are, every write through the
//! server invalidates it, and an unpublished plan never reaches the public through it.

use axum::http::{Method, StatusCode};
use lantu_store::{Role, Store};
use lantu_web::cache::CacheConfig;
use lantu_web::{auth, demo, AppState};

mod common;

use common::{api_token, get, login, post_form, send, PASSWORD};

struct Fixture {
    state: AppState,
    _dir: tempfile::TempDir,
}

/// The sample plan (published), users `admin` and `unit` (统计局, indicator 0).
fn fixture(cache: CacheConfig) -> Fixture {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut store = Store::open(&dir.path().join("t.db").to_string_lossy()).expect("store");
    demo::load(&mut store, None).expect("demo content");
    let hash = auth::hash_password(PASSWORD).expect("hash");
    store.add_user("admin", Role::Admin, None, &hash).expect("user");
    store.add_user("unit", Role::Unit, Some(demo::DEMO_UNITS[0]), &hash).expect("user");
    Fixture { state: AppState::with_cache(store, lantu_monitor::Aliases::default(), None, cache), _dir: dir }
}

#[tokio::test]
async fn an_anonymous_get_is_served_from_the_cache_a_staff_get_never_is() {
    let f = fixture(CacheConfig::default());
    let state = &f.state;
    for uri in ["/", "/plans/1", "/plans/1/indicators/0", "/api/v1/plans/1/indicators", "/api/v1/plans?limit=1"] {
        let first = get(state, uri, None).await;
        assert_eq!((first.status, first.cache.as_deref()), (StatusCode::OK, Some("miss")), "{uri}");
        let second = get(state, uri, None).await;
        assert_eq!((second.status, second.cache.as_deref()), (StatusCode::OK, Some("hit")), "{uri}");
        assert_eq!(first.body, second.body, "{uri}: the same body");
    }
    // Another query is another entry.
    assert_eq!(get(state, "/api/v1/plans?limit=2", None).await.cache.as_deref(), Some("miss"));

    let (cookie, _) = login(state, "admin").await;
    for _ in 0..2 {
        let page = get(state, "/plans/1", Some(&cookie)).await;
        assert_eq!((page.status, page.cache.as_deref()), (StatusCode::OK, None), "staff bypass the cache");
        assert!(page.body.contains("name=\"csrf\""), "the staff page is the staff's, with its CSRF token");
    }
    let bearer = "Bearer not-a-token";
    let api = send(state, Method::GET, "/api/v1/plans/1/indicators", &[("authorization", bearer)], None).await;
    assert_eq!(api.cache, None, "a request with Authorization bypasses the cache");
    assert!(!get(state, "/plans/1", None).await.body.contains("name=\"csrf\""), "the public page has no staff form");
    // Free routes and cookie-setting routes are left alone.
    for uri in ["/healthz", "/login", "/static/style.css"] {
        get(state, uri, None).await;
        assert_eq!(get(state, uri, None).await.cache, None, "{uri}");
    }
    // Errors are not stored.
    get(state, "/plans/999", None).await;
    assert_eq!(get(state, "/plans/999", None).await.cache, None);
}

#[tokio::test]
async fn a_write_through_the_server_is_seen_at_once_and_unpublished_plans_never_leak() {
    let f = fixture(CacheConfig::default());
    let state = &f.state;
    assert_eq!(get(state, "/plans/1", None).await.status, StatusCode::OK);
    assert_eq!(get(state, "/plans/1", None).await.cache.as_deref(), Some("hit"));
    let listed = get(state, "/api/v1/plans", None).await;
    assert!(listed.body.contains("\"total\":1"), "{}", listed.body);

    let (cookie, csrf) = login(state, "admin").await;
    let res = post_form(state, "/plans/1/publish", Some(&cookie), &format!("csrf={csrf}&published=0")).await;
    assert_eq!(res.status, StatusCode::SEE_OTHER);
    assert_eq!(get(state, "/plans/1", None).await.status, StatusCode::NOT_FOUND, "unpublished: gone for the public at once");
    let listed = get(state, "/api/v1/plans", None).await;
    assert_eq!(listed.cache.as_deref(), Some("miss"));
    assert!(listed.body.contains("\"total\":0"), "{}", listed.body);

    // Staff render the unpublished plan; the public still gets a 404, not the staff's page.
    assert_eq!(get(state, "/plans/1", Some(&cookie)).await.status, StatusCode::OK);
    assert_eq!(get(state, "/plans/1/indicators/0", Some(&cookie)).await.status, StatusCode::OK);
    assert_eq!(get(state, "/plans/1", None).await.status, StatusCode::NOT_FOUND);
    assert_eq!(get(state, "/plans/1/indicators/0", None).await.status, StatusCode::NOT_FOUND);

    // A refused write changes nothing and keeps the cache.
    let res = post_form(state, "/plans/1/publish", Some(&cookie), "csrf=wrong&published=1").await;
    assert!(res.status.is_client_error(), "{}", res.status);
    assert_eq!(get(state, "/api/v1/plans", None).await.cache.as_deref(), Some("hit"));

    let res = post_form(state, "/plans/1/publish", Some(&cookie), &format!("csrf={csrf}&published=1")).await;
    assert_eq!(res.status, StatusCode::SEE_OTHER);
    assert_eq!(get(state, "/plans/1", None).await.status, StatusCode::OK, "published again");
}

#[tokio::test]
async fn an_actual_posted_through_the_api_is_on_the_next_public_page() {
    let f = fixture(CacheConfig::default());
    let state = &f.state;
    let page = get(state, "/plans/1/indicators/0", None).await;
    assert!(!page.body.contains("2023年统计公报"));
    assert_eq!(get(state, "/plans/1/indicators/0", None).await.cache.as_deref(), Some("hit"));

    let token = api_token(state, "unit").await;
    let bearer = format!("Bearer {token}");
    let body = Some(("application/json", r#"{"year":2023,"value":1400,"source":"2023年统计公报"}"#.to_string()));
    let res = send(state, Method::POST, "/api/v1/plans/1/indicators/0/actuals", &[("authorization", &bearer)], body).await;
    assert_eq!(res.status, StatusCode::CREATED, "{}", res.body);

    let page = get(state, "/plans/1/indicators/0", None).await;
    assert_eq!(page.cache.as_deref(), Some("miss"));
    assert!(page.body.contains("2023年统计公报") && page.body.contains("1400"), "the new actual is shown");
}

#[tokio::test]
async fn a_disabled_cache_serves_every_request_afresh() {
    let f = fixture(CacheConfig::disabled());
    let state = &f.state;
    for _ in 0..2 {
        let page = get(state, "/plans/1", None).await;
        assert_eq!((page.status, page.cache), (StatusCode::OK, None));
    }
    assert_eq!(state.cache().bytes(), 0);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn concurrent_misses_of_one_page_render_it_once() {
    let f = fixture(CacheConfig::default());
    let requests: Vec<_> = (0..16)
        .map(|_| {
            let state = f.state.clone();
            tokio::spawn(async move { get(&state, "/", None).await })
        })
        .collect();
    let mut misses = 0;
    let mut bodies = std::collections::HashSet::new();
    for r in requests {
        let r = r.await.expect("request task");
        assert_eq!(r.status, StatusCode::OK);
        misses += usize::from(r.cache.as_deref() == Some("miss"));
        bodies.insert(r.body);
    }
    // Those that arrived while the first rendered waited for it; the later ones hit.
    assert_eq!(misses, 1, "one render for sixteen requests");
    assert_eq!(bodies.len(), 1);
    assert_eq!(f.state.cache().flights(), 0, "no key left behind");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn reads_run_on_reader_connections_beside_the_writer() {
    let f = fixture(CacheConfig::disabled());
    assert_eq!(f.state.db_readers(), lantu_web::DEFAULT_DB_CONNECTIONS);
    // A write holds the writer connection (and SQLite's write lock) while a read goes on.
    let (started_tx, started_rx) = std::sync::mpsc::channel();
    let (release_tx, release_rx) = std::sync::mpsc::channel::<()>();
    let state = f.state.clone();
    let write = tokio::spawn(async move {
        state
            .db(Some("test"), move |s| {
                s.set_published(1, true)?;
                started_tx.send(()).ok();
                release_rx.recv().ok();
                Ok(())
            })
            .await
    });
    tokio::task::spawn_blocking(move || started_rx.recv()).await.expect("join").expect("the write started");
    // Were reads queued behind the writer, this would wait for ever: the bound only
    // turns such a deadlock into a failure.
    let page = tokio::time::timeout(std::time::Duration::from_secs(60), get(&f.state, "/plans/1", None))
        .await
        .expect("the read waited for the write");
    assert_eq!(page.status, StatusCode::OK, "a read while the writer is busy");
    release_tx.send(()).expect("release the write");
    write.await.expect("join").expect("the write");
}

#[tokio::test]
async fn the_every_plan_monitoring_is_shared_until_a_write() {
    let f = fixture(CacheConfig::default());
    let state = &f.state;
    let token = api_token(state, "unit").await;
    let bearer = format!("Bearer {token}");
    let list = "/api/v1/indicators?plan=1&limit=1";
    // Staff requests are never answered from the response cache; the monitoring behind
    // them is shared, and a write through the server is seen at once all the same.
    let before = send(state, Method::GET, list, &[("authorization", &bearer)], None).await;
    assert_eq!((before.status, before.cache.as_deref()), (StatusCode::OK, None));
    assert!(!before.body.contains("\"latest_value\":1400"), "{}", before.body);
    let again = send(state, Method::GET, list, &[("authorization", &bearer)], None).await;
    assert_eq!(again.body, before.body);
    let body = Some(("application/json", r#"{"year":2023,"value":1400,"source":"2023年统计公报"}"#.to_string()));
    let res = send(state, Method::POST, "/api/v1/plans/1/indicators/0/actuals", &[("authorization", &bearer)], body).await;
    assert_eq!(res.status, StatusCode::CREATED, "{}", res.body);
    let after = send(state, Method::GET, list, &[("authorization", &bearer)], None).await;
    assert!(after.body.contains("\"latest_value\":1400"), "the new actual is in the list: {}", after.body);
    // The public home page, rendered from the same shared monitoring, agrees.
    assert_eq!(get(state, "/", None).await.status, StatusCode::OK);
}

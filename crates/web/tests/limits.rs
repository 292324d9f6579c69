//! Limits and faults through the router (`app(state).oneshot`), on SQLite in a temp dir:
//! the body limit on every route of `ROUTES`, and a store that cannot be written (opened
//! read-only, as a read-only file or a full disk leaves it) answering writes with a 503
//! that says so while reads go on.

use axum::body::Body;
use axum::http::{header, Method, Request, StatusCode};
use http_body_util::BodyExt;
use lantu_store::{Role, Store};
use lantu_web::{app, auth, demo, AppState, BODY_LIMIT, ROUTES};
use tower::ServiceExt;

const TOKEN: &str = "limits-test-token-0123456789abcdef";

/// A store with the built-in sample plan, published, and an editor with an API token.
fn store_file(dir: &std::path::Path) -> String {
    let path = dir.join("t.db").to_string_lossy().into_owned();
    let mut store = Store::open(&path).expect("store");
    demo::load(&mut store, None).expect("demo content");
    for plan in store.list_plans().expect("plans") {
        store.set_published(plan.id, true).expect("publish");
    }
    let id = store.add_user("editor", Role::Editor, None, &auth::hash_password("correct horse 9").expect("hash")).expect("user");
    store.add_api_token(id, &auth::token_sha256(TOKEN), "test").expect("token");
    path
}

async fn send(state: &AppState, method: Method, uri: &str, headers: &[(&str, String)], body: Body) -> (StatusCode, String) {
    let mut req = Request::builder().method(method).uri(uri);
    for (k, v) in headers {
        req = req.header(*k, v);
    }
    let res = app(state.clone()).oneshot(req.body(body).expect("request")).await.expect("response");
    let status = res.status();
    let bytes = res.into_body().collect().await.expect("body").to_bytes();
    (status, String::from_utf8_lossy(&bytes).into_owned())
}

fn concrete(path: &str) -> String {
    path.replace("{id}", "1").replace("{n}", "0")
}

#[tokio::test]
async fn every_route_refuses_a_body_over_the_limit() {
    let dir = tempfile::tempdir().expect("temp dir");
    let state = AppState::new(Store::open(&store_file(dir.path())).expect("store"), lantu_monitor::Aliases::default());
    let big = vec![b'x'; BODY_LIMIT + 1];
    for route in ROUTES {
        let method = Method::from_bytes(route.method.as_bytes()).expect("method");
        let headers = [(header::CONTENT_LENGTH.as_str(), big.len().to_string()), ("content-type", "application/json".to_string())];
        let (status, _) = send(&state, method, &concrete(route.path), &headers, Body::from(big.clone())).await;
        assert_eq!(status, StatusCode::PAYLOAD_TOO_LARGE, "{} {}", route.method, route.path);
    }
}

#[tokio::test]
async fn a_body_without_a_length_is_cut_at_the_limit() {
    let dir = tempfile::tempdir().expect("temp dir");
    let state = AppState::new(Store::open(&store_file(dir.path())).expect("store"), lantu_monitor::Aliases::default());
    // No Content-Length header: the limit applies while the form is read.
    let headers = [("content-type", "application/x-www-form-urlencoded".to_string())];
    let (status, _) = send(&state, Method::POST, "/login", &headers, Body::from(vec![b'a'; BODY_LIMIT + 1])).await;
    assert_eq!(status, StatusCode::PAYLOAD_TOO_LARGE);
}

#[tokio::test]
async fn a_store_that_cannot_be_written_answers_503_and_keeps_serving_reads() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = store_file(dir.path());
    // What a read-only file (chmod 0444, a read-only mount) gives, also when the tests run
    // as root, where permissions do not bite.
    let read_only = Store::open(&format!("file:{path}?mode=ro")).expect("a read-only store opens for reading");
    let state = AppState::new(read_only, lantu_monitor::Aliases::default());

    let (status, body) = send(&state, Method::GET, "/plans/1", &[], Body::empty()).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let (status, _) = send(&state, Method::GET, "/api/v1/plans/1/indicators", &[], Body::empty()).await;
    assert_eq!(status, StatusCode::OK);

    let headers = [("authorization", format!("Bearer {TOKEN}")), ("content-type", "application/json".to_string())];
    let write = r#"{"year": 2023, "value": 1.5, "source": "2023年统计公报"}"#;
    let (status, body) = send(&state, Method::POST, "/api/v1/plans/1/indicators/0/actuals", &headers, Body::from(write)).await;
    assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE, "{body}");
    let json: serde_json::Value = serde_json::from_str(&body).expect("JSON error");
    assert_eq!(json["error"], "storage_unavailable");
    assert!(json["message"].as_str().is_some_and(|m| m.contains("未保存")), "{body}");

    // Reads still work after the refused write.
    let (status, _) = send(&state, Method::GET, "/healthz", &[], Body::empty()).await;
    assert_eq!(status, StatusCode::OK);
    let (status, _) = send(&state, Method::GET, "/plans/1", &[], Body::empty()).await;
    assert_eq!(status, StatusCode::OK);

    // Nothing was written.
    let actuals = Store::open(&path).expect("store").actuals().expect("actuals");
    assert!(actuals.iter().all(|a| a.actual.source != "2023年统计公报"), "{actuals:?}");
}

//! Requests through the router without a socket (`app(state).oneshot`), and the sign-in
//! and API-token steps, shared by the web tests. Each test file uses what it needs.
#![allow(dead_code)]

use std::sync::atomic::{AtomicUsize, Ordering};

use axum::body::Body;
use axum::http::{header, Method, Request, StatusCode};
use http_body_util::BodyExt;
use lantu_web::cache::CACHE_HEADER;
use lantu_web::{app, auth, AppState};
use tower::ServiceExt;

/// The password of every test user.
pub const PASSWORD: &str = "correct horse 9";

pub struct Reply {
    pub status: StatusCode,
    /// The response cache's verdict (`hit`, `miss`, …), when it gave one.
    pub cache: Option<String>,
    pub cookies: Vec<String>,
    pub location: Option<String>,
    pub body: String,
}

pub async fn send(state: &AppState, method: Method, uri: &str, headers: &[(&str, &str)], body: Option<(&str, String)>) -> Reply {
    let mut req = Request::builder().method(method).uri(uri);
    for (k, v) in headers {
        req = req.header(*k, *v);
    }
    let req = match body {
        Some((content_type, body)) => req.header(header::CONTENT_TYPE, content_type).body(Body::from(body)),
        None => req.body(Body::empty()),
    }
    .expect("request");
    let res = app(state.clone()).oneshot(req).await.expect("response");
    let status = res.status();
    let cache = res.headers().get(CACHE_HEADER).and_then(|v| v.to_str().ok()).map(str::to_string);
    let location = res.headers().get(header::LOCATION).and_then(|v| v.to_str().ok()).map(str::to_string);
    let cookies = res.headers().get_all(header::SET_COOKIE).iter().filter_map(|v| v.to_str().ok()).map(str::to_string).collect();
    let bytes = res.into_body().collect().await.expect("body").to_bytes();
    Reply { status, cache, cookies, location, body: String::from_utf8_lossy(&bytes).into_owned() }
}

pub async fn get(state: &AppState, uri: &str, cookie: Option<&str>) -> Reply {
    let headers: Vec<(&str, &str)> = cookie.map(|c| vec![("cookie", c)]).unwrap_or_default();
    send(state, Method::GET, uri, &headers, None).await
}

pub async fn post_form(state: &AppState, uri: &str, cookie: Option<&str>, form: &str) -> Reply {
    let headers: Vec<(&str, &str)> = cookie.map(|c| vec![("cookie", c)]).unwrap_or_default();
    send(state, Method::POST, uri, &headers, Some(("application/x-www-form-urlencoded", form.to_string()))).await
}

pub fn csrf_in(html: &str) -> String {
    let at = html.find("name=\"csrf\" value=\"").expect("a csrf field") + "name=\"csrf\" value=\"".len();
    html[at..].split('"').next().unwrap_or_default().to_string()
}

pub fn cookie_pair(set_cookie: &[String], name: &str) -> String {
    set_cookie.iter().find(|c| c.starts_with(&format!("{name}="))).and_then(|c| c.split(';').next()).expect("cookie").to_string()
}

/// A signed-in session: (cookie header, CSRF token of the session).
pub async fn login(state: &AppState, name: &str) -> (String, String) {
    let form = get(state, "/login", None).await;
    let login_cookie = cookie_pair(&form.cookies, auth::LOGIN_CSRF_COOKIE);
    let token = csrf_in(&form.body);
    let res =
        post_form(state, "/login", Some(&login_cookie), &format!("csrf={token}&name={name}&password={}", PASSWORD.replace(' ', "+"))).await;
    assert_eq!(res.status, StatusCode::SEE_OTHER, "login of {name}: {}", res.body);
    let session = cookie_pair(&res.cookies, auth::SESSION_COOKIE);
    let home = get(state, "/", Some(&session)).await;
    (session, csrf_in(&home.body))
}

static TOKENS: AtomicUsize = AtomicUsize::new(0);

/// A fresh API token of user `name`, stored as the CLI stores one (`lantu user token`).
pub async fn api_token(state: &AppState, name: &'static str) -> String {
    let token = format!("test-token-{}-{name}", TOKENS.fetch_add(1, Ordering::Relaxed));
    let sha = auth::token_sha256(&token);
    state
        // A write: on the writer connection, with an actor for the audit log.
        .db(Some("test"), move |s| {
            let user = s.user_by_name(name)?.expect("user");
            s.add_api_token(user.id, &sha, "test")
        })
        .await
        .expect("token");
    token
}

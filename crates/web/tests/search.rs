//! Full-text search through the web app: the index built from the store, hits linked
//! to their line, facets, the public limited to published plans, escaping.

use std::sync::Arc;

use axum::body::Body;
use axum::http::{Request, StatusCode};
use http_body_util::BodyExt;
use lantu_store::{Role, Store};
use lantu_web::{app, auth, build_index, demo, AppState, SearchBackend};
use tower::ServiceExt;

const PASSWORD: &str = "correct horse 9";

struct Fixture {
    state: AppState,
    _dir: tempfile::TempDir,
}

/// The demo content of `corpus` (every plan published, then `unpublish` taken back), an
/// admin, and the search index built as `lantu serve` builds it.
fn fixture(corpus: Option<&std::path::Path>, unpublish: impl Fn(&lantu_store::PlanSummary) -> bool) -> Fixture {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut store = Store::open(&dir.path().join("t.db").to_string_lossy()).expect("store");
    demo::load(&mut store, corpus).expect("demo content");
    for plan in store.list_plans().expect("plans") {
        if unpublish(&plan) {
            store.set_published(plan.id, false).expect("unpublish");
        }
    }
    let hash = auth::hash_password(PASSWORD).expect("hash");
    store.add_user("admin", Role::Admin, None, &hash).expect("user");
    let (index, stats) = build_index(&mut store).expect("index");
    assert!(stats.items > 0, "{stats:?}");
    let search: Arc<dyn SearchBackend> = Arc::new(index);
    Fixture { state: AppState::with_search(store, lantu_monitor::Aliases::default(), Some(search)), _dir: dir }
}

fn corpus() -> Option<std::path::PathBuf> {
    let dir = std::env::var("LANTU_CORPUS")
        .map(std::path::PathBuf::from)
        .unwrap_or_else(|_| std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/seeds"));
    if dir.is_dir() {
        Some(dir)
    } else if std::env::var("LANTU_REQUIRE_CORPUS").is_ok_and(|v| v == "1") {
        panic!("no corpus at {} and LANTU_REQUIRE_CORPUS=1", dir.display());
    } else {
        eprintln!("SKIPPED: no corpus at {} (set LANTU_CORPUS)", dir.display());
        None
    }
}

async fn get(state: &AppState, uri: &str, cookie: Option<&str>) -> (StatusCode, String) {
    let mut req = Request::builder().uri(uri);
    if let Some(c) = cookie {
        req = req.header("cookie", c);
    }
    let res = app(state.clone()).oneshot(req.body(Body::empty()).expect("request")).await.expect("response");
    let status = res.status();
    let bytes = res.into_body().collect().await.expect("body").to_bytes();
    (status, String::from_utf8_lossy(&bytes).into_owned())
}

/// A session cookie of `admin`.
async fn admin_cookie(state: &AppState) -> String {
    let mut req = Request::builder().uri("/login");
    req = req.header("accept", "text/html");
    let res = app(state.clone()).oneshot(req.body(Body::empty()).expect("request")).await.expect("response");
    let login_cookie = cookie(&res, auth::LOGIN_CSRF_COOKIE);
    let html = String::from_utf8_lossy(&res.into_body().collect().await.expect("body").to_bytes()).into_owned();
    let at = html.find("name=\"csrf\" value=\"").expect("csrf") + "name=\"csrf\" value=\"".len();
    let token = html[at..].split('"').next().unwrap_or_default();
    let form = format!("csrf={token}&name=admin&password={}", PASSWORD.replace(' ', "+"));
    let req = Request::post("/login")
        .header("cookie", login_cookie)
        .header("content-type", "application/x-www-form-urlencoded")
        .body(Body::from(form))
        .expect("request");
    let res = app(state.clone()).oneshot(req).await.expect("response");
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    cookie(&res, auth::SESSION_COOKIE)
}

fn cookie(res: &axum::response::Response, name: &str) -> String {
    res.headers()
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|c| c.starts_with(&format!("{name}=")))
        .and_then(|c| c.split(';').next())
        .expect("cookie")
        .to_string()
}

async fn api_search(state: &AppState, query: &str, cookie: Option<&str>) -> serde_json::Value {
    let (status, body) = get(state, &format!("/api/v1/search?{query}"), cookie).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    serde_json::from_str(&body).expect("json")
}

#[tokio::test]
async fn searching_bingxue_over_the_seeds_links_to_the_line_in_jilins_plan() {
    let Some(corpus) = corpus() else { return };
    let f = fixture(Some(&corpus), |_| false);
    let state = &f.state;
    let plans = state.db(None, |s| s.list_plans()).await.expect("plans");
    let jilin = plans.iter().find(|p| p.region.as_deref() == Some("吉林市")).expect("吉林市's plan");
    let text = state
        .db(None, {
            let id = jilin.id;
            move |s| s.source_text(id)
        })
        .await
        .expect("text")
        .expect("stored text");
    let lines: Vec<&str> = text.lines().collect();

    // The API: hits with plan and line, and facets.
    let v = api_search(state, "q=%E5%86%B0%E9%9B%AA&region=%E5%90%89%E6%9E%97%E5%B8%82&limit=100", None).await;
    let hits = v["items"].as_array().expect("items");
    assert!(!hits.is_empty(), "{v}");
    let line_of = |hit: &serde_json::Value| hit["line"].as_u64().unwrap_or(0) as usize;
    let line_text = |n: usize| lines.get(n.wrapping_sub(1)).copied().unwrap_or_default();
    for hit in hits {
        assert_eq!(hit["plan_id"], jilin.id, "{hit}");
        // The hit's line is where the match starts: a 冰雪 broken by the document's
        // line wrapping starts with 冰 on that line.
        assert!(line_text(line_of(hit)).contains('冰'), "line {} of 吉林市's plan holds no 冰: {hit}", line_of(hit));
        assert!(hit["snippet_html"].as_str().is_some_and(|s| s.contains("<mark>冰雪</mark>")), "{hit}");
    }
    let whole = hits.iter().find(|h| line_text(line_of(h)).contains("冰雪")).expect("a hit whose line holds 冰雪");
    let all = api_search(state, "q=%E5%86%B0%E9%9B%AA", None).await;
    let regions = all["facets"]["region"].as_array().expect("region facet");
    assert!(regions.iter().any(|r| r["value"] == "吉林市" && r["count"].as_u64() >= Some(hits.len() as u64)), "{regions:?}");
    assert!(all["facets"]["kind"].as_array().is_some_and(|k| !k.is_empty()), "{all}");
    assert!(all["facets"]["year"].as_array().is_some_and(|y| !y.is_empty()), "{all}");

    // The page: the first hit of 吉林市 links to its line, the facets are links.
    let (status, page) = get(state, "/search?q=冰雪&region=吉林市", None).await;
    assert_eq!(status, StatusCode::OK);
    let first_line = line_of(whole);
    let link = format!("href=\"/plans/{}#L{first_line}\"", jilin.id);
    assert!(page.contains(&link), "no {link} in the page");
    assert!(page.contains("<mark>冰雪</mark>"), "the snippet's mark is not escaped");
    let (_, unfiltered) = get(state, "/search?q=冰雪", None).await;
    assert!(unfiltered.contains("href=\"/search?q=%E5%86%B0%E9%9B%AA&amp;region=%E5%90%89%E6%9E%97%E5%B8%82\""), "region facet link");
    // The plan page has the anchor the hit links to.
    let (_, plan_page) = get(state, &format!("/plans/{}", jilin.id), None).await;
    assert!(plan_page.contains(&format!("id=\"L{first_line}\"")));
}

#[tokio::test]
async fn the_public_never_finds_the_text_of_an_unpublished_plan() {
    let Some(corpus) = corpus() else { return };
    let f = fixture(Some(&corpus), |p| p.region.as_deref() == Some("吉林市"));
    let state = &f.state;
    let plans = state.db(None, |s| s.list_plans()).await.expect("plans");
    let jilin = plans.iter().find(|p| p.region.as_deref() == Some("吉林市")).expect("吉林市's plan");

    let public = api_search(state, "q=%E5%86%B0%E9%9B%AA&limit=100", None).await;
    assert!(public["items"].as_array().expect("items").iter().all(|h| h["plan_id"] != jilin.id), "{public}");
    assert!(public["facets"]["region"].as_array().expect("regions").iter().all(|r| r["value"] != "吉林市"), "{public}");
    let (_, page) = get(state, "/search?q=冰雪&region=吉林市", None).await;
    assert!(!page.contains(&format!("/plans/{}#L", jilin.id)));
    assert!(!page.contains("<mark>"));

    // Staff see it.
    let admin = admin_cookie(state).await;
    let (_, page) = get(state, "/search?q=冰雪&region=吉林市", Some(&admin)).await;
    assert!(page.contains(&format!("/plans/{}#L", jilin.id)));
}

#[tokio::test]
async fn the_unpublished_sample_plan_is_not_found_by_the_public() {
    // Without the corpus: the sample plan, unpublished.
    let f = fixture(None, |_| true);
    let state = &f.state;
    let public = api_search(state, "q=%E5%9C%B0%E5%8C%BA%E7%94%9F%E4%BA%A7%E6%80%BB%E5%80%BC", None).await;
    assert_eq!(public["total"], 0, "{public}");
    let (_, page) = get(state, "/search?q=%E5%9C%B0%E5%8C%BA%E7%94%9F%E4%BA%A7%E6%80%BB%E5%80%BC", None).await;
    assert!(!page.contains("<mark>"));
    // Signed-in staff find it on the page (the API's staff are bearer tokens).
    let admin = admin_cookie(state).await;
    let (_, page) = get(state, "/search?q=%E5%9C%B0%E5%8C%BA%E7%94%9F%E4%BA%A7%E6%80%BB%E5%80%BC", Some(&admin)).await;
    assert!(page.contains("<mark>"), "staff find the unpublished plan");
}

#[tokio::test]
async fn markup_in_a_query_is_escaped() {
    let f = fixture(None, |_| false);
    let state = &f.state;
    for uri in [
        "/search?q=%3Cscript%3Ealert(1)%3C%2Fscript%3E",
        "/search?q=%E5%9C%B0%E5%8C%BA%3Cscript%3E&region=%3Cscript%3E&kind=%3Cscript%3E&year=%3Cscript%3E",
        "/search?q=%E5%9C%B0%E5%8C%BA%E7%94%9F%E4%BA%A7%E6%80%BB%E5%80%BC%20%3Cscript%3E",
    ] {
        let (status, page) = get(state, uri, None).await;
        assert_eq!(status, StatusCode::OK, "{uri}");
        assert!(!page.contains("<script>"), "{uri}: raw <script> in the page");
    }
    // A real hit still shows its marks.
    let (_, page) = get(state, "/search?q=%E5%9C%B0%E5%8C%BA%E7%94%9F%E4%BA%A7%E6%80%BB%E5%80%BC", None).await;
    assert!(page.contains("<mark>"), "no marked hit");
    let (status, _) = get(state, "/api/v1/search?q=x&limit=0", None).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
}

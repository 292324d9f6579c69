//! The web app through its router, without a socket (`app(state).oneshot(request)`),
//! on SQLite in a temp dir: security over every write route of `ROUTES`, CSRF, roles and
//! units, public visibility, the pages on the seed documents, and the JSON API.

use axum::http::{Method, StatusCode};
use lantu_store::{Role, Store};
use lantu_web::{auth, demo, Access, AppState, ROUTES};

mod common;

use common::{api_token, cookie_pair, csrf_in, get, login, post_form, send, PASSWORD};

struct Fixture {
    state: AppState,
    _dir: tempfile::TempDir,
}

/// A store with the given demo content, every plan published, and one user per role
/// (`admin`, `editor`, `unit` of 统计局, `unit2` of 发展改革委, `viewer`).
fn fixture(corpus: Option<&std::path::Path>) -> Fixture {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut store = Store::open(&dir.path().join("t.db").to_string_lossy()).expect("store");
    demo::load(&mut store, corpus).expect("demo content");
    // A cheap hash parameter set is not needed: one hash, reused.
    let hash = auth::hash_password(PASSWORD).expect("hash");
    for (name, role, unit) in [
        ("admin", Role::Admin, None),
        ("editor", Role::Editor, None),
        ("unit", Role::Unit, Some(demo::DEMO_UNITS[0])),
        ("unit2", Role::Unit, Some(demo::DEMO_UNITS[1])),
        ("viewer", Role::Viewer, None),
    ] {
        store.add_user(name, role, unit, &hash).expect("user");
    }
    Fixture { state: AppState::new(store, lantu_monitor::Aliases::default()), _dir: dir }
}

fn corpus() -> Option<std::path::PathBuf> {
    let dir = std::env::var("LANTU_CORPUS")
        .map(std::path::PathBuf::from)
        .unwrap_or_else(|_| std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/seeds"));
    if dir.is_dir() {
        Some(dir)
    } else {
        eprintln!("SKIPPED: no corpus at {} (set LANTU_CORPUS)", dir.display());
        None
    }
}

async fn audit_count(state: &AppState) -> usize {
    state.db(None, |s| s.audit_log()).await.expect("audit").len()
}

fn concrete(path: &str) -> String {
    path.replace("{id}", "1").replace("{n}", "0")
}

/// Every field any form takes, so each write route gets a body it would accept.
fn full_form(csrf: &str) -> String {
    format!("csrf={csrf}&published=1&parent=2&unit=x&year=2023&value=1&source=test&why=test&name=newuser&role=viewer&password=12345678&status=in_progress&percent=10&note=test")
}

fn refused(status: StatusCode) -> bool {
    matches!(status, StatusCode::UNAUTHORIZED | StatusCode::FORBIDDEN)
}

/// Every write route of the table refuses an anonymous request, a request of a role
/// that may not, and (for forms) a post without the session's CSRF token; none of them
/// writes anything. The list comes from `ROUTES`, which the router is built from.
#[tokio::test]
async fn every_write_route_refuses_anonymous_wrong_role_and_csrf_less_requests() {
    let f = fixture(None);
    let state = &f.state;
    let before = audit_count(state).await;
    let writes: Vec<_> = ROUTES.iter().filter(|r| r.is_write()).collect();
    assert!(writes.len() >= 8, "the write routes: {writes:?}");
    let mut checked = 0;
    for route in &writes {
        let path = concrete(route.path);
        match route.access {
            Access::Public => assert_eq!(route.path, "/login", "only the login form may be posted anonymously"),
            Access::Staff => {
                let res = post_form(state, &path, None, &full_form("")).await;
                assert!(refused(res.status), "anonymous {path}: {}", res.status);
            }
            Access::Roles(roles) => {
                let res = post_form(state, &path, None, &full_form("x")).await;
                assert!(refused(res.status), "anonymous {path}: {}", res.status);
                let wrong = Role::ALL.into_iter().find(|r| !roles.contains(r)).expect("a role that may not");
                let (cookie, csrf) = login(state, wrong.as_str()).await;
                let res = post_form(state, &path, Some(&cookie), &full_form(&csrf)).await;
                assert_eq!(res.status, StatusCode::FORBIDDEN, "{} on {path}", wrong.as_str());
                let allowed = roles[0];
                let (cookie, _) = login(state, allowed.as_str()).await;
                let res = post_form(state, &path, Some(&cookie), &full_form("")).await;
                assert_eq!(res.status, StatusCode::FORBIDDEN, "{} without CSRF on {path}", allowed.as_str());
                let res = post_form(state, &path, Some(&cookie), &full_form("forged")).await;
                assert_eq!(res.status, StatusCode::FORBIDDEN, "{} with a forged CSRF token on {path}", allowed.as_str());
            }
            Access::Token(roles) => {
                let body = Some(("application/json", r#"{"year":2023,"value":1,"source":"t"}"#.to_string()));
                let res = send(state, Method::POST, &path, &[], body.clone()).await;
                assert_eq!(res.status, StatusCode::UNAUTHORIZED, "no token on {path}");
                let res = send(state, Method::POST, &path, &[("authorization", "Bearer nope")], body.clone()).await;
                assert_eq!(res.status, StatusCode::UNAUTHORIZED, "a wrong token on {path}");
                let wrong = Role::ALL.into_iter().find(|r| !roles.contains(r)).expect("a role that may not");
                let token = api_token(state, wrong.as_str()).await;
                let bearer = format!("Bearer {token}");
                let res = send(state, Method::POST, &path, &[("authorization", &bearer)], body.clone()).await;
                assert_eq!(res.status, StatusCode::FORBIDDEN, "{} token on {path}", wrong.as_str());
                // A session cookie is not an API credential (no CSRF on the API).
                let (cookie, _) = login(state, "admin").await;
                let res = send(state, Method::POST, &path, &[("cookie", &cookie)], body).await;
                assert_eq!(res.status, StatusCode::UNAUTHORIZED, "a cookie on {path}");
            }
        }
        checked += 1;
    }
    assert_eq!(checked, writes.len());
    // Tokens were added by the test itself (audited): nothing else was written.
    let token_entries = state.db(None, |s| s.audit_log()).await.expect("audit").iter().filter(|e| e.action == "token_add").count();
    assert_eq!(audit_count(state).await, before + token_entries, "a refused request wrote something");
}

#[tokio::test]
async fn a_unit_enters_actuals_only_for_its_own_indicators_and_every_write_is_audited() {
    let f = fixture(None);
    let state = &f.state;
    // Indicator 0 is assigned to 统计局 (user `unit`), indicator 1 to 发展改革委.
    let (cookie, csrf) = login(state, "unit").await;
    let page = get(state, "/plans/1/indicators/0", Some(&cookie)).await;
    assert!(page.body.contains("录入实际值"), "the form is offered to the unit");
    let res = post_form(
        state,
        "/plans/1/indicators/0/actuals",
        Some(&cookie),
        &format!("csrf={csrf}&year=2022&value=1350&source=2022年统计公报"),
    )
    .await;
    assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.body);
    assert_eq!(res.location.as_deref(), Some("/plans/1/indicators/0"), "back to the indicator");
    let page = get(state, "/plans/1/indicators/0", Some(&cookie)).await;
    assert!(page.body.contains("2022年统计公报") && page.body.contains("1350"), "the actual is shown with its source");
    let other = get(state, "/plans/1/indicators/1", Some(&cookie)).await;
    assert!(!other.body.contains("录入实际值"), "no form for another unit's indicator");
    let res = post_form(state, "/plans/1/indicators/1/actuals", Some(&cookie), &format!("csrf={csrf}&year=2022&value=60&source=x")).await;
    assert_eq!(res.status, StatusCode::FORBIDDEN);
    assert!(res.body.contains("未分配给贵单位"));
    // Bad input re-shows the form with the message.
    let res = post_form(state, "/plans/1/indicators/0/actuals", Some(&cookie), &format!("csrf={csrf}&year=abc&value=1&source=x")).await;
    assert_eq!(res.status, StatusCode::BAD_REQUEST);
    assert!(res.body.contains("请填写有效的年份") && res.body.contains("录入实际值"));
    let log = state.db(None, |s| s.audit_log()).await.expect("audit");
    let entry = log.iter().rev().find(|e| e.action == "actual").expect("the actual is audited");
    assert_eq!(entry.actor, "unit");
    assert!(entry.detail.contains("none → 1350"), "{}", entry.detail);

    // The same rule through the API.
    let token = api_token(state, "unit").await;
    let bearer = format!("Bearer {token}");
    let body = |v: &str| Some(("application/json", format!(r#"{{"year":2023,"value":{v},"source":"2023年统计公报"}}"#)));
    let res = send(state, Method::POST, "/api/v1/plans/1/indicators/0/actuals", &[("authorization", &bearer)], body("1400")).await;
    assert_eq!(res.status, StatusCode::CREATED, "{}", res.body);
    let res = send(state, Method::POST, "/api/v1/plans/1/indicators/1/actuals", &[("authorization", &bearer)], body("61")).await;
    assert_eq!(res.status, StatusCode::FORBIDDEN, "{}", res.body);
}

#[tokio::test]
async fn a_unit_enters_project_progress_only_for_its_own_projects() {
    let f = fixture(None);
    let state = &f.state;
    // The demo makes 统计局 (user `unit`) answerable for project 0, 发展改革委 for project 1.
    let plan = get(state, "/plans/1", None).await;
    assert!(plan.body.contains("/plans/1/projects/0") && plan.body.contains("统计局"), "projects link to their pages with their unit");
    let (cookie, csrf) = login(state, "unit").await;
    let page = get(state, "/plans/1/projects/0", Some(&cookie)).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("录入项目进展") && page.body.contains("尚无进展记录"), "the form is offered to the unit");
    let res = post_form(
        state,
        "/plans/1/projects/0/progress",
        Some(&cookie),
        &format!("csrf={csrf}&year=2023&status=in_progress&percent=40&note=主体施工"),
    )
    .await;
    assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.body);
    assert_eq!(res.location.as_deref(), Some("/plans/1/projects/0"));
    let page = get(state, "/plans/1/projects/0", None).await;
    assert!(page.body.contains("推进中 40%（2023年）") && page.body.contains("主体施工"), "the public sees the progress");
    assert!(!page.body.contains("录入项目进展"), "but no form");
    assert!(get(state, "/plans/1", None).await.body.contains("推进中 40%（2023年）"), "the plan page shows the latest progress");

    // Another unit's project: no form, and a post is refused without writing.
    let other = get(state, "/plans/1/projects/1", Some(&cookie)).await;
    assert!(!other.body.contains("录入项目进展"));
    let before = audit_count(state).await;
    let res = post_form(state, "/plans/1/projects/1/progress", Some(&cookie), &format!("csrf={csrf}&year=2023&status=completed")).await;
    assert_eq!(res.status, StatusCode::FORBIDDEN);
    assert!(res.body.contains("未分配给贵单位"));
    assert_eq!(audit_count(state).await, before);
    // Bad input re-shows the form with the message.
    for (form, message) in [
        ("year=abc&status=completed", "请填写有效的年份"),
        ("year=2023&status=done", "请选择项目状态"),
        ("year=2023&status=completed&percent=120", "完成比例"),
    ] {
        let res = post_form(state, "/plans/1/projects/0/progress", Some(&cookie), &format!("csrf={csrf}&{form}")).await;
        assert_eq!(res.status, StatusCode::BAD_REQUEST, "{form}");
        assert!(res.body.contains(message) && res.body.contains("录入项目进展"), "{form}");
    }
    assert_eq!(get(state, "/plans/1/projects/99", None).await.status, StatusCode::NOT_FOUND);

    // An editor hands project 1 to 统计局: now the unit may.
    let (editor, editor_csrf) = login(state, "editor").await;
    let res = post_form(state, "/plans/1/projects/1/unit", Some(&editor), &format!("csrf={editor_csrf}&unit=统计局")).await;
    assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.body);
    let res =
        post_form(state, "/plans/1/projects/1/progress", Some(&cookie), &format!("csrf={csrf}&year=2023&status=delayed&note=征地滞后"))
            .await;
    assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.body);
    let log = state.db(None, |s| s.audit_log()).await.expect("audit");
    let actions: Vec<(&str, &str)> = log.iter().rev().take(3).map(|e| (e.actor.as_str(), e.action.as_str())).collect();
    assert_eq!(actions, [("unit", "project_progress"), ("editor", "assign_project_unit"), ("unit", "project_progress")]);

    // The same through the API: read by anyone, written with a token of the unit.
    let list: serde_json::Value = serde_json::from_str(&get(state, "/api/v1/plans/1/projects/0/progress", None).await.body).expect("json");
    assert_eq!(list["total"], 1);
    assert_eq!(list["items"][0]["status"], "in_progress");
    assert_eq!(list["items"][0]["who"], "unit");
    let projects: serde_json::Value = serde_json::from_str(&get(state, "/api/v1/plans/1/projects", None).await.body).expect("json");
    assert_eq!(projects["items"][0]["unit"], "统计局");
    assert_eq!(projects["items"][0]["progress"]["percent"], 40.0);
    let token = api_token(state, "unit2").await;
    let bearer = format!("Bearer {token}");
    let body = Some(("application/json", r#"{"year":2024,"status":"completed","percent":100}"#.to_string()));
    let res = send(state, Method::POST, "/api/v1/plans/1/projects/0/progress", &[("authorization", &bearer)], body.clone()).await;
    assert_eq!(res.status, StatusCode::FORBIDDEN, "{}", res.body);
    let (admin, admin_csrf) = login(state, "admin").await;
    let res = post_form(state, "/plans/1/projects/0/unit", Some(&admin), &format!("csrf={admin_csrf}&unit=发展改革委")).await;
    assert_eq!(res.status, StatusCode::SEE_OTHER);
    let res = send(state, Method::POST, "/api/v1/plans/1/projects/0/progress", &[("authorization", &bearer)], body).await;
    assert_eq!(res.status, StatusCode::CREATED, "{}", res.body);
    let bad = Some(("application/json", r#"{"year":2024,"status":"completed","percent":101}"#.to_string()));
    let res = send(state, Method::POST, "/api/v1/plans/1/projects/0/progress", &[("authorization", &bearer)], bad).await;
    assert_eq!(res.status, StatusCode::BAD_REQUEST, "{}", res.body);
    let projects: serde_json::Value = serde_json::from_str(&get(state, "/api/v1/plans/1/projects", None).await.body).expect("json");
    assert_eq!(projects["items"][0]["progress"]["status"], "completed", "the latest year's entry is the project's progress");
}

#[tokio::test]
async fn the_evaluation_report_is_a_printable_page_of_visible_plans() {
    let f = fixture(None);
    let state = &f.state;
    let plan = get(state, "/plans/1", None).await;
    assert!(plan.body.contains("/plans/1/report?year="), "the plan page links to its report");
    let report = get(state, "/plans/1/report", None).await;
    assert_eq!(report.status, StatusCode::OK, "{}", report.body);
    for part in [
        "一、总体情况",
        "二、指标一览",
        "三、指标进度",
        "四、项目进展",
        "五、一致性与衔接检查",
        "六、方法",
        "@media print",
        "break-before: page",
        "no-print",
    ] {
        assert!(report.body.contains(part), "the report lacks {part}");
    }
    assert!(report.body.contains("尚无进展记录"), "projects without an entry are counted");
    // A project's progress shows in the report of its year, not in an earlier one.
    let (unit, unit_csrf) = login(state, "unit").await;
    let res =
        post_form(state, "/plans/1/projects/0/progress", Some(&unit), &format!("csrf={unit_csrf}&year=2023&status=delayed&note=征地滞后"))
            .await;
    assert_eq!(res.status, StatusCode::SEE_OTHER);
    assert!(get(state, "/plans/1/report?year=2023", None).await.body.contains("滞后（2023年）"));
    assert!(!get(state, "/plans/1/report?year=2022", None).await.body.contains("征地滞后"));
    let midterm = get(state, "/plans/1/report?year=2023&kind=midterm", None).await;
    assert_eq!(midterm.status, StatusCode::OK);
    assert!(midterm.body.contains("2023 年中期评估"));
    assert!(get(state, "/plans/1/report?kind=final", None).await.body.contains("总结评估"));
    assert_eq!(get(state, "/plans/1/report?year=abc", None).await.status, StatusCode::BAD_REQUEST);
    assert_eq!(get(state, "/plans/1/report?kind=weekly", None).await.status, StatusCode::BAD_REQUEST);
    assert_eq!(get(state, "/plans/99/report", None).await.status, StatusCode::NOT_FOUND);
    // The same implementation as `lantu report`: the page holds the standalone report's body.
    let detail = state.db(None, |s| s.plan(1)).await.expect("plan");
    let built = state
        .db(None, move |s| {
            lantu_web::report::Report::build(
                s,
                &detail,
                Some(2023),
                lantu_web::report::ReportKind::Midterm,
                &lantu_monitor::Aliases::default(),
            )
        })
        .await
        .expect("report");
    let body = built.html_body();
    let cards = &body[body.find("三、指标进度").expect("cards")..body.find("四、").expect("findings")];
    assert!(midterm.body.contains(cards), "the page shows the shared report");
    // Unpublished: a 404 for the public, shown to staff.
    let (cookie, csrf) = login(state, "admin").await;
    post_form(state, "/plans/1/publish", Some(&cookie), &format!("csrf={csrf}&published=0")).await;
    assert_eq!(get(state, "/plans/1/report", None).await.status, StatusCode::NOT_FOUND);
    assert_eq!(get(state, "/plans/1/report", Some(&cookie)).await.status, StatusCode::OK);
}

#[tokio::test]
async fn the_public_sees_published_plans_only() {
    let f = fixture(None);
    let state = &f.state;
    let (cookie, csrf) = login(state, "admin").await;
    let res = post_form(state, "/plans/1/publish", Some(&cookie), &format!("csrf={csrf}&published=0")).await;
    assert_eq!(res.status, StatusCode::SEE_OTHER);
    assert_eq!(get(state, "/plans/1", None).await.status, StatusCode::NOT_FOUND);
    assert_eq!(get(state, "/plans/1/indicators/0", None).await.status, StatusCode::NOT_FOUND);
    assert_eq!(get(state, "/api/v1/plans/1", None).await.status, StatusCode::NOT_FOUND);
    assert!(get(state, "/api/v1/plans", None).await.body.contains("\"total\":0"));
    let (viewer, _) = login(state, "viewer").await;
    assert_eq!(get(state, "/plans/1", Some(&viewer)).await.status, StatusCode::OK, "staff see unpublished plans");
    let entry = state.db(None, |s| s.audit_log()).await.expect("audit").into_iter().rev().find(|e| e.action == "publish").expect("audited");
    assert!(entry.detail.contains("true → false") && entry.actor == "admin", "{entry:?}");
}

#[tokio::test]
async fn login_is_rate_limited_and_errors_are_chinese_pages() {
    let f = fixture(None);
    let state = &f.state;
    let form = get(state, "/login", None).await;
    let login_cookie = cookie_pair(&form.cookies, auth::LOGIN_CSRF_COOKIE);
    let token = csrf_in(&form.body);
    for _ in 0..5 {
        let res = post_form(state, "/login", Some(&login_cookie), &format!("csrf={token}&name=admin&password=wrong")).await;
        assert_eq!(res.status, StatusCode::UNAUTHORIZED);
        assert!(res.body.contains("用户名或密码不正确"));
    }
    let res =
        post_form(state, "/login", Some(&login_cookie), &format!("csrf={token}&name=admin&password={}", PASSWORD.replace(' ', "+"))).await;
    assert_eq!(res.status, StatusCode::TOO_MANY_REQUESTS, "even the right password waits");
    // A login post without the form's token is refused.
    let res = post_form(state, "/login", None, "name=editor&password=x").await;
    assert_eq!(res.status, StatusCode::FORBIDDEN);
    // Session cookies are HttpOnly, Secure, SameSite=Strict.
    let form = get(state, "/login", None).await;
    let c = cookie_pair(&form.cookies, auth::LOGIN_CSRF_COOKIE);
    let res =
        post_form(state, "/login", Some(&c), &format!("csrf={}&name=editor&password={}", csrf_in(&form.body), PASSWORD.replace(' ', "+")))
            .await;
    let session = res.cookies.iter().find(|c| c.starts_with(auth::SESSION_COOKIE)).expect("session cookie");
    for attr in ["HttpOnly", "Secure", "SameSite=Strict"] {
        assert!(session.contains(attr), "{session}");
    }
    let missing = get(state, "/no/such/page", None).await;
    assert_eq!(missing.status, StatusCode::NOT_FOUND);
    assert!(missing.body.contains("页面不存在"));
    let api_missing = get(state, "/api/v1/plans/999", None).await;
    assert_eq!(api_missing.status, StatusCode::NOT_FOUND);
    assert!(api_missing.body.contains("\"error\":\"not_found\""));
    let admin_page = get(state, "/admin", None).await;
    assert_eq!(admin_page.status, StatusCode::UNAUTHORIZED);
    assert!(admin_page.body.contains("请先登录"));
}

#[tokio::test]
async fn pages_render_for_the_seed_documents() {
    let Some(corpus) = corpus() else { return };
    let f = fixture(Some(&corpus));
    let state = &f.state;
    let home = get(state, "/", None).await;
    assert_eq!(home.status, StatusCode::OK);
    for text in ["吉林市", "白城市", "梅河口市", "规划体系", "总体进展"] {
        assert!(home.body.contains(text), "home page lacks {text}");
    }
    let plans = state.db(None, |s| s.list_plans()).await.expect("plans");
    assert_eq!(plans.len(), 5);
    for p in &plans {
        let page = get(state, &format!("/plans/{}", p.id), None).await;
        assert_eq!(page.status, StatusCode::OK, "plan {}", p.id);
        assert!(page.body.contains("原文") && page.body.contains("id=\"L1\""), "plan {} shows its text", p.id);
        let detail = state
            .db(None, {
                let id = p.id;
                move |s| s.plan(id)
            })
            .await
            .expect("detail");
        // Every extracted heading and indicator links to its line, and the line back to it.
        for h in detail.outline.iter().take(5) {
            assert!(page.body.contains(&format!("href=\"#L{}\"", h.line)), "plan {} heading line {}", p.id, h.line);
        }
        for n in 0..detail.indicators.len().min(3) {
            assert!(page.body.contains(&format!("href=\"#ind-{n}\"")), "plan {} indicator {n} is linked from its line", p.id);
            let ind = get(state, &format!("/plans/{}/indicators/{n}", p.id), None).await;
            assert_eq!(ind.status, StatusCode::OK);
            assert!(ind.body.contains("进度比 R") && ind.body.contains("实际值及来源"));
        }
    }
    let jilin = plans.iter().find(|p| p.region.as_deref() == Some("吉林市")).expect("吉林市");
    let page = get(state, &format!("/plans/{}", jilin.id), None).await;
    assert!(page.body.contains("主要指标") && page.body.contains("badge"), "indicators with status badges");
    let compare = get(state, "/compare", None).await;
    assert_eq!(compare.status, StatusCode::OK);
    assert!(compare.body.contains("指标对比"));
    for (uri, text) in [("/findings", "一致性检查"), ("/method", "进度比 R"), ("/search?q=冰雪", "全文搜索")] {
        let res = get(state, uri, None).await;
        assert_eq!(res.status, StatusCode::OK, "{uri}");
        assert!(res.body.contains(text), "{uri} lacks {text}");
    }
    let css = get(state, "/static/style.css", None).await;
    assert_eq!(css.status, StatusCode::OK);
}

#[tokio::test]
async fn the_api_pages_its_lists_and_documents_every_api_route() {
    let f = fixture(None);
    let state = &f.state;
    let plans = get(state, "/api/v1/plans?limit=1", None).await;
    assert_eq!(plans.status, StatusCode::OK);
    let v: serde_json::Value = serde_json::from_str(&plans.body).expect("json");
    assert_eq!((v["limit"].as_u64(), v["offset"].as_u64(), v["total"].as_u64()), (Some(1), Some(0), Some(1)));
    for bad in ["limit=0", "limit=1001", "offset=-1", "limit=x", "offset=1000000001"] {
        let res = get(state, &format!("/api/v1/plans?{bad}"), None).await;
        assert_eq!(res.status, StatusCode::BAD_REQUEST, "{bad}");
        let e: serde_json::Value = serde_json::from_str(&res.body).expect("a JSON error");
        assert_eq!(e["error"], "bad_request", "{bad}");
    }
    // A bad path parameter is a JSON 400 too, not axum's plain text.
    let res = get(state, "/api/v1/plans/abc", None).await;
    assert_eq!(res.status, StatusCode::BAD_REQUEST);
    assert!(serde_json::from_str::<serde_json::Value>(&res.body).is_ok(), "{}", res.body);

    let inds = get(state, "/api/v1/plans/1/indicators", None).await;
    let v: serde_json::Value = serde_json::from_str(&inds.body).expect("json");
    let first = &v["items"][0];
    assert!(first["status"].is_string() && first["status_zh"].is_string(), "{first}");
    let total = v["total"].as_u64().expect("total");
    assert!(total >= 2, "the sample plan has indicators");
    // Every plan's indicators in one list, filterable, paged by limit and offset.
    let all: serde_json::Value = serde_json::from_str(&get(state, "/api/v1/indicators", None).await.body).expect("json");
    assert_eq!(all["total"].as_u64(), Some(total));
    assert_eq!(all["items"][0]["plan_id"], 1);
    let second: serde_json::Value =
        serde_json::from_str(&get(state, "/api/v1/indicators?plan=1&limit=1&offset=1", None).await.body).expect("json");
    assert_eq!(second["items"].as_array().map(Vec::len), Some(1));
    assert_eq!(second["items"][0]["name"], all["items"][1]["name"]);
    let none: serde_json::Value =
        serde_json::from_str(&get(state, "/api/v1/indicators?region=%E6%97%A0%E6%AD%A4%E5%9C%B0", None).await.body).expect("json");
    assert_eq!(none["total"], 0);
    for uri in [
        "/api/v1/plans/1",
        "/api/v1/plans/1/headings",
        "/api/v1/plans/1/targets",
        "/api/v1/plans/1/projects",
        "/api/v1/actuals",
        "/api/v1/findings",
    ] {
        let res = get(state, uri, None).await;
        assert_eq!(res.status, StatusCode::OK, "{uri}: {}", res.body);
    }
    assert_eq!(get(state, "/api/v1/search?q=x", None).await.status, StatusCode::SERVICE_UNAVAILABLE);
    // The OpenAPI document lists every API route of the table with its method.
    let doc: serde_json::Value = serde_json::from_str(&get(state, "/api/v1/openapi.json", None).await.body).expect("openapi json");
    assert!(doc["openapi"].as_str().is_some_and(|v| v.starts_with("3.")));
    for r in ROUTES.iter().filter(|r| r.path.starts_with("/api/v1/") && r.path != "/api/v1/openapi.json") {
        let op = &doc["paths"][r.path][r.method.to_lowercase()];
        assert!(op.is_object(), "{} {} is not in the OpenAPI document", r.method, r.path);
    }
}

#[tokio::test]
async fn serve_binds_a_port_and_shuts_down_gracefully() {
    let f = fixture(None);
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let addr = listener.local_addr().expect("addr");
    let (tx, rx) = tokio::sync::oneshot::channel::<()>();
    let server = tokio::spawn(lantu_web::serve(listener, f.state.clone(), async {
        let _ = rx.await;
    }));
    let mut stream = tokio::net::TcpStream::connect(addr).await.expect("connect");
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    stream.write_all(b"GET /method HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n").await.expect("write");
    let mut reply = Vec::new();
    stream.read_to_end(&mut reply).await.expect("read");
    let reply = String::from_utf8_lossy(&reply);
    assert!(reply.starts_with("HTTP/1.1 200"), "{reply}");
    assert!(reply.contains("监测方法"));
    let _ = tx.send(());
    tokio::time::timeout(std::time::Duration::from_secs(10), server).await.expect("stops").expect("joined").expect("served");
}

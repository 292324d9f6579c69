//! The persistent search index of `lantu serve` (`lantu_web::indexer`): reused when it
//! matches the store, brought up to date after changes made behind the server's back,
//! emptied and rebuilt when it cannot be trusted, and "being built" (503) until ready.

use std::path::Path;
use std::sync::Arc;
use std::time::{Duration, Instant};

use axum::body::Body;
use axum::http::{Request, StatusCode};
use http_body_util::BodyExt;
use lantu_search::SearchIndex;
use lantu_store::Store;
use lantu_web::indexer::{self, open_index, sync, IndexError, IndexerConfig, LiveIndex, Manifest, Opened, Stamp};
use lantu_web::{app, demo, AppState, SearchBackend, SearchRequest};
use tower::ServiceExt;

/// The sample plan of another (invented) region: a second plan.
fn other_region() -> String {
    demo::SAMPLE_PLAN.replace("示例市", "样本县")
}

/// The sample plan with one more paragraph: the next version of the same plan.
fn next_version() -> String {
    demo::SAMPLE_PLAN.replace("第三章 建设现代产业体系\n", "第三章 建设现代产业体系\n\n建设氢能示范基地，发展燃料电池汽车。\n")
}

fn store_with_sample(dir: &Path) -> (Store, String) {
    let path = dir.join("t.db").to_string_lossy().into_owned();
    let mut store = Store::open(&path).expect("store");
    demo::ingest_bytes(&mut store, demo::SAMPLE_PLAN.as_bytes(), demo::SAMPLE_FILE).expect("ingest");
    (store, path)
}

fn search(index: &SearchIndex, store: &mut Store, text: &str) -> Vec<(i64, usize)> {
    let plans: Vec<i64> = store.list_plans().expect("plans").iter().map(|p| p.id).collect();
    let request = SearchRequest { text: text.to_string(), limit: 50, ..SearchRequest::default() };
    let found = SearchBackend::search(index, &request, &plans).expect("search");
    found.hits.iter().map(|h| (h.plan_id, h.line)).collect()
}

fn stamps(store: &mut Store) -> Vec<(i64, Stamp)> {
    let plans = store.list_plans().expect("plans");
    let mut stamps: Vec<(i64, Stamp)> = plans.into_iter().map(|p| (p.id, Stamp { version: p.version_id, sha256: p.sha256 })).collect();
    stamps.sort_by_key(|s| s.0);
    stamps
}

fn no_progress(_: usize, _: usize) {}

#[test]
fn an_index_that_matches_the_store_is_reused_and_not_rebuilt() {
    let dir = tempfile::tempdir().expect("dir");
    let (mut store, _) = store_with_sample(dir.path());
    let index_dir = dir.path().join("t.db.search");
    {
        let open = open_index(&index_dir).expect("open");
        assert_eq!(open.opened, Opened::Created);
        let stats = sync(&mut store, &open.index, &no_progress).expect("sync");
        assert_eq!((stats.indexed, stats.unchanged, stats.removed), (1, 0, 0));
        assert!(!search(&open.index, &mut store, "冰雪旅游").is_empty());
    }
    let open = open_index(&index_dir).expect("reopen");
    assert_eq!(open.opened, Opened::Reused);
    let items = open.index.num_items();
    let stats = sync(&mut store, &open.index, &no_progress).expect("sync");
    assert_eq!((stats.indexed, stats.unchanged, stats.removed), (0, 1, 0));
    assert_eq!(open.index.num_items(), items);
    assert!(!search(&open.index, &mut store, "冰雪旅游").is_empty());
}

#[test]
fn plans_ingested_while_the_server_was_down_are_indexed_at_the_next_start() {
    let dir = tempfile::tempdir().expect("dir");
    let (mut store, _) = store_with_sample(dir.path());
    let index_dir = dir.path().join("t.db.search");
    {
        let open = open_index(&index_dir).expect("open");
        sync(&mut store, &open.index, &no_progress).expect("sync");
        assert!(search(&open.index, &mut store, "氢能").is_empty());
    }
    // What `lantu ingest` does meanwhile: a new plan, and a new version of the first.
    demo::ingest_bytes(&mut store, other_region().as_bytes(), "样本县.txt").expect("ingest");
    demo::ingest_bytes(&mut store, next_version().as_bytes(), "示例市-v2.txt").expect("ingest");
    assert_eq!(store.list_plans().expect("plans").len(), 2);

    let open = open_index(&index_dir).expect("reopen");
    assert_eq!(open.opened, Opened::Reused);
    let stats = sync(&mut store, &open.index, &no_progress).expect("sync");
    assert_eq!((stats.indexed, stats.unchanged, stats.removed), (2, 0, 0));
    let manifest = Manifest::of(&open.index).expect("manifest").expect("a manifest");
    assert_eq!(manifest.plans.into_iter().collect::<Vec<_>>(), stamps(&mut store));

    // The new version replaced the old one: its new paragraph is found, on its line,
    // and the plan's items are not there twice.
    let plans = store.list_plans().expect("plans");
    let first = plans.iter().find(|p| p.region.as_deref() == Some("示例市")).expect("示例市").id;
    let line = next_version().lines().position(|l| l.contains("氢能")).expect("line") + 1;
    assert_eq!(search(&open.index, &mut store, "氢能"), vec![(first, line)]);
    let hits = search(&open.index, &mut store, "新材料生产线");
    assert_eq!(hits.len(), 2, "one hit in each plan, none from the old version: {hits:?}");
    assert!(search(&open.index, &mut store, "样本县").iter().all(|&(plan, _)| plan != first));
}

#[test]
fn a_damaged_index_is_emptied_and_rebuilt() {
    let dir = tempfile::tempdir().expect("dir");
    let (mut store, _) = store_with_sample(dir.path());
    let index_dir = dir.path().join("t.db.search");
    let build = |store: &mut Store| {
        let open = open_index(&index_dir).expect("open");
        sync(store, &open.index, &no_progress).expect("sync");
    };
    build(&mut store);

    // meta.json overwritten (a torn write by something other than tantivy).
    std::fs::write(index_dir.join("meta.json"), b"{\"segments\": [").expect("damage");
    let open = open_index(&index_dir).expect("reopen");
    assert!(matches!(open.opened, Opened::Rebuilt(_)), "{:?}", open.opened);
    let stats = sync(&mut store, &open.index, &no_progress).expect("sync");
    assert_eq!(stats.indexed, 1);
    assert!(!search(&open.index, &mut store, "冰雪旅游").is_empty());
    drop(open);

    // A segment file gone.
    let segment = std::fs::read_dir(&index_dir)
        .expect("list")
        .filter_map(Result::ok)
        .map(|e| e.path())
        .find(|p| p.extension().is_some_and(|x| x == "idx"))
        .expect("a segment file");
    std::fs::remove_file(segment).expect("remove");
    let open = open_index(&index_dir).expect("reopen");
    assert!(matches!(open.opened, Opened::Rebuilt(_)), "{:?}", open.opened);
    sync(&mut store, &open.index, &no_progress).expect("sync");
    assert!(!search(&open.index, &mut store, "冰雪旅游").is_empty());
}

#[test]
fn an_index_without_a_record_of_its_contents_is_rebuilt() {
    let dir = tempfile::tempdir().expect("dir");
    let (mut store, _) = store_with_sample(dir.path());
    let index_dir = dir.path().join("t.db.search");
    {
        // Items committed without a manifest (by hand, or by a lantu that had none).
        let index = SearchIndex::create_in_dir(&index_dir).expect("create");
        let input = lantu_web::search::plan_input(&mut store, 1).expect("input");
        index.index_plan(&input.doc()).expect("index");
    }
    let open = open_index(&index_dir).expect("reopen");
    assert!(matches!(open.opened, Opened::Rebuilt(_)), "{:?}", open.opened);
    assert_eq!(open.index.num_items(), 0);
}

#[test]
fn a_batch_that_was_never_committed_leaves_nothing_behind() {
    let dir = tempfile::tempdir().expect("dir");
    let (mut store, _) = store_with_sample(dir.path());
    let index_dir = dir.path().join("t.db.search");
    let open = open_index(&index_dir).expect("open");
    sync(&mut store, &open.index, &no_progress).expect("sync");
    let items = open.index.num_items();
    demo::ingest_bytes(&mut store, other_region().as_bytes(), "样本县.txt").expect("ingest");
    {
        // As if the process died before the commit.
        let input = lantu_web::search::plan_input(&mut store, 2).expect("input");
        let mut batch = open.index.batch().expect("batch");
        batch.add_plan(&input.doc()).expect("add");
    }
    assert_eq!(open.index.num_items(), items);
    let stats = sync(&mut store, &open.index, &no_progress).expect("sync");
    assert_eq!((stats.indexed, stats.unchanged), (1, 1));
}

#[test]
fn a_folder_of_other_files_is_never_emptied() {
    let dir = tempfile::tempdir().expect("dir");
    std::fs::write(dir.path().join("notes.txt"), "mine").expect("write");
    match open_index(dir.path()) {
        Err(IndexError::NotAnIndex(_)) => {}
        Err(e) => panic!("unexpected error {e}"),
        Ok(_) => panic!("a folder of other files was taken"),
    }
    assert!(dir.path().join("notes.txt").exists());
}

#[test]
fn one_index_folder_serves_one_process_at_a_time() {
    let dir = tempfile::tempdir().expect("dir");
    let index_dir = dir.path().join("search");
    let _first = open_index(&index_dir).expect("open");
    assert!(matches!(open_index(&index_dir), Err(IndexError::InUse(_))));
}

async fn get(state: &AppState, uri: &str) -> (StatusCode, Option<String>, String) {
    let req = Request::builder().uri(uri).body(Body::empty()).expect("request");
    let res = app(state.clone()).oneshot(req).await.expect("response");
    let status = res.status();
    let retry = res.headers().get("retry-after").and_then(|v| v.to_str().ok()).map(str::to_string);
    let bytes = res.into_body().collect().await.expect("body").to_bytes();
    (status, retry, String::from_utf8_lossy(&bytes).into_owned())
}

#[tokio::test]
async fn search_says_the_index_is_being_built_until_it_is_ready() {
    let dir = tempfile::tempdir().expect("dir");
    let (mut store, _) = store_with_sample(dir.path());
    store.set_published(1, true).expect("publish");
    let (index, _) = lantu_web::build_index(&mut store).expect("index");
    let live = Arc::new(LiveIndex::building());
    live.progress(3, 10);
    let backend: Arc<dyn SearchBackend> = live.clone();
    let state = AppState::with_search(store, lantu_monitor::Aliases::default(), Some(backend));

    let (status, retry, body) = get(&state, "/api/v1/search?q=%E5%86%B0%E9%9B%AA").await;
    assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE);
    assert!(retry.is_some());
    let json: serde_json::Value = serde_json::from_str(&body).expect("json");
    assert_eq!(json["error"], "index_building");
    assert!(json["message"].as_str().unwrap_or_default().contains("索引建立中"), "{body}");
    let (status, retry, body) = get(&state, "/search?q=%E5%86%B0%E9%9B%AA").await;
    assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE);
    assert!(retry.is_some());
    assert!(body.contains("索引建立中（已完成 3 / 10 个规划）"), "{body}");
    // The form itself is there at once.
    let (status, _, _) = get(&state, "/search").await;
    assert_eq!(status, StatusCode::OK);

    live.ready(Arc::new(index));
    let (status, _, body) = get(&state, "/api/v1/search?q=%E5%86%B0%E9%9B%AA").await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert!(body.contains("<mark>"), "{body}");
    let (status, _, body) = get(&state, "/search?q=%E5%86%B0%E9%9B%AA").await;
    assert_eq!(status, StatusCode::OK);
    assert!(!body.contains("索引建立中"));
}

#[test]
fn a_failed_index_says_search_is_unavailable() {
    let live = LiveIndex::building();
    live.failed("disk full".into());
    let request = SearchRequest { text: "冰雪".into(), limit: 10, ..SearchRequest::default() };
    assert!(matches!(live.search(&request, &[1]), Err(lantu_web::SearchFailure::Unavailable(_))));
}

/// Waits (a bounded number of rounds, not a timing check) until `done` holds.
fn wait_for(what: &str, mut done: impl FnMut() -> bool) {
    let deadline = Instant::now() + Duration::from_secs(120);
    while !done() {
        assert!(Instant::now() < deadline, "gave up waiting for {what}");
        std::thread::sleep(Duration::from_millis(50));
    }
}

#[test]
fn the_background_indexer_gets_ready_and_picks_up_a_cli_ingest() {
    let dir = tempfile::tempdir().expect("dir");
    let (mut store, path) = store_with_sample(dir.path());
    let config = IndexerConfig { dir: dir.path().join("t.db.search"), refresh: Some(Duration::from_millis(100)) };
    let opened = path.clone();
    let live = indexer::start(move || Store::open(&opened), config).expect("start");
    wait_for("the first sync", || live.is_ready());
    let request = |text: &str| SearchRequest { text: text.to_string(), limit: 10, ..SearchRequest::default() };
    let found = live.search(&request("冰雪旅游"), &[1]).expect("search");
    assert!(found.total > 0);

    // Another connection (the CLI) adds a plan while the server runs.
    demo::ingest_bytes(&mut store, other_region().as_bytes(), "样本县.txt").expect("ingest");
    wait_for("the refresh", || live.search(&request("样本县"), &[2]).is_ok_and(|r| r.total > 0));
}

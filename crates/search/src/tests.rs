//! Tests of the public API over two small plans written for them.

use lantu_extract::model::PlanKind;
use lantu_extract::{Document, Extraction};

use crate::{ItemKind, Passage, PlanDoc, Query, Results, SearchError, SearchIndex};

const OUTLINE: &str = "长白市国民经济和社会发展第十四个五年规划纲要

第一章  发展基础

“十三五”时期，全市地区生产总值年均增长6.5%，冰雪旅游接待人次

突破一千万。

第二章  发展目标

到2025年，地区生产总值比2020年翻一番，冰雪产业增加值达到200亿元。

第三章  发展冰雪经济

第一节  打造冰雪产业集群

建设北山冰雪旅游度假区，推进<script>alert(1)</script>滑雪场提档升级。
";

const REPORT: &str = "青山县2023年政府工作报告

一、过去一年工作回顾

全年办成民生实事十件，新建冰雪运动场地三处，文旅产业加快恢复。

二、今年工作安排

持续办好民生实事，地区生产总值增长6%左右。
";

fn extraction(text: &str) -> Extraction {
    lantu_extract::extract_document(&Document::parse(text))
}

/// The outline plan. Its first paragraph is wrapped over lines 5 and 7 the way a
/// print-style export does it; the passages are given by hand so the test does not
/// depend on the wrap-width measure.
fn outline_plan(ex: &Extraction) -> PlanDoc<'_> {
    let mut plan = PlanDoc::from_text(1, OUTLINE, ex);
    plan.title = "长白市国民经济和社会发展第十四个五年规划纲要".into();
    plan.region = Some("长白市".into());
    plan.kind = PlanKind::FiveYearOutline;
    plan.period = Some((2021, 2025));
    let first = "“十三五”时期，全市地区生产总值年均增长6.5%，冰雪旅游接待人次";
    plan.passages.retain(|p| p.line() != 5 && p.line() != 7);
    plan.passages.push(Passage { text: format!("{first}突破一千万。"), lines: vec![(0, 5), (first.len(), 7)] });
    plan
}

fn report_plan(ex: &Extraction) -> PlanDoc<'_> {
    let mut plan = PlanDoc::from_text(2, REPORT, ex);
    plan.title = "青山县2023年政府工作报告".into();
    plan.region = Some("青山县".into());
    plan.kind = PlanKind::AnnualReport;
    plan.period = Some((2023, 2023));
    plan
}

fn two_plans() -> SearchIndex {
    let (a, b) = (extraction(OUTLINE), extraction(REPORT));
    let index = SearchIndex::create_in_ram().unwrap();
    index.index_plans(&[outline_plan(&a), report_plan(&b)]).unwrap();
    index
}

fn plans_of(r: &Results) -> Vec<i64> {
    let mut ids: Vec<i64> = r.hits.iter().map(|h| h.plan_id).collect();
    ids.sort_unstable();
    ids.dedup();
    ids
}

#[test]
fn finds_items_in_both_plans_with_facets() {
    let index = two_plans();
    let r = index.search(&Query::text("冰雪")).unwrap();
    assert_eq!(plans_of(&r), vec![1, 2]);
    assert_eq!(r.total, r.hits.len());
    let region = |name: &str| r.facets.region.iter().find(|f| f.value == name).map(|f| f.count);
    assert_eq!(region("青山县"), Some(1));
    assert!(region("长白市").unwrap() >= 3, "{:?}", r.facets.region);
    assert!(r.facets.kind.iter().any(|f| f.value == PlanKind::AnnualReport && f.count == 1));
    let years: Vec<i32> = r.facets.year.iter().map(|f| f.value).collect();
    assert_eq!(years, vec![2021, 2022, 2023, 2024, 2025]);
    assert!(r.facets.item_kind.iter().any(|f| f.value == ItemKind::Heading));
    for hit in &r.hits {
        assert!(hit.snippet_html.contains("<mark>"), "{hit:?}");
    }
}

#[test]
fn facet_filters_narrow_the_hits() {
    let index = two_plans();
    let by_region = Query { region: Some("青山县".into()), ..Query::text("冰雪") };
    assert_eq!(plans_of(&index.search(&by_region).unwrap()), vec![2]);
    let by_kind = Query { kind: Some(PlanKind::FiveYearOutline), ..Query::text("冰雪") };
    assert_eq!(plans_of(&index.search(&by_kind).unwrap()), vec![1]);
    let in_2023 = Query { year: Some(2023), ..Query::text("冰雪") };
    assert_eq!(plans_of(&index.search(&in_2023).unwrap()), vec![1, 2]);
    let in_2024 = Query { year: Some(2024), ..Query::text("冰雪") };
    assert_eq!(plans_of(&index.search(&in_2024).unwrap()), vec![1]);
    let in_2030 = Query { year: Some(2030), ..Query::text("冰雪") };
    assert_eq!(index.search(&in_2030).unwrap().total, 0);
    let headings = Query { item_kind: Some(ItemKind::Heading), ..Query::text("冰雪") };
    let r = index.search(&headings).unwrap();
    assert!(!r.hits.is_empty());
    assert!(r.hits.iter().all(|h| h.item_kind == ItemKind::Heading), "{:?}", r.hits);
    let mut lines: Vec<usize> = r.hits.iter().map(|h| h.line).collect();
    lines.sort_unstable();
    assert_eq!(lines, vec![13, 15]);
    let unknown = Query { region: Some("无此地".into()), ..Query::text("冰雪") };
    assert_eq!(index.search(&unknown).unwrap().total, 0);
}

#[test]
fn filters_do_not_change_scores() {
    let index = two_plans();
    let plain = index.search(&Query::text("民生实事")).unwrap();
    let filtered = index.search(&Query { region: Some("青山县".into()), ..Query::text("民生实事") }).unwrap();
    let scores = |r: &Results| r.hits.iter().map(|h| h.score).collect::<Vec<_>>();
    assert_eq!(scores(&plain), scores(&filtered));
}

#[test]
fn snippet_highlights_and_escapes() {
    let index = two_plans();
    let r = index.search(&Query::text("滑雪场")).unwrap();
    let hit = &r.hits[0];
    assert_eq!(hit.line, 17);
    assert!(hit.snippet_html.contains("<mark>滑雪场</mark>"), "{}", hit.snippet_html);
    assert!(hit.snippet_html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"), "{}", hit.snippet_html);
    assert!(!hit.snippet_html.contains("<script>"));
    assert_eq!(hit.heading, "第三章 发展冰雪经济 › 第一节 打造冰雪产业集群");
    assert_eq!(hit.title, "长白市国民经济和社会发展第十四个五年规划纲要");
}

#[test]
fn a_searched_markup_word_is_escaped_inside_the_mark() {
    let index = two_plans();
    let r = index.search(&Query::text("script")).unwrap();
    let html = &r.hits[0].snippet_html;
    assert!(html.contains("&lt;<mark>script</mark>&gt;"), "{html}");
}

#[test]
fn a_phrase_across_a_line_break_is_found_at_its_line() {
    let index = two_plans();
    let r = index.search(&Query::text("人次突破")).unwrap();
    assert_eq!(r.total, 1, "{:?}", r.hits);
    assert_eq!(r.hits[0].line, 5);
    let r = index.search(&Query::text("一千万")).unwrap();
    assert_eq!(r.hits[0].line, 7, "the hit's line is that of the matched word");
}

#[test]
fn words_are_anded_and_split_words_are_phrases() {
    let index = two_plans();
    let r = index.search(&Query::text("地区生产总值 翻一番")).unwrap();
    assert!(r.total >= 1);
    assert!(r.hits.iter().all(|h| h.line == 11), "{:?}", r.hits);
    // 冰雪产业 is a phrase: the report's 冰雪运动 … 文旅产业 is no hit.
    let r = index.search(&Query::text("冰雪产业")).unwrap();
    assert_eq!(plans_of(&r), vec![1]);
    assert!(r.hits[0].snippet_html.contains("<mark>冰雪产业</mark>"), "{:?}", r.hits);
    // A part of a long word is found (search-mode segmentation).
    assert!(index.search(&Query::text("生产")).unwrap().total >= 2);
}

#[test]
fn the_plan_title_and_region_narrow_a_search() {
    let index = two_plans();
    assert_eq!(plans_of(&index.search(&Query::text("青山县 冰雪")).unwrap()), vec![2]);
    assert_eq!(plans_of(&index.search(&Query::text("长白市 冰雪")).unwrap()), vec![1]);
}

#[test]
fn exclusion_and_quoted_phrases_work() {
    let index = two_plans();
    let r = index.search(&Query::text("冰雪 -旅游")).unwrap();
    assert!(r.hits.iter().all(|h| !h.snippet_html.contains("旅游")), "{:?}", r.hits);
    assert!(r.total > 0);
    let r = index.search(&Query::text("\"民生实事\"")).unwrap();
    assert_eq!(plans_of(&r), vec![2]);
}

#[test]
fn odd_queries_are_not_errors() {
    let index = two_plans();
    for text in [
        "冰雪:产业\"(",
        "\"",
        ":",
        "*",
        "AND",
        "OR OR",
        "NOT",
        "冰雪 AND",
        "[1 TO",
        "{",
        "^2",
        "~",
        "\\",
        "-",
        "+-+",
        "title:冰雪",
        "body:\"冰雪",
        "😀",
        "\u{0}",
        "（冰雪）",
    ] {
        let r = index.search(&Query::text(text));
        assert!(r.is_ok(), "{text:?}: {r:?}");
    }
    let r = index.search(&Query::text("冰雪:产业")).unwrap();
    assert!(r.total > 0);
}

#[test]
fn an_empty_query_gives_no_hits() {
    let index = two_plans();
    for text in ["", "   ", "，。", "\u{3000}"] {
        let r = index.search(&Query::text(text)).unwrap();
        assert_eq!(r, Results::default(), "{text:?}");
    }
}

#[test]
fn reindexing_a_plan_replaces_it() {
    let index = two_plans();
    let before = index.num_items();
    let text = "第一章  总则\n\n发展数字经济，建设智慧城市。\n";
    let ex = extraction(text);
    let mut plan = PlanDoc::from_text(1, text, &ex);
    plan.region = Some("长白市".into());
    index.index_plan(&plan).unwrap();
    assert!(index.num_items() < before);
    let r = index.search(&Query::text("冰雪")).unwrap();
    assert_eq!(plans_of(&r), vec![2]);
    assert_eq!(index.search(&Query::text("智慧城市")).unwrap().hits[0].line, 3);
    // Indexing the same plan twice leaves one copy.
    index.index_plan(&plan).unwrap();
    assert_eq!(index.search(&Query::text("智慧城市")).unwrap().total, 1);
}

#[test]
fn removing_a_plan() {
    let index = two_plans();
    index.remove_plan(2).unwrap();
    assert_eq!(index.search(&Query::text("民生实事")).unwrap().total, 0);
    assert!(index.search(&Query::text("冰雪")).unwrap().total > 0);
    index.remove_plan(99).unwrap();
    index.remove_all().unwrap();
    assert_eq!(index.num_items(), 0);
}

#[test]
fn pages() {
    let index = two_plans();
    let all = index.search(&Query::text("冰雪")).unwrap();
    assert!(all.total >= 4);
    let first = index.search(&Query { limit: 2, ..Query::text("冰雪") }).unwrap();
    let second = index.search(&Query { limit: 2, offset: 2, ..Query::text("冰雪") }).unwrap();
    assert_eq!(first.total, all.total);
    assert_eq!(first.hits, all.hits[..2]);
    assert_eq!(second.hits, all.hits[2..4]);
    let beyond = index.search(&Query { offset: 1000, ..Query::text("冰雪") }).unwrap();
    assert!(beyond.hits.is_empty());
    assert_eq!(beyond.total, all.total);
}

#[test]
fn on_disk_index_survives_reopening() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("search");
    assert!(matches!(SearchIndex::open_in_dir(&path), Err(SearchError::Tantivy(_)) | Err(SearchError::NotFound(_))));
    {
        let ex = extraction(REPORT);
        let index = SearchIndex::create_in_dir(&path).unwrap();
        index.index_plan(&report_plan(&ex)).unwrap();
        assert!(SearchIndex::create_in_dir(&path).is_err(), "creating over an index must fail");
    }
    let index = SearchIndex::open_in_dir(&path).unwrap();
    assert_eq!(plans_of(&index.search(&Query::text("民生实事")).unwrap()), vec![2]);
    drop(index);
    let index = SearchIndex::open_or_create_in_dir(&path).unwrap();
    assert!(index.num_items() > 0);
    let empty = dir.path().join("empty");
    std::fs::create_dir_all(&empty).unwrap();
    assert!(matches!(SearchIndex::open_in_dir(&empty), Err(SearchError::NotFound(_))));
    assert_eq!(SearchIndex::open_or_create_in_dir(&empty).unwrap().num_items(), 0);
}

#[test]
fn the_index_can_be_shared_between_threads() {
    fn shared<T: Send + Sync>() {}
    shared::<SearchIndex>();
}

#[test]
fn results_serialise_with_contract_names() {
    let index = two_plans();
    let r = index.search(&Query { limit: 1, ..Query::text("民生实事") }).unwrap();
    let json = serde_json::to_value(&r).unwrap();
    assert_eq!(json["hits"][0]["item_kind"], "text");
    assert_eq!(json["facets"]["kind"][0]["value"], "annual_report");
}

#[test]
fn counts_are_the_same_over_several_segments_and_after_deletes() {
    let (a, b) = (extraction(OUTLINE), extraction(REPORT));
    let one_commit = two_plans();
    let separate = SearchIndex::create_in_ram().unwrap();
    separate.index_plan(&report_plan(&b)).unwrap();
    separate.index_plan(&outline_plan(&a)).unwrap();
    // Indexing plan 1 again leaves deleted documents behind in the first segment.
    separate.index_plan(&outline_plan(&a)).unwrap();
    for text in ["冰雪", "发展", "民生实事", "长白市"] {
        let x = one_commit.search(&Query::text(text)).unwrap();
        let y = separate.search(&Query::text(text)).unwrap();
        assert_eq!(x.total, y.total, "{text}");
        assert_eq!(x.facets, y.facets, "{text}");
        let kinds: u64 = x.facets.item_kind.iter().map(|f| f.count).sum();
        assert_eq!(kinds as usize, x.total, "{text}");
    }
}

#[test]
fn random_typed_text_never_fails() {
    let index = two_plans();
    let alphabet: Vec<char> = "冰雪产业发展民生实事 \u{3000}\"'“”:：-+*?!^~()[]{}\\/<>=&|,，。ANDORNOTTO0129aZ😀\u{0}\t".chars().collect();
    let mut seed: u64 = 0x9e37_79b9_7f4a_7c15;
    let mut next = || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed
    };
    for _ in 0..2000 {
        let len = (next() % 12) as usize;
        let text: String = (0..len).map(|_| alphabet[(next() % alphabet.len() as u64) as usize]).collect();
        let r = index.search(&Query::text(text.as_str()));
        assert!(r.is_ok(), "{text:?}: {r:?}");
    }
}

#[test]
fn a_plan_filter_keeps_only_the_allowed_plans() {
    let index = two_plans();
    let only_2 = Query { plans: Some(vec![2]), ..Query::text("冰雪") };
    let r = index.search(&only_2).unwrap();
    assert_eq!(plans_of(&r), vec![2]);
    // The facets count only the allowed plans too.
    assert!(r.facets.region.iter().all(|f| f.value == "青山县"), "{:?}", r.facets.region);
    let none = Query { plans: Some(Vec::new()), ..Query::text("冰雪") };
    assert_eq!(index.search(&none).unwrap().total, 0);
    let both = Query { plans: Some(vec![1, 2, 99]), ..Query::text("冰雪") };
    assert_eq!(plans_of(&index.search(&both).unwrap()), vec![1, 2]);
}

#[test]
fn a_batch_commits_its_payload_with_its_items() {
    let dir = tempfile::tempdir().unwrap();
    let ex = extraction(OUTLINE);
    {
        let index = SearchIndex::create_in_dir(dir.path()).unwrap();
        assert_eq!(index.commit_payload().unwrap(), None);
        let mut batch = index.batch().unwrap();
        batch.add_plan(&outline_plan(&ex)).unwrap();
        // Nothing is searchable before the commit.
        assert_eq!(index.num_items(), 0);
        batch.commit(Some("plans: 1")).unwrap();
        assert!(index.num_items() > 0);
        index.release_writer().unwrap();
    }
    let index = SearchIndex::open_in_dir(dir.path()).unwrap();
    assert_eq!(index.commit_payload().unwrap().as_deref(), Some("plans: 1"));
    assert!(!index.search(&Query::text("冰雪")).unwrap().hits.is_empty());
    // A commit without a payload says nothing of what the index holds any more.
    index.remove_plan(1).unwrap();
    assert_eq!(index.commit_payload().unwrap(), None);
}

#[test]
fn a_dropped_batch_changes_nothing() {
    let index = two_plans();
    let before = index.num_items();
    let ex = extraction(OUTLINE);
    {
        let mut batch = index.batch().unwrap();
        batch.remove_plan(2);
        batch.add_plan(&outline_plan(&ex)).unwrap();
    }
    assert_eq!(index.num_items(), before);
    assert_eq!(plans_of(&index.search(&Query::text("冰雪")).unwrap()), vec![1, 2]);
    // The writer is usable again.
    index.remove_plan(2).unwrap();
    assert_eq!(plans_of(&index.search(&Query::text("冰雪")).unwrap()), vec![1]);
}

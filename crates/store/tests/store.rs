//! The store's story, told once and run on SQLite and on PostgreSQL.

mod common;

use common::{outline, Fixture};
use lantu_extract::model::Heading;
use lantu_store::*;

on_every_backend!(
    migrations_are_applied_once,
    ingest_then_list_and_show,
    same_bytes_again_is_a_no_op,
    changed_document_of_the_same_plan_is_a_new_version,
    different_regions_are_different_plans,
    link_refuses_cycles_and_unknown_plans,
    failure_midway_through_an_ingest_leaves_the_store_unchanged,
    failure_midway_through_an_import_leaves_the_store_unchanged,
    actuals_replace_by_region_metric_year_source,
    overrides_need_who_and_why,
    findings_are_replaced_as_a_set,
    every_write_is_audited,
    diff_between_versions,
    suggested_links_are_made_together_or_not_at_all,
    project_progress_is_kept_with_who_and_audited,
    current_indicators_are_every_plans_current_version_in_one_read,
    all_overrides_are_each_plans_in_the_order_made,
    publication_is_read_one_plan_at_a_time_or_as_the_published_list,
    a_reopened_store_reads_what_the_first_wrote,
    fact_values_are_all_facts_without_their_sentences,
);

fn migrations_are_applied_once(mut f: Fixture) {
    assert_eq!(f.store.schema_versions().unwrap(), vec![1, 10, 11]);
    f.store.ingest(&outline("a1", "甲市", 290.09)).unwrap();
    let mut again = (f.reopen)();
    assert_eq!(again.schema_versions().unwrap(), vec![1, 10, 11]);
    assert_eq!(again.counts().unwrap().plans, 1, "reopening keeps the data");
}

fn ingest_then_list_and_show(mut f: Fixture) {
    let ex = outline("a1", "甲市", 290.09);
    let out = f.store.ingest(&ex).unwrap();
    assert_eq!(out.status, IngestStatus::NewPlan);
    assert_eq!((out.version, out.indicators, out.targets, out.facts, out.projects, out.warnings), (1, 2, 1, 1, 1, 1));
    let plans = f.store.list_plans().unwrap();
    assert_eq!(plans.len(), 1);
    assert_eq!(plans[0].region.as_deref(), Some("甲市"));
    assert_eq!(plans[0].kind, "five_year_outline");
    assert_eq!((plans[0].period_start, plans[0].period_end), (Some(2021), Some(2025)));
    let detail = f.store.plan(out.plan_id).unwrap();
    // What went in comes back out, field for field.
    assert_eq!(detail.outline, ex.outline);
    assert_eq!(detail.indicators, ex.indicators);
    assert_eq!(detail.targets, ex.targets);
    assert_eq!(detail.facts, ex.facts);
    assert_eq!(detail.projects, ex.projects);
    assert_eq!(detail.horizon, Some(2035));
    assert!(matches!(f.store.plan(999), Err(StoreError::NotFound { .. })));
}

fn same_bytes_again_is_a_no_op(mut f: Fixture) {
    let ex = outline("a1", "甲市", 290.09);
    f.store.ingest(&ex).unwrap();
    let before = f.store.counts().unwrap();
    let out = f.store.ingest(&ex).unwrap();
    assert_eq!(out.status, IngestStatus::Unchanged);
    assert_eq!(f.store.counts().unwrap(), before);
}

fn changed_document_of_the_same_plan_is_a_new_version(mut f: Fixture) {
    let first = f.store.ingest(&outline("a1", "甲市", 290.09)).unwrap();
    let second = f.store.ingest(&outline("a2", "甲市", 291.0)).unwrap();
    assert_eq!(second.status, IngestStatus::NewVersion);
    assert_eq!((second.plan_id, second.version), (first.plan_id, 2));
    let versions = f.store.versions(first.plan_id).unwrap();
    assert_eq!(versions.iter().map(|v| v.sha256.as_str()).collect::<Vec<_>>(), ["a1", "a2"]);
    // The plan shows its current version; history keeps the first.
    assert_eq!(f.store.plan(first.plan_id).unwrap().facts[0].value, 291.0);
    let c = f.store.counts().unwrap();
    assert_eq!((c.plans, c.plan_versions, c.facts), (1, 2, 2));
    assert_eq!(f.store.all_facts().unwrap().len(), 1, "facts of current versions only");
}

fn different_regions_are_different_plans(mut f: Fixture) {
    f.store.ingest(&outline("a1", "甲市", 290.09)).unwrap();
    let out = f.store.ingest(&outline("b1", "乙县", 50.0)).unwrap();
    assert_eq!(out.status, IngestStatus::NewPlan);
    let mut unknown = outline("c1", "丙", 1.0);
    unknown.plan.region = None;
    let mut unknown2 = outline("c2", "丁", 1.0);
    unknown2.plan.region = None;
    unknown2.source.file = "other.txt".into();
    f.store.ingest(&unknown).unwrap();
    assert_eq!(f.store.ingest(&unknown2).unwrap().status, IngestStatus::NewPlan, "no region: never merged");
    assert_eq!(f.store.list_plans().unwrap().len(), 4);
}

fn link_refuses_cycles_and_unknown_plans(mut f: Fixture) {
    let city = f.store.ingest(&outline("a1", "甲市", 290.09)).unwrap().plan_id;
    let county = f.store.ingest(&outline("b1", "乙县", 50.0)).unwrap().plan_id;
    f.store.link(county, city).unwrap();
    assert_eq!(f.store.plan(county).unwrap().summary.parent_id, Some(city));
    assert!(matches!(f.store.link(city, county), Err(StoreError::Invalid(_))));
    assert!(matches!(f.store.link(city, city), Err(StoreError::Invalid(_))));
    assert!(matches!(f.store.link(county, 77), Err(StoreError::NotFound { .. })));
}

fn failure_midway_through_an_ingest_leaves_the_store_unchanged(mut f: Fixture) {
    f.store.ingest(&outline("a1", "甲市", 290.09)).unwrap();
    let before = (f.store.counts().unwrap(), f.store.list_plans().unwrap(), f.store.all_facts().unwrap());
    // A new plan and a new version of the stored one, each broken after every possible
    // number of writes: nothing of either may remain.
    for ex in [outline("b1", "乙县", 50.0), outline("a2", "甲市", 300.0)] {
        for n in 0..8 {
            f.store.fail_after_writes(Some(n));
            let err = f.store.ingest(&ex).unwrap_err();
            assert!(matches!(err, StoreError::Injected(_)), "{err}");
            f.store.fail_after_writes(None);
            let after = (f.store.counts().unwrap(), f.store.list_plans().unwrap(), f.store.all_facts().unwrap());
            assert_eq!(after, before, "after a failure at write {n}");
        }
    }
    // And the store still works afterwards.
    assert_eq!(f.store.ingest(&outline("a2", "甲市", 300.0)).unwrap().status, IngestStatus::NewVersion);
}

fn actual(metric: &str, year: i32, value: f64, source: &str) -> NewActual {
    NewActual {
        region: "甲市".into(),
        metric: metric.into(),
        year,
        value,
        unit: Some("亿元".into()),
        source: source.into(),
        estimated: false,
    }
}

fn failure_midway_through_an_import_leaves_the_store_unchanged(mut f: Fixture) {
    f.store.import_actuals(&[actual("地区生产总值", 2021, 250.0, "公报2021")]).unwrap();
    let before = f.store.actuals().unwrap();
    f.store.fail_after_writes(Some(3));
    let rows = [actual("地区生产总值", 2022, 290.0, "公报2022"), actual("地区生产总值", 2021, 251.0, "公报2021")];
    assert!(f.store.import_actuals(&rows).is_err());
    f.store.fail_after_writes(None);
    assert_eq!(f.store.actuals().unwrap(), before);
}

fn actuals_replace_by_region_metric_year_source(mut f: Fixture) {
    f.store.import_actuals(&[actual("地区生产总值", 2021, 250.0, "公报2021"), actual("地区生产总值", 2022, 280.0, "公报2022")]).unwrap();
    f.store
        .import_actuals(&[actual("地区生产总值", 2022, 290.09, "公报2022"), actual("地区生产总值", 2022, 320.0, "工作报告 预计")])
        .unwrap();
    let all = f.store.actuals().unwrap();
    let values: Vec<(i32, f64, &str)> = all.iter().map(|a| (a.actual.year, a.actual.value, a.actual.source.as_str())).collect();
    assert_eq!(values.len(), 3);
    assert!(values.contains(&(2022, 290.09, "公报2022")));
    assert!(values.contains(&(2022, 320.0, "工作报告 预计")));
    assert!(!values.iter().any(|v| v.1 == 280.0));
}

fn overrides_need_who_and_why(mut f: Fixture) {
    let plan = f.store.ingest(&outline("a1", "甲市", 290.09)).unwrap().plan_id;
    let mut o =
        NewOverride {
            plan_id: plan, indicator: "地区生产总值".into(), year: 2022, value: 230.0, who: "张三".into(), why: "".into()
        };
    assert!(matches!(f.store.add_override(&o), Err(StoreError::Invalid(_))));
    o.why = "疫情影响，年度间综合平衡".into();
    f.store.add_override(&o).unwrap();
    let stored = f.store.overrides(plan).unwrap();
    assert_eq!(stored.len(), 1);
    assert_eq!(stored[0].o, o);
    assert!(!stored[0].created_at.is_empty());
}

fn findings_are_replaced_as_a_set(mut f: Fixture) {
    let finding = |v: f64| NewFinding {
        kind: "conflicting_values".into(),
        region: Some("甲市".into()),
        metric: Some("地区生产总值".into()),
        year: Some(2022),
        message: format!("{v}"),
        sources: vec!["a.txt:8".into(), "b.txt:12".into()],
    };
    f.store.replace_findings(&[finding(1.0), finding(2.0)]).unwrap();
    f.store.replace_findings(&[finding(3.0)]).unwrap();
    assert_eq!(f.store.findings().unwrap(), vec![finding(3.0)]);
}

fn every_write_is_audited(mut f: Fixture) {
    f.store.set_actor("测试员");
    let a = f.store.ingest(&outline("a1", "甲市", 290.09)).unwrap().plan_id;
    let b = f.store.ingest(&outline("b1", "乙县", 50.0)).unwrap().plan_id;
    f.store.ingest(&outline("b1", "乙县", 50.0)).unwrap(); // no-op: not audited
    f.store.link(b, a).unwrap();
    let log = f.store.audit_log().unwrap();
    assert_eq!(log.iter().map(|e| e.action.as_str()).collect::<Vec<_>>(), ["ingest", "ingest", "link"]);
    assert!(log.iter().all(|e| e.actor == "测试员" && !e.at.is_empty()));
}

fn diff_between_versions(mut f: Fixture) {
    let first = outline("a1", "甲市", 290.09);
    let plan = f.store.ingest(&first).unwrap().plan_id;
    let mut second = outline("a2", "甲市", 290.09);
    second.indicators[0].target.text = Some("320以上".into());
    second.indicators[0].target.value = Some(320.0);
    second.indicators[1].line += 3; // moved, not changed
    second.projects.clear();
    second.outline.push(Heading { level: 1, label: "第二章".into(), title: "总体要求".into(), line: 40 });
    second.targets[0].value = 320.0;
    f.store.ingest(&second).unwrap();
    let d = f.store.diff(plan, None, None).unwrap();
    assert_eq!((d.from_version, d.to_version), (1, 2));
    assert_eq!(d.indicators_changed.len(), 1, "{d:?}");
    let c = &d.indicators_changed[0];
    assert_eq!((c.key.as_str(), c.name.as_str()), ("1", "地区生产总值"));
    assert_eq!(c.cells, [CellChange { field: "目标值".into(), old: "300以上（2025）".into(), new: "320以上（2025）".into() }]);
    assert!(d.indicators_added.is_empty() && d.indicators_removed.is_empty());
    assert_eq!(d.projects_removed.len(), 1);
    assert_eq!(d.headings_added.iter().map(|h| h.title.as_str()).collect::<Vec<_>>(), ["总体要求"]);
    assert_eq!((d.targets_added[0].value, d.targets_removed[0].value), (320.0, 300.0));
    // Explicit versions, and the same version against itself.
    assert!(f.store.diff(plan, Some(2), Some(2)).unwrap().is_empty());
    assert_eq!(f.store.diff(plan, Some(2), Some(1)).unwrap().projects_added.len(), 1);
    assert!(matches!(f.store.diff(plan, Some(1), Some(3)), Err(StoreError::NotFound { .. })));
    // The old version's content is still there.
    assert_eq!(f.store.plan_version(plan, 1).unwrap().indicators, first.indicators);
}

fn suggested_links_are_made_together_or_not_at_all(mut f: Fixture) {
    let city = f.store.ingest(&outline("a1", "甲市", 290.09)).unwrap().plan_id;
    let mut report = outline("r1", "甲市", 300.0);
    report.plan.kind = lantu_extract::model::PlanKind::AnnualReport;
    report.plan.period = Some(lantu_extract::model::Period { start: 2023, end: 2023 });
    let report = f.store.ingest(&report).unwrap().plan_id;
    let county = f.store.ingest(&outline("b1", "乙县", 50.0)).unwrap().plan_id;
    let mut regions = Regions::empty();
    regions.add("甲市", "乙县");
    let s = f.store.suggest_links(&regions).unwrap();
    assert_eq!(s.iter().map(|s| (s.child, s.parent)).collect::<Vec<_>>(), [(report, city), (county, city)]);
    // A batch holding a cycle fails as a whole: nothing is linked.
    let mut bad = s.clone();
    bad.push(LinkSuggestion { child: city, parent: county, reason: "x".into() });
    assert!(f.store.link_all(&bad).is_err());
    assert!(f.store.list_plans().unwrap().iter().all(|p| p.parent_id.is_none()));
    assert_eq!(f.store.link_all(&s).unwrap(), 2);
    assert_eq!(f.store.plan(county).unwrap().summary.parent_id, Some(city));
    assert!(f.store.suggest_links(&regions).unwrap().is_empty());
    let log = f.store.audit_log().unwrap();
    let links: Vec<&str> = log.iter().filter(|e| e.action == "link").map(|e| e.detail.as_str()).collect();
    assert_eq!(links.len(), 2);
    assert!(links[1].contains("乙县属于甲市"), "{links:?}");
}

fn project_progress_is_kept_with_who_and_audited(mut f: Fixture) {
    let plan = f.store.ingest(&outline("a1", "甲市", 290.09)).unwrap().plan_id;
    f.store.set_actor("编辑甲");
    f.store.assign_project_unit(plan, "专栏1/大数据中心", "发展改革委").unwrap();
    f.store.assign_project_unit(plan, "专栏1/大数据中心", "工信局").unwrap();
    assert_eq!(f.store.project_units(plan).unwrap(), vec![("专栏1/大数据中心".to_string(), "工信局".to_string())]);
    assert!(matches!(f.store.assign_project_unit(999, "x", "工信局"), Err(StoreError::NotFound { .. })));

    f.store.set_actor("单位乙");
    let entry = |year, status, percent| NewProgress {
        plan_id: plan,
        project: "专栏1/大数据中心".into(),
        year,
        status,
        percent,
        note: " 主体完工 ".into(),
    };
    let first = f.store.record_progress(&entry(2023, ProjectStatus::InProgress, Some(40.0))).unwrap();
    assert_eq!((first.who.as_str(), first.note.as_str()), ("单位乙", "主体完工"));
    assert!(!first.at.is_empty());
    f.store.record_progress(&entry(2023, ProjectStatus::Completed, Some(100.0))).unwrap();
    // Bad entries are refused, nothing written.
    for bad in [
        entry(1800, ProjectStatus::Delayed, None),
        entry(2023, ProjectStatus::Delayed, Some(101.0)),
        entry(2023, ProjectStatus::Delayed, Some(f64::NAN)),
    ] {
        assert!(matches!(f.store.record_progress(&bad), Err(StoreError::Invalid(_))), "{bad:?}");
    }
    assert!(matches!(
        f.store.record_progress(&NewProgress { plan_id: 999, ..entry(2023, ProjectStatus::Delayed, None) }),
        Err(StoreError::NotFound { .. })
    ));
    // History is kept, oldest first; the last entry of a year is the project's progress.
    let all = f.store.project_progress(plan).unwrap();
    assert_eq!(
        all.iter().map(|e| (e.status, e.percent)).collect::<Vec<_>>(),
        [(ProjectStatus::InProgress, Some(40.0)), (ProjectStatus::Completed, Some(100.0))]
    );
    assert!(f.store.project_progress(999).unwrap().is_empty());

    let log = f.store.audit_log().unwrap();
    let tail: Vec<(&str, &str, &str)> = log.iter().skip(1).map(|e| (e.actor.as_str(), e.action.as_str(), e.detail.as_str())).collect();
    assert_eq!(
        tail,
        [
            ("编辑甲", "assign_project_unit", format!("plan {plan} project 专栏1/大数据中心: none → 发展改革委").as_str()),
            ("编辑甲", "assign_project_unit", format!("plan {plan} project 专栏1/大数据中心: 发展改革委 → 工信局").as_str()),
            ("单位乙", "project_progress", format!("plan {plan} project 专栏1/大数据中心 2023: none → in_progress 40%").as_str()),
            ("单位乙", "project_progress", format!("plan {plan} project 专栏1/大数据中心 2023: in_progress 40% → completed 100%").as_str()),
        ]
    );
}

fn current_indicators_are_every_plans_current_version_in_one_read(mut f: Fixture) {
    let a = f.store.ingest(&outline("a1", "甲市", 290.09)).unwrap().plan_id;
    let b = f.store.ingest(&outline("b1", "乙市", 100.0)).unwrap().plan_id;
    let mut changed = outline("a2", "甲市", 291.0);
    changed.indicators[0].name = "经济总量".into();
    f.store.ingest(&changed).unwrap();
    let all = f.store.current_indicators().unwrap();
    // Exactly what each plan's detail lists, in plan id then document order.
    let mut expected = Vec::new();
    for id in [a, b] {
        expected.extend(f.store.plan(id).unwrap().indicators.into_iter().map(|i| (id, i)));
    }
    assert_eq!(all, expected);
    assert_eq!(all.iter().filter(|(id, _)| *id == a).map(|(_, i)| i.name.as_str()).next(), Some("经济总量"), "the current version only");
}

fn all_overrides_are_each_plans_in_the_order_made(mut f: Fixture) {
    let a = f.store.ingest(&outline("a1", "甲市", 290.09)).unwrap().plan_id;
    let b = f.store.ingest(&outline("b1", "乙市", 100.0)).unwrap().plan_id;
    let o = |plan_id, value| NewOverride {
        plan_id,
        indicator: "地区生产总值".into(),
        year: 2022,
        value,
        who: "张三".into(),
        why: "调整".into(),
    };
    for (plan, value) in [(b, 1.0), (a, 2.0), (b, 3.0)] {
        f.store.add_override(&o(plan, value)).unwrap();
    }
    let all: Vec<NewOverride> = f.store.all_overrides().unwrap().into_iter().map(|s| s.o).collect();
    assert_eq!(all, vec![o(b, 1.0), o(a, 2.0), o(b, 3.0)]);
    let of_b: Vec<NewOverride> = f.store.overrides(b).unwrap().into_iter().map(|s| s.o).collect();
    assert_eq!(of_b, all.iter().filter(|x| x.plan_id == b).cloned().collect::<Vec<_>>());
}

fn publication_is_read_one_plan_at_a_time_or_as_the_published_list(mut f: Fixture) {
    let a = f.store.ingest(&outline("a1", "甲市", 290.09)).unwrap().plan_id;
    let b = f.store.ingest(&outline("b1", "乙市", 100.0)).unwrap().plan_id;
    assert!(!f.store.is_published(a).unwrap());
    f.store.set_published(b, true).unwrap();
    assert!(!f.store.is_published(a).unwrap());
    assert!(f.store.is_published(b).unwrap());
    assert!(!f.store.is_published(999).unwrap(), "an unknown plan is not published");
    let listed = f.store.list_published_plans().unwrap();
    let all = f.store.list_plans().unwrap();
    assert_eq!(listed, all.into_iter().filter(|p| p.id == b).collect::<Vec<_>>());
}

fn a_reopened_store_reads_what_the_first_wrote(mut f: Fixture) {
    let mut reader = f.store.reopen().unwrap().expect("a file or a server can be shared");
    assert!(reader.list_plans().unwrap().is_empty());
    let a = f.store.ingest(&outline("a1", "甲市", 290.09)).unwrap().plan_id;
    // A read on the other connection sees the commit, and reads go on while the first
    // connection is in the middle of nothing.
    assert_eq!(reader.list_plans().unwrap().iter().map(|p| p.id).collect::<Vec<_>>(), vec![a]);
    assert_eq!(reader.schema_versions().unwrap(), vec![1, 10, 11]);
    f.store.set_published(a, true).unwrap();
    assert!(reader.is_published(a).unwrap());
}

#[test]
fn an_in_memory_store_is_not_shared() {
    let store = Store::open(":memory:").unwrap();
    assert!(store.reopen().unwrap().is_none(), "a second connection would see another, empty database");
}

fn fact_values_are_all_facts_without_their_sentences(mut f: Fixture) {
    f.store.ingest(&outline("a1", "甲市", 290.09)).unwrap();
    f.store.ingest(&outline("b1", "乙市", 100.0)).unwrap();
    f.store.ingest(&outline("a2", "甲市", 291.0)).unwrap();
    let lean = f.store.current_fact_values().unwrap();
    let full = f.store.all_facts().unwrap();
    assert_eq!(lean.len(), full.len());
    assert_eq!(lean.len(), 2, "current versions only");
    for (l, s) in lean.iter().zip(&full) {
        let expected = FactValue {
            plan_id: s.plan_id,
            region: s.region.clone(),
            file: s.file.clone(),
            metric: s.fact.metric.clone(),
            year: s.fact.year,
            value: s.fact.value,
            unit: s.fact.unit.clone(),
            estimated: s.fact.estimated,
            line: s.fact.line,
        };
        assert_eq!(*l, expected);
    }
}

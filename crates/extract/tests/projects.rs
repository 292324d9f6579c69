//! Project boxes and ★ works over the seed documents: the three shapes (`name：
//! description` boxes with tables and collective lines, `、`-list boxes, ★ works),
//! compared with the gold files where there are some, and snapshots of every seed's
//! projects section.

mod common;

use std::collections::HashMap;

use lantu_extract::model::Project;

fn squash(s: &str) -> String {
    s.split_whitespace().collect()
}

/// The projects section without `heading` (an index into the outline, which another
/// part of the extractor fills): the snapshot pins what this reader decides.
fn snapshot_rows(projects: &[Project]) -> serde_json::Value {
    projects
        .iter()
        .map(|p| {
            serde_json::json!({
                "group": p.group, "name": p.name, "description": p.description,
                "investment": p.investment, "line": p.line,
            })
        })
        .collect()
}

/// Every gold item is found with its group and line, and nothing else is output.
fn assert_matches_gold(prefix: &str) {
    let (Some(out), Some(gold)) = (common::extract_seed(prefix), common::gold(prefix, "projects")) else { return };
    let gold_items = gold["projects"].as_array().cloned().unwrap_or_default();
    let key = |name: &str, line: u64| (squash(name), line);
    let mut expected: HashMap<(String, u64), usize> = HashMap::new();
    for g in &gold_items {
        *expected.entry(key(g["name"].as_str().unwrap_or(""), g["line"].as_u64().unwrap_or(0))).or_default() += 1;
    }
    let mut got: HashMap<(String, u64), usize> = HashMap::new();
    for p in &out.projects {
        *got.entry(key(&p.name, p.line as u64)).or_default() += 1;
    }
    assert_eq!(got, expected, "{prefix}: projects (name, line) differ from the gold");
    let groups: HashMap<(String, u64), String> = gold_items
        .iter()
        .map(|g| {
            let k = key(g["name"].as_str().unwrap_or(""), g["line"].as_u64().unwrap_or(0));
            (k, squash(g["group"].as_str().unwrap_or("")))
        })
        .collect();
    for p in &out.projects {
        let group = groups.get(&key(&p.name, p.line as u64));
        assert_eq!(group, p.group.as_deref().map(squash).as_ref(), "{prefix}: group of {}", p.name);
    }
}

#[test]
fn dunhao_list_boxes_match_the_gold() {
    // 001: `专栏N  …重点项目` + one long line of names; category lines; name：sentence lines.
    assert_matches_gold("001");
}

#[test]
fn colon_boxes_tables_and_collectives_match_the_gold() {
    // 002: `专栏 N：…` + wrapped `名称：描述` items, area tables, a transposed table,
    // collective and nested collective lines, page numbers inside boxes.
    assert_matches_gold("002");
    let Some(out) = common::extract_seed("002") else { return };
    let described = out.projects.iter().find(|p| p.name == "万科松花湖度假区扩建项目").expect("a box item");
    assert_eq!(described.group.as_deref(), Some("专栏 4：冰雪产业重大项目"));
    assert_eq!(described.description.as_deref(), Some("扩建雪场35万平方米，建设飞行营地、水上乐园和旅游度假小镇集群。"));
}

#[test]
fn star_works_of_the_annual_report() {
    let Some(out) = common::extract_seed("003") else { return };
    assert_eq!(out.projects.len(), 10, "the ten 民生实事");
    assert!(out.projects.iter().all(|p| p.group.as_deref().is_some_and(|g| g.contains("民生实事"))));
    assert!(out.projects.iter().all(|p| p.description.is_some()));
    let first = &out.projects[0];
    assert_eq!(first.investment.as_ref().map(|m| (m.value, m.unit.as_str())), Some((6000.0, "万元")));
}

#[test]
fn programme_boxes_of_the_special_plan() {
    let Some(out) = common::extract_seed("004") else { return };
    let mut groups: Vec<&str> = out.projects.iter().filter_map(|p| p.group.as_deref()).collect();
    groups.dedup();
    assert_eq!(groups.len(), 8, "{groups:?}");
    assert!(out.projects.iter().all(|p| p.description.is_some()), "every 004 item is `name：description`");
}

#[test]
fn projects_snapshots() {
    for path in common::seeds() {
        let bytes = std::fs::read(&path).expect("reading a seed");
        let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("seed").to_string();
        let out = lantu_extract::extract_bytes(&bytes, &name, &Default::default()).expect("extracting a seed");
        let stem = name.split('_').next().unwrap_or("seed").to_string();
        insta::assert_json_snapshot!(format!("projects_{stem}"), snapshot_rows(&out.projects));
    }
}

//! Prose reading over small documents written in the seeds' style.

use super::*;
use crate::model::{Period, PlanKind};

fn plan(period: Option<(i32, i32)>) -> PlanMeta {
    PlanMeta {
        title: None,
        region: None,
        kind: PlanKind::FiveYearOutline,
        period: period.map(|(start, end)| Period { start, end }),
        horizon: None,
    }
}

fn read(text: &str, period: Option<(i32, i32)>) -> Prose {
    let doc = Document::parse(text);
    extract(&doc, &plan(period), &[], &[])
}

fn targets(p: &Prose) -> Vec<(String, Option<i32>, f64, String, &'static str)> {
    p.targets.iter().map(|t| (t.metric.clone(), t.year, t.value, t.unit.clone().unwrap_or_default(), t.bound.as_str())).collect()
}

fn facts(p: &Prose) -> Vec<(String, Option<i32>, f64, String, bool)> {
    p.facts.iter().map(|f| (f.metric.clone(), f.year, f.value, f.unit.clone().unwrap_or_default(), f.estimated)).collect()
}

#[test]
fn goal_section_targets_take_the_governing_year() {
    let p = read(
        "第三节 发展目标\n到2027年，全县建成省级示范县。工业总量翻一番，达到120亿元以上；城镇人口达到15万人，粮食产量突破9亿斤。\n",
        None,
    );
    assert_eq!(
        targets(&p),
        vec![
            ("工业总量".into(), Some(2027), 120.0, "亿元".into(), ">="),
            ("城镇人口".into(), Some(2027), 15.0, "万人".into(), "="),
            ("粮食产量".into(), Some(2027), 9.0, "亿斤".into(), ">="),
        ]
    );
    assert!(p.facts.is_empty());
}

#[test]
fn review_section_facts_and_respective_lists() {
    let p = read(
        "第一章 发展基础\n“十三五”期间，全县发展稳中有进。\n一、经济实力\n２０２０年，工业产值和税收收入分别达到３５亿元和４\u{E010}２亿元。城乡居民低保标准分别达到每人每年6000元和3900元。规上企业发展到41户，高于全省平均水平2户。\n",
        None,
    );
    assert_eq!(
        facts(&p),
        vec![
            ("工业产值".into(), Some(2020), 35.0, "亿元".into(), false),
            ("税收收入".into(), Some(2020), 4.2, "亿元".into(), false),
            ("城镇居民低保标准".into(), Some(2020), 6000.0, "元".into(), false),
            ("农村居民低保标准".into(), Some(2020), 3900.0, "元".into(), false),
            ("规上企业".into(), Some(2020), 41.0, "户".into(), false),
        ]
    );
    assert!(p.targets.is_empty());
    assert_eq!(p.facts[1].line, 4);
}

#[test]
fn estimates_in_a_work_review_and_targets_in_the_plan_of_work() {
    let p = read(
        "2022工作回顾\n预计实现地区生产总值88亿元，全口径财政收入6.1亿元。\n2023工作安排\n●发展装备制造业\n装备制造业预计实现产值12亿元。全年新增市场主体2000户。\n",
        None,
    );
    assert_eq!(
        facts(&p),
        vec![
            ("地区生产总值".into(), Some(2022), 88.0, "亿元".into(), true),
            ("全口径财政收入".into(), Some(2022), 6.1, "亿元".into(), true),
        ]
    );
    assert_eq!(
        targets(&p),
        vec![
            ("装备制造业产值".into(), Some(2023), 12.0, "亿元".into(), "="),
            ("新增市场主体".into(), Some(2023), 2000.0, "户".into(), "="),
        ]
    );
}

#[test]
fn doubling_a_stated_base() {
    let p = read("第二节 主要目标\n到2025年，地区生产总值由2020年的150亿元翻一番。\n", None);
    assert_eq!(targets(&p), vec![("地区生产总值".into(), Some(2025), 300.0, "亿元".into(), "=")]);
}

#[test]
fn doubling_with_its_own_value_is_one_target() {
    let p = read("第二节 主要目标\n到2025年，财政收入翻一番，达到20亿元以上。\n", None);
    assert_eq!(targets(&p), vec![("财政收入".into(), Some(2025), 20.0, "亿元".into(), ">=")]);
}

#[test]
fn undated_prose_outside_review_and_goal_sections_is_left_out() {
    let p = read(
        "第五章 生态建设\n投资3亿元，改造老旧小区12个。公路绿化率达100%。2020年常住人口31.2万人。力争公交分担率达到25%。\n",
        Some((2021, 2025)),
    );
    // Only the dated value is a fact; the undated ones cannot be placed in time.
    let facts: Vec<(Option<i32>, f64)> = p.facts.iter().map(|f| (f.year, f.value)).collect();
    assert_eq!(facts, vec![(Some(2020), 31.2)]);
    assert_eq!(targets(&p), vec![("公交分担率".into(), Some(2025), 25.0, "%".into(), "=")]);
}

#[test]
fn dated_facts_in_an_introduction() {
    let p = read("本方案范围为全县，总面积1200平方公里，2021年常住人口31.2万人。\n", None);
    assert_eq!(facts(&p), vec![("常住人口".into(), Some(2021), 31.2, "万人".into(), false)]);
}

#[test]
fn changes_shares_and_thresholds_are_not_values() {
    let p = read(
        "第一节 发展基础\n“十三五”期间，蓄水量增加5.5亿立方米，医药产业总量占全省20%，开工亿元以上项目30个，10亿元以上项目4个，行政审批时限压缩45%，排名第3位。\n",
        None,
    );
    assert_eq!(
        facts(&p),
        vec![
            ("开工亿元以上项目".into(), Some(2020), 30.0, "个".into(), false),
            ("10亿元以上项目".into(), Some(2020), 4.0, "个".into(), false),
        ]
    );
}

#[test]
fn cumulative_counts() {
    let p = read("第一节 “十三五”成就\n圆满完成改革试点，累计实施95项改革。\n", None);
    assert_eq!(facts(&p), vec![("改革".into(), Some(2020), 95.0, "项".into(), false)]);
}

#[test]
fn numbers_stand_on_their_original_lines() {
    // A print-style layout: the metric ends one line, the number stands on the next.
    let mut text = String::from(
        "第三节 发展目标\n\n到2030年，实现“两个一百”发展目标，城市建成区面积达到１００平方\n\n公里，财政收入达到１００亿元。\n\n",
    );
    for _ in 0..6 {
        text.push_str("这是一段用来让文档呈现出固定折行宽度的普通叙述文字内容啊\n\n");
    }
    let p = read(&text, None);
    assert_eq!(p.targets.len(), 2, "{:?}", p.targets);
    assert_eq!(p.targets[0].line, 3);
    assert_eq!(p.targets[1].line, 5);
    assert_eq!(p.targets[0].unit.as_deref(), Some("平方公里"));
}

#[test]
fn values_enumerated_with_dunhao() {
    let p = read("第二节 发展目标\n到2025年，年加工大米50万吨、饲用玉米80万吨，煤电占比降低到30%以下、水电占比达到40%。\n", None);
    assert_eq!(
        targets(&p),
        vec![
            ("年加工大米".into(), Some(2025), 50.0, "万吨".into(), "="),
            ("饲用玉米".into(), Some(2025), 80.0, "万吨".into(), "="),
            ("煤电占比".into(), Some(2025), 30.0, "%".into(), "<="),
            ("水电占比".into(), Some(2025), 40.0, "%".into(), "="),
        ]
    );
}

#[test]
fn distances_rankings_and_undated_values_are_left_out() {
    let p = read("一、发展基础\n全市幅员900平方公里，距省会120公里，2018年实际排名17名21名。森林覆盖率达到30%。\n", None);
    assert!(p.facts.is_empty(), "{:?}", p.facts);
}

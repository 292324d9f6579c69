//! The alignment check (衔接) of monitoring.md: a subordinate plan (a county plan, an
//! implementation plan, an annual report — a child by the plan hierarchy) whose target
//! for an indicator it shares with its parent is weaker than the parent's.
//!
//! Goals are matched by alias-normalised metric name. Within one region any goal is
//! compared: the child's value against what the parent requires by the child's year
//! (the parent's own target of that year, or its annual path there). Across regions (a
//! county under its city) only growth rates are compared: a county's GDP in 亿元 is not
//! the city's, but a county planning slower growth than its city asks is a finding.

use serde::{Deserialize, Serialize};

use crate::check::Finding;
use crate::metric::Aliases;
use crate::model::{Goal, Measure, MonitoredIndicator};
use crate::path::expected_value;
use crate::units::convert;

/// One goal of a plan with its source (`file:line`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SourcedGoal {
    /// The key the goal is filed under (name, or `name/sub-row`).
    pub metric: String,
    pub indicator: MonitoredIndicator,
    pub source: String,
}

/// A plan's goals, for comparison with its parent's or its children's.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PlanGoals {
    pub region: Option<String>,
    /// The plan's title, for messages.
    pub title: String,
    pub goals: Vec<SourcedGoal>,
}

/// Differences within this share of the parent's figure are rounding, not weakening.
const TOLERANCE: f64 = 0.005;

/// A goal's requirement in one year: a rate (for growth goals) or a level.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Requirement {
    Rate(f64),
    Level(f64),
}

/// What `ind` requires by `year`, where its goal says.
fn requirement(ind: &MonitoredIndicator, year: i32) -> Option<Requirement> {
    match &ind.goal {
        Goal::AnnualGrowth { rate, end_year } if year <= *end_year => Some(Requirement::Rate(*rate)),
        Goal::Level { value, year: y } if *y == year => Some(match ind.measure {
            Measure::GrowthRate => Requirement::Rate(*value),
            Measure::Level => Requirement::Level(*value),
        }),
        Goal::Level { year: y, .. } if year < *y && ind.measure == Measure::Level => expected_value(ind, year, &[]).map(Requirement::Level),
        _ => None,
    }
}

/// The year a child's goal is due (its target year, or the last year of its growth).
fn due_year(ind: &MonitoredIndicator) -> Option<i32> {
    match &ind.goal {
        Goal::Level { year, .. } => Some(*year),
        Goal::AnnualGrowth { end_year, .. } => Some(*end_year),
        _ => None,
    }
}

/// Goals of `child` weaker than `parent`'s for the same metric. List a plan's table
/// indicators before its prose targets: a child goal is held to the first that applies.
pub fn weaker_than_parent(child: &PlanGoals, parent: &PlanGoals, aliases: &Aliases) -> Vec<Finding> {
    let same_region = child.region.is_some() && child.region == parent.region;
    let mut out = Vec::new();
    for c in &child.goals {
        let key = aliases.canonical(&c.metric);
        let Some(year) = due_year(&c.indicator) else { continue };
        let Some(child_req) = requirement(&c.indicator, year) else { continue };
        for p in parent.goals.iter().filter(|p| aliases.canonical(&p.metric) == key) {
            if p.indicator.direction != c.indicator.direction {
                continue; // read differently in the two plans: nothing to compare soundly
            }
            let Some(parent_req) = requirement(&p.indicator, year) else { continue };
            let (child_value, parent_value, unit) = match (child_req, parent_req) {
                (Requirement::Rate(cv), Requirement::Rate(pv)) => (cv, pv, "%".to_string()),
                (Requirement::Level(cv), Requirement::Level(pv)) if same_region => {
                    let (cu, pu) = (c.indicator.unit.as_deref().unwrap_or(""), p.indicator.unit.as_deref().unwrap_or(""));
                    let Some(cv) = convert(cv, cu, pu) else { continue };
                    (cv, pv, pu.to_string())
                }
                _ => continue,
            };
            let shortfall = p.indicator.direction.sign() * (parent_value - child_value);
            if shortfall <= TOLERANCE * parent_value.abs().max(0.01) {
                continue;
            }
            let rate = matches!(child_req, Requirement::Rate(_));
            let what = if rate { "年均增长目标" } else { "目标" };
            let message = format!(
                "下级规划「{}」{year} 年{key}{what} {}{unit} 弱于上级规划「{}」的要求 {}{unit}",
                child.title,
                trim(child_value),
                parent.title,
                trim(parent_value),
            );
            out.push(Finding {
                kind: "weaker_than_parent".into(),
                region: child.region.clone(),
                metric: Some(key.clone()),
                year: Some(year),
                message,
                sources: vec![format!("{} — {}", trim(child_value), c.source), format!("{} — {}", trim(parent_value), p.source)],
            });
            // One finding per child goal: the parent's first goal of the metric (its
            // table before its prose) is the one it is held to.
            break;
        }
    }
    out
}

fn trim(v: f64) -> String {
    let s = format!("{v:.2}");
    s.trim_end_matches('0').trim_end_matches('.').to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::convert::from_target;
    use crate::model::Direction;

    fn goals(region: &str, title: &str, goals: Vec<(&str, MonitoredIndicator)>) -> PlanGoals {
        PlanGoals {
            region: Some(region.into()),
            title: title.into(),
            goals: goals
                .into_iter()
                .enumerate()
                .map(|(n, (metric, indicator))| SourcedGoal { metric: metric.into(), indicator, source: format!("{title}.txt:{}", n + 1) })
                .collect(),
        }
    }

    #[test]
    fn a_lower_level_target_of_the_same_region_and_year_is_weaker() {
        let parent =
            goals("甲市", "纲要", vec![("地区生产总值", MonitoredIndicator::level("地区生产总值", "亿元", 2020, 400.0, 2025, 600.0))]);
        // 5 800 000 万元 = 580 亿元 < 600.
        let child = goals("甲市", "方案", vec![("GDP", from_target("GDP", 5_800_000.0, Some("万元"), 2025, false))]);
        let f = weaker_than_parent(&child, &parent, &Aliases::default());
        assert_eq!(f.len(), 1, "{f:?}");
        assert_eq!(f[0].sources, ["580 — 方案.txt:1", "600 — 纲要.txt:1"]);
        // 610 亿元 is stronger; 599 within rounding? no: 1/600 = 0.17 % < 0.5 %: rounding.
        for (v, weaker) in [(610.0, false), (599.0, false), (590.0, true)] {
            let child = goals("甲市", "方案", vec![("地区生产总值", from_target("地区生产总值", v, Some("亿元"), 2025, false))]);
            assert_eq!(weaker_than_parent(&child, &parent, &Aliases::default()).len(), usize::from(weaker), "{v}");
        }
    }

    #[test]
    fn an_annual_report_is_held_to_the_parents_path_of_its_year() {
        // Parent 400 (2020) → 600 (2025): E(2023) = 400·1.5^(3/5) = 400·1.27542 = 510.17 亿元.
        let parent =
            goals("甲市", "纲要", vec![("地区生产总值", MonitoredIndicator::level("地区生产总值", "亿元", 2020, 400.0, 2025, 600.0))]);
        let low = goals("甲市", "2023年报告", vec![("地区生产总值", from_target("地区生产总值", 480.0, Some("亿元"), 2023, false))]);
        let f = weaker_than_parent(&low, &parent, &Aliases::default());
        assert_eq!(f.len(), 1);
        assert!(f[0].message.contains("480亿元 弱于上级规划「纲要」的要求 510.17亿元"), "{}", f[0].message);
        let ok = goals("甲市", "2023年报告", vec![("地区生产总值", from_target("地区生产总值", 515.0, Some("亿元"), 2023, false))]);
        assert!(weaker_than_parent(&ok, &parent, &Aliases::default()).is_empty());
    }

    #[test]
    fn across_regions_only_growth_rates_are_compared() {
        let mut city_growth = from_target("地区生产总值增长", 7.0, Some("%"), 2025, false);
        city_growth.goal = Goal::AnnualGrowth { rate: 7.0, end_year: 2025 };
        let parent = goals(
            "甲市",
            "甲市纲要",
            vec![
                ("地区生产总值增长", city_growth),
                ("地区生产总值", MonitoredIndicator::level("地区生产总值", "亿元", 2020, 400.0, 2025, 600.0)),
            ],
        );
        let child = goals(
            "乙县",
            "乙县纲要",
            vec![
                ("GDP增长", from_target("GDP增长", 6.0, Some("%"), 2025, false)),
                ("地区生产总值", from_target("地区生产总值", 80.0, Some("亿元"), 2025, false)),
            ],
        );
        let f = weaker_than_parent(&child, &parent, &Aliases::default());
        assert_eq!(f.len(), 1, "{f:?}");
        assert_eq!(f[0].metric.as_deref(), Some("地区生产总值增长"));
        assert!(f[0].message.contains("年均增长目标 6% 弱于"), "{}", f[0].message);
    }

    #[test]
    fn a_ceiling_is_weaker_when_higher() {
        // 失业率 4.5以内 in the parent; the child allows 5: weaker. 4: stricter.
        let mut parent_rate = MonitoredIndicator::level("城镇登记失业率", "%", 2020, 3.8, 2025, 4.5);
        parent_rate.direction = Direction::Decrease;
        let parent = goals("甲市", "纲要", vec![("城镇登记失业率", parent_rate)]);
        let loose = goals("甲市", "方案", vec![("城镇登记失业率", from_target("城镇登记失业率", 5.0, Some("%"), 2025, true))]);
        assert_eq!(weaker_than_parent(&loose, &parent, &Aliases::default()).len(), 1);
        let strict = goals("甲市", "方案", vec![("城镇登记失业率", from_target("城镇登记失业率", 4.0, Some("%"), 2025, true))]);
        assert!(weaker_than_parent(&strict, &parent, &Aliases::default()).is_empty());
    }
}

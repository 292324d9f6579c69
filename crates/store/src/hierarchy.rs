//! The suggested plan hierarchy (规划体系) from region, kind and period: which stored plan
//! each unlinked plan belongs under.
//!
//! Within one region a plan goes under the region's five-year outline (纲要) whose period
//! covers its own (an annual work report under the outline of its year, an
//! implementation or special plan under the outline of its period). Where the region
//! has no such outline stored, it goes under the region's plan of the highest order
//! whose period covers it (a 2021–2035 示范区规划 over a 2023 work report), and the
//! reason says so. A plan with no candidate in its own region goes under the outline of
//! the region that contains it, if the [`Regions`] table knows one.

use std::collections::BTreeMap;

use lantu_extract::model::PlanKind;
use serde::{Deserialize, Serialize};

use crate::types::PlanSummary;

/// Which region contains which: a city's counties and county-level cities, a province's
/// cities. Built in: only what the seed documents themselves state (each entry says
/// where); extended by the user (`lantu` reads `LANTU_REGIONS`).
#[derive(Debug, Clone)]
pub struct Regions {
    /// Child region → the region that contains it.
    parent_of: BTreeMap<String, String>,
}

/// (containing region, contained regions). The county lists are the counties and
/// county-level cities each city's own 十四五 outline plans for by name (吉林市's gives
/// each of 永吉县, 蛟河市, 桦甸市, 舒兰市, 磐石市 a 发展定位; 白城市's plans for
/// 洮南, 大安, 镇赉, 通榆 and its district 洮北区), matching the official divisions.
/// 梅河口市 is administered directly by the province (省直管): its documents place it
/// in 吉林省 ("梅河口市位于吉林省东南部"), not under a city.
const BUILT_IN: &[(&str, &[&str])] = &[
    ("吉林市", &["永吉县", "蛟河市", "桦甸市", "舒兰市", "磐石市", "昌邑区", "龙潭区", "船营区", "丰满区"]),
    ("白城市", &["洮北区", "镇赉县", "通榆县", "洮南市", "大安市"]),
    ("吉林省", &["吉林市", "白城市", "梅河口市"]),
];

impl Default for Regions {
    fn default() -> Self {
        let mut r = Regions { parent_of: BTreeMap::new() };
        for (parent, children) in BUILT_IN {
            for child in *children {
                r.add(parent, child);
            }
        }
        r
    }
}

impl Regions {
    /// An empty table: same-region suggestions only.
    pub fn empty() -> Self {
        Regions { parent_of: BTreeMap::new() }
    }

    /// `child` lies in `parent` (a later entry for the same child wins).
    pub fn add(&mut self, parent: &str, child: &str) {
        self.parent_of.insert(child.trim().to_string(), parent.trim().to_string());
    }

    /// The region containing `region`, if known.
    pub fn parent_of(&self, region: &str) -> Option<&str> {
        self.parent_of.get(region).map(String::as_str)
    }
}

/// One suggested link, with the reason in words.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LinkSuggestion {
    pub child: i64,
    pub parent: i64,
    pub reason: String,
}

/// The order of plan kinds in the hierarchy: an outline above special plans, above
/// implementation plans, above annual reports.
fn rank(kind: &str) -> u8 {
    match PlanKind::parse(kind) {
        Some(PlanKind::FiveYearOutline) => 0,
        Some(PlanKind::SpecialPlan) => 1,
        Some(PlanKind::ImplementationPlan) => 2,
        Some(PlanKind::AnnualReport) => 3,
        Some(PlanKind::Other) | None => 4,
    }
}

fn is_outline(p: &PlanSummary) -> bool {
    rank(&p.kind) == 0
}

fn covers(parent: &PlanSummary, child: &PlanSummary) -> bool {
    match (parent.period_start, parent.period_end, child.period_start, child.period_end) {
        (Some(ps), Some(pe), Some(cs), Some(ce)) => ps <= cs && ce <= pe,
        _ => false,
    }
}

/// The tightest covering plan of the best rank: the 2021–2025 outline rather than a
/// 2021–2035 one.
fn best(candidates: Vec<&PlanSummary>) -> Option<&PlanSummary> {
    candidates.into_iter().min_by_key(|p| (rank(&p.kind), period_len(p), p.id))
}

fn period_len(p: &PlanSummary) -> i32 {
    match (p.period_start, p.period_end) {
        (Some(s), Some(e)) => e - s,
        _ => i32::MAX,
    }
}

fn period(p: &PlanSummary) -> String {
    match (p.period_start, p.period_end) {
        (Some(s), Some(e)) if s == e => format!("{s}"),
        (Some(s), Some(e)) => format!("{s}–{e}"),
        _ => "?".into(),
    }
}

/// Suggestions for every plan without a parent (plans already linked are left alone).
pub fn suggest_links(plans: &[PlanSummary], regions: &Regions) -> Vec<LinkSuggestion> {
    plans.iter().filter(|p| p.parent_id.is_none()).filter_map(|child| suggest_one(plans, regions, child)).collect()
}

fn suggest_one(plans: &[PlanSummary], regions: &Regions, child: &PlanSummary) -> Option<LinkSuggestion> {
    let region = child.region.as_deref()?;
    let same_region = |p: &&PlanSummary| p.id != child.id && p.region.as_deref() == Some(region) && covers(p, child);
    // Never a plan of the child's own rank or below.
    let outline = best(plans.iter().filter(same_region).filter(|p| is_outline(p) && rank(&child.kind) > 0).collect());
    if let Some(parent) = outline {
        let reason = format!("同一地区（{region}）的规划纲要，期限 {} 包含 {}", period(parent), period(child));
        return Some(LinkSuggestion { child: child.id, parent: parent.id, reason });
    }
    let higher = best(plans.iter().filter(same_region).filter(|p| rank(&p.kind) < rank(&child.kind)).collect());
    if let Some(parent) = higher {
        let reason = format!("同一地区（{region}）未收录覆盖 {} 的规划纲要；上位规划期限 {} 包含之", period(child), period(parent));
        return Some(LinkSuggestion { child: child.id, parent: parent.id, reason });
    }
    let up = regions.parent_of(region)?;
    let parent = best(plans.iter().filter(|p| p.region.as_deref() == Some(up) && is_outline(p) && covers(p, child)).collect())?;
    let reason = format!("{region}属于{up}：{up}的规划纲要，期限 {} 包含 {}", period(parent), period(child));
    Some(LinkSuggestion { child: child.id, parent: parent.id, reason })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn plan(id: i64, region: &str, kind: PlanKind, start: i32, end: i32) -> PlanSummary {
        PlanSummary {
            id,
            title: None,
            region: Some(region.into()),
            kind: kind.as_str().into(),
            period_start: Some(start),
            period_end: Some(end),
            parent_id: None,
            versions: 1,
            version_id: id,
            file: format!("{id}.txt"),
            sha256: format!("{id}"),
        }
    }

    fn pairs(s: &[LinkSuggestion]) -> Vec<(i64, i64)> {
        s.iter().map(|s| (s.child, s.parent)).collect()
    }

    #[test]
    fn reports_and_plans_go_under_their_regions_outline_of_their_period() {
        let plans = [
            plan(1, "甲市", PlanKind::FiveYearOutline, 2021, 2025),
            plan(2, "甲市", PlanKind::FiveYearOutline, 2016, 2020),
            plan(3, "甲市", PlanKind::AnnualReport, 2023, 2023),
            plan(4, "甲市", PlanKind::ImplementationPlan, 2021, 2025),
            plan(5, "甲市", PlanKind::AnnualReport, 2019, 2019),
            plan(6, "乙市", PlanKind::AnnualReport, 2023, 2023),
            plan(7, "甲市", PlanKind::SpecialPlan, 2021, 2035),
        ];
        let s = suggest_links(&plans, &Regions::empty());
        // 7 (2021–2035) is not covered by the 2021–2025 outline; 6's region has no plan.
        assert_eq!(pairs(&s), [(3, 1), (4, 1), (5, 2)]);
    }

    #[test]
    fn without_an_outline_the_higher_plan_covering_the_period() {
        let plans = [
            plan(1, "丙市", PlanKind::SpecialPlan, 2021, 2035),
            plan(2, "丙市", PlanKind::ImplementationPlan, 2021, 2025),
            plan(3, "丙市", PlanKind::AnnualReport, 2023, 2023),
        ];
        let s = suggest_links(&plans, &Regions::empty());
        assert_eq!(pairs(&s), [(2, 1), (3, 1)]);
        assert!(s[0].reason.contains("未收录"), "{}", s[0].reason);
    }

    #[test]
    fn a_county_goes_under_its_citys_outline_only_when_the_table_says_so() {
        let plans = [plan(1, "甲市", PlanKind::FiveYearOutline, 2021, 2025), plan(2, "丁县", PlanKind::FiveYearOutline, 2021, 2025)];
        assert!(suggest_links(&plans, &Regions::empty()).is_empty());
        let mut regions = Regions::empty();
        regions.add("甲市", "丁县");
        let s = suggest_links(&plans, &regions);
        assert_eq!(pairs(&s), [(2, 1)]);
        assert!(s[0].reason.contains("丁县属于甲市"));
        // Already linked: left alone.
        let mut linked = plans.clone();
        linked[1].parent_id = Some(1);
        assert!(suggest_links(&linked, &regions).is_empty());
    }

    #[test]
    fn the_built_in_table_knows_the_seed_cities_counties() {
        let r = Regions::default();
        assert_eq!(r.parent_of("蛟河市"), Some("吉林市"));
        assert_eq!(r.parent_of("洮南市"), Some("白城市"));
        assert_eq!(r.parent_of("梅河口市"), Some("吉林省"));
        assert_eq!(r.parent_of("长春市"), None);
    }
}

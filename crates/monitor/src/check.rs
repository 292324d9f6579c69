//! Consistency checks (衔接) of monitoring.md over values stated in documents and
//! imported actuals: the same metric, region and year stated differently; a stated
//! annual growth that does not agree with its baseline and target; implausible values.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::metric::Aliases;
use crate::model::{Goal, Measure, MonitoredIndicator, Scale};
use crate::units::convert;

/// A value stated somewhere: a fact of a document, or an imported actual.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Statement {
    pub region: Option<String>,
    pub metric: String,
    pub year: Option<i32>,
    pub value: f64,
    pub unit: Option<String>,
    pub estimated: bool,
    /// `file:line` or the actual's source.
    pub source: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Finding {
    pub kind: String,
    pub region: Option<String>,
    pub metric: Option<String>,
    pub year: Option<i32>,
    pub message: String,
    pub sources: Vec<String>,
}

/// Two values of one metric, region and year that differ by more than this share of the
/// larger are a conflict (below it: rounding).
const CONFLICT_TOLERANCE: f64 = 0.005;
/// A stated annual growth may differ from the one implied by baseline and target by this
/// many percentage points (both are rounded in the tables).
const GROWTH_TOLERANCE_POINTS: f64 = 0.15;

fn display(s: &Statement) -> String {
    let unit = s.unit.as_deref().unwrap_or("");
    let estimated = if s.estimated { "（预计）" } else { "" };
    format!("{}{unit}{estimated} — {}", trim_number(s.value), s.source)
}

fn trim_number(v: f64) -> String {
    let s = format!("{v:.4}");
    s.trim_end_matches('0').trim_end_matches('.').to_string()
}

/// The same metric, region and year stated with different values (after unit
/// conversion) in different sources.
pub fn conflicting_statements(statements: &[Statement], aliases: &Aliases) -> Vec<Finding> {
    let mut groups: BTreeMap<(String, String, i32), Vec<&Statement>> = BTreeMap::new();
    for s in statements {
        if let (Some(region), Some(year)) = (&s.region, s.year) {
            groups.entry((region.clone(), aliases.canonical(&s.metric), year)).or_default().push(s);
        }
    }
    let mut out = Vec::new();
    for ((region, metric, year), group) in groups {
        let Some(first) = group.first() else { continue };
        let unit = first.unit.clone().unwrap_or_default();
        // Values in the first statement's unit; statements in another kind of unit are
        // another quantity (a share vs an amount) and are left out of the comparison.
        let values: Vec<(f64, &Statement)> =
            group.iter().filter_map(|s| convert(s.value, s.unit.as_deref().unwrap_or(""), &unit).map(|v| (v, *s))).collect();
        let (min, max) = values.iter().fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), (v, _)| (lo.min(*v), hi.max(*v)));
        let distinct_sources = values.iter().map(|(_, s)| s.source.as_str()).collect::<std::collections::BTreeSet<_>>().len();
        if values.len() < 2 || distinct_sources < 2 || max - min <= CONFLICT_TOLERANCE * max.abs().max(min.abs()) {
            continue;
        }
        out.push(Finding {
            kind: "conflicting_values".into(),
            message: format!("{region} {year} 年{metric}在不同来源中数值不一致：{} 与 {}{unit}", trim_number(min), trim_number(max)),
            sources: values.iter().map(|(_, s)| display(s)).collect(),
            region: Some(region),
            metric: Some(metric),
            year: Some(year),
        });
    }
    out
}

/// A level indicator with baseline B, target T and a stated annual growth g where
/// B·(1+g)^n and T disagree beyond rounding.
pub fn growth_inconsistency(ind: &MonitoredIndicator, stated_growth: Option<f64>, source: &str) -> Option<Finding> {
    let (Goal::Level { value: t, year: y_t }, Some(g), Some(b), Some(y0)) = (&ind.goal, stated_growth, ind.base_value, ind.base_year)
    else {
        return None;
    };
    if ind.measure != Measure::Level || b <= 0.0 || *t <= 0.0 || *y_t <= y0 {
        return None;
    }
    let implied = ((t / b).powf(1.0 / f64::from(y_t - y0)) - 1.0) * 100.0;
    if (implied - g).abs() <= GROWTH_TOLERANCE_POINTS {
        return None;
    }
    // Shares and rates (森林覆盖率 12.8 → 13, "0.03") often state their change in points
    // per year rather than as a growth rate: either reading agreeing is agreement.
    let points_per_year = (t - b) / f64::from(y_t - y0);
    if ind.scale == Scale::Share && (points_per_year - g).abs() <= GROWTH_TOLERANCE_POINTS {
        return None;
    }
    Some(Finding {
        kind: "growth_inconsistent".into(),
        region: None,
        metric: Some(ind.name.clone()),
        year: Some(*y_t),
        message: format!(
            "{}：基期 {} 至目标 {} 隐含年均增长 {:.2}%，而表中年均增长为 {}%",
            ind.name,
            trim_number(b),
            trim_number(*t),
            implied,
            trim_number(g)
        ),
        sources: vec![source.to_string()],
    })
}

/// Values that cannot be right: a share above 100 %, fiscal revenue above GDP of the
/// same region and year, a jump of more than 10× from one year to the next.
pub fn implausible_values(statements: &[Statement], aliases: &Aliases) -> Vec<Finding> {
    let mut out = Vec::new();
    for s in statements {
        let is_share =
            matches!(s.unit.as_deref(), Some("%") | Some("％")) && ["率", "比重", "比例", "占比"].iter().any(|e| s.metric.ends_with(e));
        if is_share && s.value > 100.0 {
            out.push(finding(
                "implausible_value",
                s,
                aliases,
                format!("{} 为 {}%，超过 100%", s.metric, trim_number(s.value)),
                vec![display(s)],
            ));
        }
    }
    // Group amounts by region and year, in 亿元 where they are money.
    let mut by_key: BTreeMap<(String, i32), Vec<AmountIn100M<'_>>> = BTreeMap::new();
    for s in statements {
        if let (Some(region), Some(year)) = (&s.region, s.year) {
            if let Some(v) = convert(s.value, s.unit.as_deref().unwrap_or(""), "亿元") {
                by_key.entry((region.clone(), year)).or_default().push((s, aliases.canonical(&s.metric), v));
            }
        }
    }
    for group in by_key.values() {
        let gdp = group.iter().filter(|(_, m, _)| m == "地区生产总值");
        for (g, _, gdp_value) in gdp {
            for (s, m, v) in group.iter().filter(|(_, m, _)| m.contains("财政收入") || m.contains("一般公共预算收入")) {
                if v > gdp_value {
                    let message = format!("{}（{} 亿元）高于地区生产总值（{} 亿元）", m, trim_number(*v), trim_number(*gdp_value));
                    out.push(finding("implausible_value", s, aliases, message, vec![display(s), display(g)]));
                }
            }
        }
    }
    // Year-on-year jumps within one region and metric.
    let mut series: BTreeMap<(String, String), Vec<&Statement>> = BTreeMap::new();
    for s in statements {
        if let (Some(region), Some(_)) = (&s.region, s.year) {
            series.entry((region.clone(), aliases.canonical(&s.metric))).or_default().push(s);
        }
    }
    for list in series.values_mut() {
        list.sort_by_key(|s| s.year);
        for pair in list.windows(2) {
            let (a, b) = (pair[0], pair[1]);
            let (Some(ya), Some(yb)) = (a.year, b.year) else { continue };
            let Some(bv) = convert(b.value, b.unit.as_deref().unwrap_or(""), a.unit.as_deref().unwrap_or("")) else { continue };
            if yb == ya + 1 && a.value > 0.0 && bv > 0.0 && (bv / a.value > 10.0 || a.value / bv > 10.0) {
                let message = format!(
                    "{} 从 {ya} 年的 {} 变为 {yb} 年的 {}，相差十倍以上（小数点或单位可能丢失）",
                    b.metric,
                    trim_number(a.value),
                    trim_number(bv)
                );
                out.push(finding("implausible_value", b, aliases, message, vec![display(a), display(b)]));
            }
        }
    }
    out
}

/// A statement, its canonical metric and its value in 亿元.
type AmountIn100M<'a> = (&'a Statement, String, f64);

fn finding(kind: &str, s: &Statement, aliases: &Aliases, message: String, sources: Vec<String>) -> Finding {
    Finding { kind: kind.into(), region: s.region.clone(), metric: Some(aliases.canonical(&s.metric)), year: s.year, message, sources }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn st(metric: &str, year: i32, value: f64, unit: &str, estimated: bool, source: &str) -> Statement {
        Statement {
            region: Some("甲市".into()),
            metric: metric.into(),
            year: Some(year),
            value,
            unit: Some(unit.into()),
            estimated,
            source: source.into(),
        }
    }

    #[test]
    fn one_year_stated_twice_differently_is_a_finding_with_both_sources() {
        let s = [
            st("地区生产总值", 2022, 290.09, "亿元", false, "规划.txt:8"),
            st("经济总量", 2022, 320.0, "亿元", true, "报告.txt:5"),
            st("地区生产总值", 2021, 250.0, "亿元", false, "规划.txt:7"),
            st("GDP", 2021, 2_500_000.0, "万元", false, "公报"),
        ];
        let f = conflicting_statements(&s, &Aliases::default());
        assert_eq!(f.len(), 1, "{f:?}");
        assert_eq!(f[0].year, Some(2022));
        assert_eq!(f[0].sources, ["290.09亿元 — 规划.txt:8", "320亿元（预计） — 报告.txt:5"]);
    }

    #[test]
    fn rounding_and_a_single_source_are_not_conflicts() {
        let s = [st("地区生产总值", 2022, 290.09, "亿元", false, "a"), st("地区生产总值", 2022, 290.1, "亿元", false, "b")];
        assert!(conflicting_statements(&s, &Aliases::default()).is_empty());
        let s = [st("地区生产总值", 2022, 290.0, "亿元", false, "a"), st("地区生产总值", 2022, 320.0, "亿元", false, "a")];
        assert!(conflicting_statements(&s, &Aliases::default()).is_empty());
    }

    #[test]
    fn growth_that_disagrees_with_baseline_and_target() {
        // 216 → 600 over 5 years: (600/216)^(1/5) − 1 = 22.67 %; stated 22.7: agrees.
        let ind = MonitoredIndicator::level("国家高新技术企业数量", "个", 2020, 216.0, 2025, 600.0);
        assert!(growth_inconsistency(&ind, Some(22.7), "x:1").is_none());
        // Stated 15: 22.67 − 15 = 7.67 points apart: a finding.
        let f = growth_inconsistency(&ind, Some(15.0), "x:1");
        assert_eq!(f.map(|f| f.kind), Some("growth_inconsistent".to_string()));
        // A share: 12.8 % → 13 % over 5 years is 0.04 points a year; stated 0.03: agrees
        // (as a rate it would be 0.31 %). Stated 1.5: neither reading agrees.
        let share = MonitoredIndicator::level("森林覆盖率", "%", 2020, 12.8, 2025, 13.0);
        assert!(growth_inconsistency(&share, Some(0.03), "x:1").is_none());
        assert!(growth_inconsistency(&share, Some(1.5), "x:1").is_some());
    }

    #[test]
    fn implausible_shares_revenue_and_jumps() {
        let a = Aliases::default();
        let s = [st("森林覆盖率", 2022, 545.0, "%", false, "a:1")];
        assert_eq!(implausible_values(&s, &a).len(), 1);
        // 财政收入 2856 亿元 (decimal point lost: 28.56) above GDP 217 亿元.
        let s = [st("地区生产总值", 2020, 217.0, "亿元", false, "a:65"), st("财政收入", 2020, 2856.0, "亿元", false, "a:65")];
        let f = implausible_values(&s, &a);
        assert_eq!(f.len(), 1, "{f:?}");
        // 15 万人 then 1.5 万人 … a 10× jump in one year.
        let s = [st("在校学生", 2020, 1.5, "万人", false, "a"), st("在校学生", 2021, 15.1, "万人", false, "b")];
        assert_eq!(implausible_values(&s, &a).len(), 1);
    }
}

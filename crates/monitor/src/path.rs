//! The annual path (年度目标分解): the value due in each year from baseline to target.

use crate::model::{AnnualTarget, Goal, Measure, MonitoredIndicator, Override, Scale};

/// The values due in each year after the base year up to the goal's year, with the
/// user's overrides applied. Empty where the goal has no path (relative, pending, none)
/// or the path needs a baseline the plan does not give.
pub fn annual_path(ind: &MonitoredIndicator, overrides: &[Override]) -> Vec<AnnualTarget> {
    let mut path = computed_path(ind);
    for target in &mut path {
        // The latest override of a year wins: overrides are kept in the order made.
        if let Some(o) = overrides.iter().rev().find(|o| o.year == target.year) {
            target.value = o.value;
            target.overridden = Some(o.clone());
        }
    }
    path
}

/// The value due in `year` (this year's expected value), overrides included.
pub fn expected_value(ind: &MonitoredIndicator, year: i32, overrides: &[Override]) -> Option<f64> {
    annual_path(ind, overrides).into_iter().find(|t| t.year == year).map(|t| t.value)
}

fn computed_path(ind: &MonitoredIndicator) -> Vec<AnnualTarget> {
    match &ind.goal {
        Goal::Level { value, year } => match (ind.base_year, ind.base_value) {
            (Some(y0), Some(b)) if *year > y0 => level_path(ind.scale, y0, b, *year, *value),
            _ => Vec::new(),
        },
        Goal::AnnualGrowth { rate, end_year } => growth_path(ind, *rate, *end_year),
        Goal::Cumulative { total, start_year, end_year } => cumulative_path(*total, *start_year, *end_year),
        Goal::Relative { .. } | Goal::Pending { .. } | Goal::None => Vec::new(),
    }
}

/// Geometric for growing quantities (B > 0, T > 0), linear for shares or where B ≤ 0:
/// `E(y) = B·(T/B)^((y−y0)/(yT−y0))` or `E(y) = B + (T−B)·(y−y0)/(yT−y0)`.
pub(crate) fn level_path(scale: Scale, y0: i32, b: f64, y_t: i32, t: f64) -> Vec<AnnualTarget> {
    let span = f64::from(y_t - y0);
    let geometric = scale == Scale::Quantity && b > 0.0 && t > 0.0;
    (y0 + 1..=y_t)
        .map(|y| {
            let share = f64::from(y - y0) / span;
            let value = if geometric { b * (t / b).powf(share) } else { b + (t - b) * share };
            AnnualTarget { year: y, value, cumulative: None, overridden: None }
        })
        .collect()
}

/// A level indicator with an annual-growth goal: `B·(1+g)^(y−y0)`; a growth-rate
/// indicator: `g` due each year.
fn growth_path(ind: &MonitoredIndicator, rate: f64, end_year: i32) -> Vec<AnnualTarget> {
    let Some(y0) = ind.base_year else { return Vec::new() };
    match (ind.measure, ind.base_value) {
        (Measure::GrowthRate, _) => {
            (y0 + 1..=end_year).map(|y| AnnualTarget { year: y, value: rate, cumulative: None, overridden: None }).collect()
        }
        (Measure::Level, Some(b)) => (y0 + 1..=end_year)
            .map(|y| AnnualTarget { year: y, value: b * (1.0 + rate / 100.0).powi(y - y0), cumulative: None, overridden: None })
            .collect(),
        (Measure::Level, None) => Vec::new(),
    }
}

/// The even share per year of a total, with the running total due.
fn cumulative_path(total: f64, start_year: i32, end_year: i32) -> Vec<AnnualTarget> {
    if end_year < start_year {
        return Vec::new();
    }
    let years = f64::from(end_year - start_year + 1);
    (start_year..=end_year)
        .map(|y| AnnualTarget {
            year: y,
            value: total / years,
            cumulative: Some(total * f64::from(y - start_year + 1) / years),
            overridden: None,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Direction, Goal, Measure, MonitoredIndicator, Scale};

    fn close(a: f64, b: f64) -> bool {
        (a - b).abs() < 1e-6
    }

    #[test]
    fn geometric_path_for_a_quantity() {
        // 424 个 (2020) → 700 个 (2025): ratio 700/424 = 1.650943…, per year ^(1/5) = 1.105469…
        // E(2021) = 424 · 1.105469 = 468.719; E(2023) = 424 · 1.650943^(3/5) = 572.803…; E(2025) = 700.
        let ind = MonitoredIndicator::level("规模以上工业企业数量", "个", 2020, 424.0, 2025, 700.0);
        let path = annual_path(&ind, &[]);
        assert_eq!(path.len(), 5);
        assert!(close(path[0].value, 424.0 * (700.0f64 / 424.0).powf(0.2)));
        assert!((path[0].value - 468.719).abs() < 0.001, "{}", path[0].value);
        assert!((path[2].value - 572.803).abs() < 0.001, "{}", path[2].value);
        assert!(close(path[4].value, 700.0));
    }

    #[test]
    fn linear_path_for_a_share() {
        // 城镇化率 60 % (2020) → 67 % (2025): 1.4 points a year; E(2022) = 62.8.
        let ind = MonitoredIndicator::level("常住人口城镇化率", "%", 2020, 60.0, 2025, 67.0);
        assert_eq!(ind.scale, Scale::Share);
        let path = annual_path(&ind, &[]);
        assert!(close(path[0].value, 61.4));
        assert!(close(path[1].value, 62.8));
        assert!(close(path[4].value, 67.0));
    }

    #[test]
    fn linear_path_when_the_baseline_is_not_positive() {
        // B = −2 (2020) → T = 3 (2025), a quantity but B ≤ 0: linear, +1 a year; E(2021) = −1.
        let mut ind = MonitoredIndicator::level("净流入", "万人", 2020, -2.0, 2025, 3.0);
        ind.scale = Scale::Quantity;
        assert!(close(annual_path(&ind, &[])[0].value, -1.0));
    }

    #[test]
    fn annual_growth_path_compounds_the_rate() {
        // B = 100 亿元 (2020), 年均增长 7 %: E(2021) = 107, E(2022) = 114.49, E(2025) = 100·1.07^5 = 140.255…
        let mut ind = MonitoredIndicator::level("地区生产总值", "亿元", 2020, 100.0, 2025, 0.0);
        ind.goal = Goal::AnnualGrowth { rate: 7.0, end_year: 2025 };
        let path = annual_path(&ind, &[]);
        assert!(close(path[0].value, 107.0));
        assert!(close(path[1].value, 114.49));
        assert!((path[4].value - 140.2552).abs() < 1e-3);
    }

    #[test]
    fn growth_rate_indicator_is_due_the_rate_each_year() {
        // 地区生产总值增长 (%), 7以上: 7 due in each of 2021…2025.
        let ind = MonitoredIndicator {
            name: "地区生产总值增长".into(),
            unit: Some("%".into()),
            scale: Scale::Share,
            measure: Measure::GrowthRate,
            direction: Direction::Increase,
            binding: false,
            base_year: Some(2020),
            base_value: Some(0.6),
            goal: Goal::AnnualGrowth { rate: 7.0, end_year: 2025 },
        };
        let path = annual_path(&ind, &[]);
        assert_eq!(path.len(), 5);
        assert!(path.iter().all(|t| close(t.value, 7.0)));
    }

    #[test]
    fn cumulative_path_is_the_even_share() {
        // 〔13.5〕 over 2021–2025: 2.7 a year; running total due by 2023 = 8.1.
        let mut ind = MonitoredIndicator::level("单位地区生产总值能耗降低", "%", 2020, 0.0, 2025, 0.0);
        ind.base_value = None;
        ind.goal = Goal::Cumulative { total: 13.5, start_year: 2021, end_year: 2025 };
        let path = annual_path(&ind, &[]);
        assert!(close(path[0].value, 2.7));
        assert!(close(path[2].cumulative.unwrap_or_default(), 8.1));
    }

    #[test]
    fn an_override_replaces_the_value_and_keeps_who_and_why() {
        let ind = MonitoredIndicator::level("常住人口城镇化率", "%", 2020, 60.0, 2025, 67.0);
        let o = Override { year: 2022, value: 62.0, who: "发改委 张三".into(), why: "疫情影响，年度间综合平衡".into() };
        let path = annual_path(&ind, std::slice::from_ref(&o));
        assert!(close(path[1].value, 62.0));
        assert_eq!(path[1].overridden.as_ref().map(|o| o.who.as_str()), Some("发改委 张三"));
        assert_eq!(expected_value(&ind, 2022, &[o]), Some(62.0));
        assert!(close(expected_value(&ind, 2023, &[]).unwrap_or_default(), 64.2));
    }

    #[test]
    fn no_path_without_a_baseline_or_a_set_target() {
        let mut ind = MonitoredIndicator::level("空气质量优良天数比率", "%", 2020, 80.0, 2025, 0.0);
        ind.goal = Goal::Pending { text: "待省下达".into() };
        assert!(annual_path(&ind, &[]).is_empty());
        ind.goal = Goal::Level { value: 90.0, year: 2025 };
        ind.base_value = None;
        assert!(annual_path(&ind, &[]).is_empty());
    }
}

//! Progress status (监测): where an indicator stands against its goal, with the numbers
//! that produced the status, after the Open SDG / Statistics Canada progress measure.

use serde::{Deserialize, Serialize};

use crate::model::{Actual, Goal, Measure, MonitoredIndicator, ProgressStatus, Relation, Scale, Thresholds};

/// The status of one indicator and everything a planning office needs to defend it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Assessment {
    pub status: ProgressStatus,
    /// `R = d · observed / |required|`.
    pub r: Option<f64>,
    /// Per year: a growth rate (0.05 = 5 %) or, where `by_points`, points (or units) per year.
    pub observed_rate: Option<f64>,
    pub required_rate: Option<f64>,
    pub by_points: bool,
    /// The latest actual the status rests on.
    pub latest: Option<Actual>,
    /// The value anticipated at the target year if the observed rate goes on.
    pub anticipated: Option<f64>,
    /// Open SDG's −5…+5 score.
    pub score: Option<f64>,
    /// 预警: a binding indicator whose assessment shows it lagging (moderate, limited or
    /// deteriorating). An indicator that cannot be assessed yet (no actual, pending
    /// target) is shown as such, not warned about: a warning must rest on data.
    pub early_warning: bool,
    /// The goal is not set yet (待省下达): shown as 待定.
    pub pending: bool,
    /// In words, why this status (or why none can be given).
    pub reason: String,
}

impl Assessment {
    /// The label shown: the status's, or 待定 for a pending target.
    pub fn label_zh(&self) -> &'static str {
        if self.pending {
            "待定"
        } else {
            self.status.label_zh()
        }
    }

    fn not_assessable(reason: impl Into<String>) -> Self {
        Assessment {
            status: ProgressStatus::NotAssessable,
            r: None,
            observed_rate: None,
            required_rate: None,
            by_points: false,
            latest: None,
            anticipated: None,
            score: None,
            early_warning: false,
            pending: false,
            reason: reason.into(),
        }
    }
}

/// Assesses `ind` from its `actuals` (any order; years after `as_of` are ignored).
/// `reference` holds the actuals of the indicator a relative target names (GDP growth
/// for 与经济增长同步); pass `&[]` otherwise.
pub fn assess(ind: &MonitoredIndicator, actuals: &[Actual], reference: &[Actual], as_of: Option<i32>, th: &Thresholds) -> Assessment {
    let mut a = assess_goal(ind, &usable_actuals(ind, actuals, as_of), reference, th);
    if a.score.is_none() && a.status == ProgressStatus::Achieved {
        a.score = Some(5.0);
    }
    a.early_warning = ind.binding && a.status.is_lagging();
    a
}

/// Actuals after the base year and up to `as_of`, one per year (a final figure wins over
/// an estimate, then the later one given), sorted by year.
fn usable_actuals(ind: &MonitoredIndicator, actuals: &[Actual], as_of: Option<i32>) -> Vec<Actual> {
    let mut by_year: std::collections::BTreeMap<i32, &Actual> = std::collections::BTreeMap::new();
    for a in actuals {
        if ind.base_year.is_some_and(|y0| a.year <= y0) || as_of.is_some_and(|y| a.year > y) || !a.value.is_finite() {
            continue;
        }
        match by_year.get(&a.year) {
            Some(kept) if !kept.estimated && a.estimated => {}
            _ => {
                by_year.insert(a.year, a);
            }
        }
    }
    by_year.into_values().cloned().collect()
}

fn assess_goal(ind: &MonitoredIndicator, actuals: &[Actual], reference: &[Actual], th: &Thresholds) -> Assessment {
    if let Goal::Pending { text } = &ind.goal {
        let mut a = Assessment::not_assessable(format!("目标待定（{text}）"));
        a.pending = true;
        return a;
    }
    let Some(latest) = actuals.last().cloned() else {
        return Assessment::not_assessable("基期后尚无实际值");
    };
    let mut a = match &ind.goal {
        Goal::Level { value, year } => assess_level(ind, &latest, *value, *year, th),
        Goal::AnnualGrowth { rate, end_year } => assess_growth(ind, actuals, &latest, *rate, *end_year, th),
        Goal::Cumulative { total, start_year, end_year } => assess_cumulative(ind, actuals, &latest, *total, *start_year, *end_year, th),
        Goal::Relative { reference: name, relation, .. } => assess_relative(ind, &latest, name, *relation, reference, th),
        Goal::None => assess_without_target(ind, actuals, &latest, th),
        Goal::Pending { .. } => unreachable_pending(),
    };
    a.latest = Some(latest);
    a
}

/// Pending goals return before any actual is looked at.
fn unreachable_pending() -> Assessment {
    Assessment::not_assessable("目标待定")
}

/// `A ≥ T` where higher is better, `A ≤ T` where lower is better.
fn is_met(ind: &MonitoredIndicator, actual: f64, target: f64) -> bool {
    ind.direction.sign() * (actual - target) >= 0.0
}

fn achieved(reason: String) -> Assessment {
    let mut a = Assessment::not_assessable(reason);
    a.status = ProgressStatus::Achieved;
    a
}

/// `R = d · observed / |required|`, a required rate of 0 read as 0.001.
fn progress_ratio(ind: &MonitoredIndicator, observed: f64, required: f64) -> f64 {
    let required = if required == 0.0 { 0.001 } else { required.abs() };
    ind.direction.sign() * observed / required
}

fn with_ratio(ind: &MonitoredIndicator, observed: f64, required: f64, by_points: bool, th: &Thresholds) -> Assessment {
    let r = progress_ratio(ind, observed, required);
    Assessment {
        status: classify(r, th),
        r: Some(r),
        observed_rate: Some(observed),
        required_rate: Some(required),
        by_points,
        latest: None,
        anticipated: None,
        score: Some(open_sdg_score(r)),
        early_warning: false,
        pending: false,
        reason: String::new(),
    }
}

fn compound_rate(from: f64, to: f64, years: i32) -> f64 {
    (to / from).powf(1.0 / f64::from(years)) - 1.0
}

fn assess_level(ind: &MonitoredIndicator, latest: &Actual, target: f64, target_year: i32, th: &Thresholds) -> Assessment {
    let (Some(y0), Some(b)) = (ind.base_year, ind.base_value) else {
        return Assessment::not_assessable("缺少基期值");
    };
    if is_met(ind, latest.value, target) {
        return achieved(format!("{} 年实际值 {} 已达到目标 {}", latest.year, latest.value, target));
    }
    if target_year <= y0 {
        return Assessment::not_assessable("目标年不晚于基期");
    }
    let elapsed = latest.year - y0;
    let remaining = f64::from(target_year - latest.year);
    // Rates for growing quantities; points per year for shares and where a value is ≤ 0
    // (a rate of a non-positive value means nothing). The method's "sign flipped when
    // B < 0" applies to rates only, so it never arises here.
    let by_rates = ind.scale == Scale::Quantity && b > 0.0 && target > 0.0 && latest.value > 0.0;
    let mut a = if by_rates {
        let observed = compound_rate(b, latest.value, elapsed);
        let required = compound_rate(b, target, target_year - y0);
        let mut a = with_ratio(ind, observed, required, false, th);
        a.anticipated = Some(latest.value * (1.0 + observed).powf(remaining));
        a
    } else {
        let observed = (latest.value - b) / f64::from(elapsed);
        let required = (target - b) / f64::from(target_year - y0);
        let mut a = with_ratio(ind, observed, required, true, th);
        a.anticipated = Some(latest.value + observed * remaining);
        a
    };
    a.reason = format!("基期 {y0} 年 {b}，{} 年实际 {}，目标 {target_year} 年 {target}", latest.year, latest.value);
    a
}

fn assess_growth(ind: &MonitoredIndicator, actuals: &[Actual], latest: &Actual, rate: f64, end_year: i32, th: &Thresholds) -> Assessment {
    let Some(y0) = ind.base_year else {
        return Assessment::not_assessable("缺少基期年份");
    };
    let required = rate / 100.0;
    let period = end_year - y0;
    match ind.measure {
        Measure::GrowthRate => {
            // The actuals are the growth rates of their years: compound them.
            let compound: f64 = actuals.iter().map(|a| 1.0 + a.value / 100.0).product();
            let whole_period_due = (1.0 + required).powi(period);
            if period > 0 && actuals.len() as i32 >= period && is_met(ind, compound, whole_period_due) {
                return achieved(format!("{} 年累计增长已达到年均 {rate}% 的要求", latest.year));
            }
            if compound <= 0.0 {
                return Assessment::not_assessable("实际增长率无法复合");
            }
            let observed = compound.powf(1.0 / actuals.len() as f64) - 1.0;
            let mut a = with_ratio(ind, observed, required, false, th);
            a.anticipated = Some(observed * 100.0);
            a.reason = format!("{} 年来年均增长 {:.2}%，要求 {rate}%", actuals.len(), observed * 100.0);
            a
        }
        Measure::Level => {
            let Some(b) = ind.base_value else {
                return Assessment::not_assessable("缺少基期值");
            };
            let due_at_end = b * (1.0 + required).powi(period);
            if is_met(ind, latest.value, due_at_end) {
                return achieved(format!("{} 年实际值 {} 已达到期末应达值 {due_at_end:.2}", latest.year, latest.value));
            }
            if b <= 0.0 || latest.value <= 0.0 {
                return Assessment::not_assessable("基期值或实际值非正，无法计算增速");
            }
            let observed = compound_rate(b, latest.value, latest.year - y0);
            let mut a = with_ratio(ind, observed, required, false, th);
            a.anticipated = Some(latest.value * (1.0 + observed).powi(end_year - latest.year));
            a.reason = format!("基期 {y0} 年 {b}，{} 年实际 {}，要求年均增长 {rate}%", latest.year, latest.value);
            a
        }
    }
}

fn assess_cumulative(
    ind: &MonitoredIndicator,
    actuals: &[Actual],
    latest: &Actual,
    total: f64,
    start_year: i32,
    end_year: i32,
    th: &Thresholds,
) -> Assessment {
    let counted: Vec<&Actual> = actuals.iter().filter(|a| a.year >= start_year && a.year <= end_year).collect();
    if counted.is_empty() || end_year < start_year {
        return Assessment::not_assessable("规划期内尚无实际值");
    }
    let sum: f64 = counted.iter().map(|a| a.value).sum();
    if is_met(ind, sum, total) {
        return achieved(format!("累计 {sum} 已达到目标 {total}"));
    }
    // Years without an actual are unknown, not zero: the pace is over the years reported.
    let observed = sum / counted.len() as f64;
    let required = total / f64::from(end_year - start_year + 1);
    let mut a = with_ratio(ind, observed, required, true, th);
    a.anticipated = Some(sum + observed * f64::from(end_year - latest.year));
    a.reason = format!("{start_year}–{} 年累计 {sum}，{start_year}–{end_year} 年目标累计 {total}", latest.year);
    a
}

fn assess_relative(
    ind: &MonitoredIndicator,
    latest: &Actual,
    reference_name: &str,
    relation: Relation,
    reference: &[Actual],
    th: &Thresholds,
) -> Assessment {
    let Some(reference_value) = reference.iter().rev().find(|r| r.year == latest.year).map(|r| r.value) else {
        return Assessment::not_assessable(format!("参照指标（{reference_name}）{} 年无实际值", latest.year));
    };
    let mut a = with_ratio(ind, latest.value, reference_value, false, th);
    // 高于: equal is not enough, whatever R says.
    let strictly_better = ind.direction.sign() * (latest.value - reference_value) > 0.0;
    if relation == Relation::Above && !strictly_better && a.status.is_satisfactory() {
        a.status = ProgressStatus::Moderate;
    }
    a.reason = format!("{} 年实际 {}，参照（{reference_name}）{reference_value}", latest.year, latest.value);
    a
}

/// Without a target: Open SDG's thresholds on `d · CAGR` since the baseline (or the
/// earliest actual where the baseline is unknown).
fn assess_without_target(ind: &MonitoredIndicator, actuals: &[Actual], latest: &Actual, th: &Thresholds) -> Assessment {
    let start = match (ind.base_year, ind.base_value) {
        (Some(y), Some(v)) => Some((y, v)),
        _ => actuals.first().filter(|first| first.year < latest.year).map(|first| (first.year, first.value)),
    };
    let Some((y0, b)) = start else {
        return Assessment::not_assessable("无目标，且不足两个年份的数据");
    };
    if b <= 0.0 || latest.value <= 0.0 || latest.year <= y0 {
        return Assessment::not_assessable("无目标，且数值非正，无法计算增速");
    }
    let cagr = compound_rate(b, latest.value, latest.year - y0);
    let d_cagr = ind.direction.sign() * cagr;
    let status = if d_cagr >= th.no_target_on_track {
        ProgressStatus::OnTrack
    } else if d_cagr >= th.no_target_moderate {
        ProgressStatus::Moderate
    } else if d_cagr >= 0.0 {
        ProgressStatus::Limited
    } else {
        ProgressStatus::Deteriorating
    };
    let mut a = Assessment::not_assessable(format!("无目标：{y0}–{} 年年均增速 {:.2}%", latest.year, cagr * 100.0));
    a.status = status;
    a.observed_rate = Some(cagr);
    a
}

/// The category of a progress ratio `R`.
pub fn classify(r: f64, th: &Thresholds) -> ProgressStatus {
    if r >= th.ahead {
        ProgressStatus::Ahead
    } else if r >= th.on_track {
        ProgressStatus::OnTrack
    } else if r >= th.moderate {
        ProgressStatus::Moderate
    } else if r >= 0.0 {
        ProgressStatus::Limited
    } else {
        ProgressStatus::Deteriorating
    }
}

/// Open SDG's score: `min(7.1429·R − 4.2857, 5)` for R ≥ 0.6, else `max(4.1667·R − 2.5, −5)`.
pub fn open_sdg_score(r: f64) -> f64 {
    if r >= 0.6 {
        (7.1429 * r - 4.2857).min(5.0)
    } else {
        (4.1667 * r - 2.5).max(-5.0)
    }
}

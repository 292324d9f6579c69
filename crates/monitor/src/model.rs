//! The domain types of monitoring (glossary names): what is measured, what is due,
//! what was observed, and the status that results.

use serde::{Deserialize, Serialize};

/// Which way is better. `Increase`: higher is better, a target is met at or above
/// (`以上`, `>`). `Decrease`: lower is better, met at or below (`以内`, `<`; 失业率).
///
/// An indicator written as a reduction (`单位地区生产总值能耗降低 〔13.5〕`) records the
/// size of the fall as a positive number, so on that number higher is better:
/// `Increase`. "Energy intensity must fall by at least 13.5 %" and "the reduction must
/// be at least 13.5" are the same requirement.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Direction {
    Increase,
    Decrease,
}

impl Direction {
    /// `d` of the method: +1 where higher is better, −1 where lower is better.
    pub fn sign(self) -> f64 {
        match self {
            Direction::Increase => 1.0,
            Direction::Decrease => -1.0,
        }
    }
}

/// How values move: quantities grow by a rate (geometric path, 亿元 个 万吨 …);
/// shares, rates and ratios move by points (linear path, % 岁 年).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Scale {
    Quantity,
    Share,
}

/// What one actual value is: the level of the indicator (GDP in 亿元), or the growth
/// rate of a year in % (the indicator "地区生产总值增长", whose actuals are 6.5, 7.1 …).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Measure {
    Level,
    GrowthRate,
}

/// How a relative target relates to its reference indicator.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Relation {
    /// 与经济增长同步: about equal to the reference.
    InStep,
    /// 高于经济增长: strictly above the reference.
    Above,
}

/// What the plan asks of the indicator.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Goal {
    /// A value due in a year (目标值).
    Level { value: f64, year: i32 },
    /// An average annual growth `rate` in percent (年均增长 7, "7以上"), due each year to `end_year`.
    AnnualGrowth { rate: f64, end_year: i32 },
    /// A total over the years `start_year..=end_year` (累计, 〔 〕): the annual values add up to it.
    Cumulative { total: f64, start_year: i32, end_year: i32 },
    /// A target stated against another indicator of the same year (与经济增长同步).
    Relative { reference: String, relation: Relation, end_year: i32 },
    /// A target not set yet (待省下达, 待省定): never assessable until it is.
    Pending { text: String },
    /// No target: the no-target thresholds apply.
    None,
}

/// One indicator as the engine sees it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MonitoredIndicator {
    pub name: String,
    pub unit: Option<String>,
    pub scale: Scale,
    pub measure: Measure,
    pub direction: Direction,
    /// 约束性: anything short of on track raises an early warning.
    pub binding: bool,
    /// The base year (基期), known even where its value is not.
    pub base_year: Option<i32>,
    pub base_value: Option<f64>,
    pub goal: Goal,
}

impl MonitoredIndicator {
    /// A growing quantity with a level target (the common case; used in examples and tests).
    pub fn level(name: &str, unit: &str, base_year: i32, base: f64, year: i32, target: f64) -> Self {
        MonitoredIndicator {
            name: name.to_string(),
            unit: Some(unit.to_string()),
            scale: if is_share_unit(unit) { Scale::Share } else { Scale::Quantity },
            measure: Measure::Level,
            direction: Direction::Increase,
            binding: false,
            base_year: Some(base_year),
            base_value: Some(base),
            goal: Goal::Level { value: target, year },
        }
    }

    /// The last year of the goal, where it has one.
    pub fn end_year(&self) -> Option<i32> {
        match &self.goal {
            Goal::Level { year, .. } => Some(*year),
            Goal::AnnualGrowth { end_year, .. } | Goal::Cumulative { end_year, .. } | Goal::Relative { end_year, .. } => Some(*end_year),
            Goal::Pending { .. } | Goal::None => None,
        }
    }
}

/// Units whose values move by points rather than by growth.
pub(crate) fn is_share_unit(unit: &str) -> bool {
    matches!(unit.trim(), "%" | "％" | "‰" | "岁" | "年" | "个百分点" | "百分点")
}

/// The measured value of a year (实际值), and where it was published.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Actual {
    pub year: i32,
    pub value: f64,
    /// 统计公报 2022, a work report's 工作回顾 line …
    pub source: String,
    /// 预计 / 初步统计: not final.
    pub estimated: bool,
}

impl Actual {
    pub fn new(year: i32, value: f64) -> Self {
        Actual { year, value, source: String::new(), estimated: false }
    }
}

/// A user's change of one year's target (年度间综合平衡), kept with who and why.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Override {
    pub year: i32,
    pub value: f64,
    pub who: String,
    pub why: String,
}

/// One year's value on the path from baseline to target (年度目标).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AnnualTarget {
    pub year: i32,
    pub value: f64,
    /// For a cumulative goal: the running total due by this year.
    pub cumulative: Option<f64>,
    /// Set where a user replaced the computed value.
    pub overridden: Option<Override>,
}

/// The thresholds of the method; the defaults are monitoring.md's.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Thresholds {
    /// R at or above: 快于预期.
    pub ahead: f64,
    /// R at or above (and below `ahead`): 基本符合预期.
    pub on_track: f64,
    /// R at or above (and below `on_track`): 滞后（进度偏慢）; below it and ≥ 0: 明显滞后.
    pub moderate: f64,
    /// Without a target: d·CAGR at or above is on track …
    pub no_target_on_track: f64,
    /// … at or above this (and below `no_target_on_track`) is moderate; 0 to this is limited.
    pub no_target_moderate: f64,
}

impl Default for Thresholds {
    fn default() -> Self {
        Thresholds { ahead: 1.05, on_track: 0.95, moderate: 0.60, no_target_on_track: 0.015, no_target_moderate: 0.005 }
    }
}

/// The categories of China's mid-term reviews, after the Open SDG progress measure.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ProgressStatus {
    Achieved,
    Ahead,
    OnTrack,
    Moderate,
    Limited,
    Deteriorating,
    NotAssessable,
}

impl ProgressStatus {
    pub const ALL: [ProgressStatus; 7] = [
        ProgressStatus::Achieved,
        ProgressStatus::Ahead,
        ProgressStatus::OnTrack,
        ProgressStatus::Moderate,
        ProgressStatus::Limited,
        ProgressStatus::Deteriorating,
        ProgressStatus::NotAssessable,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            ProgressStatus::Achieved => "achieved",
            ProgressStatus::Ahead => "ahead",
            ProgressStatus::OnTrack => "on_track",
            ProgressStatus::Moderate => "moderate",
            ProgressStatus::Limited => "limited",
            ProgressStatus::Deteriorating => "deteriorating",
            ProgressStatus::NotAssessable => "not_assessable",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        ProgressStatus::ALL.into_iter().find(|p| p.as_str() == s)
    }

    /// The label shown to people.
    pub fn label_zh(self) -> &'static str {
        match self {
            ProgressStatus::Achieved => "提前实现",
            ProgressStatus::Ahead => "快于预期",
            ProgressStatus::OnTrack => "基本符合预期",
            ProgressStatus::Moderate => "滞后（进度偏慢）",
            ProgressStatus::Limited => "滞后（明显滞后）",
            ProgressStatus::Deteriorating => "滞后（逆向变化）",
            ProgressStatus::NotAssessable => "无法评估",
        }
    }

    /// Achieved, ahead and on track are fine.
    pub fn is_satisfactory(self) -> bool {
        matches!(self, ProgressStatus::Achieved | ProgressStatus::Ahead | ProgressStatus::OnTrack)
    }

    /// Moderate, limited and deteriorating: behind the path, measured. For a binding
    /// indicator this is 预警.
    pub fn is_lagging(self) -> bool {
        matches!(self, ProgressStatus::Moderate | ProgressStatus::Limited | ProgressStatus::Deteriorating)
    }
}

//! The monitoring method of `shared/design/monitoring.md`, as pure functions.
//!
//! Given one indicator of a plan (baseline, target, direction, kind of target) and its
//! actual values, `lantu-monitor` computes the annual path (年度目标分解), the progress
//! status with the numbers that produced it (R, observed and required rates), the value
//! anticipated at the target year, the Open SDG score and the early warning (预警) of
//! binding indicators.
//!
//! ```
//! use lantu_monitor::*;
//! // 规模以上工业企业数量: 424 (2020) → 700 (2025), 个.
//! let ind = MonitoredIndicator::level("规模以上工业企业数量", "个", 2020, 424.0, 2025, 700.0);
//! let actuals = [Actual::new(2022, 560.0)];
//! let a = assess(&ind, &actuals, &[], None, &Thresholds::default());
//! assert_eq!(a.status, ProgressStatus::Ahead);
//! assert_eq!(a.status.label_zh(), "快于预期");
//! ```
//!
//! Architecture invariant: no I/O, no SQL, no clock. The caller says which year is
//! "now" (`as_of`); the same inputs always give the same status.

mod align;
mod assess;
mod chart;
mod check;
mod convert;
mod metric;
mod model;
mod path;
mod units;

pub use align::{weaker_than_parent, PlanGoals, SourcedGoal};
pub use assess::{assess, classify, open_sdg_score, Assessment};
pub use chart::path_chart_svg;
pub use check::{conflicting_statements, growth_inconsistency, implausible_values, Finding, Statement};
pub use convert::{from_extracted, from_target, reference_indicator_name};
pub use metric::{normalize_name, Aliases};
pub use model::{
    Actual, AnnualTarget, Direction, Goal, Measure, MonitoredIndicator, Override, ProgressStatus, Relation, Scale, Thresholds,
};
pub use path::{annual_path, expected_value};
pub use units::convert;

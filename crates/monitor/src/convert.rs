//! From an extracted indicator-table row (`lantu_extract::model::Indicator`) to the
//! engine's `MonitoredIndicator`: what the cells say about direction, scale and goal.

use lantu_extract::model::{Attribute, GrowthKind, Indicator, Period};

use crate::model::{is_share_unit, Direction, Goal, Measure, MonitoredIndicator, Relation, Scale};

/// Words of a cell that mean the target is not set yet.
const PENDING_WORDS: &[&str] = &["待省下达", "待省定", "待定", "待下达", "省定", "另行下达"];
/// Bounds written in a cell: lower bounds and upper bounds.
const AT_LEAST_WORDS: &[&str] = &["以上", ">", "≥", "不低于", "不少于", "超过", "高于"];
const AT_MOST_WORDS: &[&str] = &["以内", "以下", "<", "≤", "不超过", "不高于", "控制在"];
/// Names of indicators where less is better (rates of harm, intensities, pollution).
const LOWER_IS_BETTER: &[&str] = &["失业率", "死亡率", "发生率", "浓度", "能耗", "排放量", "排放强度", "负债率", "贫困发生率"];
/// Names that state the size of a fall as a positive number: higher is better on it.
const REDUCTION_WORDS: &[&str] = &["降低", "下降", "减少", "削减"];
/// Name endings of indicators that are themselves a yearly growth rate.
const GROWTH_RATE_ENDINGS: &[&str] = &["增长", "增速", "增幅", "增长率"];

/// Reads one extracted row. `period` is the plan's (its end is the goal year where the
/// target cell gives none).
pub fn from_extracted(ind: &Indicator, period: Option<Period>) -> MonitoredIndicator {
    let unit = ind.unit.clone().filter(|u| !u.trim().is_empty());
    let measure = measure_of(&ind.name, unit.as_deref());
    let base_year = ind.baseline.year.or(period.map(|p| p.start - 1));
    let end_year = ind.target.year.or(period.map(|p| p.end)).or(base_year.map(|y| y + 5));
    let goal = goal_of(ind, base_year, end_year);
    MonitoredIndicator {
        name: ind.name.clone(),
        scale: scale_of(&ind.name, unit.as_deref(), measure),
        unit,
        measure,
        direction: direction_of(ind),
        binding: ind.attribute == Some(Attribute::Binding),
        base_year,
        base_value: ind.baseline.value,
        goal,
    }
}

/// A target stated in prose (`到2025年，地区生产总值达到600亿元以上`) as the engine sees
/// it: a level due in its year, or, for a growth rate in % (`经济增长7%左右`), that rate
/// due each year. `at_most` is a ceiling (`以内`, `控制在`). It has no baseline: it can
/// be compared with other goals, not assessed on a path of its own.
pub fn from_target(metric: &str, value: f64, unit: Option<&str>, year: i32, at_most: bool) -> MonitoredIndicator {
    let unit = unit.map(str::to_string).filter(|u| !u.trim().is_empty());
    let measure = measure_of(metric, unit.as_deref());
    let direction =
        if at_most || (!REDUCTION_WORDS.iter().any(|w| metric.contains(w)) && LOWER_IS_BETTER.iter().any(|w| metric.contains(w))) {
            Direction::Decrease
        } else {
            Direction::Increase
        };
    let goal = match measure {
        Measure::GrowthRate => Goal::AnnualGrowth { rate: value, end_year: year },
        Measure::Level => Goal::Level { value, year },
    };
    MonitoredIndicator {
        name: metric.to_string(),
        scale: scale_of(metric, unit.as_deref(), measure),
        unit,
        measure,
        direction,
        binding: false,
        base_year: None,
        base_value: None,
        goal,
    }
}

/// The indicator a relative target names, as a metric name: "经济增长" is GDP growth.
pub fn reference_indicator_name(text: &str) -> Option<&'static str> {
    if text.contains("经济增长") || text.contains("GDP增长") || text.contains("地区生产总值增长") {
        Some("地区生产总值增长")
    } else {
        None
    }
}

fn measure_of(name: &str, unit: Option<&str>) -> Measure {
    let name = name.trim_end_matches(['）', ')']);
    let is_percent = matches!(unit.map(str::trim), Some("%") | Some("％"));
    if is_percent && GROWTH_RATE_ENDINGS.iter().any(|e| name.ends_with(e)) {
        Measure::GrowthRate
    } else {
        Measure::Level
    }
}

fn scale_of(name: &str, unit: Option<&str>, measure: Measure) -> Scale {
    let share_name = ["率", "比重", "比例", "占比"].iter().any(|e| name.ends_with(e));
    if measure == Measure::GrowthRate || share_name || unit.is_some_and(is_share_unit) {
        Scale::Share
    } else {
        Scale::Quantity
    }
}

/// Bounds in the cells win (`4.5以内` is a ceiling whatever the name); then the name.
fn direction_of(ind: &Indicator) -> Direction {
    let cells = [ind.target.text.as_deref(), ind.growth.text.as_deref()];
    for cell in cells.into_iter().flatten() {
        if AT_MOST_WORDS.iter().any(|w| cell.contains(w)) {
            return Direction::Decrease;
        }
        if AT_LEAST_WORDS.iter().any(|w| cell.contains(w)) {
            return Direction::Increase;
        }
    }
    let name = ind.name.as_str();
    if REDUCTION_WORDS.iter().any(|w| name.contains(w)) {
        Direction::Increase
    } else if LOWER_IS_BETTER.iter().any(|w| name.contains(w)) {
        Direction::Decrease
    } else {
        Direction::Increase
    }
}

fn goal_of(ind: &Indicator, base_year: Option<i32>, end_year: Option<i32>) -> Goal {
    let cells = [ind.target.text.as_deref(), ind.growth.text.as_deref()];
    if let Some(text) = cells.into_iter().flatten().find(|t| PENDING_WORDS.iter().any(|w| t.contains(w))) {
        return Goal::Pending { text: text.to_string() };
    }
    let Some(end_year) = end_year else { return Goal::None };
    if let Some(value) = ind.target.value {
        return Goal::Level { value, year: end_year };
    }
    if let Some(text) = ind.growth.text.as_deref() {
        if let Some(reference) = reference_indicator_name(text) {
            let relation = if text.contains("高于") || text.contains("快于") { Relation::Above } else { Relation::InStep };
            return Goal::Relative { reference: reference.to_string(), relation, end_year };
        }
    }
    match (ind.growth.value, ind.growth.kind) {
        (Some(total), Some(GrowthKind::Cumulative)) => {
            let start_year = base_year.map(|y| y + 1).unwrap_or(end_year - 4);
            Goal::Cumulative { total, start_year, end_year }
        }
        (Some(rate), _) => Goal::AnnualGrowth { rate, end_year },
        (None, _) => Goal::None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use lantu_extract::model::{GrowthCell, YearCell};

    fn row(name: &str, unit: &str, base: Option<&str>, target: Option<&str>, growth: Option<&str>) -> Indicator {
        let cell = |year: i32, text: Option<&str>| YearCell {
            year: Some(year),
            text: text.map(str::to_string),
            value: text.and_then(lantu_extract::numbers::single_number),
        };
        let kind = growth.map(|g| if g.starts_with('〔') { GrowthKind::Cumulative } else { GrowthKind::Annual });
        let growth_text = growth.map(|g| g.trim_matches(['〔', '〕']).to_string());
        Indicator {
            table: None,
            category: None,
            seq: Some(1),
            sub: None,
            name: name.to_string(),
            unit: Some(unit.to_string()),
            baseline: cell(2020, base),
            target: cell(2025, target),
            growth: GrowthCell { value: growth_text.as_deref().and_then(lantu_extract::numbers::single_number), text: growth_text, kind },
            attribute: Some(Attribute::Expected),
            line: 1,
        }
    }

    const PERIOD: Option<Period> = Some(Period { start: 2021, end: 2025 });

    #[test]
    fn a_quantity_with_a_level_target() {
        let m = from_extracted(&row("规模以上工业企业数量", "个", Some("424"), Some("700"), None), PERIOD);
        assert_eq!((m.scale, m.measure, m.direction), (Scale::Quantity, Measure::Level, Direction::Increase));
        assert_eq!((m.base_year, m.base_value), (Some(2020), Some(424.0)));
        assert_eq!(m.goal, Goal::Level { value: 700.0, year: 2025 });
    }

    #[test]
    fn an_upper_bound_is_a_falling_direction() {
        let m = from_extracted(&row("城镇登记失业率", "%", Some("4以内"), Some("4.5以内"), None), PERIOD);
        assert_eq!((m.scale, m.direction), (Scale::Share, Direction::Decrease));
        assert_eq!(m.goal, Goal::Level { value: 4.5, year: 2025 });
    }

    #[test]
    fn a_lower_bound_stays_rising_even_for_a_harm_name() {
        let m = from_extracted(&row("清洁供暖率", "%", Some("76.72"), Some("80以上"), None), PERIOD);
        assert_eq!(m.direction, Direction::Increase);
    }

    #[test]
    fn a_growth_rate_indicator_with_an_annual_target() {
        let m = from_extracted(&row("地区生产总值（GDP）增长", "%", Some("0.6"), None, Some("7以上")), PERIOD);
        assert_eq!(m.measure, Measure::GrowthRate);
        assert_eq!(m.goal, Goal::AnnualGrowth { rate: 7.0, end_year: 2025 });
    }

    #[test]
    fn a_cumulative_reduction_rises_on_its_own_number() {
        let m = from_extracted(&row("单位地区生产总值能耗降低", "%", None, None, Some("〔13.5〕")), PERIOD);
        assert_eq!(m.direction, Direction::Increase);
        assert_eq!(m.goal, Goal::Cumulative { total: 13.5, start_year: 2021, end_year: 2025 });
    }

    #[test]
    fn pending_targets_in_either_cell() {
        let m = from_extracted(&row("单位地区生产总值能耗降低", "%", None, None, Some("〔待省下达〕")), PERIOD);
        assert_eq!(m.goal, Goal::Pending { text: "待省下达".into() });
        let m = from_extracted(&row("城市空气质量优良天数比率", "%", Some("80"), Some("待省下达"), None), PERIOD);
        assert!(matches!(m.goal, Goal::Pending { .. }));
    }

    #[test]
    fn relative_targets_name_gdp_growth() {
        let m = from_extracted(&row("居民人均可支配收入增长", "%", Some("3.1"), None, Some("与经济增长同步")), PERIOD);
        assert_eq!(m.goal, Goal::Relative { reference: "地区生产总值增长".into(), relation: Relation::InStep, end_year: 2025 });
        let m = from_extracted(&row("居民人均可支配收入增长", "%", Some("1.6"), None, Some("高于经济增长")), PERIOD);
        assert!(matches!(m.goal, Goal::Relative { relation: Relation::Above, .. }));
    }

    #[test]
    fn binding_attribute_and_missing_years_from_the_period() {
        let mut r = row("森林覆盖率", "%", Some("54.61"), Some("56"), None);
        r.attribute = Some(Attribute::Binding);
        r.baseline.year = None;
        r.target.year = None;
        let m = from_extracted(&r, PERIOD);
        assert!(m.binding);
        assert_eq!(m.base_year, Some(2020));
        assert_eq!(m.goal, Goal::Level { value: 56.0, year: 2025 });
    }

    #[test]
    fn no_target_at_all() {
        let m = from_extracted(&row("全员劳动生产率", "万元/人", Some("10"), None, None), PERIOD);
        assert_eq!(m.goal, Goal::None);
    }
}

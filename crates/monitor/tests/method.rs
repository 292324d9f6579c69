//! The method of monitoring.md against hand-computed cases. Each test writes out the
//! arithmetic it expects, so a reviewer can check it with a calculator.

use lantu_monitor::*;

const TH: Thresholds = Thresholds { ahead: 1.05, on_track: 0.95, moderate: 0.60, no_target_on_track: 0.015, no_target_moderate: 0.005 };

fn close(a: Option<f64>, b: f64, tol: f64) -> bool {
    a.is_some_and(|a| (a - b).abs() < tol)
}

fn at(year: i32, value: f64) -> Actual {
    Actual::new(year, value)
}

fn enterprises() -> MonitoredIndicator {
    // 规模以上工业企业数量: 424 个 (2020) → 700 个 (2025): a growing quantity, rates.
    MonitoredIndicator::level("规模以上工业企业数量", "个", 2020, 424.0, 2025, 700.0)
}

fn urbanisation() -> MonitoredIndicator {
    // 常住人口城镇化率: 60 % (2020) → 67 % (2025): a share, points per year.
    MonitoredIndicator::level("常住人口城镇化率", "%", 2020, 60.0, 2025, 67.0)
}

#[test]
fn defaults_are_the_documented_thresholds() {
    assert_eq!(Thresholds::default(), TH);
}

#[test]
fn achieved_is_tested_first() {
    // 710 ≥ 700 in 2023: achieved before 2025, whatever R would say. Score 5.
    let a = assess(&enterprises(), &[at(2023, 710.0)], &[], None, &TH);
    assert_eq!(a.status, ProgressStatus::Achieved);
    assert_eq!(a.status.label_zh(), "提前实现");
    assert_eq!(a.score, Some(5.0));
}

#[test]
fn ahead_by_rates_for_a_quantity() {
    // observed = (560/424)^(1/2) − 1 = 1.149241 − 1 = 0.149241
    // required = (700/424)^(1/5) − 1 = 0.105469
    // R = 0.149241 / 0.105469 = 1.41503 ≥ 1.05 → 快于预期; score min(7.1429·1.415 − 4.2857, 5) = 5
    // anticipated 2025 = 560 · 1.149241^3 = 850.00
    let a = assess(&enterprises(), &[at(2021, 470.0), at(2022, 560.0)], &[], None, &TH);
    assert_eq!(a.status, ProgressStatus::Ahead);
    assert!(close(a.r, 1.41503, 1e-4), "{:?}", a.r);
    assert!(close(a.observed_rate, 0.149241, 1e-5));
    assert!(close(a.required_rate, 0.105469, 1e-5));
    assert!(!a.by_points);
    assert!(close(a.anticipated, 850.00, 0.01));
    assert_eq!(a.score, Some(5.0));
    assert_eq!(a.latest.map(|l| l.year), Some(2022));
}

#[test]
fn on_track_by_points_for_a_share() {
    // observed = (62.8 − 60)/2 = 1.4 points/yr; required = (67 − 60)/5 = 1.4 → R = 1.0 → 基本符合预期
    // score = 7.1429·1 − 4.2857 = 2.8572; anticipated 2025 = 62.8 + 1.4·3 = 67.0
    let a = assess(&urbanisation(), &[at(2022, 62.8)], &[], None, &TH);
    assert_eq!(a.status, ProgressStatus::OnTrack);
    assert!(a.by_points);
    assert!(close(a.r, 1.0, 1e-9));
    assert!(close(a.score, 2.8572, 1e-4));
    assert!(close(a.anticipated, 67.0, 1e-9));
}

#[test]
fn moderate_limited_and_deteriorating_for_a_share() {
    // 62.0: observed (62 − 60)/2 = 1.0; R = 1.0/1.4 = 0.7143 → 滞后（进度偏慢）; score 7.1429·0.7143 − 4.2857 = 0.8164
    let a = assess(&urbanisation(), &[at(2022, 62.0)], &[], None, &TH);
    assert_eq!(a.status, ProgressStatus::Moderate);
    assert!(close(a.r, 0.714286, 1e-5));
    assert!(close(a.score, 0.8164, 1e-3));
    // 60.6: observed 0.3; R = 0.3/1.4 = 0.2143 → 滞后（明显滞后）; score 4.1667·0.2143 − 2.5 = −1.6071
    let a = assess(&urbanisation(), &[at(2022, 60.6)], &[], None, &TH);
    assert_eq!(a.status, ProgressStatus::Limited);
    assert!(close(a.score, -1.6071, 1e-3));
    // 59.0: observed −0.5; R = −0.5/1.4 = −0.3571 → 滞后（逆向变化）; score 4.1667·(−0.3571) − 2.5 = −3.9881
    let a = assess(&urbanisation(), &[at(2022, 59.0)], &[], None, &TH);
    assert_eq!(a.status, ProgressStatus::Deteriorating);
    assert_eq!(a.status.label_zh(), "滞后（逆向变化）");
    assert!(close(a.score, -3.9881, 1e-3));
}

#[test]
fn boundaries_of_the_categories() {
    assert_eq!(classify(1.05, &TH), ProgressStatus::Ahead);
    assert_eq!(classify(1.0499, &TH), ProgressStatus::OnTrack);
    assert_eq!(classify(0.95, &TH), ProgressStatus::OnTrack);
    assert_eq!(classify(0.9499, &TH), ProgressStatus::Moderate);
    assert_eq!(classify(0.60, &TH), ProgressStatus::Moderate);
    assert_eq!(classify(0.5999, &TH), ProgressStatus::Limited);
    assert_eq!(classify(0.0, &TH), ProgressStatus::Limited);
    assert_eq!(classify(-0.0001, &TH), ProgressStatus::Deteriorating);
    // score clamps: R = 2 → min(9.99, 5) = 5; R = −1 → max(−6.67, −5) = −5; R = 0.6 → 0.0
    assert_eq!(open_sdg_score(2.0), 5.0);
    assert_eq!(open_sdg_score(-1.0), -5.0);
    assert!(open_sdg_score(0.6).abs() < 1e-3);
}

#[test]
fn a_falling_quantity_is_ahead_when_it_falls_fast() {
    // PM2.5 浓度 40 (2020) → 35 (2025), lower is better, d = −1.
    // observed = (37/40)^(1/2) − 1 = −0.038231; required = (35/40)^(1/5) − 1 = −0.026353
    // R = −1 · (−0.038231) / 0.026353 = 1.45073 → 快于预期
    let mut ind = MonitoredIndicator::level("细颗粒物（PM2.5）平均浓度", "微克/立方米", 2020, 40.0, 2025, 35.0);
    ind.direction = Direction::Decrease;
    let a = assess(&ind, &[at(2022, 37.0)], &[], None, &TH);
    assert_eq!(a.status, ProgressStatus::Ahead);
    assert!(close(a.r, 1.45073, 1e-4));
    // Rising instead, 41 in 2022: observed (41/40)^(1/2) − 1 = +0.012423; R = −0.012423/0.026353 = −0.4714 → 逆向变化
    let a = assess(&ind, &[at(2022, 41.0)], &[], None, &TH);
    assert_eq!(a.status, ProgressStatus::Deteriorating);
    // 34.5 ≤ 35: met "at or below" → achieved.
    assert_eq!(assess(&ind, &[at(2023, 34.5)], &[], None, &TH).status, ProgressStatus::Achieved);
}

#[test]
fn an_upper_bound_is_met_at_or_below() {
    // 城镇登记失业率 4 (2020) → 4.5以内 (2025): d = −1.
    let mut ind = MonitoredIndicator::level("城镇登记失业率", "%", 2020, 4.0, 2025, 4.5);
    ind.direction = Direction::Decrease;
    // 4.2 ≤ 4.5 → achieved (the ceiling holds).
    assert_eq!(assess(&ind, &[at(2022, 4.2)], &[], None, &TH).status, ProgressStatus::Achieved);
    // 5.0 > 4.5: observed (5 − 4)/2 = 0.5 pts/yr, required (4.5 − 4)/5 = 0.1; R = −0.5/0.1 = −5 → 逆向变化
    let a = assess(&ind, &[at(2022, 5.0)], &[], None, &TH);
    assert_eq!(a.status, ProgressStatus::Deteriorating);
    assert!(close(a.r, -5.0, 1e-9));
}

#[test]
fn annual_growth_of_a_growth_rate_indicator() {
    // 地区生产总值增长 7以上, base 2020. Actual growth 6.0 % (2021), 5.0 % (2022).
    // compound = 1.06 · 1.05 = 1.113; observed = 1.113^(1/2) − 1 = 0.054988; required = 0.07
    // R = 0.054988/0.07 = 0.78555 → 滞后（进度偏慢）; anticipated average 5.4988 %
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
    let a = assess(&ind, &[at(2021, 6.0), at(2022, 5.0)], &[], None, &TH);
    assert_eq!(a.status, ProgressStatus::Moderate);
    assert!(close(a.r, 0.78555, 1e-4), "{:?}", a.r);
    assert!(close(a.anticipated, 5.4988, 1e-3));
    // 8 % a year for all five years: 1.08^5 = 1.4693 ≥ 1.07^5 = 1.4026 → achieved.
    let all: Vec<Actual> = (2021..=2025).map(|y| at(y, 8.0)).collect();
    assert_eq!(assess(&ind, &all, &[], None, &TH).status, ProgressStatus::Achieved);
}

#[test]
fn annual_growth_of_a_level() {
    // 地区生产总值 100 亿元 (2020), 年均增长 7 %. 2022: 115.
    // observed = (115/100)^(1/2) − 1 = 0.072381; required = 0.07; R = 1.03401 → 基本符合预期
    // anticipated 2025 = 115 · 1.072381^3 = 141.822
    let mut ind = MonitoredIndicator::level("地区生产总值", "亿元", 2020, 100.0, 2025, 0.0);
    ind.goal = Goal::AnnualGrowth { rate: 7.0, end_year: 2025 };
    let a = assess(&ind, &[at(2022, 115.0)], &[], None, &TH);
    assert_eq!(a.status, ProgressStatus::OnTrack);
    assert!(close(a.r, 1.03401, 1e-4));
    assert!(close(a.anticipated, 141.822, 1e-2));
}

#[test]
fn cumulative_reduction_of_a_binding_indicator_warns() {
    // 单位地区生产总值能耗降低 〔13.5〕 over 2021–2025, 约束性. Reductions 3.0 (2021), 2.0 (2022).
    // sum 5.0 < 13.5; observed = 5.0/2 = 2.5 a year; required = 13.5/5 = 2.7; R = 0.92593 → 进度偏慢 → 预警
    // anticipated = 5.0 + 2.5 · 3 = 12.5
    let ind = MonitoredIndicator {
        name: "单位地区生产总值能耗降低".into(),
        unit: Some("%".into()),
        scale: Scale::Share,
        measure: Measure::Level,
        direction: Direction::Increase,
        binding: true,
        base_year: Some(2020),
        base_value: None,
        goal: Goal::Cumulative { total: 13.5, start_year: 2021, end_year: 2025 },
    };
    let a = assess(&ind, &[at(2021, 3.0), at(2022, 2.0)], &[], None, &TH);
    assert_eq!(a.status, ProgressStatus::Moderate);
    assert!(close(a.r, 0.925926, 1e-5));
    assert!(close(a.anticipated, 12.5, 1e-9));
    assert!(a.early_warning);
    // Four years of 3.5: sum 14 ≥ 13.5 → achieved, no warning.
    let all: Vec<Actual> = (2021..=2024).map(|y| at(y, 3.5)).collect();
    let a = assess(&ind, &all, &[], None, &TH);
    assert_eq!(a.status, ProgressStatus::Achieved);
    assert!(!a.early_warning);
}

#[test]
fn binding_on_track_does_not_warn() {
    let mut ind = urbanisation();
    ind.binding = true;
    assert!(!assess(&ind, &[at(2022, 62.8)], &[], None, &TH).early_warning);
    assert!(assess(&ind, &[at(2022, 62.0)], &[], None, &TH).early_warning);
}

#[test]
fn relative_target_against_gdp_growth_of_the_same_year() {
    let mut ind = MonitoredIndicator::level("居民人均可支配收入增长", "%", 2020, 3.1, 2025, 0.0);
    ind.measure = Measure::GrowthRate;
    ind.goal = Goal::Relative { reference: "地区生产总值增长".into(), relation: Relation::InStep, end_year: 2025 };
    let gdp = [at(2021, 6.5), at(2022, 6.0)];
    // 2022: 6.1 vs GDP 6.0: R = 6.1/6.0 = 1.01667 → 基本符合预期
    let a = assess(&ind, &[at(2022, 6.1)], &gdp, None, &TH);
    assert_eq!(a.status, ProgressStatus::OnTrack);
    assert!(close(a.r, 1.016667, 1e-5));
    // 5.0 vs 6.0: R = 0.8333 → 进度偏慢
    assert_eq!(assess(&ind, &[at(2022, 5.0)], &gdp, None, &TH).status, ProgressStatus::Moderate);
    // 高于经济增长: 6.0 vs 6.0 is not above, although R = 1.0 → 进度偏慢; 6.1 → on track.
    ind.goal = Goal::Relative { reference: "地区生产总值增长".into(), relation: Relation::Above, end_year: 2025 };
    assert_eq!(assess(&ind, &[at(2022, 6.0)], &gdp, None, &TH).status, ProgressStatus::Moderate);
    assert_eq!(assess(&ind, &[at(2022, 6.1)], &gdp, None, &TH).status, ProgressStatus::OnTrack);
    // No GDP growth for 2023: not assessable.
    assert_eq!(assess(&ind, &[at(2023, 6.1)], &gdp, None, &TH).status, ProgressStatus::NotAssessable);
}

#[test]
fn pending_target_is_not_assessable_and_labelled_pending() {
    let mut ind = MonitoredIndicator::level("城市空气质量优良天数比率", "%", 2020, 80.0, 2025, 0.0);
    ind.goal = Goal::Pending { text: "待省下达".into() };
    ind.binding = true;
    let a = assess(&ind, &[at(2022, 85.0)], &[], None, &TH);
    assert_eq!(a.status, ProgressStatus::NotAssessable);
    assert!(a.pending);
    assert_eq!(a.label_zh(), "待定");
    // Not assessable is not lagging: no 预警 without data that shows a lag.
    assert!(!a.early_warning);
}

#[test]
fn no_actual_after_the_baseline_is_not_assessable() {
    // Only the base year itself (2020) and a year after `as_of` (2023 when as_of = 2022).
    let a = assess(&enterprises(), &[at(2020, 424.0), at(2023, 600.0)], &[], Some(2022), &TH);
    assert_eq!(a.status, ProgressStatus::NotAssessable);
    assert_eq!(a.status.label_zh(), "无法评估");
}

#[test]
fn as_of_picks_the_latest_year_up_to_it() {
    // as_of 2021: only 2021 = 470 counts: observed 470/424 − 1 = 0.108491; R = 0.108491/0.105469 = 1.02866 → on track
    let a = assess(&enterprises(), &[at(2021, 470.0), at(2022, 560.0)], &[], Some(2021), &TH);
    assert_eq!(a.status, ProgressStatus::OnTrack);
    assert!(close(a.r, 1.02866, 1e-4));
}

#[test]
fn a_final_figure_wins_over_an_estimate_of_the_same_year() {
    let estimate = Actual { year: 2022, value: 62.8, source: "工作报告".into(), estimated: true };
    let final_figure = Actual { year: 2022, value: 62.0, source: "统计公报".into(), estimated: false };
    let a = assess(&urbanisation(), &[final_figure, estimate], &[], None, &TH);
    assert_eq!(a.latest.map(|l| l.source), Some("统计公报".to_string()));
    assert_eq!(a.status, ProgressStatus::Moderate);
}

#[test]
fn without_a_target_the_no_target_thresholds_apply() {
    let mut ind = MonitoredIndicator::level("全员劳动生产率", "万元/人", 2020, 100.0, 2025, 0.0);
    ind.goal = Goal::None;
    // CAGR (104.04/100)^(1/2) − 1 = 2.0 % ≥ 1.5 % → on track
    let a = assess(&ind, &[at(2022, 104.04)], &[], None, &TH);
    assert_eq!(a.status, ProgressStatus::OnTrack);
    assert!(close(a.observed_rate, 0.02, 1e-9));
    // 102.01: 1.0 % → moderate; 101: 0.4988 % → limited; 99: −0.5 % → deteriorating
    assert_eq!(assess(&ind, &[at(2022, 102.01)], &[], None, &TH).status, ProgressStatus::Moderate);
    assert_eq!(assess(&ind, &[at(2022, 101.0)], &[], None, &TH).status, ProgressStatus::Limited);
    assert_eq!(assess(&ind, &[at(2022, 99.0)], &[], None, &TH).status, ProgressStatus::Deteriorating);
    // Lower is better: the same fall to 99 is d·CAGR = +0.50 % → moderate.
    ind.direction = Direction::Decrease;
    assert_eq!(assess(&ind, &[at(2022, 99.0)], &[], None, &TH).status, ProgressStatus::Moderate);
}

#[test]
fn a_zero_required_rate_reads_as_a_thousandth() {
    // Hold 50 % (B = T = 50) is met by any A ≥ 50 …
    let hold = MonitoredIndicator::level("粮食播种面积占比", "%", 2020, 50.0, 2025, 50.0);
    assert_eq!(assess(&hold, &[at(2022, 50.0)], &[], None, &TH).status, ProgressStatus::Achieved);
    // … and 49 in 2022: observed −0.5 pts/yr, required 0 → 0.001; R = −500 → 逆向变化.
    let a = assess(&hold, &[at(2022, 49.0)], &[], None, &TH);
    assert!(close(a.r, -500.0, 1e-6));
}

#[test]
fn extracted_rows_flow_into_the_engine() {
    use lantu_extract::model::{Attribute, GrowthCell, Indicator, Period, YearCell};
    let row = Indicator {
        table: None,
        category: Some("绿色生态".into()),
        seq: Some(28),
        sub: None,
        name: "森林覆盖率".into(),
        unit: Some("%".into()),
        baseline: YearCell { year: Some(2020), text: Some("54.61".into()), value: Some(54.61) },
        target: YearCell { year: Some(2025), text: Some("56".into()), value: Some(56.0) },
        growth: GrowthCell { text: None, value: None, kind: None },
        attribute: Some(Attribute::Binding),
        line: 500,
    };
    let ind = from_extracted(&row, Some(Period { start: 2021, end: 2025 }));
    // 2022: 55.0; observed (55 − 54.61)/2 = 0.195; required (56 − 54.61)/5 = 0.278; R = 0.70144 → 进度偏慢, 预警
    let a = assess(&ind, &[at(2022, 55.0)], &[], None, &TH);
    assert_eq!(a.status, ProgressStatus::Moderate);
    assert!(close(a.r, 0.701439, 1e-5));
    assert!(a.early_warning);
    // This year's expected value (2022): 54.61 + 1.39 · 2/5 = 55.166
    assert!(close(expected_value(&ind, 2022, &[]), 55.166, 1e-9));
}

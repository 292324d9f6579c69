//! The path chart of one indicator as an inline SVG: baseline, annual path (dashed),
//! target (square), actuals (dots; hollow when estimated). Used by the evaluation report
//! and the web app, so both draw the same picture. Pure: a string out, no I/O.

use std::fmt::Write as _;

use crate::model::{Actual, MonitoredIndicator, Override};
use crate::path::annual_path;

fn number(v: f64) -> String {
    let s = format!("{v:.2}");
    s.trim_end_matches('0').trim_end_matches('.').to_string()
}

fn escape(s: &str) -> String {
    s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}

/// An SVG of baseline, annual path, actuals and target; empty where there is nothing to
/// draw. Sized by its viewBox: it takes the width of its card, on screen and on paper.
pub fn path_chart_svg(e: &MonitoredIndicator, actuals: &[Actual], overrides: &[Override]) -> String {
    let path_targets = annual_path(e, overrides);
    let path: Vec<(i32, f64)> = path_targets.iter().map(|t| (t.year, t.value)).collect();
    let growth_rate = e.measure == crate::model::Measure::GrowthRate;
    let base = e.base_year.zip(e.base_value);
    // A growth-rate indicator's baseline is the base year's growth: a point on the chart,
    // not the start of the path, which is the rate due in each year.
    let path_start = base.filter(|_| !growth_rate);
    let actuals: Vec<&Actual> = actuals.iter().filter(|a| e.base_year.is_none_or(|y0| a.year > y0)).collect();
    let mut points: Vec<(i32, f64)> = path.clone();
    points.extend(base);
    points.extend(actuals.iter().map(|a| (a.year, a.value)));
    if points.len() < 2 {
        return String::new();
    }
    let (x0, x1) = (points.iter().map(|p| p.0).min().unwrap_or(0), points.iter().map(|p| p.0).max().unwrap_or(1));
    let (mut lo, mut hi) = points.iter().fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), p| (lo.min(p.1), hi.max(p.1)));
    if growth_rate {
        // Rates are read against zero: a flat 7 % path must not fill the chart's height.
        (lo, hi) = (lo.min(0.0), hi.max(0.0));
    }
    let span = if hi - lo < 1e-9 { lo.abs().max(1.0) * 0.1 } else { hi - lo };
    let (lo, hi) = (lo - span * 0.08, hi + span * 0.08);
    let (w, h) = (340.0, 150.0);
    let (left, right, top, bottom) = (46.0, 12.0, 10.0, 22.0);
    let x = |year: i32| left + (w - left - right) * f64::from(year - x0) / f64::from((x1 - x0).max(1));
    let y = |v: f64| top + (h - top - bottom) * (hi - v) / (hi - lo);
    let mut svg = format!("<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {w} {h}\" font-family=\"sans-serif\">");
    // Four value gridlines with their labels, and the years.
    for k in 0..=3 {
        let v = lo + (hi - lo) * f64::from(k) / 3.0;
        let _ = write!(
            svg,
            "<line x1=\"{left}\" y1=\"{py:.1}\" x2=\"{:.1}\" y2=\"{py:.1}\" stroke=\"#e3e6ea\"/><text x=\"{:.1}\" y=\"{:.1}\" font-size=\"10\" fill=\"#555\" text-anchor=\"end\">{}</text>",
            w - right,
            left - 4.0,
            y(v) + 3.5,
            axis_number(v, hi - lo),
            py = y(v)
        );
    }
    let _ = write!(svg, "<line x1=\"{left}\" y1=\"{:.1}\" x2=\"{:.1}\" y2=\"{:.1}\" stroke=\"#888\"/>", h - bottom, w - right, h - bottom);
    for year in x0..=x1 {
        let _ = write!(
            svg,
            "<text x=\"{:.1}\" y=\"{:.1}\" font-size=\"10\" fill=\"#333\" text-anchor=\"middle\">{year}</text>",
            x(year),
            h - bottom + 14.0
        );
    }
    let mut line: Vec<(i32, f64)> = path_start.into_iter().collect();
    line.extend(path.iter().copied());
    if line.len() >= 2 {
        let pts: Vec<String> = line.iter().map(|(yr, v)| format!("{:.1},{:.1}", x(*yr), y(*v))).collect();
        let _ = write!(
            svg,
            "<polyline points=\"{}\" fill=\"none\" stroke=\"#36c\" stroke-width=\"1.5\" stroke-dasharray=\"5 3\"/>",
            pts.join(" ")
        );
    }
    if let Some((by, bv)) = base {
        let (cx, cy) = (x(by), y(bv));
        let _ = write!(
            svg,
            "<path d=\"M{cx:.1},{:.1} l4,4 l-4,4 l-4,-4 z\" fill=\"#555\"><title>基期 {by}{} {}</title></path>",
            cy - 4.0,
            if growth_rate { " 增速" } else { "" },
            number(bv)
        );
    }
    for t in &path_targets {
        if t.overridden.is_some() {
            let _ = write!(svg, "<circle cx=\"{:.1}\" cy=\"{:.1}\" r=\"4.5\" fill=\"none\" stroke=\"#d97706\" stroke-width=\"2\"><title>{} 年调整后的目标 {}</title></circle>", x(t.year), y(t.value), t.year, number(t.value));
        }
    }
    if let Some(last) = path.last() {
        let _ = write!(
            svg,
            "<rect x=\"{:.1}\" y=\"{:.1}\" width=\"8\" height=\"8\" fill=\"#36c\"><title>目标 {} {}</title></rect>",
            x(last.0) - 4.0,
            y(last.1) - 4.0,
            last.0,
            number(last.1)
        );
    }
    for a in &actuals {
        let fill = if a.estimated { "#fff" } else { "#c33" };
        let _ = write!(
            svg,
            "<circle cx=\"{:.1}\" cy=\"{:.1}\" r=\"3.8\" fill=\"{fill}\" stroke=\"#c33\" stroke-width=\"1.5\"><title>{} {}（{}）</title></circle>",
            x(a.year),
            y(a.value),
            a.year,
            number(a.value),
            escape(&a.source)
        );
    }
    svg.push_str("</svg>");
    svg
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Goal, Measure, MonitoredIndicator};

    fn growth_indicator() -> MonitoredIndicator {
        let mut ind = MonitoredIndicator::level("地区生产总值增长", "%", 2020, 0.6, 2025, 7.0);
        ind.measure = Measure::GrowthRate;
        ind.goal = Goal::AnnualGrowth { rate: 7.0, end_year: 2025 };
        ind
    }

    #[test]
    fn a_growth_rate_chart_reads_against_zero_with_the_base_year_as_a_point() {
        let svg = path_chart_svg(&growth_indicator(), &[], &[]);
        // The axis starts at zero or below, so the 7 % path is not drawn as the full height.
        assert!(svg.contains(">0.0<") || svg.contains(">-"), "{svg}");
        assert!(svg.contains("基期 2020 增速 0.6"), "{svg}");
        // The path line starts at the first year due, not at the base year's growth.
        let line = svg.split("<polyline points=\"").nth(1).expect("a path line");
        let first_x: f64 = line.split(',').next().unwrap().parse().unwrap();
        assert!(first_x > 46.0 + 1.0, "path starts at the base year: {line}");
    }
}

/// An axis label with as many decimals as the range needs.
fn axis_number(v: f64, range: f64) -> String {
    let decimals = if range >= 30.0 {
        0
    } else if range >= 3.0 {
        1
    } else if range >= 0.3 {
        2
    } else {
        3
    };
    format!("{v:.decimals$}")
}

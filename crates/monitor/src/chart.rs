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

/// An SVG of baseline, annual path, actuals and target; empty where there is nothing to draw.
pub fn path_chart_svg(e: &MonitoredIndicator, actuals: &[Actual], overrides: &[Override]) -> String {
    let path: Vec<(i32, f64)> = annual_path(e, overrides).iter().map(|t| (t.year, t.value)).collect();
    let mut points: Vec<(i32, f64)> = path.clone();
    if let (Some(y), Some(v)) = (e.base_year, e.base_value) {
        points.push((y, v));
    }
    points.extend(actuals.iter().filter(|a| e.base_year.is_none_or(|y| a.year >= y)).map(|a| (a.year, a.value)));
    if points.len() < 2 {
        return String::new();
    }
    let (x0, x1) = (points.iter().map(|p| p.0).min().unwrap_or(0), points.iter().map(|p| p.0).max().unwrap_or(1));
    let (lo, hi) = points.iter().fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), p| (lo.min(p.1), hi.max(p.1)));
    let (lo, hi) = if hi - lo < 1e-9 { (lo - 1.0, hi + 1.0) } else { (lo, hi) };
    let (w, h, pad) = (420.0, 150.0, 34.0);
    let x = |year: i32| pad + (w - 2.0 * pad) * f64::from(year - x0) / f64::from((x1 - x0).max(1));
    let y = |v: f64| h - pad + -(h - 2.0 * pad) * (v - lo) / (hi - lo);
    let mut svg = format!("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{w}\" height=\"{h}\" viewBox=\"0 0 {w} {h}\">");
    let _ = write!(svg, "<line x1=\"{pad}\" y1=\"{}\" x2=\"{}\" y2=\"{}\" stroke=\"#888\"/>", h - pad, w - pad, h - pad);
    for year in x0..=x1 {
        let _ = write!(svg, "<text x=\"{:.1}\" y=\"{}\" font-size=\"9\" text-anchor=\"middle\">{year}</text>", x(year), h - pad + 12.0);
    }
    let _ = write!(svg, "<text x=\"2\" y=\"{:.1}\" font-size=\"9\">{}</text><text x=\"2\" y=\"{:.1}\" font-size=\"9\">{}</text>", y(hi) + 3.0, number(hi), y(lo) + 3.0, number(lo));
    let mut line: Vec<(i32, f64)> = e.base_year.zip(e.base_value).into_iter().collect();
    line.extend(path.iter().copied());
    if line.len() >= 2 {
        let pts: Vec<String> = line.iter().map(|(yr, v)| format!("{:.1},{:.1}", x(*yr), y(*v))).collect();
        let _ = write!(svg, "<polyline points=\"{}\" fill=\"none\" stroke=\"#36c\" stroke-dasharray=\"4 3\"/>", pts.join(" "));
    }
    if let Some(last) = path.last() {
        let _ = write!(svg, "<rect x=\"{:.1}\" y=\"{:.1}\" width=\"7\" height=\"7\" fill=\"#36c\"><title>目标</title></rect>", x(last.0) - 3.5, y(last.1) - 3.5);
    }
    for a in actuals {
        if e.base_year.is_none_or(|y0| a.year > y0) {
            let fill = if a.estimated { "#fff" } else { "#c33" };
            let _ = write!(svg, "<circle cx=\"{:.1}\" cy=\"{:.1}\" r=\"3.5\" fill=\"{fill}\" stroke=\"#c33\"><title>{} {}</title></circle>", x(a.year), y(a.value), a.year, escape(&a.source));
        }
    }
    svg.push_str("</svg>");
    svg
}

//! Header → columns, and one row → one actual value with its year, unit and source.

use std::num::{ParseFloatError, ParseIntError};

use crate::RawRow;

/// Where each column is (0-based), found by its header.
#[derive(Debug, Clone, PartialEq)]
pub struct Columns {
    pub region: usize,
    pub indicator: usize,
    pub year: usize,
    pub value: usize,
    pub unit: Option<usize>,
    pub source: Option<usize>,
    pub estimated: Option<usize>,
}

/// A required column the header does not name; the names it may go by, `/`-joined.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("no column {0} in the header")]
pub struct MissingColumn(pub String);

/// Finds the columns by their English or Chinese names, ASCII case ignored.
pub fn find_columns(header: &[String]) -> Result<Columns, MissingColumn> {
    let find = |names: &[&str]| header.iter().position(|h| names.iter().any(|n| h.eq_ignore_ascii_case(n)));
    let need = |names: &[&str]| find(names).ok_or_else(|| MissingColumn(names.join("/")));
    Ok(Columns {
        region: need(&["region", "地区"])?,
        indicator: need(&["indicator", "metric", "指标", "指标名称"])?,
        year: need(&["year", "年份", "年度"])?,
        value: need(&["value", "数值", "值", "实际值"])?,
        unit: find(&["unit", "单位"]),
        source: find(&["source", "来源", "资料来源"]),
        estimated: find(&["estimated", "预计"]),
    })
}

/// One data row read, before it is matched to a stored indicator.
#[derive(Debug, Clone, PartialEq)]
pub struct ActualRow {
    pub region: String,
    /// The indicator's name as the file writes it.
    pub name: String,
    pub year: i32,
    /// Always finite.
    pub value: f64,
    pub unit: Option<String>,
    /// The row's source, else the file's name.
    pub source: String,
    /// 预计: marked so in its own column, or its source says 预计 or 初步.
    pub estimated: bool,
}

/// Why a data row was refused. The caller names the file and the row's line.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum RowError {
    #[error("region and indicator are required")]
    Required,
    #[error("year {0:?} is not a year")]
    Year(String, #[source] ParseIntError),
    #[error("value {0:?} is not a number")]
    Value(String, #[source] ParseFloatError),
    /// `NaN`, `inf` and numbers too large for an f64 parse, but are no measured value.
    #[error("value {0:?} is not a number")]
    NotFinite(String),
}

/// Reads one data row. `file` is the source recorded when the row names none.
pub fn parse_row(row: &RawRow, c: &Columns, file: &str) -> Result<ActualRow, RowError> {
    let cell = |i: usize| row.cells.get(i).map(String::as_str).unwrap_or("");
    let region = cell(c.region);
    let name = cell(c.indicator);
    if region.is_empty() || name.is_empty() {
        return Err(RowError::Required);
    }
    let year: i32 = cell(c.year).trim_end_matches('年').parse().map_err(|e| RowError::Year(cell(c.year).to_string(), e))?;
    let value: f64 = cell(c.value).replace(',', "").parse().map_err(|e| RowError::Value(cell(c.value).to_string(), e))?;
    if !value.is_finite() {
        return Err(RowError::NotFinite(cell(c.value).to_string()));
    }
    let unit = c.unit.map(cell).filter(|u| !u.is_empty()).map(str::to_string);
    let source = c.source.map(cell).filter(|s| !s.is_empty()).map_or_else(|| file.to_string(), str::to_string);
    let estimated = c.estimated.map(cell).is_some_and(|e| matches!(e, "1" | "true" | "yes" | "是" | "预计"))
        || source.contains("预计")
        || source.contains("初步");
    Ok(ActualRow { region: region.to_string(), name: name.to_string(), year, value, unit, source, estimated })
}

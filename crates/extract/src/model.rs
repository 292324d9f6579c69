//! The extraction contract (`lantu.extract/1`, see `shared/spec/extract-json.md`) as
//! Rust types. Field names and meanings are the contract's; serde renames are kept
//! explicit so that a rename in Rust cannot silently change the JSON.

use serde::{Deserialize, Serialize};

pub const SCHEMA: &str = "lantu.extract/1";

/// One document's extracted structure: what `lantu extract --format json` prints.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Extraction {
    pub schema: String,
    pub source: Source,
    pub plan: PlanMeta,
    pub outline: Vec<Heading>,
    pub indicators: Vec<Indicator>,
    pub targets: Vec<Target>,
    pub facts: Vec<Fact>,
    pub projects: Vec<Project>,
    /// Things the extractor noticed but could not read with confidence. Extraction
    /// never gives up on a document because one part is odd; it says so here.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub warnings: Vec<Warning>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Source {
    pub file: String,
    pub sha256: String,
    pub encoding: String,
    pub lines: usize,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PlanKind {
    /// 国民经济和社会发展五年规划纲要
    FiveYearOutline,
    /// 专项规划 / 区域规划 / 示范区规划
    SpecialPlan,
    /// 实施方案
    ImplementationPlan,
    /// 政府工作报告 and its digests
    AnnualReport,
    Other,
}

impl PlanKind {
    pub fn as_str(self) -> &'static str {
        match self {
            PlanKind::FiveYearOutline => "five_year_outline",
            PlanKind::SpecialPlan => "special_plan",
            PlanKind::ImplementationPlan => "implementation_plan",
            PlanKind::AnnualReport => "annual_report",
            PlanKind::Other => "other",
        }
    }

    /// The kind named by its contract string (`five_year_outline` …).
    pub fn parse(name: &str) -> Option<PlanKind> {
        [PlanKind::FiveYearOutline, PlanKind::SpecialPlan, PlanKind::ImplementationPlan, PlanKind::AnnualReport, PlanKind::Other]
            .into_iter()
            .find(|k| k.as_str() == name)
    }

    /// The Chinese label shown to people.
    pub fn label_zh(self) -> &'static str {
        match self {
            PlanKind::FiveYearOutline => "五年规划纲要",
            PlanKind::SpecialPlan => "专项规划",
            PlanKind::ImplementationPlan => "实施方案",
            PlanKind::AnnualReport => "政府工作报告",
            PlanKind::Other => "其他",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Period {
    pub start: i32,
    pub end: i32,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PlanMeta {
    pub title: Option<String>,
    pub region: Option<String>,
    pub kind: PlanKind,
    pub period: Option<Period>,
    pub horizon: Option<i32>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Heading {
    pub level: u8,
    pub label: String,
    pub title: String,
    pub line: usize,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Attribute {
    /// 预期性
    Expected,
    /// 约束性
    Binding,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum GrowthKind {
    /// 年均
    Annual,
    /// 累计, written 〔 〕 in the tables
    Cumulative,
}

/// A cell with a year: the baseline (基期) or target (目标) column.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct YearCell {
    pub year: Option<i32>,
    pub text: Option<String>,
    pub value: Option<f64>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct GrowthCell {
    pub text: Option<String>,
    pub value: Option<f64>,
    pub kind: Option<GrowthKind>,
}

/// One row (or sub-row) of a main-indicator table (主要指标表).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Indicator {
    pub table: Option<String>,
    pub category: Option<String>,
    pub seq: Option<u32>,
    pub sub: Option<String>,
    pub name: String,
    pub unit: Option<String>,
    pub baseline: YearCell,
    pub target: YearCell,
    pub growth: GrowthCell,
    pub attribute: Option<Attribute>,
    pub line: usize,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Bound {
    #[serde(rename = ">=")]
    AtLeast,
    #[serde(rename = "<=")]
    AtMost,
    #[serde(rename = "=")]
    Exactly,
    #[serde(rename = "~")]
    About,
}

impl Bound {
    pub fn as_str(self) -> &'static str {
        match self {
            Bound::AtLeast => ">=",
            Bound::AtMost => "<=",
            Bound::Exactly => "=",
            Bound::About => "~",
        }
    }
}

/// A quantitative goal stated in prose (目标 in the text).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Target {
    pub metric: String,
    pub year: Option<i32>,
    pub value: f64,
    pub unit: Option<String>,
    pub bound: Bound,
    pub text: String,
    pub line: usize,
}

/// A value the text states as already reached (发展基础, 工作回顾).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Fact {
    pub metric: String,
    pub year: Option<i32>,
    pub value: f64,
    pub unit: Option<String>,
    pub estimated: bool,
    pub text: String,
    pub line: usize,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Money {
    pub value: f64,
    pub unit: String,
}

/// An item of a project box (专栏) or a named work of an annual report (民生实事).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Project {
    pub group: Option<String>,
    pub name: String,
    pub description: Option<String>,
    pub investment: Option<Money>,
    pub line: usize,
    /// Index into `outline` of the heading the item sits under (its place in the plan).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub heading: Option<usize>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Warning {
    pub line: usize,
    pub message: String,
}

//! Main-indicator tables (主要指标表) read from their broken-text rendering.

use std::ops::RangeInclusive;

use crate::model::{Indicator, Warning};
use crate::Document;

#[derive(Debug, Default)]
pub struct Tables {
    pub indicators: Vec<Indicator>,
    /// Original line ranges the tables occupy, so prose readers skip them.
    pub line_ranges: Vec<RangeInclusive<usize>>,
    pub warnings: Vec<Warning>,
}

pub fn extract(doc: &Document) -> Tables {
    let _ = doc;
    Tables::default()
}

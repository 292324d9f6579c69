//! Quantitative targets (目标) and stated facts (已达到的值) read from prose.

use std::ops::RangeInclusive;

use crate::model::{Fact, Heading, PlanMeta, Target, Warning};
use crate::Document;

#[derive(Debug, Default)]
pub struct Prose {
    pub targets: Vec<Target>,
    pub facts: Vec<Fact>,
    pub warnings: Vec<Warning>,
}

pub fn extract(doc: &Document, plan: &PlanMeta, outline: &[Heading], skip: &[RangeInclusive<usize>]) -> Prose {
    let _ = (doc, plan, outline, skip);
    Prose::default()
}

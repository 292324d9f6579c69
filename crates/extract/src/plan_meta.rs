//! Plan metadata (title, region, kind, period, horizon) read from the text itself.

use crate::model::{Heading, PlanKind, PlanMeta};
use crate::Document;

pub fn extract(doc: &Document, outline: &[Heading]) -> PlanMeta {
    let _ = (doc, outline);
    PlanMeta { title: None, region: None, kind: PlanKind::Other, period: None, horizon: None }
}

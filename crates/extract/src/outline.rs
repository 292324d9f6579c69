//! The outline: every heading in document order with level, label and title.

use crate::model::Heading;
use crate::Document;

pub fn extract(doc: &Document) -> Vec<Heading> {
    let _ = doc;
    Vec::new()
}

//! Project boxes (专栏) and an annual report's named works (民生实事).

use crate::model::{Heading, Project};
use crate::Document;

pub fn extract(doc: &Document, outline: &[Heading]) -> Vec<Project> {
    let _ = (doc, outline);
    Vec::new()
}

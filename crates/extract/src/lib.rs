//! Plan documents in, structure out.
//!
//! `lantu-extract` reads one Chinese plan document (five-year outline, special plan,
//! implementation plan, government work report) and returns its structure in the
//! `lantu.extract/1` contract: plan metadata, outline, main-indicator tables, targets
//! and facts stated in prose, and project boxes — every item with the original line
//! it came from.
//!
//! ```
//! let text = "第一章 发展基础\n\n第一节 “十三五”成就\n";
//! let out = lantu_extract::extract_bytes(text.as_bytes(), "plan.txt", &Default::default()).unwrap();
//! assert_eq!(out.outline[0].label, "第一章");
//! assert_eq!(out.outline[1].line, 3);
//! ```
//!
//! Invariants: no I/O beyond the bytes given, no SQL, no HTTP. Reading fails only
//! when the bytes are not a text document at all ([`ReadError`]); a document that
//! is merely odd yields what could be read plus [`model::Warning`]s.

mod captures;
pub mod document;
pub mod indicators;
pub mod model;
pub mod normalize;
pub mod numbers;
pub mod outline;
pub mod plan_meta;
pub mod projects;
pub mod prose;
pub mod reader;

pub use document::Document;
pub use model::Extraction;
pub use reader::ReadError;

use sha2::{Digest, Sha256};

#[derive(Debug, Clone)]
pub struct Options {
    /// Largest document accepted, in bytes.
    pub max_bytes: usize,
}

impl Default for Options {
    fn default() -> Self {
        Options { max_bytes: reader::DEFAULT_MAX_BYTES }
    }
}

/// Extracts the structure of one document from its bytes. `file_name` is recorded
/// in `source.file` only.
pub fn extract_bytes(bytes: &[u8], file_name: &str, options: &Options) -> Result<Extraction, ReadError> {
    extract_with_text(bytes, file_name, options).map(|(out, _)| out)
}

/// Like [`extract_bytes`], and also returns the decoded text, for callers that keep
/// it (the store shows it beside the extracted items) without decoding twice.
pub fn extract_with_text(bytes: &[u8], file_name: &str, options: &Options) -> Result<(Extraction, String), ReadError> {
    let decoded = reader::decode(bytes, options.max_bytes)?;
    let doc = Document::parse(&decoded.text);
    let mut out = extract_document(&doc);
    out.source = model::Source {
        file: file_name.to_string(),
        sha256: hex(&Sha256::digest(bytes)),
        encoding: decoded.encoding.to_string(),
        lines: doc.lines.len(),
    };
    Ok((out, decoded.text))
}

/// Extracts the structure of an already decoded document.
pub fn extract_document(doc: &Document) -> Extraction {
    let outline = outline::extract(doc);
    let plan = plan_meta::extract(doc, &outline);
    let tables = indicators::extract(doc);
    let prose = prose::extract(doc, &plan, &outline, &tables.line_ranges);
    let projects = projects::extract(doc, &outline);
    let mut warnings = tables.warnings;
    warnings.extend(prose.warnings);
    warnings.sort_by_key(|w| w.line);
    Extraction {
        schema: model::SCHEMA.to_string(),
        source: model::Source { file: String::new(), sha256: String::new(), encoding: "utf-8".into(), lines: doc.lines.len() },
        plan,
        outline,
        indicators: tables.indicators,
        targets: prose.targets,
        facts: prose.facts,
        projects,
        warnings,
    }
}

fn hex(bytes: &[u8]) -> String {
    use std::fmt::Write;
    bytes.iter().fold(String::with_capacity(bytes.len() * 2), |mut s, b| {
        let _ = write!(s, "{b:02x}");
        s
    })
}

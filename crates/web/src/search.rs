//! The boundary to full-text search. lantu-search (tantivy + jieba, built on its own
//! branch) plugs in here by implementing [`SearchBackend`]; the lead wires it in
//! `AppState::with_search`. Until then the search page and `/api/v1/search` say search
//! is not enabled (503 for the API).
//!
//! TODO(search): implement `SearchBackend` for `lantu_search::SearchIndex`, pass it in
//! `src/commands/serve.rs`, and add facets (region / kind / year) to the page.

use serde::Serialize;

/// One match: where it is (plan and line, so the page can link to `#L{line}`), and a
/// snippet with the matched words between `<<` and `>>` (the page escapes the text and
/// turns the markers into `<mark>`).
#[derive(Debug, Clone, PartialEq, Serialize, utoipa::ToSchema)]
pub struct SearchHit {
    pub plan_id: i64,
    pub plan_title: String,
    pub region: Option<String>,
    pub kind: String,
    pub line: usize,
    pub snippet: String,
}

pub trait SearchBackend: Send + Sync {
    /// At most `limit` hits for `query`, best first, among `plans` (the plans the
    /// caller may see).
    fn search(&self, query: &str, plans: &[i64], limit: usize) -> Result<Vec<SearchHit>, String>;
}

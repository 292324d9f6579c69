//! The boundary to full-text search, and its implementation over lantu-search
//! (tantivy + jieba).
//!
//! The index is built at start-up from the store ([`build_index_in_dir`], in a
//! temporary folder `lantu serve` removes on exit): for every plan, its current
//! version's source text is extracted again and indexed, a batch of plans at a time.
//! The store is the source of truth, the CLI writes plans to SQLite without the web app
//! knowing, so an index rebuilt at each start can never be stale. It is on disk, not in
//! RAM, because with 1,000 plans an in-RAM index took ~400 MB of resident memory. Who may see
//! which plan is decided at query time (the caller's visible plan ids are a filter), so
//! publishing a plan needs no reindexing.

use std::time::{Duration, Instant};

use lantu_extract::model::PlanKind;
use lantu_search::{PlanDoc, Query, SearchIndex};
use lantu_store::Store;
use serde::Serialize;

/// One search as the page and the API ask it.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct SearchRequest {
    pub text: String,
    pub region: Option<String>,
    /// `five_year_outline`, `special_plan`, … (unknown names match nothing).
    pub kind: Option<String>,
    /// Plans whose period includes this year.
    pub year: Option<i32>,
    pub limit: usize,
    pub offset: usize,
}

/// One match: where it is (plan and line, so the page can link to `#L{line}`), the
/// headings above it, and a snippet that is safe HTML (matched words in `<mark>`,
/// everything else escaped by lantu-search).
#[derive(Debug, Clone, PartialEq, Serialize, utoipa::ToSchema)]
pub struct SearchHit {
    pub plan_id: i64,
    pub plan_title: String,
    /// text, heading, target, indicator, project
    pub item_kind: String,
    /// The original 1-based line of the match.
    pub line: usize,
    /// The headings the match sits under, outermost first, joined by ` › `.
    pub heading: String,
    /// Safe HTML: matched words in `<mark>`, all other text escaped.
    pub snippet_html: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, utoipa::ToSchema)]
pub struct FacetValue {
    pub value: String,
    pub count: u64,
}

/// How many of all matching items fall under each value (filters applied).
#[derive(Debug, Clone, Default, PartialEq, Serialize, utoipa::ToSchema)]
pub struct SearchFacets {
    pub region: Vec<FacetValue>,
    /// Plan kinds by their contract names (five_year_outline …).
    pub kind: Vec<FacetValue>,
    pub year: Vec<FacetValue>,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct SearchResults {
    /// All matching items (not only this page).
    pub total: usize,
    pub hits: Vec<SearchHit>,
    pub facets: SearchFacets,
}

pub trait SearchBackend: Send + Sync {
    /// One page of hits for `request`, best first, among `plans` (the plans the caller
    /// may see), with facet counts over all of those hits.
    fn search(&self, request: &SearchRequest, plans: &[i64]) -> Result<SearchResults, String>;
}

impl SearchBackend for SearchIndex {
    fn search(&self, request: &SearchRequest, plans: &[i64]) -> Result<SearchResults, String> {
        let kind = match &request.kind {
            Some(name) => match PlanKind::parse(name) {
                Some(kind) => Some(kind),
                // An unknown kind is a filter nothing passes, not an error.
                None => return Ok(SearchResults::default()),
            },
            None => None,
        };
        let query = Query {
            text: request.text.clone(),
            region: request.region.clone(),
            kind,
            year: request.year,
            plans: Some(plans.to_vec()),
            limit: request.limit,
            offset: request.offset,
            ..Query::default()
        };
        let found = SearchIndex::search(self, &query).map_err(|e| e.to_string())?;
        let hits = found
            .hits
            .into_iter()
            .map(|h| SearchHit {
                plan_id: h.plan_id,
                plan_title: h.title,
                item_kind: h.item_kind.as_str().to_string(),
                line: h.line,
                heading: h.heading,
                snippet_html: h.snippet_html,
            })
            .collect();
        let count = |value: String, count: u64| FacetValue { value, count };
        let facets = SearchFacets {
            region: found.facets.region.into_iter().map(|f| count(f.value, f.count)).collect(),
            kind: found.facets.kind.into_iter().map(|f| count(f.value.as_str().to_string(), f.count)).collect(),
            year: found.facets.year.into_iter().map(|f| count(f.value.to_string(), f.count)).collect(),
        };
        Ok(SearchResults { total: found.total, hits, facets })
    }
}

/// What [`build_index`] did, for the start-up log.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct IndexStats {
    pub plans: usize,
    pub items: u64,
    pub elapsed: Duration,
}

/// A new in-RAM index of every plan of the store (its current version's text,
/// extracted again). A plan without stored text is skipped with a warning: it can
/// still be browsed, only not searched. For tests and small stores; `lantu serve` uses
/// [`build_index_in_dir`].
pub fn build_index(store: &mut Store) -> Result<(SearchIndex, IndexStats), String> {
    let index = SearchIndex::create_in_ram().map_err(|e| e.to_string())?;
    fill(store, index)
}

/// As [`build_index`], in a fresh index in `dir` (memory-mapped): with 1,000 plans an
/// index in RAM alone took ~400 MB, on disk the kernel pages in what searches touch.
pub fn build_index_in_dir(store: &mut Store, dir: &std::path::Path) -> Result<(SearchIndex, IndexStats), String> {
    let index = SearchIndex::create_in_dir(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    fill(store, index)
}

/// Plans are read, extracted and indexed a batch at a time, so that only one batch of
/// texts is in memory at once (one commit per batch; the index is not served before
/// it is complete).
const INDEX_BATCH: usize = 64;

fn fill(store: &mut Store, index: SearchIndex) -> Result<(SearchIndex, IndexStats), String> {
    let started = Instant::now();
    let options = lantu_extract::Options::default();
    let plans = store.list_plans().map_err(|e| e.to_string())?;
    let mut indexed = 0;
    for batch in plans.chunks(INDEX_BATCH) {
        let mut extracted = Vec::new();
        for plan in batch {
            let Some(text) = store.source_text(plan.id).map_err(|e| e.to_string())? else {
                tracing::warn!("plan {} has no stored text; it is not searchable", plan.id);
                continue;
            };
            // Extracted again (not read back from the store) because lantu-search needs
            // the whole `Extraction`, and extraction is fast (tens of MB/s).
            match lantu_extract::extract_bytes(text.as_bytes(), &plan.file, &options) {
                Ok(extraction) => extracted.push((plan.id, text, extraction)),
                Err(e) => tracing::warn!("plan {}: {e}; it is not searchable", plan.id),
            }
        }
        let docs: Vec<PlanDoc> = extracted.iter().map(|(id, text, ex)| PlanDoc::from_text(*id, text, ex)).collect();
        index.index_plans(&docs).map_err(|e| e.to_string())?;
        indexed += docs.len();
    }
    let stats = IndexStats { plans: indexed, items: index.num_items(), elapsed: started.elapsed() };
    Ok((index, stats))
}

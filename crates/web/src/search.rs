//! The boundary to full-text search, and its implementation over lantu-search
//! (tantivy + jieba).
//!
//! What is indexed for a plan is what the store holds for its current version: the
//! headings, targets, indicators and projects read back from the store (the items the
//! plan pages show, with their lines), and the paragraphs of its stored source text
//! ([`plan_input`]); nothing is extracted again. `lantu serve` keeps a persistent index
//! next to the store and brings it up to date in the background ([`crate::indexer`]);
//! [`build_index`] makes an in-RAM one for tests. Who may see which plan is decided at
//! query time (the caller's visible plan ids are a filter), so publishing a plan needs
//! no reindexing.

use std::time::{Duration, Instant};

use lantu_extract::model::{Period, PlanKind, PlanMeta, Source};
use lantu_extract::Extraction;
use lantu_search::{PlanDoc, Query, SearchIndex};
use lantu_store::{Store, StoreError};
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

/// Why a search could not be answered.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum SearchFailure {
    /// The index is being built or brought up to date at start-up: ask again shortly
    /// (503 with `Retry-After`).
    #[error("the search index is being built ({indexed} of {total} plans)")]
    Building { indexed: usize, total: usize },
    /// The index cannot be used (logged with its cause; 503).
    #[error("the search index is unavailable: {0}")]
    Unavailable(String),
    /// The search itself failed (500).
    #[error("search failed: {0}")]
    Failed(String),
}

pub trait SearchBackend: Send + Sync {
    /// One page of hits for `request`, best first, among `plans` (the plans the caller
    /// may see), with facet counts over all of those hits.
    fn search(&self, request: &SearchRequest, plans: &[i64]) -> Result<SearchResults, SearchFailure>;
}

impl SearchBackend for SearchIndex {
    fn search(&self, request: &SearchRequest, plans: &[i64]) -> Result<SearchResults, SearchFailure> {
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
        let found = SearchIndex::search(self, &query).map_err(|e| SearchFailure::Failed(e.to_string()))?;
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

/// What [`build_index`] did.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct IndexStats {
    pub plans: usize,
    pub items: u64,
    pub elapsed: Duration,
}

/// A new in-RAM index of every plan of the store, for tests and demos; `lantu serve`
/// keeps a persistent one ([`crate::indexer`]).
pub fn build_index(store: &mut Store) -> Result<(SearchIndex, IndexStats), String> {
    let started = Instant::now();
    let index = SearchIndex::create_in_ram().map_err(|e| e.to_string())?;
    let plans = store.list_plans().map_err(|e| e.to_string())?;
    let mut batch = index.batch().map_err(|e| e.to_string())?;
    for plan in &plans {
        let input = plan_input(store, plan.id).map_err(|e| e.to_string())?;
        batch.add_plan(&input.doc()).map_err(|e| e.to_string())?;
    }
    batch.commit(None).map_err(|e| e.to_string())?;
    let stats = IndexStats { plans: plans.len(), items: index.num_items(), elapsed: started.elapsed() };
    Ok((index, stats))
}

/// What one plan is indexed from, as the store holds it.
pub struct PlanInput {
    pub plan_id: i64,
    /// The version the items were read from (`plan_versions.id`) and its file's sha256.
    pub version_id: i64,
    pub sha256: String,
    /// The stored items in the shape lantu-search reads (an `Extraction` without facts
    /// or warnings, which are not indexed).
    pub extraction: Extraction,
    /// The stored source text; `None` for a plan ingested without it (its items are
    /// still indexed, its prose is not).
    pub text: Option<String>,
}

impl PlanInput {
    pub fn doc(&self) -> PlanDoc<'_> {
        PlanDoc::from_text(self.plan_id, self.text.as_deref().unwrap_or(""), &self.extraction)
    }
}

/// Reads one plan's current version from the store. The items are read before the
/// text, and the version is the one the items came from: if a new version lands in
/// between, the text is newer than the recorded version, so the next comparison with
/// the store finds the plan out of date and indexes it again (never the reverse, which
/// would leave old text recorded as current).
pub fn plan_input(store: &mut Store, plan_id: i64) -> Result<PlanInput, StoreError> {
    let detail = store.plan(plan_id)?;
    let text = store.source_text(plan_id)?;
    let s = detail.summary;
    let period = match (s.period_start, s.period_end) {
        (Some(start), Some(end)) => Some(Period { start, end }),
        _ => None,
    };
    let extraction = Extraction {
        schema: lantu_extract::model::SCHEMA.to_string(),
        source: Source { file: s.file.clone(), sha256: s.sha256.clone(), encoding: String::new(), lines: 0 },
        plan: PlanMeta {
            title: s.title.clone(),
            region: s.region.clone(),
            kind: PlanKind::parse(&s.kind).unwrap_or(PlanKind::Other),
            period,
            horizon: detail.horizon,
        },
        outline: detail.outline,
        indicators: detail.indicators,
        targets: detail.targets,
        facts: Vec::new(),
        projects: detail.projects,
        warnings: Vec::new(),
    };
    Ok(PlanInput { plan_id, version_id: s.version_id, sha256: s.sha256, extraction, text })
}

//! Chinese full-text search over plans.
//!
//! `lantu-search` indexes what the extractor found in a plan — its prose paragraphs,
//! outline headings, targets, indicators and projects — as separate items, each with
//! the plan id, the original line it stands on, the headings above it and the plan's
//! facets (region, plan kind, the years of the plan period). A search returns a page
//! of hits with an HTML snippet (matched words in `<mark>`, everything else escaped),
//! the line to jump to, and counts per facet value.
//!
//! ```
//! use lantu_search::{PlanDoc, Query, SearchIndex};
//!
//! let text = "第一章 发展冰雪经济\n\n打造冰雪产业集群，建设冰雪旅游度假地。\n";
//! let extraction = lantu_extract::extract_document(&lantu_extract::Document::parse(text));
//! let index = SearchIndex::create_in_ram().unwrap();
//! index.index_plan(&PlanDoc::from_text(1, text, &extraction)).unwrap();
//! let results = index.search(&Query::text("冰雪产业")).unwrap();
//! assert_eq!(results.hits[0].line, 3);
//! assert!(results.hits[0].snippet_html.contains("<mark>冰雪产业</mark>"));
//! ```
//!
//! ## Choices
//!
//! - **Segmentation**: tantivy 0.27 with the `tantivy-jieba` adapter (0.21, built on
//!   `tantivy-tokenizer-api` 0.7 like tantivy 0.27, so the two fit without glue),
//!   rather than a hand-written tokenizer over `jieba-rs`; only a small token filter
//!   (punctuation out) is ours. Text is indexed fine-grained (jieba search mode: the
//!   words inside a word too) and queries are segmented coarse (default mode), the
//!   usual split for Chinese search; HMM is off on both sides so that segmentation
//!   depends on the dictionary, not on context. [`analyzer`] explains why.
//! - **Query semantics**: words are ANDed (a planning officer who types
//!   `地区生产总值 翻一番` wants passages that say both), a word that jieba splits is
//!   matched as a phrase (`冰雪产业` does not match 冰雪运动 … 文旅产业), `"…"` phrases
//!   and a leading `-` (exclude) work, and every other query-syntax character is
//!   treated as a space, so no typed text is an error. A word matches the item's own
//!   text or its plan's region (`吉林市 冰雪` = 冰雪 in 吉林市's plans); the plan title
//!   and the headings above an item are shown but not searched (titles are made of
//!   发展 / 规划 / 纲要 and would make every item match those words).
//! - **Items, not documents**: one hit is one paragraph, heading, target, indicator or
//!   project, so a hit links to a line. A paragraph the document wrapped over several
//!   lines is one item (a phrase broken by a line break is still found) and the hit's
//!   line is that of the first highlighted word; for targets and projects, whose text
//!   the extractor assembled, the text is aligned with the plan's passages to find
//!   the lines again.
//! - **Input decoupled from the store**: [`PlanDoc`] is built from the plan's text and
//!   its [`lantu_extract::Extraction`]; the store's plan id is the only link.
//! - **Facets** count all matching items, with the query's filters applied. They are
//!   counted per plan (a plan's region, kind and years are looked up once per index
//!   segment), which keeps a frequent word over 1,000 plans at a few milliseconds.
//! - **Performance** (`cargo bench -p lantu-search`, 1,000 plans = 373,800 items, on
//!   a shared 2-core machine): warm p50 ≈ 0.8 ms, p99 ≈ 6 ms over the bench's query
//!   set; the jieba dictionary takes ≈ 100 ms to load, once per process.
//!
//! The index is not the source of truth: it can be deleted and rebuilt from the store
//! at any time ([`SearchIndex::remove_all`] then [`SearchIndex::index_plans`]).

pub mod analyzer;
mod counts;
mod error;
mod index;
mod plan;
mod query;
mod snippet;

pub use error::{Result, SearchError};
pub use index::{FacetCount, Facets, Hit, IndexBatch, Results, SearchIndex};
pub use plan::{passages_from_text, ItemKind, Passage, PlanDoc};
pub use query::{Query, DEFAULT_LIMIT, MAX_LIMIT, MAX_OFFSET};

#[cfg(test)]
mod tests;

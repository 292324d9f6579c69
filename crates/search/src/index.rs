//! The index itself: schema, writing plans, searching.

use std::collections::HashMap;
use std::path::Path;
use std::sync::{Mutex, MutexGuard};

use lantu_extract::model::PlanKind;
use serde::{Deserialize, Serialize};
use tantivy::collector::TopDocs;
use tantivy::directory::MmapDirectory;
use tantivy::index::SegmentId;
use tantivy::indexer::LogMergePolicy;
use tantivy::query::{BooleanQuery, ConstScoreQuery, Occur, QueryParser, TermQuery};
use tantivy::schema::{
    Facet, FacetOptions, Field, IndexRecordOption, NumericOptions, Schema, TextFieldIndexing, TextOptions, Value, STORED,
};
use tantivy::snippet::SnippetGenerator;
use tantivy::tokenizer::TokenizerManager;
use tantivy::{DocAddress, Index, IndexReader, IndexWriter, ReloadPolicy, Searcher, TantivyDocument, Term};

use crate::analyzer::{analyzer, query_analyzer, ANALYZER};
use crate::counts::{Counts, FacetCounter, PlanFacetCache};
use crate::error::{Result, SearchError};
use crate::plan::{items, line_at, plan_kind_from_str, Item, ItemKind, PlanDoc};
use crate::query::{clean_text, Query};
use crate::snippet;

/// Memory the index writer may use before it flushes a segment. One indexing thread:
/// the machines are small and the web server shares them.
const WRITER_MEMORY_BYTES: usize = 50_000_000;
const WRITER_THREADS: usize = 1;
/// Segments of more items than this are not merged any more. A merge reads its segments
/// through the memory map, and those pages count in the process's resident memory:
/// with tantivy's default (merge up to 10 M items) building 1,000 plans merged most of
/// the index at once and peaked at ~200 MB; with this cap, at ~100 MB. A build from
/// scratch leaves a dozen segments of ~35,000 items (the plans of one commit), which
/// stay as they are; the small segments of later updates are merged among themselves.
const MERGE_MAX_DOCS: usize = 10_000;
/// Length of a snippet in bytes (tantivy counts bytes): about 80 Chinese characters.
const SNIPPET_BYTES: usize = 240;
/// Weight of a match in each searched field. The body is what a hit shows; a match in
/// the plan's region only narrows, as in `吉林市 冰雪` = items about 冰雪 in 吉林市's
/// plans. Neither the plan's title nor the headings above an item are searched: titles
/// are made of 国民经济 / 社会 / 发展 / 规划 and would make every item of every outline
/// match those words, and a paragraph under a 冰雪 heading that does not speak of
/// 冰雪 is no hit (the heading itself is one).
const BODY_BOOST: f32 = 1.0;
const REGION_BOOST: f32 = 0.3;

/// The fields of an item document.
#[derive(Debug, Clone, Copy)]
struct Fields {
    plan_id: Field,
    item: Field,
    line: Field,
    title: Field,
    /// The plan's region as searchable text.
    region_text: Field,
    heading: Field,
    body: Field,
    /// `offset, line, offset, line, …` of `body`: where each original line starts.
    spans: Field,
    region: Field,
    kind: Field,
    year: Field,
    item_kind: Field,
    /// The item kind's position in `ItemKind::ALL`, as a fast column for counting.
    item_ord: Field,
}

fn schema() -> (Schema, Fields) {
    let mut b = Schema::builder();
    let analyzed = TextFieldIndexing::default().set_tokenizer(ANALYZER).set_index_option(IndexRecordOption::WithFreqsAndPositions);
    let searchable = TextOptions::default().set_indexing_options(analyzed);
    let searchable_stored = searchable.clone().set_stored();
    let fields = Fields {
        plan_id: b.add_i64_field("plan_id", NumericOptions::default().set_indexed().set_stored().set_fast()),
        item: b.add_text_field("item", STORED),
        line: b.add_u64_field("line", STORED),
        title: b.add_text_field("title", STORED),
        region_text: b.add_text_field("region_text", searchable),
        heading: b.add_text_field("heading", STORED),
        body: b.add_text_field("body", searchable_stored),
        spans: b.add_u64_field("spans", STORED),
        region: b.add_facet_field("region", FacetOptions::default()),
        kind: b.add_facet_field("kind", FacetOptions::default()),
        year: b.add_facet_field("year", FacetOptions::default()),
        item_kind: b.add_facet_field("item_kind", FacetOptions::default()),
        item_ord: b.add_u64_field("item_ord", NumericOptions::default().set_fast()),
    };
    (b.build(), fields)
}

/// One page of hits, with the number of all hits and the facet counts of all hits.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Results {
    /// Matching items in all (not only this page).
    pub total: usize,
    pub hits: Vec<Hit>,
    pub facets: Facets,
}

/// One matching item.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Hit {
    pub plan_id: i64,
    pub item_kind: ItemKind,
    /// The original 1-based line of the first highlighted word (the item's first line
    /// when nothing in its body is highlighted).
    pub line: usize,
    /// The plan's title.
    pub title: String,
    /// The headings the item sits under, outermost first, joined by ` › ` (for a
    /// project, its box's title comes last; for a heading, the headings above it).
    pub heading: String,
    /// Safe HTML: matched words in `<mark>`, all other text escaped.
    pub snippet_html: String,
    pub score: f32,
}

/// How many of ALL matching items (with the query's filters applied) fall under each
/// facet value.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Facets {
    /// Most hits first, then by name.
    pub region: Vec<FacetCount<String>>,
    /// Most hits first.
    pub kind: Vec<FacetCount<PlanKind>>,
    /// By year.
    pub year: Vec<FacetCount<i32>>,
    /// Most hits first.
    pub item_kind: Vec<FacetCount<ItemKind>>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FacetCount<T> {
    pub value: T,
    pub count: u64,
}

/// A full-text index over plans. Cheap to share between threads (`&self` everywhere);
/// writes are serialised internally. The index writer is opened on the first write,
/// so an index that is only searched does not take the folder's writer lock.
pub struct SearchIndex {
    index: Index,
    reader: IndexReader,
    fields: Fields,
    parser: QueryParser,
    writer: Mutex<Option<IndexWriter>>,
    plan_facets: PlanFacetCache,
}

impl SearchIndex {
    /// A new, empty index in `dir` (created when missing). Fails when `dir` already
    /// holds an index.
    pub fn create_in_dir(dir: impl AsRef<Path>) -> Result<SearchIndex> {
        let dir = dir.as_ref();
        std::fs::create_dir_all(dir).map_err(|source| SearchError::CreateDir { path: dir.to_path_buf(), source })?;
        let (schema, fields) = schema();
        let index = Index::create_in_dir(dir, schema)?;
        SearchIndex::from_index(index, fields, ReloadPolicy::OnCommitWithDelay)
    }

    /// The index in `dir`, written earlier by [`SearchIndex::create_in_dir`].
    pub fn open_in_dir(dir: impl AsRef<Path>) -> Result<SearchIndex> {
        let dir = dir.as_ref();
        if !Index::exists(&MmapDirectory::open(dir).map_err(tantivy::TantivyError::from)?).map_err(tantivy::TantivyError::from)? {
            return Err(SearchError::NotFound(dir.to_path_buf()));
        }
        let index = Index::open_in_dir(dir)?;
        let (schema, fields) = schema();
        if index.schema() != schema {
            return Err(SearchError::SchemaMismatch(dir.to_path_buf()));
        }
        SearchIndex::from_index(index, fields, ReloadPolicy::OnCommitWithDelay)
    }

    /// The index in `dir`, created there when the folder holds none yet.
    pub fn open_or_create_in_dir(dir: impl AsRef<Path>) -> Result<SearchIndex> {
        match SearchIndex::open_in_dir(&dir) {
            Err(SearchError::NotFound(_)) => SearchIndex::create_in_dir(dir),
            other => other,
        }
    }

    /// An index in memory, for tests and demos.
    pub fn create_in_ram() -> Result<SearchIndex> {
        let (schema, fields) = schema();
        SearchIndex::from_index(Index::create_in_ram(schema), fields, ReloadPolicy::Manual)
    }

    fn from_index(index: Index, fields: Fields, policy: ReloadPolicy) -> Result<SearchIndex> {
        // The analyzer is not stored in the index folder: register it on every open.
        index.tokenizers().register(ANALYZER, analyzer());
        let reader = index.reader_builder().reload_policy(policy).try_into()?;
        // The parser has its own tokenizer manager, in which the analyzer's name means
        // the query analyzer (see `analyzer`): tantivy has no per-field query analyzer.
        let query_tokenizers = TokenizerManager::default();
        query_tokenizers.register(ANALYZER, query_analyzer());
        let mut parser = QueryParser::new(index.schema(), vec![fields.body, fields.region_text], query_tokenizers);
        parser.set_conjunction_by_default();
        parser.set_field_boost(fields.body, BODY_BOOST);
        parser.set_field_boost(fields.region_text, REGION_BOOST);
        Ok(SearchIndex { index, reader, fields, parser, writer: Mutex::new(None), plan_facets: PlanFacetCache::default() })
    }

    /// Indexes one plan, replacing whatever was indexed earlier under its `plan_id`,
    /// in one commit: a search sees the old items or the new ones, never a mix.
    pub fn index_plan(&self, plan: &PlanDoc) -> Result<()> {
        self.index_plans(std::slice::from_ref(plan))
    }

    /// Indexes many plans in one commit (much faster than one commit per plan when
    /// building an index from scratch). Each plan replaces its earlier items.
    pub fn index_plans(&self, plans: &[PlanDoc]) -> Result<()> {
        let mut batch = self.batch()?;
        for plan in plans {
            batch.add_plan(plan)?;
        }
        batch.commit(None)
    }

    /// Removes every item of a plan.
    pub fn remove_plan(&self, plan_id: i64) -> Result<()> {
        let mut batch = self.batch()?;
        batch.remove_plan(plan_id);
        batch.commit(None)
    }

    /// Removes everything, for a rebuild.
    pub fn remove_all(&self) -> Result<()> {
        let mut batch = self.batch()?;
        batch.remove_all()?;
        batch.commit(None)
    }

    /// The number of indexed items.
    pub fn num_items(&self) -> u64 {
        self.reader.searcher().num_docs()
    }

    /// The payload of the last commit ([`IndexBatch::commit`]): the caller's own record
    /// of what the index holds, written by tantivy into `meta.json` in the same atomic
    /// step as the items, so the two cannot disagree after a crash. `None` for a new
    /// index and after any commit made without one.
    pub fn commit_payload(&self) -> Result<Option<String>> {
        Ok(self.index.load_metas()?.payload)
    }

    /// Starts a batch of changes that become visible together when it is committed,
    /// and not at all when it is dropped uncommitted (or the process dies first).
    /// Batches are serialised: this waits for one under way in another thread.
    pub fn batch(&self) -> Result<IndexBatch<'_>> {
        let mut writer = self.writer.lock().map_err(|_| SearchError::WriterPoisoned)?;
        if writer.is_none() {
            let w: IndexWriter = self.index.writer_with_num_threads(WRITER_THREADS, WRITER_MEMORY_BYTES)?;
            let mut merges = LogMergePolicy::default();
            merges.set_max_docs_before_merge(MERGE_MAX_DOCS);
            w.set_merge_policy(Box::new(merges));
            *writer = Some(w);
        }
        Ok(IndexBatch { index: self, writer, committed: false })
    }

    /// Closes the index writer: frees its memory and the folder's writer lock until
    /// the next write (a server does this once its index is up to date).
    pub fn release_writer(&self) -> Result<()> {
        let mut writer = self.writer.lock().map_err(|_| SearchError::WriterPoisoned)?;
        if let Some(w) = writer.take() {
            w.wait_merging_threads()?;
        }
        Ok(())
    }

    /// Searches. The typed text is cleaned (see [`Query`]) and parsed leniently, so
    /// no text makes this fail; an empty text (or one of punctuation only) gives no
    /// hits.
    ///
    /// Words are ANDed: `地区生产总值 翻一番` finds items that hold both. A word that
    /// segments into several (`冰雪产业` → 冰雪 / 产业) must match as a phrase. Each
    /// word may match in the item's text or its plan's region.
    pub fn search(&self, q: &Query) -> Result<Results> {
        let text = clean_text(&q.text);
        if text.is_empty() {
            return Ok(Results::default());
        }
        let (text_query, _errors) = self.parser.parse_query_lenient(&text);
        let query = self.with_filters(text_query.box_clone(), q);
        let searcher = self.reader.searcher();
        let (limit, offset) = q.page();
        // Two passes: the page alone lets tantivy skip blocks that cannot reach it
        // (block-max WAND), and the counts need no scores at all. One pass with both
        // would score every hit.
        let top_docs = searcher.search(&query, &TopDocs::with_limit(limit).and_offset(offset).order_by_score())?;
        let live: Vec<SegmentId> = searcher.segment_readers().iter().map(|r| r.segment_id()).collect();
        self.plan_facets.keep_only(&live);
        let counts = searcher.search(&query, &FacetCounter { cache: self.plan_facets.clone() })??;

        let mut snippets = SnippetGenerator::create(&searcher, &*text_query, self.fields.body)?;
        snippets.set_max_num_chars(SNIPPET_BYTES);
        let hits =
            top_docs.into_iter().map(|(score, address)| self.hit(&searcher, &snippets, score, address)).collect::<Result<Vec<Hit>>>()?;
        Ok(Results { total: counts.total as usize, hits, facets: facets(counts) })
    }

    /// The text query narrowed by the query's facet filters. Filters do not score:
    /// they only select.
    fn with_filters(&self, text_query: Box<dyn tantivy::query::Query>, q: &Query) -> Box<dyn tantivy::query::Query> {
        let f = &self.fields;
        let mut filters: Vec<Term> = Vec::new();
        if let Some(region) = &q.region {
            filters.push(facet_term(f.region, region));
        }
        if let Some(kind) = q.kind {
            filters.push(facet_term(f.kind, kind.as_str()));
        }
        if let Some(year) = q.year {
            filters.push(facet_term(f.year, &year.to_string()));
        }
        if let Some(item_kind) = q.item_kind {
            filters.push(facet_term(f.item_kind, item_kind.as_str()));
        }
        if filters.is_empty() && q.plans.is_none() {
            return text_query;
        }
        let mut clauses: Vec<(Occur, Box<dyn tantivy::query::Query>)> = vec![(Occur::Must, text_query)];
        for term in filters {
            let filter = TermQuery::new(term, IndexRecordOption::Basic);
            clauses.push((Occur::Must, Box::new(ConstScoreQuery::new(Box::new(filter), 0.0))));
        }
        if let Some(plans) = &q.plans {
            clauses.push((Occur::Must, Box::new(ConstScoreQuery::new(self.any_of_plans(plans), 0.0))));
        }
        Box::new(BooleanQuery::new(clauses))
    }

    /// Matches the items of any of `plans`; of none when `plans` is empty (a Should-only
    /// boolean query with no clause matches nothing).
    fn any_of_plans(&self, plans: &[i64]) -> Box<dyn tantivy::query::Query> {
        let clauses: Vec<(Occur, Box<dyn tantivy::query::Query>)> = plans
            .iter()
            .map(|&id| {
                let term = Term::from_field_i64(self.fields.plan_id, id);
                let q: Box<dyn tantivy::query::Query> = Box::new(TermQuery::new(term, IndexRecordOption::Basic));
                (Occur::Should, q)
            })
            .collect();
        Box::new(BooleanQuery::new(clauses))
    }

    fn hit(&self, searcher: &Searcher, snippets: &SnippetGenerator, score: f32, address: DocAddress) -> Result<Hit> {
        let f = &self.fields;
        let doc: TantivyDocument = searcher.doc(address)?;
        let text = |field: Field| doc.get_first(field).and_then(|v| v.as_str()).unwrap_or_default().to_string();
        let body = text(f.body);
        let item_line = doc.get_first(f.line).and_then(|v| v.as_u64()).unwrap_or(0) as usize;
        let spans: Vec<u64> = doc.get_all(f.spans).filter_map(|v| v.as_u64()).collect();
        let spans: Vec<(usize, usize)> = spans.chunks_exact(2).map(|p| (p[0] as usize, p[1] as usize)).collect();

        let snippet = snippets.snippet(&body);
        let fragment = snippet.fragment_range();
        let (line, snippet_html) = match snippet.highlighted().iter().map(|r| r.start).min() {
            Some(first) => (
                line_at(&spans, fragment.start + first),
                snippet::to_html(&body, fragment.clone(), &shift(snippet.highlighted(), fragment.start)),
            ),
            None => (item_line, snippet::lead_html(&body)),
        };
        Ok(Hit {
            plan_id: doc.get_first(f.plan_id).and_then(|v| v.as_i64()).unwrap_or_default(),
            item_kind: text(f.item).parse().unwrap_or(ItemKind::Text),
            line: if line == 0 { item_line } else { line },
            title: text(f.title),
            heading: text(f.heading),
            snippet_html,
            score,
        })
    }
}

/// Changes to the index that are committed together ([`SearchIndex::batch`]). Items
/// added go to the writer's memory and are flushed to new segment files as its budget
/// fills, so a batch of any size holds a bounded amount of memory; none of it is
/// searchable, nor survives a crash, before [`IndexBatch::commit`].
pub struct IndexBatch<'a> {
    index: &'a SearchIndex,
    writer: MutexGuard<'a, Option<IndexWriter>>,
    committed: bool,
}

impl IndexBatch<'_> {
    fn writer(&mut self) -> Result<&mut IndexWriter> {
        self.writer.as_mut().ok_or(SearchError::WriterPoisoned)
    }

    /// Adds a plan's items, replacing whatever was indexed under its `plan_id` before.
    pub fn add_plan(&mut self, plan: &PlanDoc) -> Result<()> {
        let fields = self.index.fields;
        let writer = self.writer()?;
        writer.delete_term(Term::from_field_i64(fields.plan_id, plan.plan_id));
        for item in items(plan) {
            writer.add_document(document(&fields, plan, &item))?;
        }
        Ok(())
    }

    /// Removes every item of a plan.
    pub fn remove_plan(&mut self, plan_id: i64) {
        let field = self.index.fields.plan_id;
        if let Ok(writer) = self.writer() {
            writer.delete_term(Term::from_field_i64(field, plan_id));
        }
    }

    /// Removes everything.
    pub fn remove_all(&mut self) -> Result<()> {
        self.writer()?.delete_all_documents()?;
        Ok(())
    }

    /// Makes the batch durable and visible at once, with `payload` recorded in the
    /// same commit (read back by [`SearchIndex::commit_payload`]). On failure nothing
    /// of the batch is kept.
    pub fn commit(mut self, payload: Option<&str>) -> Result<()> {
        let writer = self.writer()?;
        let mut prepared = writer.prepare_commit()?;
        if let Some(payload) = payload {
            prepared.set_payload(payload);
        }
        prepared.commit()?;
        self.committed = true;
        self.index.reader.reload()?;
        Ok(())
    }
}

impl Drop for IndexBatch<'_> {
    fn drop(&mut self) {
        if self.committed {
            return;
        }
        // A failed rollback leaves the writer unusable; drop it so the next batch
        // opens a fresh one.
        if let Some(writer) = self.writer.as_mut() {
            if writer.rollback().is_err() {
                *self.writer = None;
            }
        }
    }
}

fn shift(ranges: &[std::ops::Range<usize>], by: usize) -> Vec<std::ops::Range<usize>> {
    ranges.iter().map(|r| r.start + by..r.end + by).collect()
}

fn facet_term(field: Field, value: &str) -> Term {
    Term::from_facet(field, &Facet::from_path([value]))
}

fn facets(counts: Counts) -> Facets {
    let [regions, kinds, years] = counts.plan_facets;
    let item_kind =
        ItemKind::ALL.iter().zip(counts.item_kinds).filter(|&(_, n)| n > 0).map(|(&k, n)| (k.as_str().to_string(), n)).collect();
    Facets {
        region: facet_values(regions, |s| Some(s.to_string())),
        kind: facet_values(kinds, plan_kind_from_str),
        year: by_value(facet_values(years, |s| s.parse().ok())),
        item_kind: facet_values(item_kind, |s| s.parse().ok()),
    }
}

/// Facet values with their counts, most hits first, then by name.
fn facet_values<T>(counts: HashMap<String, u64>, parse: impl Fn(&str) -> Option<T>) -> Vec<FacetCount<T>> {
    let mut named: Vec<(String, u64)> = counts.into_iter().filter(|&(_, n)| n > 0).collect();
    named.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    named.into_iter().filter_map(|(name, count)| Some(FacetCount { value: parse(&name)?, count })).collect()
}

fn by_value<T: Ord>(mut counts: Vec<FacetCount<T>>) -> Vec<FacetCount<T>> {
    counts.sort_by(|a, b| a.value.cmp(&b.value));
    counts
}

fn document(f: &Fields, plan: &PlanDoc, item: &Item) -> TantivyDocument {
    let mut doc = TantivyDocument::default();
    doc.add_i64(f.plan_id, plan.plan_id);
    doc.add_text(f.item, item.kind.as_str());
    doc.add_u64(f.line, item.line as u64);
    doc.add_text(f.title, &plan.title);
    if let Some(region) = &plan.region {
        doc.add_text(f.region_text, region);
    }
    doc.add_text(f.heading, &item.heading);
    doc.add_text(f.body, &item.body);
    for &(offset, line) in &item.lines {
        doc.add_u64(f.spans, offset as u64);
        doc.add_u64(f.spans, line as u64);
    }
    if let Some(region) = &plan.region {
        doc.add_facet(f.region, Facet::from_path([region.as_str()]));
    }
    doc.add_facet(f.kind, Facet::from_path([plan.kind.as_str()]));
    for year in plan.years() {
        doc.add_facet(f.year, Facet::from_path([year.to_string()]));
    }
    doc.add_facet(f.item_kind, Facet::from_path([item.kind.as_str()]));
    doc.add_u64(f.item_ord, ItemKind::ALL.iter().position(|&k| k == item.kind).unwrap_or(0) as u64);
    doc
}

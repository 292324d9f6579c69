//! Indexes the seed documents in memory and prints the hits of one search:
//! `cargo run -p lantu-search --example search_seeds -- 冰雪 [region]`.

use std::path::PathBuf;

use lantu_search::{PlanDoc, Query, SearchIndex};

fn main() {
    let mut args = std::env::args().skip(1);
    let text = args.next().unwrap_or_else(|| "冰雪".into());
    let region = args.next();
    let dir = std::env::var_os("LANTU_CORPUS")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/seeds"));
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .map(|e| e.filter_map(|e| e.ok().map(|e| e.path())).filter(|p| p.extension().is_some_and(|e| e == "txt")).collect())
        .unwrap_or_default();
    files.sort();
    let docs: Vec<(String, lantu_extract::Extraction)> = files
        .iter()
        .filter_map(|p| {
            let bytes = std::fs::read(p).ok()?;
            let name = p.file_name()?.to_string_lossy().into_owned();
            let text = lantu_extract::reader::decode(&bytes, usize::MAX).ok()?.text;
            Some((text, lantu_extract::extract_bytes(&bytes, &name, &Default::default()).ok()?))
        })
        .collect();
    let index = SearchIndex::create_in_ram().expect("index");
    let plans: Vec<PlanDoc> = docs.iter().enumerate().map(|(i, (text, ex))| PlanDoc::from_text(i as i64, text, ex)).collect();
    index.index_plans(&plans).expect("indexing");
    let results = index.search(&Query { region, limit: 15, ..Query::text(text) }).expect("search");
    println!("{} hits ({} items indexed)", results.total, index.num_items());
    for h in &results.hits {
        println!("[{}] plan {} line {} {:?} | {}\n    {}", h.score, h.plan_id, h.line, h.item_kind, h.heading, h.snippet_html);
    }
    println!("facets: {:?}", results.facets);
}

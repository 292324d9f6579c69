//! Search over the real seed documents (skipped loudly without the corpus).

mod common;

use lantu_extract::Document;
use lantu_search::{Hit, PlanDoc, Query, SearchIndex};

struct Corpus {
    index: SearchIndex,
    seeds: Vec<common::Seed>,
}

fn corpus() -> Option<Corpus> {
    let seeds = common::seeds();
    if seeds.is_empty() {
        return None;
    }
    let index = SearchIndex::create_in_ram().unwrap();
    let plans: Vec<PlanDoc> = seeds.iter().map(|s| PlanDoc::from_text(s.number, &s.text, &s.extraction)).collect();
    index.index_plans(&plans).unwrap();
    Some(Corpus { index, seeds })
}

impl Corpus {
    fn seed(&self, number: i64) -> &common::Seed {
        self.seeds.iter().find(|s| s.number == number).expect("seed present")
    }

    /// The normalised text of an original line of a seed.
    fn line(&self, number: i64, line: usize) -> String {
        let doc = Document::parse(&self.seed(number).text);
        doc.lines.get(line.wrapping_sub(1)).map(|l| l.text.clone()).unwrap_or_default()
    }

    /// Whether `word` stands on the hit's line, or starts there and runs on over the
    /// line break.
    fn line_holds(&self, hit: &Hit, word: &str) -> bool {
        let here = self.line(hit.plan_id, hit.line);
        if here.contains(word) {
            return true;
        }
        let doc = Document::parse(&self.seed(hit.plan_id).text);
        let next = doc.next_text(hit.line.wrapping_sub(1)).map(|i| doc.lines[i].text.clone()).unwrap_or_default();
        format!("{here}{next}").contains(word)
    }
}

#[test]
fn bingxue_finds_jilin_outline_at_matching_lines() {
    let Some(c) = corpus() else { return };
    let r = c.index.search(&Query { limit: 50, ..Query::text("冰雪") }).unwrap();
    assert!(r.total > 0);
    assert!(r.hits.iter().any(|h| h.plan_id == 2), "no hit in 002: {:?}", r.hits);
    let top = &r.hits[0];
    assert!(c.line_holds(top, "冰雪"), "top hit line {} of {}: {:?}", top.line, top.plan_id, c.line(top.plan_id, top.line));
    for hit in r.hits.iter().filter(|h| h.snippet_html.contains("<mark>冰雪")) {
        assert!(c.line_holds(hit, "冰雪"), "{hit:?}: line says {:?}", c.line(hit.plan_id, hit.line));
    }
    // 002's own top hit is in its text at a line that holds the word.
    let in_002: Vec<&Hit> = r.hits.iter().filter(|h| h.plan_id == 2).collect();
    assert!(c.line_holds(in_002[0], "冰雪"), "{:?}", in_002[0]);
}

#[test]
fn minsheng_shishi_finds_the_annual_report() {
    let Some(c) = corpus() else { return };
    let r = c.index.search(&Query::text("民生实事")).unwrap();
    assert!(r.hits.iter().any(|h| h.plan_id == 3), "{:?}", r.hits);
    for hit in r.hits.iter().filter(|h| h.plan_id == 3).take(5) {
        assert!(c.line_holds(hit, "民生实事") || hit.heading.contains("民生实事"), "{hit:?}");
    }
}

#[test]
fn region_filter_keeps_one_region() {
    let Some(c) = corpus() else { return };
    let Some(region) = c.seed(2).extraction.plan.region.clone() else {
        panic!("002 has no region: the facet test needs one");
    };
    let all = c.index.search(&Query { limit: 100, ..Query::text("发展") }).unwrap();
    let regions: Vec<&String> = all.facets.region.iter().map(|f| &f.value).collect();
    assert!(regions.len() >= 2, "{regions:?}");
    let q = Query { region: Some(region.clone()), limit: 100, ..Query::text("发展") };
    let r = c.index.search(&q).unwrap();
    assert!(r.total > 0);
    let expected: Vec<i64> = c.seeds.iter().filter(|s| s.extraction.plan.region.as_deref() == Some(&region)).map(|s| s.number).collect();
    assert!(r.hits.iter().all(|h| expected.contains(&h.plan_id)), "{region}: {:?}", r.hits);
    assert_eq!(r.facets.region.len(), 1);
    assert_eq!(r.facets.region[0].count as usize, r.total);
    let in_facet = all.facets.region.iter().find(|f| f.value == region).map(|f| f.count as usize);
    assert_eq!(in_facet, Some(r.total));
}

#[test]
fn typed_queries_do_not_fail() {
    let Some(c) = corpus() else { return };
    for text in ["冰雪产业", "地区生产总值 翻一番", "吉林市", "十四五", "“十四五”", "GDP", "2025年", "碳达峰:碳中和\""]
    {
        let r = c.index.search(&Query::text(text)).unwrap();
        eprintln!("{text}: {} hits", r.total);
    }
}

//! An annual report's named works: `★ 医疗资源提升工程 ★` titles, each followed by
//! its paragraph (`投资6000万元，…`), introduced by a line such as
//! `今年要集中力量办好10件民生实事`.

use std::sync::LazyLock;

use regex::Regex;

use super::boxes::BoxItem;
use super::text::{char_count, strip_end_mark};
use crate::document::{Document, LineKind};

static STAR_TITLE: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^[★☆]\s*([^★☆。，；]{2,40}?)\s*[★☆]?$").unwrap());

/// One run of ★ works with the line that introduces them.
pub struct StarList {
    pub group: Option<String>,
    pub items: Vec<BoxItem>,
}

fn star_title(doc: &Document, i: usize) -> Option<String> {
    let line = &doc.lines[i];
    if line.kind != LineKind::Text || !line.text.starts_with(['★', '☆']) {
        return None;
    }
    STAR_TITLE.captures(&line.text).and_then(|c| c.get(1)).map(|m| m.as_str().trim().to_string())
}

/// Every run of two or more ★ titles, each with the paragraph after it.
pub fn read_star_lists(doc: &Document) -> Vec<StarList> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < doc.lines.len() {
        if star_title(doc, i).is_none() {
            i += 1;
            continue;
        }
        let group = introduction(doc, i);
        let mut items = Vec::new();
        let mut k = i;
        while let Some(name) = star_title(doc, k) {
            let mut item = BoxItem { name, description: None, line: doc.lines[k].no, investment: None };
            let mut next = doc.next_text(k);
            if let Some(j) = next.filter(|&j| star_title(doc, j).is_none()) {
                if let Some(p) = paragraph_at(doc, j) {
                    item.description = Some(p.text.clone());
                    next = doc.next_text(p.last);
                }
            }
            items.push(item);
            match next {
                Some(j) if star_title(doc, j).is_some() => k = j,
                _ => {
                    k = next.unwrap_or(doc.lines.len());
                    break;
                }
            }
        }
        if items.len() >= 2 {
            out.push(StarList { group: group.clone(), items });
        }
        i = k.max(i + 1);
    }
    out
}

/// The line that introduces a run of ★ works: the text line just before it, when
/// it is a short line of its own (`今年要集中力量办好10件民生实事：`).
fn introduction(doc: &Document, first: usize) -> Option<String> {
    let prev = (0..first).rev().find(|&j| !doc.lines[j].is_blank() && !doc.lines[j].is_debris())?;
    let text = strip_end_mark(doc.lines[prev].text.trim_end_matches(['：', ':']));
    (char_count(text) <= 60 && !text.is_empty()).then(|| text.to_string())
}

fn paragraph_at(doc: &Document, j: usize) -> Option<&crate::document::Paragraph> {
    let k = doc.paragraphs.binary_search_by_key(&j, |p| p.first).ok()?;
    doc.paragraphs.get(k)
}

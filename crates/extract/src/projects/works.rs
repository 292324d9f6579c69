//! An annual report's named works written as a numbered list: a paragraph that
//! announces them (`今年，区政府将集中力量办好以下民生实事：`) followed by one
//! numbered paragraph per work (`1.城区供热管网改造工程。改造…，投资1.8亿元。`).
//! The ★ form of the same list is read by [`super::stars`].

use std::sync::LazyLock;

use regex::Regex;

use super::boxes::BoxItem;
use super::text::{char_count, strip_end_mark};
use crate::document::Document;

/// `1.` / `1、` / `（1）` at the start of a paragraph.
static NUMBERED: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^(?:(\d{1,2})\s*[.．、]|[（(]\s*(\d{1,2})\s*[）)])\s*").unwrap());

/// Words by which a report announces its list of works.
const LIST_WORDS: &[&str] = &["民生实事", "惠民实事", "件实事", "项实事", "民生工程", "惠民工程"];

/// The longest name a work has; a longer lead is a sentence, not a name.
const MAX_NAME_CHARS: usize = 40;

pub struct WorkList {
    pub group: Option<String>,
    pub items: Vec<BoxItem>,
}

/// Every numbered list of works that follows a paragraph announcing them.
pub fn read_work_lists(doc: &Document) -> Vec<WorkList> {
    let mut out = Vec::new();
    let paras = &doc.paragraphs;
    let mut k = 0;
    while k < paras.len() {
        let Some(group) = announcement(&paras[k].text) else {
            k += 1;
            continue;
        };
        let mut items = Vec::new();
        let mut j = k + 1;
        while let Some(p) = paras.get(j) {
            let Some((number, rest)) = numbered(&p.text) else { break };
            if number != items.len() + 1 {
                break;
            }
            let Some((name, description)) = name_and_description(rest) else { break };
            items.push(BoxItem { name, description, line: p.line(), investment: None });
            j += 1;
        }
        if items.len() >= 2 {
            out.push(WorkList { group: Some(group), items });
        }
        k = j.max(k + 1);
    }
    out
}

/// The announcing sentence of a paragraph that ends by introducing a list of works
/// (its last sentence, the colon dropped).
fn announcement(text: &str) -> Option<String> {
    let body = text.trim_end().strip_suffix(['：', ':'])?;
    let last = body.rsplit(['。', '！', '；']).next().unwrap_or(body).trim();
    let is_list = LIST_WORDS.iter().any(|w| last.contains(w));
    (is_list && !last.is_empty() && char_count(last) <= 60).then(|| last.to_string())
}

fn numbered(text: &str) -> Option<(usize, &str)> {
    let caps = NUMBERED.captures(text)?;
    let number = caps.get(1).or_else(|| caps.get(2))?.as_str().parse().ok()?;
    Some((number, &text[caps.get(0)?.end()..]))
}

/// `名称。描述` or `名称：描述`; a paragraph that is only a name has no description.
fn name_and_description(rest: &str) -> Option<(String, Option<String>)> {
    let cut = rest.find(['。', '：', ':']);
    let (name, description) = match cut {
        Some(i) => {
            let after = rest[i..].chars().skip(1).collect::<String>();
            (&rest[..i], Some(after.trim().to_string()).filter(|d| !d.is_empty()))
        }
        None => (strip_end_mark(rest), None),
    };
    let name = name.trim();
    // A lead with a comma is a sentence (`新建学校4所，新增学位…`): not a name.
    let named = (2..=MAX_NAME_CHARS).contains(&char_count(name)) && !name.contains(['，', ',', '；']);
    named.then(|| (name.to_string(), description))
}

//! A search as a person asks it, and the cleaning of the typed text before tantivy's
//! query parser sees it.

use lantu_extract::model::PlanKind;
use serde::{Deserialize, Serialize};

use crate::plan::ItemKind;

/// Hits per page when the caller does not say.
pub const DEFAULT_LIMIT: usize = 20;
/// Hits per page at most: a larger page is cut to this.
pub const MAX_LIMIT: usize = 100;
/// How deep a caller may page: deeper offsets are cut to this, so one request cannot
/// make the collector keep a huge heap.
pub const MAX_OFFSET: usize = 10_000;

/// One search. `text` is what the person typed; the other fields narrow the hits to
/// one facet value each. `limit` 0 means [`DEFAULT_LIMIT`].
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Query {
    pub text: String,
    pub region: Option<String>,
    pub kind: Option<PlanKind>,
    /// Plans whose period includes this year.
    pub year: Option<i32>,
    pub item_kind: Option<ItemKind>,
    /// Only items of these plans (the plans the caller may see); `None` = all plans,
    /// an empty list = no hits.
    pub plans: Option<Vec<i64>>,
    pub limit: usize,
    pub offset: usize,
}

impl Query {
    /// A query for `text` with no filters and the default page.
    pub fn text(text: impl Into<String>) -> Query {
        Query { text: text.into(), ..Query::default() }
    }

    pub(crate) fn page(&self) -> (usize, usize) {
        let limit = match self.limit {
            0 => DEFAULT_LIMIT,
            n => n.min(MAX_LIMIT),
        };
        (limit, self.offset.min(MAX_OFFSET))
    }
}

/// The typed text made safe for tantivy's query grammar while keeping what a person
/// may mean by it:
/// - normalised like the documents (full-width digits and letters to ASCII), so `２０２５`
///   finds `2025`;
/// - `"…"` phrases are kept when the quotes pair up; an unpaired quote is dropped;
/// - a leading `-` (exclude) or `+` (require) on a word is kept;
/// - every other character with a meaning in the grammar (`: ^ ( ) [ ] { } ~ * ! \ ' < > = & |`
///   and a `-`/`+` inside or after a word) becomes a space, so `吉林市:冰雪` is two words
///   rather than a search in a field called 吉林市.
///
/// The grammar's `AND` / `OR` / `NOT` are left as typed.
pub(crate) fn clean_text(typed: &str) -> String {
    let normalized = lantu_extract::normalize::normalize_line(typed);
    let keep_quotes = normalized.chars().filter(|&c| c == '"').count() % 2 == 0;
    let mut out = String::with_capacity(normalized.len());
    let mut at_word_start = true;
    let mut chars = normalized.chars().peekable();
    while let Some(c) = chars.next() {
        let next_is_word = chars.peek().is_some_and(|n| !n.is_whitespace() && !is_syntax(*n));
        let keep = match c {
            '"' => keep_quotes,
            '-' | '+' => at_word_start && next_is_word,
            c if c.is_whitespace() => false,
            c => !is_syntax(c),
        };
        if keep {
            out.push(c);
            // After a quote a new word starts, so `"冰雪" -旅游` keeps its sign.
            at_word_start = c == '"';
        } else {
            out.push(' ');
            at_word_start = true;
        }
    }
    // A phrase left with nothing in it (`""`) would be an empty phrase query.
    out.replace("\"\"", " ").split_whitespace().collect::<Vec<_>>().join(" ")
}

fn is_syntax(c: char) -> bool {
    matches!(c, ':' | '^' | '(' | ')' | '[' | ']' | '{' | '}' | '~' | '*' | '!' | '\\' | '\'' | '<' | '>' | '=' | '&' | '|' | '-' | '+')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_words_pass_unchanged() {
        assert_eq!(clean_text("冰雪产业"), "冰雪产业");
        assert_eq!(clean_text("  地区生产总值\u{3000}翻一番 "), "地区生产总值 翻一番");
    }

    #[test]
    fn full_width_digits_are_normalised() {
        assert_eq!(clean_text("２０２５年"), "2025年");
    }

    #[test]
    fn syntax_characters_become_spaces() {
        assert_eq!(clean_text("吉林市:冰雪"), "吉林市 冰雪");
        assert_eq!(clean_text("冰雪^2 (旅游) [a TO b] {x} ~ * ! \\ ' < > = & |"), "冰雪 2 旅游 a TO b x");
        assert_eq!(clean_text("2021-2025"), "2021 2025");
        assert_eq!(clean_text("- + --"), "");
    }

    #[test]
    fn paired_quotes_and_leading_signs_are_kept() {
        assert_eq!(clean_text("\"冰雪 产业\" -旅游 +吉林"), "\"冰雪 产业\" -旅游 +吉林");
        assert_eq!(clean_text("冰雪\"产业"), "冰雪 产业");
        assert_eq!(clean_text("\"\""), "");
    }

    #[test]
    fn page_is_bounded() {
        assert_eq!(Query::text("x").page(), (DEFAULT_LIMIT, 0));
        let q = Query { limit: 5000, offset: usize::MAX, ..Query::text("x") };
        assert_eq!(q.page(), (MAX_LIMIT, MAX_OFFSET));
    }
}

//! Snippets as HTML: the matched words wrapped in `<mark>`, everything else escaped.
//!
//! tantivy's `SnippetGenerator` chooses the fragment and the matched words; the HTML
//! is written here because tantivy's own `to_html` leaves adjacent matches as separate
//! marks (`<b>冰雪</b><b>产业</b>`) and gives no hint that the fragment is cut.

use std::ops::Range;

/// Characters of body shown when the body holds no matched word (the item matched
/// through its heading or its plan's title).
const LEAD_CHARS: usize = 80;

/// The snippet of `text` with `marks` (byte ranges into `text`) highlighted, limited to
/// `fragment` (a byte range into `text`). An ellipsis shows where the fragment cuts
/// the text.
pub(crate) fn to_html(text: &str, fragment: Range<usize>, marks: &[Range<usize>]) -> String {
    let fragment = clamp(text, fragment);
    let mut html = String::with_capacity(fragment.len() + 32);
    if fragment.start > 0 {
        html.push('…');
    }
    let mut at = fragment.start;
    for mark in merge(marks) {
        let mark = clamp(text, mark.start.max(at)..mark.end.min(fragment.end));
        if mark.is_empty() {
            continue;
        }
        escape_into(&mut html, &text[at..mark.start]);
        html.push_str("<mark>");
        escape_into(&mut html, &text[mark.clone()]);
        html.push_str("</mark>");
        at = mark.end;
    }
    escape_into(&mut html, &text[at..fragment.end]);
    if fragment.end < text.len() {
        html.push('…');
    }
    html
}

/// The start of `text`, escaped, for an item with nothing to highlight.
pub(crate) fn lead_html(text: &str) -> String {
    let end = text.char_indices().nth(LEAD_CHARS).map(|(i, _)| i).unwrap_or(text.len());
    to_html(text, 0..end, &[])
}

/// Sorted ranges with overlapping and touching ones joined.
fn merge(marks: &[Range<usize>]) -> Vec<Range<usize>> {
    let mut sorted: Vec<Range<usize>> = marks.iter().filter(|r| r.start < r.end).cloned().collect();
    sorted.sort_by_key(|r| (r.start, r.end));
    let mut out: Vec<Range<usize>> = Vec::with_capacity(sorted.len());
    for r in sorted {
        match out.last_mut() {
            Some(last) if r.start <= last.end => last.end = last.end.max(r.end),
            _ => out.push(r),
        }
    }
    out
}

/// `range` cut to `text` and moved to char boundaries, so slicing never panics.
fn clamp(text: &str, range: Range<usize>) -> Range<usize> {
    let mut start = range.start.min(text.len());
    while !text.is_char_boundary(start) {
        start -= 1;
    }
    let mut end = range.end.clamp(start, text.len());
    while !text.is_char_boundary(end) {
        end += 1;
    }
    start..end
}

fn escape_into(out: &mut String, s: &str) {
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
}

#[cfg(test)]
#[allow(clippy::single_range_in_vec_init, clippy::reversed_empty_ranges)]
mod tests {
    use super::*;

    #[test]
    fn marks_adjacent_words_as_one() {
        let text = "发展冰雪产业。";
        let a = text.find("冰雪").unwrap();
        let b = text.find("产业").unwrap();
        let html = to_html(text, 0..text.len(), &[b..b + 6, a..a + 6]);
        assert_eq!(html, "发展<mark>冰雪产业</mark>。");
    }

    #[test]
    fn escapes_everything_but_the_marks() {
        let text = "<script>alert('冰雪')</script> & \"x\"";
        let a = text.find("冰雪").unwrap();
        let html = to_html(text, 0..text.len(), &[a..a + 6]);
        assert_eq!(html, "&lt;script&gt;alert(&#39;<mark>冰雪</mark>&#39;)&lt;/script&gt; &amp; &quot;x&quot;");
    }

    #[test]
    fn cut_fragments_show_an_ellipsis() {
        let text = "一二三四五六";
        assert_eq!(to_html(text, 3..9, &[3..6]), "…<mark>二</mark>三…");
    }

    #[test]
    fn bad_ranges_do_not_panic() {
        let text = "冰雪";
        assert_eq!(to_html(text, 1..100, &[2..4, 5..1, 90..99]), "<mark>冰雪</mark>");
        assert_eq!(lead_html(""), "");
    }

    #[test]
    fn lead_is_cut_at_a_char_boundary() {
        let text = "冰".repeat(LEAD_CHARS + 5);
        let html = lead_html(&text);
        assert!(html.ends_with('…'));
        assert_eq!(html.chars().count(), LEAD_CHARS + 1);
    }
}

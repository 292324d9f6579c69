//! Character-level normalisation of one line, per the contract's conventions:
//! full-width digits and Latin letters become ASCII, Chinese punctuation stays,
//! a private-use glyph between digits is the decimal point it replaced, converter
//! markers and footnote marks go.

use std::sync::LazyLock;

use regex::Regex;
use unicode_normalization::UnicodeNormalization;

/// Markers that Word/WPS-to-text converters leave behind: `[bookmark: _Toc7816]`,
/// `[image: …]`, `[footnote ref: 3]`.
static CONVERTER_MARKER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\[(?:bookmark|image|footnote ref|endnote ref|comment|anchor)[^\]\n]*\]").unwrap()
});

/// Normalises one line of a document. Leading white space is kept (indentation is
/// a signal for the layout readers); trailing white space is dropped.
pub fn normalize_line(raw: &str) -> String {
    let without_markers = CONVERTER_MARKER.replace_all(raw, "");
    let chars: Vec<char> = without_markers.chars().collect();
    let mut out = String::with_capacity(without_markers.len());
    for (i, &c) in chars.iter().enumerate() {
        if is_private_use(c) {
            // `２８\uE010５６` is 28.56 and `ＰＭ２\uE010５` is PM2.5: the converter
            // replaced the decimal point by a glyph of its own font.
            let prev = chars[..i].iter().rev().find(|c| !is_private_use(**c)).copied();
            let next = chars[i + 1..].iter().find(|c| !is_private_use(**c)).copied();
            if prev.is_some_and(is_any_digit) && next.is_some_and(is_any_digit) {
                out.push('.');
            }
            continue;
        }
        if is_footnote_mark(c) {
            continue;
        }
        push_ascii_folded(c, &mut out);
    }
    let trimmed = out.trim_end().len();
    out.truncate(trimmed);
    out
}

/// The leading circled number of a footnote block (`① “三三四四五五”：…`).
pub fn starts_with_footnote_mark(raw: &str) -> bool {
    raw.trim_start().chars().next().is_some_and(is_footnote_mark)
}

fn is_private_use(c: char) -> bool {
    ('\u{E000}'..='\u{F8FF}').contains(&c)
}

fn is_any_digit(c: char) -> bool {
    c.is_ascii_digit() || ('０'..='９').contains(&c)
}

/// ①–⑳, ⑴–⒇, ⒈–⒛ and the dingbat circled digits: footnote marks in these documents.
pub fn is_footnote_mark(c: char) -> bool {
    matches!(c, '\u{2460}'..='\u{2473}' | '\u{2474}'..='\u{2487}' | '\u{2776}'..='\u{2793}')
}

/// Full-width ASCII letters, digits and the symbols that behave like them in numbers
/// (％ ＋ － ． ／ ＆ ＜ ＞ ＝) become ASCII; Roman numerals (Ⅲ) become Latin letters;
/// the ideographic space becomes a space. Chinese punctuation (（）“”，。、：；) stays.
fn push_ascii_folded(c: char, out: &mut String) {
    match c {
        '０'..='９' | 'Ａ'..='Ｚ' | 'ａ'..='ｚ' | '％' | '＋' | '－' | '．' | '／' | '＆' | '＜'
        | '＞' | '＝' | '＃' | '＊' | '＿' | '＠' => {
            out.push(char::from_u32(c as u32 - 0xFEE0).unwrap_or(c));
        }
        '\u{3000}' | '\u{A0}' => out.push(' '),
        '\u{2160}'..='\u{217F}' => out.extend(c.nfkc()),
        _ => out.push(c),
    }
}

/// Display width in columns: a CJK or full-width character takes two, ASCII one.
/// Wrapped lines of one document end near the same width, not the same char count.
pub fn display_width(s: &str) -> usize {
    s.chars().map(|c| if c.is_ascii() { 1 } else { 2 }).sum()
}

/// The printed width of a raw line: full-width digits take two columns there,
/// while after normalisation they take one, so wrap detection measures the raw line.
pub fn raw_width(raw: &str) -> usize {
    display_width(CONVERTER_MARKER.replace_all(raw, "").trim())
}

/// Whether a line ends a sentence (and so cannot run on into the next line).
pub fn ends_sentence(s: &str) -> bool {
    s.trim_end()
        .chars()
        .last()
        .is_some_and(|c| matches!(c, '。' | '！' | '？' | '；' | '!' | '?' | '…'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_full_width_and_keeps_chinese_punctuation() {
        assert_eq!(normalize_line("２０２０年，Ｒ＆Ｄ经费（％）"), "2020年，R&D经费（%）");
        assert_eq!(normalize_line("Ⅲ类水体"), "III类水体");
    }

    #[test]
    fn private_use_between_digits_is_a_decimal_point() {
        assert_eq!(normalize_line("２８\u{E010}５６亿元"), "28.56亿元");
        assert_eq!(normalize_line("ＰＭ２\u{E010}５浓度"), "PM2.5浓度");
        assert_eq!(normalize_line("项目\u{E010}名称"), "项目名称");
    }

    #[test]
    fn removes_markers_and_footnote_marks() {
        assert_eq!(normalize_line("[bookmark: _Toc7816]一、发展基础"), "一、发展基础");
        assert_eq!(normalize_line("“三三四四五五”① 战略  "), "“三三四四五五” 战略");
        assert!(starts_with_footnote_mark(" ① “三三”：就是"));
    }

    #[test]
    fn widths_and_sentence_ends() {
        assert_eq!(display_width("2020年"), 6);
        assert!(ends_sentence("保持快速增长。"));
        assert!(!ends_sentence("地区生产总"));
    }
}

//! Character-level normalisation of one line, per the contract's conventions:
//! full-width digits and Latin letters become ASCII, Chinese punctuation stays,
//! a private-use glyph between digits is the decimal point it replaced, converter
//! markers and footnote marks go.

use std::sync::LazyLock;

use regex::Regex;
use unicode_normalization::UnicodeNormalization;

/// Markers that Word/WPS-to-text converters leave behind: `[bookmark: _Toc7816]`,
/// `[image: …]`, `[footnote ref: 3]`.
static CONVERTER_MARKER: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\[(?:bookmark|image|footnote ref|endnote ref|comment|anchor)[^\]\n]*\]").unwrap());

/// Normalises one line of a document. Leading white space is kept (indentation is
/// a signal for the layout readers); trailing white space is dropped.
pub fn normalize_line(raw: &str) -> String {
    normalize_unmarked(&strip_markers(raw))
}

/// [`normalize_line`] of a line whose converter markers [`strip_markers`] removed.
pub fn normalize_unmarked(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    // Characters that stay as they are are copied in runs, not one by one.
    let mut kept_from = 0;
    let bytes = s.as_bytes();
    let mut next = 0;
    while next < bytes.len() {
        // Eight bytes at a time past words with none of the lead bytes below (most
        // of a line: CJK), and straight to the first such byte in a word that has
        // one, rather than byte by byte through the rest of the word.
        if let Some(chunk) = bytes.get(next..next + 8) {
            let mut word = [0u8; 8];
            word.copy_from_slice(chunk);
            let mask = changed_mask(u64::from_le_bytes(word));
            if mask == 0 {
                next += 8;
                continue;
            }
            next += (mask.trailing_zeros() / 8) as usize;
        }
        let (i, b) = (next, bytes[next]);
        next += 1;
        // Every character this function changes or drops is encoded with one of these
        // lead bytes: U+00A0 (C2), U+2160–217F, U+2460–2487, U+2776–2793 (E2), U+3000
        // (E3), the private-use area (EE, EF) and the full-width forms (EF). Testing
        // bytes spares decoding the many characters (CJK: E4–E9) that stay as they are.
        if !matches!(b, 0xC2 | 0xE2 | 0xE3 | 0xEE | 0xEF) {
            continue;
        }
        let Some(c) = s[i..].chars().next() else { break };
        let folded = ascii_fold(c);
        let roman = is_roman_numeral(c);
        if folded.is_none() && !roman && !is_private_use(c) && !is_footnote_mark(c) {
            continue;
        }
        out.push_str(&s[kept_from..i]);
        kept_from = i + c.len_utf8();
        if let Some(f) = folded {
            out.push(f);
        } else if roman {
            out.extend(c.nfkc());
        } else if is_private_use(c) {
            // `２８\uE010５６` is 28.56 and `ＰＭ２\uE010５` is PM2.5: the converter
            // replaced the decimal point by a glyph of its own font.
            let prev = s[..i].chars().rev().find(|c| !is_private_use(*c));
            let following = s[kept_from..].chars().find(|c| !is_private_use(*c));
            if prev.is_some_and(is_any_digit) && following.is_some_and(is_any_digit) {
                out.push('.');
            }
        }
        // Footnote marks go.
    }
    out.push_str(&s[kept_from..]);
    let trimmed = trim_end_ws(&out).len();
    out.truncate(trimmed);
    out
}

/// The high bit of each of the eight bytes of `word` (little-endian) that is a lead
/// byte `normalize_unmarked` looks at (C2, E2, E3, EE, EF). The bit tricks can set a
/// bit that is not there only above (after) one that is: zero is exact, and so is
/// the lowest bit set, which is where the caller goes next.
fn changed_mask(word: u64) -> u64 {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGHS: u64 = 0x8080_8080_8080_8080;
    let has_zero = |v: u64| v.wrapping_sub(ONES) & !v & HIGHS;
    // E2/E3 and EE/EF differ in the lowest bit only.
    let pairs = word & (ONES * 0xFE);
    has_zero(word ^ (ONES * 0xC2)) | has_zero(pairs ^ (ONES * 0xE2)) | has_zero(pairs ^ (ONES * 0xEE))
}

/// The line without converter markers; borrowed when it has none (most lines).
pub fn strip_markers(raw: &str) -> std::borrow::Cow<'_, str> {
    if raw.contains('[') {
        CONVERTER_MARKER.replace_all(raw, "")
    } else {
        std::borrow::Cow::Borrowed(raw)
    }
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
/// (％ ＋ － ． ／ ＆ ＜ ＞ ＝) become ASCII; the ideographic space becomes a space.
/// Chinese punctuation (（）“”，。、：；) stays. `None` for a character that stays.
fn ascii_fold(c: char) -> Option<char> {
    match c {
        '０'..='９'
        | 'Ａ'..='Ｚ'
        | 'ａ'..='ｚ'
        | '％'
        | '＋'
        | '－'
        | '．'
        | '／'
        | '＆'
        | '＜'
        | '＞'
        | '＝'
        | '＃'
        | '＊'
        | '＿'
        | '＠' => char::from_u32(c as u32 - 0xFEE0),
        '\u{3000}' | '\u{A0}' => Some(' '),
        _ => None,
    }
}

/// Roman numerals (Ⅲ), which become Latin letters.
fn is_roman_numeral(c: char) -> bool {
    ('\u{2160}'..='\u{217F}').contains(&c)
}

/// Display width in columns: a CJK or full-width character takes two, ASCII one.
/// Wrapped lines of one document end near the same width, not the same char count.
pub fn display_width(s: &str) -> usize {
    // Counted on the bytes, eight at a time (a per-character sum decodes every
    // character): an ASCII byte is one column, the lead byte of any other character
    // (11xxxxxx) two, a continuation byte (10xxxxxx) none.
    const LOWS: u64 = 0x0101_0101_0101_0101;
    let mut chunks = s.as_bytes().chunks_exact(8);
    let mut n = 0;
    for chunk in &mut chunks {
        let mut word = [0u8; 8];
        word.copy_from_slice(chunk);
        let word = u64::from_le_bytes(word);
        let ascii = !(word >> 7) & LOWS;
        let lead = (word >> 7) & (word >> 6) & LOWS;
        // Each lane holds 0, 1 or 2; the multiplication sums the lanes into the top one.
        n += ((ascii + 2 * lead).wrapping_mul(LOWS) >> 56) as usize;
    }
    n + chunks
        .remainder()
        .iter()
        .map(|&b| {
            if b < 0x80 {
                1
            } else if b >= 0xC0 {
                2
            } else {
                0
            }
        })
        .sum::<usize>()
}

/// The printed width of a raw line: full-width digits take two columns there,
/// while after normalisation they take one, so wrap detection measures the raw line.
/// Takes the line as [`strip_markers`] left it.
pub fn unmarked_width(unmarked: &str) -> usize {
    display_width(trim_end_ws(trim_start_ws(unmarked)))
}

/// `str::trim_start`, deciding most lines by their first byte: white space starts
/// with a byte up to 0x20 or the lead byte C2, E1, E2 or E3 (CJK: E4–E9).
pub fn trim_start_ws(s: &str) -> &str {
    match s.as_bytes().first() {
        Some(b) if !matches!(b, 0x00..=0x20 | 0xC2 | 0xE1..=0xE3) => s,
        _ => s.trim_start(),
    }
}

/// `str::trim_end`, deciding most lines by their last byte: white space ends with a
/// byte up to 0x20 (ASCII) or one of the last bytes 80–8A, 9F, A0, A8, A9, AF (U+0085,
/// U+00A0, U+1680, U+2000–U+200A, U+2028, U+2029, U+202F, U+205F, U+3000).
pub fn trim_end_ws(s: &str) -> &str {
    match s.as_bytes().last() {
        Some(b) if !matches!(b, 0x00..=0x20 | 0x80..=0x8A | 0x9F | 0xA0 | 0xA8 | 0xA9 | 0xAF) => s,
        _ => s.trim_end(),
    }
}

/// The byte offset of the first white space character (`char::is_whitespace`) in `s`.
/// Non-ASCII white space (U+0085, U+00A0, U+1680, U+2000–U+205F, U+3000) has the lead
/// byte C2, E1, E2 or E3, so other characters (CJK: E4–E9) are skipped undecoded.
pub fn find_whitespace(s: &str) -> Option<usize> {
    let bytes = s.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        // Eight bytes at a time past runs with no byte that can start white space
        // (most of a line: CJK lead bytes E4–E9 and continuation bytes), and straight
        // to the first byte that can in a word that has one.
        if let Some(chunk) = bytes.get(i..i + 8) {
            let mut word = [0u8; 8];
            word.copy_from_slice(chunk);
            let mask = whitespace_mask(u64::from_le_bytes(word));
            if mask == 0 {
                i += 8;
                continue;
            }
            i += (mask.trailing_zeros() / 8) as usize;
        }
        let b = bytes[i];
        let white = match b {
            0x00..=0x20 => char::from(b).is_whitespace(),
            // Printable ASCII, continuation bytes, and lead bytes of no white space.
            0x21..=0xC1 | 0xC3..=0xE0 | 0xE4..=0xFF => false,
            // U+3000 is the only white space with the lead byte E3 (。、 have it too).
            0xE3 => bytes.get(i + 1..i + 3) == Some(&[0x80, 0x80]),
            _ => s[i..].chars().next().is_some_and(char::is_whitespace),
        };
        if white {
            return Some(i);
        }
        i += 1;
    }
    None
}

/// The high bit of each of the eight bytes of `word` (little-endian) that may start
/// a white space character: a byte up to 0x20 or one of the lead bytes C2 and E0–E3
/// (E0 is let through to need one test for the four). The bit tricks can set a bit
/// that is not there only above (after) one that is: zero is exact, and so is the
/// lowest bit set, which is where the caller goes next.
fn whitespace_mask(word: u64) -> u64 {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGHS: u64 = 0x8080_8080_8080_8080;
    let has_zero = |v: u64| v.wrapping_sub(ONES) & !v & HIGHS;
    let below_0x21 = word.wrapping_sub(ONES * 0x21) & !word & HIGHS;
    below_0x21 | has_zero(word ^ (ONES * 0xC2)) | has_zero((word & (ONES * 0xFC)) ^ (ONES * 0xE0))
}

/// Whether a line ends a sentence (and so cannot run on into the next line).
pub fn ends_sentence(s: &str) -> bool {
    s.trim_end().chars().last().is_some_and(|c| matches!(c, '。' | '！' | '？' | '；' | '!' | '?' | '…'))
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
    fn folds_at_every_place_in_a_word() {
        let long = "统筹推进经济建设政治建设文化建设社会建设";
        let cases =
            [("２", "2"), ("Ｒ＆Ｄ", "R&D"), ("Ⅲ", "III"), ("①", ""), ("\u{A0}x", " x"), ("\u{3000}x", " x"), ("２\u{E010}５", "2.5")];
        for (from, to) in cases {
            for pad in ["a", "中", "，", "。"] {
                for n in 0..12 {
                    let p = pad.repeat(n);
                    assert_eq!(
                        normalize_line(&format!("{p}{from}{long}{from}")),
                        format!("{p}{to}{long}{to}"),
                        "{from:?} after {n} {pad:?}"
                    );
                }
            }
        }
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
    fn finds_white_space_as_chars_do() {
        let long = "统筹推进经济建设政治建设文化建设社会建设生态文明建设的总体布局";
        let cases = [
            long.to_string(),
            format!("{long} {long}"),
            format!("{long}\u{3000}。"),
            format!("{long}\u{85}"),
            format!("ab{long}\u{2003}"),
            format!("{long}\t"),
            format!("“{long}”——、。\u{2028}"),
            format!("{long}—\u{205F}"),
            format!("《{long}》\u{3000}"),
            "甲\u{3000}".to_string(),
        ];
        for s in &cases {
            assert_eq!(find_whitespace(s), s.find(char::is_whitespace), "{s:?}");
        }
        // Every white space character at every place within an eight-byte word,
        // after text whose lead bytes resemble it.
        let white: Vec<char> = (0..=0x3000u32).filter_map(char::from_u32).filter(|c| c.is_whitespace()).collect();
        for c in white {
            for pad in ["a", "中", "“", "。", "—"] {
                for n in 0..12 {
                    let s = format!("{}{c}{long}", pad.repeat(n));
                    assert_eq!(find_whitespace(&s), s.find(char::is_whitespace), "{s:?}");
                }
            }
        }
        for s in ["无空白", "a b", "中文\u{3000}空格", "x\u{A0}y", "\u{2003}", "甲\u{0B}乙", "甲\u{85}", "甲\u{1680}乙\u{202F}", "\u{205F}"]
        {
            assert_eq!(find_whitespace(s), s.find(char::is_whitespace), "{s:?}");
        }
    }

    #[test]
    fn trims_as_str_does() {
        let white: Vec<char> = (0..=0x3000u32).filter_map(char::from_u32).filter(|c| c.is_whitespace()).collect();
        let others = ['a', '中', '。', '\u{1}', '\u{80}', '\u{8A}', '\u{A0}', '“', '\u{FF0C}', '\u{1681}', '\u{3001}'];
        for &a in white.iter().chain(&others) {
            for &b in white.iter().chain(&others) {
                let s = format!("{a}经济{b}");
                assert_eq!(trim_start_ws(&s), s.trim_start(), "{s:?}");
                assert_eq!(trim_end_ws(&s), s.trim_end(), "{s:?}");
            }
        }
        for s in ["", " ", "中", "\u{3000}"] {
            assert_eq!(trim_start_ws(s), s.trim_start());
            assert_eq!(trim_end_ws(s), s.trim_end());
        }
    }

    #[test]
    fn widths_and_sentence_ends() {
        assert_eq!(display_width("2020年"), 6);
        let long = "２０２０年，地区生产总值（GDP）达到217亿元 and more";
        assert_eq!(display_width(long), long.chars().map(|c| if c.is_ascii() { 1 } else { 2 }).sum::<usize>());
        for cut in 0..long.len() {
            if let Some(s) = long.get(cut..) {
                assert_eq!(display_width(s), s.chars().map(|c| if c.is_ascii() { 1 } else { 2 }).sum::<usize>(), "{s:?}");
            }
        }
        let wide = "𝄞é中a".repeat(9);
        assert_eq!(display_width(&wide), 7 * 9);
        assert!(ends_sentence("保持快速增长。"));
        assert!(!ends_sentence("地区生产总"));
    }
}

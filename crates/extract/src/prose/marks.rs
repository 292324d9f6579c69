//! The punctuation that cuts a paragraph into sentences (。！？!?) and clauses
//! (，；：,;、), found in one pass over the paragraph rather than by a regex search
//! per sentence and per clause.

/// What a mark ends.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ends {
    Sentence,
    Clause,
    /// `、`, which ends a clause only after a value.
    Dun,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Mark {
    /// Byte offset of the mark in the paragraph.
    pub at: usize,
    /// Its length in bytes.
    pub len: usize,
    pub ends: Ends,
}

/// Every sentence and clause mark of `text`, in order.
pub fn marks(text: &str) -> Vec<Mark> {
    let bytes = text.as_bytes();
    // Room for a mark every 16 bytes (five or six characters): few paragraphs need
    // the Vec to grow.
    let mut out = Vec::with_capacity(bytes.len() / 16);
    // ASCII marks are rare: only a paragraph with one is read byte by byte.
    if memchr::memchr3(b'!', b'?', b',', bytes).is_some() || memchr::memchr(b';', bytes).is_some() {
        out.extend((0..bytes.len()).filter_map(|at| mark_at(bytes, at)));
        return out;
    }
    // The CJK marks have the lead bytes E3 and EF, which few other characters of
    // these documents have (ideographs: E4–E9). Eight bytes at a time, each byte
    // flagged E3 or EF is looked at; the bit tricks may flag a byte that is neither
    // (only above one that is), which `mark_at` then refuses.
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGHS: u64 = 0x8080_8080_8080_8080;
    let has_zero = |v: u64| v.wrapping_sub(ONES) & !v & HIGHS;
    let mut start = 0;
    while let Some(chunk) = bytes.get(start..start + 8) {
        let mut word = [0u8; 8];
        word.copy_from_slice(chunk);
        let word = u64::from_le_bytes(word);
        let mut flagged = has_zero(word ^ (ONES * 0xE3)) | has_zero(word ^ (ONES * 0xEF));
        while flagged != 0 {
            out.extend(mark_at(bytes, start + (flagged.trailing_zeros() / 8) as usize));
            flagged &= flagged - 1;
        }
        start += 8;
    }
    out.extend((start..bytes.len()).filter_map(|at| mark_at(bytes, at)));
    out
}

/// The mark that starts at byte `at`, if one does.
fn mark_at(bytes: &[u8], at: usize) -> Option<Mark> {
    let (ends, len) = match bytes[at] {
        b'!' | b'?' => (Ends::Sentence, 1),
        b',' | b';' => (Ends::Clause, 1),
        // 。 U+3002, 、 U+3001
        0xE3 => match bytes.get(at + 1..at + 3)? {
            [0x80, 0x82] => (Ends::Sentence, 3),
            [0x80, 0x81] => (Ends::Dun, 3),
            _ => return None,
        },
        // ！ U+FF01, ？ U+FF1F; ， U+FF0C, ； U+FF1B, ： U+FF1A
        0xEF => match bytes.get(at + 1..at + 3)? {
            [0xBC, 0x81] | [0xBC, 0x9F] => (Ends::Sentence, 3),
            [0xBC, 0x8C] | [0xBC, 0x9B] | [0xBC, 0x9A] => (Ends::Clause, 3),
            _ => return None,
        },
        _ => return None,
    };
    Some(Mark { at, len, ends })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The marks as the regexes `[。！？!?]` and `[，；：,;、]` find them.
    fn by_chars(text: &str) -> Vec<Mark> {
        text.char_indices()
            .filter_map(|(at, c)| {
                let ends = match c {
                    '。' | '！' | '？' | '!' | '?' => Ends::Sentence,
                    '，' | '；' | '：' | ',' | ';' => Ends::Clause,
                    '、' => Ends::Dun,
                    _ => return None,
                };
                Some(Mark { at, len: c.len_utf8(), ends })
            })
            .collect()
    }

    #[test]
    fn finds_the_marks_chars_would() {
        let cases = [
            "到2025年，地区生产总值达到600亿元、增长6%；城镇化率：60%。经济总量翻一番！是否？",
            "“十四五”时期（2021—2025年）「主要」〔目标〕…… ｛全角｝＃，。",
            "ascii, too; and! or? 以及：中文。",
            "",
            "没有标点的一句话",
            "末尾半个\u{3000}全角空格、",
            "。，、；：！？。，、；：！？",
            "ａ。ｂ，",
        ];
        // Every mark at every place within an eight-byte word.
        for mark in ["。", "，", "、", "；", "：", "！", "？", "\u{3000}", "（"] {
            for pad in ["a", "中", "“", "\u{3000}"] {
                for n in 0..12 {
                    let text = format!("{}{mark}统筹推进经济建设{mark}", pad.repeat(n));
                    assert_eq!(marks(&text), by_chars(&text), "{text:?}");
                }
            }
        }
        for text in cases {
            assert_eq!(marks(text), by_chars(text), "{text:?}");
        }
    }
}

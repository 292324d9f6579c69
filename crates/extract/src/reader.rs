//! Bytes in, text out: detects the encoding a plan document arrived in and refuses
//! what is not a text document at all.
//!
//! Government text exports come as UTF-8 (with or without a BOM), GB18030/GBK, or
//! UTF-16 with a BOM. A BOM decides; otherwise valid UTF-8 is UTF-8, and anything
//! else is guessed by `chardetng` (trained on the web, good at telling GBK from
//! Big5 and the single-byte encodings).

use std::borrow::Cow;

use encoding_rs::{Encoding, GB18030, UTF_16BE, UTF_16LE, UTF_8};

/// The default largest document accepted: plans are a few hundred KB; 50 MB is
/// already a sign of a wrong file.
pub const DEFAULT_MAX_BYTES: usize = 50 * 1024 * 1024;

#[derive(Debug, thiserror::Error, PartialEq)]
pub enum ReadError {
    #[error("the file is empty")]
    Empty,
    #[error("the file is {size} bytes, over the limit of {limit} bytes")]
    TooLarge { size: usize, limit: usize },
    #[error("the file is binary, not a text document ({0})")]
    Binary(&'static str),
    #[error("the file does not decode as text in any supported encoding ({encoding} gives {bad_percent}% unreadable characters)")]
    Undecodable { encoding: &'static str, bad_percent: u32 },
    #[error("the file holds no text, only white space")]
    Blank,
}

#[derive(Debug, Clone)]
pub struct Decoded {
    pub text: String,
    /// Lower-case WHATWG name of the encoding, e.g. `utf-8`, `gb18030`, `utf-16le`.
    pub encoding: &'static str,
}

/// Decodes a document's bytes, refusing binaries, empty files and files over `max_bytes`.
pub fn decode(bytes: &[u8], max_bytes: usize) -> Result<Decoded, ReadError> {
    if bytes.is_empty() {
        return Err(ReadError::Empty);
    }
    if bytes.len() > max_bytes {
        return Err(ReadError::TooLarge { size: bytes.len(), limit: max_bytes });
    }
    if let Some(kind) = binary_signature(bytes) {
        return Err(ReadError::Binary(kind));
    }
    // `utf8` is the text when sniffing found valid UTF-8: it is not validated twice.
    let (encoding, body, utf8): (&'static Encoding, &[u8], Option<&str>) = match Encoding::for_bom(bytes) {
        Some((enc, bom_len)) => (enc, &bytes[bom_len..], None),
        None => {
            let (enc, utf8) = sniff(bytes);
            (enc, bytes, utf8)
        }
    };
    // UTF-16 text is full of NULs; every other supported encoding never has one.
    if encoding != UTF_16LE && encoding != UTF_16BE && memchr::memchr(0, body).is_some() {
        return Err(ReadError::Binary("it contains NUL bytes"));
    }
    let text = match utf8 {
        Some(text) => text.to_owned(),
        None => encoding.decode_without_bom_handling(body).0.into_owned(),
    };
    check_readable(&text, encoding)?;
    Ok(Decoded { text, encoding: whatwg_name(encoding) })
}

/// The encoding of BOM-less bytes, and the text itself when they are valid UTF-8.
fn sniff(bytes: &[u8]) -> (&'static Encoding, Option<&str>) {
    // encoding_rs validates far faster than `std::str::from_utf8` on CJK text.
    if let Some(Cow::Borrowed(text)) = UTF_8.decode_without_bom_handling_and_without_replacement(bytes) {
        return (UTF_8, Some(text));
    }
    let mut detector = chardetng::EncodingDetector::new();
    detector.feed(bytes, true);
    let guess = detector.guess(Some(b"cn"), true);
    // GBK and GB2312 are subsets of GB18030: decode with the superset so that no
    // character a later standard added is lost.
    if guess == encoding_rs::GBK {
        (GB18030, None)
    } else {
        (guess, None)
    }
}

fn whatwg_name(encoding: &'static Encoding) -> &'static str {
    match encoding.name() {
        "UTF-8" => "utf-8",
        "UTF-16LE" => "utf-16le",
        "UTF-16BE" => "utf-16be",
        "gb18030" => "gb18030",
        "GBK" => "gbk",
        "Big5" => "big5",
        other => leak_lower(other),
    }
}

fn leak_lower(name: &'static str) -> &'static str {
    // The set of encoding names is finite and small; lower-casing once per unusual
    // encoding is cheaper than threading a String through every caller. Once: a leak
    // per document would grow without bound in a long-running server (found by fuzzing).
    static LOWERED: std::sync::Mutex<Vec<(&str, &str)>> = std::sync::Mutex::new(Vec::new());
    let mut lowered = LOWERED.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
    if let Some((_, lower)) = lowered.iter().find(|(n, _)| *n == name) {
        return lower;
    }
    let lower: &'static str = Box::leak(name.to_ascii_lowercase().into_boxed_str());
    lowered.push((name, lower));
    lower
}

/// Magic numbers of the binary formats most often handed over by mistake.
fn binary_signature(bytes: &[u8]) -> Option<&'static str> {
    const SIGNATURES: &[(&[u8], &str)] = &[
        (b"\x89PNG\r\n\x1a\n", "a PNG image"),
        (b"\xff\xd8\xff", "a JPEG image"),
        (b"GIF8", "a GIF image"),
        (b"%PDF", "a PDF document; PDF input is not supported yet"),
        (b"PK\x03\x04", "a ZIP archive (DOCX/XLSX are ZIP); convert it to text first"),
        (b"\xd0\xcf\x11\xe0", "an OLE document (old .doc/.xls); convert it to text first"),
        (b"\x7fELF", "an executable"),
        (b"\x1f\x8b", "a gzip archive"),
    ];
    SIGNATURES.iter().find(|(magic, _)| bytes.starts_with(magic)).map(|(_, kind)| *kind)
}

/// The characters of `check_readable`'s `is_bad`, counted on the UTF-8 bytes without
/// decoding: control characters (U+0000–U+001F and U+007F but for line breaks, tabs
/// and form feeds; U+0080–U+009F, encoded C2 80–C2 9F) and U+FFFD (EF BF BD).
///
/// U+FFFD is counted by a vectorised substring search (in valid UTF-8 its three
/// bytes occur only as that character). For the rest, eight bytes are tested at a
/// time for a byte below 0x20 or equal to 0x7F or 0xC2, which CJK text seldom has,
/// and only the bytes flagged so are judged one by one.
fn count_bad_bytes(bytes: &[u8]) -> usize {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let has_zero = |x: u64| x.wrapping_sub(ONES) & !x & HIGH;
    // The high bit of every byte below 0x20 or equal to 0x7F or 0xC2; the bit tricks
    // may also flag a byte above (after) a flagged one, which `bad_at` then judges.
    let suspects = |x: u64| x.wrapping_sub(ONES * 0x20) & !x & HIGH | has_zero(x ^ (ONES * 0x7F)) | has_zero(x ^ (ONES * 0xC2));
    let bad_at = |i: usize| match bytes[i] {
        b'\n' | b'\r' | b'\t' | 0x0C => false,
        0x00..=0x1F | 0x7F => true,
        0xC2 => matches!(bytes.get(i + 1), Some(0x80..=0x9F)),
        _ => false,
    };
    let mut bad = memchr::memmem::find_iter(bytes, "\u{FFFD}".as_bytes()).count();
    let mut start = 0;
    while start + 8 <= bytes.len() {
        let mut chunk = [0u8; 8];
        chunk.copy_from_slice(&bytes[start..start + 8]);
        // Only the flagged bytes are judged (a line break flags its chunk).
        let mut flagged = suspects(u64::from_le_bytes(chunk));
        while flagged != 0 {
            bad += usize::from(bad_at(start + (flagged.trailing_zeros() / 8) as usize));
            flagged &= flagged - 1;
        }
        start += 8;
    }
    bad + (start..bytes.len()).filter(|&i| bad_at(i)).count()
}

/// Refuses text that is mostly replacement characters or control codes: random
/// bytes decode "successfully" in any single-byte or GB encoding.
fn check_readable(text: &str, encoding: &'static Encoding) -> Result<(), ReadError> {
    let is_bad = |c: char| c == '\u{FFFD}' || (c.is_control() && !matches!(c, '\n' | '\r' | '\t' | '\u{c}'));
    let total = text.chars().count();
    let bad = count_bad_bytes(text.as_bytes());
    if !text.chars().any(|c| !is_bad(c) && !c.is_whitespace()) {
        return Err(ReadError::Blank);
    }
    // Real documents carry a few stray bad bytes from converters; 2 % is generous
    // for them and far below what random bytes give (typically 20–40 %).
    let percent = (bad * 100).div_ceil(total.max(1));
    if bad * 50 > total {
        return Err(ReadError::Undecodable { encoding: whatwg_name(encoding), bad_percent: percent as u32 });
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    const SAMPLE: &str = "第一章 发展基础\n２０２０年，地区生产总值达到２１７亿元。\n";

    #[test]
    fn utf8_with_and_without_bom() {
        let plain = decode(SAMPLE.as_bytes(), DEFAULT_MAX_BYTES).unwrap();
        assert_eq!(plain.encoding, "utf-8");
        assert_eq!(plain.text, SAMPLE);
        let mut bom = b"\xef\xbb\xbf".to_vec();
        bom.extend_from_slice(SAMPLE.as_bytes());
        let with_bom = decode(&bom, DEFAULT_MAX_BYTES).unwrap();
        assert_eq!(with_bom.encoding, "utf-8");
        assert_eq!(with_bom.text, SAMPLE);
    }

    #[test]
    fn gb18030_without_bom() {
        let (bytes, _, _) = GB18030.encode(SAMPLE);
        let d = decode(&bytes, DEFAULT_MAX_BYTES).unwrap();
        assert_eq!(d.encoding, "gb18030");
        assert_eq!(d.text, SAMPLE);
    }

    #[test]
    fn utf16_both_byte_orders() {
        let le: Vec<u8> = [0xFF, 0xFE].into_iter().chain(SAMPLE.encode_utf16().flat_map(|u| u.to_le_bytes())).collect();
        let be: Vec<u8> = [0xFE, 0xFF].into_iter().chain(SAMPLE.encode_utf16().flat_map(|u| u.to_be_bytes())).collect();
        assert_eq!(decode(&le, DEFAULT_MAX_BYTES).unwrap().encoding, "utf-16le");
        assert_eq!(decode(&le, DEFAULT_MAX_BYTES).unwrap().text, SAMPLE);
        assert_eq!(decode(&be, DEFAULT_MAX_BYTES).unwrap().encoding, "utf-16be");
        assert_eq!(decode(&be, DEFAULT_MAX_BYTES).unwrap().text, SAMPLE);
    }

    #[test]
    fn refuses_bad_inputs() {
        assert_eq!(decode(b"", 10).unwrap_err(), ReadError::Empty);
        assert!(matches!(decode(b"0123456789ab", 10), Err(ReadError::TooLarge { .. })));
        assert!(matches!(decode(b"\x89PNG\r\n\x1a\n....", 100), Err(ReadError::Binary(_))));
        assert_eq!(decode(b" \n\t\n", 100).unwrap_err(), ReadError::Blank);
        // A deterministic pseudo-random buffer: xorshift, no dependency needed.
        let mut x: u64 = 0x9E37_79B9_7F4A_7C15;
        let noise: Vec<u8> = (0..4096)
            .map(|_| {
                x ^= x << 13;
                x ^= x >> 7;
                x ^= x << 17;
                (x & 0xFF) as u8
            })
            .collect();
        assert!(decode(&noise, DEFAULT_MAX_BYTES).is_err());
    }

    #[test]
    fn bad_characters_are_counted_as_chars_would_be() {
        let is_bad = |c: char| c == '\u{FFFD}' || (c.is_control() && !matches!(c, '\n' | '\r' | '\t' | '\u{c}'));
        let text = "一\u{FFFD}二\u{85}三\u{1}\n\t\u{7F}\r\u{c}abcdefgh\u{FFFD}\u{9F}\u{A0}ｘ";
        assert_eq!(count_bad_bytes(text.as_bytes()), 6);
        // Every alignment of the eight-byte chunks.
        for s in (0..text.len()).filter_map(|cut| text.get(cut..)) {
            assert_eq!(count_bad_bytes(s.as_bytes()), s.chars().filter(|&c| is_bad(c)).count(), "{s:?}");
        }
    }
}

//! Numbers and units as these documents write them: `290.09`, `600亿元以上`, `4以内`,
//! `>7`, `两位数`, `二〇三五`, `十九`. Text is expected already normalised (ASCII digits).

use std::sync::LazyLock;

/// Units that occur in plan documents, longest first so that `万吨标准煤` wins over
/// `万吨` and `平方公里` over `公里`. The glossary lists the ones that must parse.
pub const UNITS: &[&str] = &[
    "万吨标准煤",
    "万千瓦时",
    "亿千瓦时",
    "万标准箱",
    "万平方米",
    "平方公里",
    "万立方米",
    "亿立方米",
    "万人次",
    "亿人次",
    "万千瓦",
    "万公顷",
    "万头只",
    "万头",
    "万只",
    "万辆",
    "万户",
    "万家",
    "万套",
    "万个",
    "万吨",
    "万亩",
    "万斤",
    "亿斤",
    "亿元",
    "万元",
    "千元",
    "亿美元",
    "万美元",
    "美元",
    "公里",
    "千米",
    "公顷",
    "吨",
    "平方米",
    "立方米",
    "千瓦",
    "兆瓦",
    "万人",
    "亿",
    "万",
    "个百分点",
    "百分点",
    "%",
    "‰",
    "元",
    "人",
    "个",
    "件",
    "岁",
    "年",
    "户",
    "所",
    "条",
    "家",
    "座",
    "处",
    "项",
    "张",
    "套",
    "名",
    "次",
    "天",
    "亩",
    "斤",
    "辆",
    "栋",
    "部",
    "台",
    "间",
    "米",
    "倍",
    "床",
    "位",
    "批",
    "支",
    "场",
    "小时",
    "分钟",
    "公斤",
    "千克",
    "毫克",
    "微克/立方米",
    "级",
];

/// A number read from text, with the byte range it covered.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Number {
    pub value: f64,
    pub start: usize,
    pub end: usize,
}

/// Finds every ASCII decimal number (`290.09`, `1,200`, `-3`) in `text`.
pub fn find_numbers(text: &str) -> Vec<Number> {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i].is_ascii_digit() {
            let start = i;
            let mut end = i;
            while end < bytes.len()
                && (bytes[end].is_ascii_digit()
                    || (bytes[end] == b'.' && end + 1 < bytes.len() && bytes[end + 1].is_ascii_digit())
                    || (bytes[end] == b',' && end + 3 < bytes.len() && bytes[end + 1..end + 4].iter().all(u8::is_ascii_digit)))
            {
                end += 1;
            }
            let digits = &text[start..end];
            let value = if digits.contains(',') {
                digits.chars().filter(|c| *c != ',').collect::<String>().parse::<f64>()
            } else {
                digits.parse::<f64>()
            };
            if let Ok(value) = value {
                out.push(Number { value, start, end });
            }
            i = end;
        } else {
            i += 1;
            // Most of the text is CJK: pass eight bytes at a time while none is a
            // digit, then go straight to the first digit.
            while let Some(chunk) = bytes.get(i..i + 8) {
                let mut word = [0u8; 8];
                word.copy_from_slice(chunk);
                let digits = ascii_digit_mask(u64::from_le_bytes(word));
                if digits != 0 {
                    i += (digits.trailing_zeros() / 8) as usize;
                    break;
                }
                i += 8;
            }
        }
    }
    out
}

/// The high bit of each of the eight bytes of `word` (little-endian) that is an
/// ASCII digit. Exact: each byte is tested on its own (its low seven bits plus a
/// constant stay below 0x100).
fn ascii_digit_mask(word: u64) -> u64 {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGHS: u64 = 0x8080_8080_8080_8080;
    let low = word & !HIGHS;
    let at_least_0 = low + ONES * (0x80 - 0x30);
    let above_9 = low + ONES * (0x80 - 0x3A);
    at_least_0 & !above_9 & !word & HIGHS
}

/// The number when `cell` holds exactly one (`7以上` → 7, `>7` → 7, `0.03%` → 0.03,
/// `〔5〕` → 5); `None` for text cells and cells with several numbers.
pub fn single_number(cell: &str) -> Option<f64> {
    let nums = find_numbers(cell);
    match nums.as_slice() {
        [n] => {
            let negative = cell[..n.start].ends_with('-') && !cell[..n.start].trim_end_matches('-').ends_with(|c: char| c.is_ascii_digit());
            Some(if negative && n.start == 1 { -n.value } else { n.value })
        }
        _ => None,
    }
}

/// The unit that starts `text` (just after a number), if it is one of [`UNITS`].
pub fn unit_prefix(text: &str) -> Option<&'static str> {
    static BY_FIRST: LazyLock<ByFirst> = LazyLock::new(|| ByFirst::new(UNITS));
    BY_FIRST.first_prefix(text)
}

/// A word list looked up by first character: only the words that open with the
/// text's first character are compared (most units open with a CJK character whose
/// first byte, E4 or E5, many others share).
struct ByFirst {
    /// The distinct first characters, sorted.
    firsts: Vec<char>,
    /// For each of `firsts`, the words that open with it, in list order.
    words: Vec<Vec<&'static str>>,
}

impl ByFirst {
    fn new(list: &[&'static str]) -> ByFirst {
        let mut firsts: Vec<char> = list.iter().filter_map(|w| w.chars().next()).collect();
        firsts.sort_unstable();
        firsts.dedup();
        let words = firsts.iter().map(|&c| list.iter().copied().filter(|w| w.starts_with(c)).collect()).collect();
        ByFirst { firsts, words }
    }

    /// The first word of the list that `text` starts with.
    fn first_prefix(&self, text: &str) -> Option<&'static str> {
        let c = text.chars().next()?;
        let k = self.firsts.binary_search(&c).ok()?;
        self.words[k].iter().copied().find(|w| text.starts_with(w))
    }
}

/// A Chinese numeral as used in these documents: `十九` → 19, `二〇三五` → 2035,
/// `两` → 2, `一百` → 100, `三千五百` → 3500. `None` for anything else.
pub fn chinese_numeral(s: &str) -> Option<u64> {
    if s.is_empty() {
        return None;
    }
    let digit = |c: char| -> Option<u64> {
        Some(match c {
            '〇' | '零' | 'O' | '○' => 0,
            '一' => 1,
            '二' | '两' => 2,
            '三' => 3,
            '四' => 4,
            '五' => 5,
            '六' => 6,
            '七' => 7,
            '八' => 8,
            '九' => 9,
            _ => return None,
        })
    };
    // Digit-by-digit years: 二〇三五.
    if s.chars().count() >= 2 && s.chars().all(|c| digit(c).is_some()) {
        return s.chars().try_fold(0u64, |acc, c| Some(acc * 10 + digit(c)?));
    }
    let mut total = 0u64;
    let mut section = 0u64;
    let mut current = 0u64;
    for c in s.chars() {
        if let Some(d) = digit(c) {
            current = d;
            continue;
        }
        let scale = match c {
            '十' => 10,
            '百' => 100,
            '千' => 1000,
            '万' => 10_000,
            '亿' => 100_000_000,
            _ => return None,
        };
        if scale >= 10_000 {
            section = (section + current) * scale;
            total += section;
            section = 0;
        } else {
            section += current.max(if scale == 10 { 1 } else { 0 }) * scale;
        }
        current = 0;
    }
    Some(total + section + current)
}

/// Units of prose quantities that [`UNITS`] lacks or would cut short: `1个工作日` must
/// not read as `1个` followed by text.
pub const PROSE_UNITS: &[&str] = &["个工作日", "工作日", "个月", "千瓦时", "万千瓦时"];

/// The unit that starts `text` in running prose: [`PROSE_UNITS`] first, then [`UNITS`].
pub fn prose_unit_prefix(text: &str) -> Option<&'static str> {
    static BY_FIRST: LazyLock<ByFirst> = LazyLock::new(|| ByFirst::new(PROSE_UNITS));
    BY_FIRST.first_prefix(text).or_else(|| unit_prefix(text))
}

/// Whether `c` is a character of a Chinese numeral as [`chinese_numeral`] reads it.
pub fn is_chinese_numeral_char(c: char) -> bool {
    matches!(c, '〇' | '零' | '一' | '二' | '两' | '三' | '四' | '五' | '六' | '七' | '八' | '九' | '十' | '百' | '千')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn digit_words() {
        for b in 0..=255u8 {
            for place in 0..8 {
                let mut word = [b'a'; 8];
                word[place] = b;
                let mask = ascii_digit_mask(u64::from_le_bytes(word));
                assert_eq!(mask, if b.is_ascii_digit() { 0x80 << (8 * place) } else { 0 }, "{b:#x} at {place}");
            }
        }
        let ns: Vec<(usize, usize)> =
            find_numbers("统筹推进经济建设7政治建设文化建设12.5生态文明").iter().map(|n| (n.start, n.end)).collect();
        assert_eq!(ns, vec![(24, 25), (49, 53)]);
    }

    #[test]
    fn finds_decimals_and_grouped_numbers() {
        let ns: Vec<f64> = find_numbers("2022年地区生产总值290.09亿元，1,200个").iter().map(|n| n.value).collect();
        assert_eq!(ns, vec![2022.0, 290.09, 1200.0]);
    }

    #[test]
    fn single_number_cells() {
        assert_eq!(single_number("7以上"), Some(7.0));
        assert_eq!(single_number(">7"), Some(7.0));
        assert_eq!(single_number("4.5以内"), Some(4.5));
        assert_eq!(single_number("〔5〕"), Some(5.0));
        assert_eq!(single_number("待省下达"), None);
        assert_eq!(single_number("3-5"), None);
        assert_eq!(single_number("-2.1"), Some(-2.1));
    }

    #[test]
    fn units_by_first_character_as_in_list_order() {
        let in_order = |list: &[&'static str], text: &str| list.iter().copied().find(|w| text.starts_with(w));
        let mut texts: Vec<String> = UNITS.iter().chain(PROSE_UNITS).map(|u| format!("{u}以上")).collect();
        texts.extend(["", "a", "万", "亿元", "平方", "个工作日", "%左右", "百分点", "中"].map(String::from));
        for t in &texts {
            assert_eq!(unit_prefix(t), in_order(UNITS, t), "{t}");
            assert_eq!(prose_unit_prefix(t), in_order(PROSE_UNITS, t).or_else(|| in_order(UNITS, t)), "{t}");
        }
    }

    #[test]
    fn units_longest_first() {
        assert_eq!(unit_prefix("万吨标准煤以上"), Some("万吨标准煤"));
        assert_eq!(unit_prefix("亿元以上"), Some("亿元"));
        assert_eq!(unit_prefix("平方公里"), Some("平方公里"));
    }

    #[test]
    fn chinese_numerals() {
        assert_eq!(chinese_numeral("二〇三五"), Some(2035));
        assert_eq!(chinese_numeral("十九"), Some(19));
        assert_eq!(chinese_numeral("十"), Some(10));
        assert_eq!(chinese_numeral("一百"), Some(100));
        assert_eq!(chinese_numeral("三千五百"), Some(3500));
        assert_eq!(chinese_numeral("两"), Some(2));
        assert_eq!(chinese_numeral("一千二百万"), Some(12_000_000));
        assert_eq!(chinese_numeral("发展"), None);
    }
}

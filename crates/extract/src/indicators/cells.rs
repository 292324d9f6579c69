//! Cells of an indicator table: what a token is (a number, a dash for "nothing", a
//! bracketed cumulative figure, an attribute, text) and how a cell is written out.

use crate::model::Attribute;
use crate::numbers::{single_number, UNITS};

/// A piece of a table row: one white-space separated token, with the line it came from.
#[derive(Debug, Clone, PartialEq)]
pub struct Token {
    pub text: String,
    pub line: usize,
    /// The token is the first of its physical line (a wrapped cell continues here).
    pub starts_line: bool,
    /// The token is the last of its physical line.
    pub ends_line: bool,
}

/// Splits one table line into tokens. Tab-separated lines keep their empty cells
/// (an empty string); otherwise cells are separated by runs of white space.
pub fn split_line(text: &str, line: usize) -> Vec<Token> {
    let pieces: Vec<&str> = if text.contains('\t') {
        text.split('\t').map(str::trim).collect()
    } else if text.starts_with('|') {
        // The first cells of a Markdown row are empty under a category or sequence
        // cell merged from the row above; the last ones are empty on a row whose
        // values are on its sub-rows.
        let cells: Vec<&str> = text.trim_matches('|').split('|').map(str::trim).collect();
        let first = cells.iter().position(|c| !c.is_empty()).unwrap_or(cells.len());
        let end = cells.iter().rposition(|c| !c.is_empty()).map_or(first, |k| k + 1);
        cells[first..end.max(first)].to_vec()
    } else {
        text.split_whitespace().collect()
    };
    let n = pieces.len();
    pieces.into_iter().enumerate().map(|(i, p)| Token { text: p.to_string(), line, starts_line: i == 0, ends_line: i + 1 == n }).collect()
}

/// An empty cell: nothing written, or a dash standing for "not applicable".
pub fn is_empty_cell(text: &str) -> bool {
    text.chars().all(|c| matches!(c, '—' | '–' | '-' | '－' | '―' | '─' | '/' | '／' | '…')) && text.chars().count() <= 4
}

/// 预期性 / 约束性 (also written 预期 / 约束).
pub fn attribute(text: &str) -> Option<Attribute> {
    match text {
        "预期性" | "预期" => Some(Attribute::Expected),
        "约束性" | "约束" => Some(Attribute::Binding),
        _ => None,
    }
}

/// An attribute glued in front of another token by the converter (`预期性二产`: the
/// attribute cell spanning the sub-rows printed on one of them): the attribute and
/// the rest.
pub fn leading_attribute(text: &str) -> Option<(Attribute, &str)> {
    for word in ["预期性", "约束性"] {
        if let Some(rest) = text.strip_prefix(word) {
            if !rest.is_empty() {
                return attribute(word).map(|a| (a, rest));
            }
        }
    }
    None
}

/// A cumulative figure written in tortoise-shell brackets: `〔18〕`, `〔待省下达〕`.
pub fn strip_cumulative_brackets(text: &str) -> Option<&str> {
    let open = ['〔', '［', '[', '【'];
    let close = ['〕', '］', ']', '】'];
    let inner = text.strip_prefix(open)?.strip_suffix(close)?;
    Some(inner.trim())
}

/// Whether the token opens a bracket it does not close (`〔待省` + `下达〕`).
pub fn opens_bracket(text: &str) -> bool {
    let opens = text.chars().filter(|c| matches!(c, '〔' | '［' | '【')).count();
    let closes = text.chars().filter(|c| matches!(c, '〕' | '］' | '】')).count();
    opens > closes
}

/// A cell that holds a figure: a number, a bound (`4以内`, `>7`), a bracketed number.
pub fn has_digit(text: &str) -> bool {
    text.chars().any(|c| c.is_ascii_digit())
}

/// A text cell: words, no figure (`待省下达`, `与经济增长同步`, `高于省定计划目标`).
pub fn is_text_cell(text: &str) -> bool {
    !text.is_empty() && !has_digit(text) && !is_empty_cell(text) && attribute(text).is_none()
}

/// Whether a token can be a cell of the value columns (rather than a name or label).
pub fn is_value_like(text: &str) -> bool {
    text.is_empty()
        || is_empty_cell(text)
        || attribute(text).is_some()
        || strip_cumulative_brackets(text).is_some()
        || starts_with_figure(text)
}

/// `0.6`, `>7`, `≥80`, `-2.1`, `4以内`, `7.5%`: a token that begins with its number.
pub fn starts_with_figure(text: &str) -> bool {
    let t = text.trim_start_matches(['>', '<', '≥', '≤', '＞', '＜', '=', '+', '-', '约']);
    t.starts_with(|c: char| c.is_ascii_digit())
}

/// A finished cell: `text` as written (null for empty or dash), `value` when the
/// cell holds exactly one number, and whether it was in 〔 〕.
#[derive(Debug, Clone, PartialEq)]
pub struct Cell {
    pub text: Option<String>,
    pub value: Option<f64>,
    pub bracketed: bool,
}

impl Cell {
    pub fn empty() -> Cell {
        Cell { text: None, value: None, bracketed: false }
    }

    /// Reads a cell. `strip_brackets`: the growth column, where 〔 〕 only says
    /// "cumulative" (recorded in `growth.kind`) and the text is what is inside.
    pub fn read(raw: &str, strip_brackets: bool) -> Cell {
        let raw = raw.trim();
        if is_empty_cell(raw) {
            return Cell::empty();
        }
        let inner = strip_cumulative_brackets(raw);
        let bracketed = inner.is_some();
        let text = match inner {
            Some(inner) if strip_brackets => inner,
            _ => raw,
        };
        if is_empty_cell(text) {
            return Cell { bracketed, ..Cell::empty() };
        }
        Cell { text: Some(text.to_string()), value: single_number(inner.unwrap_or(raw)), bracketed }
    }
}

/// The unit inside a trailing bracket of an indicator name (`（%）`, `（亿元）`,
/// `（元/人）`), when the bracket holds a unit rather than part of the name
/// (`（GDP）`, `（助理）`).
pub fn trailing_unit(name: &str) -> Option<(&str, &str)> {
    let (body, inner) = if let Some(s) = name.strip_suffix('）') {
        let open = s.rfind('（')?;
        (&s[..open], &s[open + '（'.len_utf8()..])
    } else if let Some(s) = name.strip_suffix(')') {
        let open = s.rfind('(')?;
        (&s[..open], &s[open + 1..])
    } else {
        return None;
    };
    let inner_trim = inner.trim();
    if is_unit(inner_trim) {
        Some((body.trim_end(), inner_trim))
    } else {
        None
    }
}

/// A unit of measure: one of the known units, a compound (`元/人`, `吨标准煤/万元`),
/// or one scaled by 万/亿/千/百 (`万千瓦时`).
pub fn is_unit(s: &str) -> bool {
    if s.is_empty() || s.chars().count() > 10 {
        return false;
    }
    if s.contains('/') {
        return s.split('/').all(is_unit);
    }
    let scaled = s.strip_prefix(['万', '亿', '千', '百']).filter(|r| !r.is_empty()).unwrap_or(s);
    UNITS.contains(&s) || UNITS.contains(&scaled) || matches!(s, "标准煤" | "吨标准煤" | "微克/立方米" | "‰" | "%")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dashes_are_empty() {
        assert!(is_empty_cell("——"));
        assert!(is_empty_cell("—"));
        assert!(is_empty_cell("-"));
        assert!(!is_empty_cell("-2.1"));
        assert_eq!(Cell::read("——", false), Cell::empty());
    }

    #[test]
    fn bracketed_cumulative_cells() {
        let c = Cell::read("〔待省下达〕", true);
        assert_eq!(c.text.as_deref(), Some("待省下达"));
        assert!(c.bracketed);
        let c = Cell::read("〔18〕", true);
        assert_eq!((c.text.as_deref(), c.value), (Some("18"), Some(18.0)));
        let c = Cell::read("〔18〕", false);
        assert_eq!(c.text.as_deref(), Some("〔18〕"));
    }

    #[test]
    fn bounds_keep_their_words() {
        let c = Cell::read("4.5以内", false);
        assert_eq!((c.text.as_deref(), c.value), (Some("4.5以内"), Some(4.5)));
        assert_eq!(Cell::read(">7", false).value, Some(7.0));
        assert_eq!(Cell::read("7.5%", false).value, Some(7.5));
    }

    #[test]
    fn unit_brackets() {
        assert_eq!(trailing_unit("地区生产总值（GDP）增长（%）"), Some(("地区生产总值（GDP）增长", "%")));
        assert_eq!(trailing_unit("能源综合生产能力（万吨标准煤）"), Some(("能源综合生产能力", "万吨标准煤")));
        assert_eq!(trailing_unit("城镇居民人均可支配收入（元/人）"), Some(("城镇居民人均可支配收入", "元/人")));
        assert_eq!(trailing_unit("研发（R&D）"), None);
        assert_eq!(trailing_unit("每千人口拥有执业（助理）医师数"), None);
    }

    #[test]
    fn glued_attribute() {
        assert_eq!(leading_attribute("预期性二产"), Some((Attribute::Expected, "二产")));
        assert_eq!(leading_attribute("预期性"), None);
    }
}

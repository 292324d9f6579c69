//! The header of a main-indicator table and the columns it declares.
//!
//! Headers arrive broken over many short lines (`类` / `别` / `序` / `号` / `指 标` /
//! `2020年` / `预计` / `年均/` / `累计（%）` / `属性`). A line belongs to the header when
//! it consists only of header vocabulary; the header lines are then joined and read as
//! one sequence of words, in column order, so that the columns of THIS table (which
//! years, whether a growth column is 年均, 累计 or both, whether there is a unit column)
//! come from its own header.

use crate::document::{Document, LineKind};
use crate::model::GrowthKind;

/// Header lines are short; a longer line is never one (and is not worth testing).
const MAX_HEADER_LINE_CHARS: usize = 40;

/// What a column of the table holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Column {
    Category,
    Seq,
    Name,
    Unit,
    Baseline {
        year: Option<i32>,
    },
    Target {
        year: Option<i32>,
    },
    Growth(GrowthColumn),
    Attribute,
    /// A column the contract has no field for (another year, 备注, 责任单位).
    Other,
}

/// The kind of a growth column as its header states it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GrowthColumn {
    Annual,
    Cumulative,
    /// `年均/累计`: decided per cell (〔 〕 marks the cumulative ones).
    Either,
}

impl GrowthColumn {
    /// The kind of one non-empty cell of this column.
    pub fn kind_of(self, bracketed: bool) -> GrowthKind {
        match self {
            GrowthColumn::Cumulative => GrowthKind::Cumulative,
            _ if bracketed => GrowthKind::Cumulative,
            _ => GrowthKind::Annual,
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Header {
    pub columns: Vec<Column>,
}

impl Header {
    pub fn has(&self, want: fn(&Column) -> bool) -> bool {
        self.columns.iter().any(want)
    }

    /// The columns that hold cells after the name, in order: everything except the
    /// category, sequence, name, unit and attribute columns.
    pub fn value_columns(&self) -> Vec<Column> {
        self.columns
            .iter()
            .copied()
            .filter(|c| !matches!(c, Column::Category | Column::Seq | Column::Name | Column::Unit | Column::Attribute))
            .collect()
    }

    pub fn baseline_year(&self) -> Option<i32> {
        self.columns.iter().find_map(|c| match c {
            Column::Baseline { year } => *year,
            _ => None,
        })
    }

    pub fn target_year(&self) -> Option<i32> {
        self.columns.iter().find_map(|c| match c {
            Column::Target { year } => *year,
            _ => None,
        })
    }

    /// Whether this is the header of an indicator table: a name column and at least
    /// one column of values (a year or a growth rate).
    pub fn is_indicator_table(&self) -> bool {
        self.has(|c| matches!(c, Column::Name))
            && self.has(|c| matches!(c, Column::Baseline { .. } | Column::Target { .. } | Column::Growth(_)))
            && self.has(|c| matches!(c, Column::Seq | Column::Attribute | Column::Category))
    }
}

/// One word of header vocabulary.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Word {
    Category,
    Seq,
    Name,
    Unit,
    Attribute,
    Other,
    Year(i32),
    BaseQualifier,
    TargetQualifier,
    Growth(Option<GrowthColumn>),
    /// `/` or `或` between two growth words (`年均/累计`).
    Slash,
    /// `（%）` and similar: the unit of a value column, says nothing about the column.
    Ignorable,
    /// A single character of a word the converter split over lines (`类` / `别`).
    Fragment,
}

/// Header words, longest first within each group so that `指标属性` wins over `指标`.
const WORDS: &[(&str, Word)] = &[
    ("指标名称", Word::Name),
    ("指标属性", Word::Attribute),
    ("指标性质", Word::Attribute),
    ("计量单位", Word::Unit),
    ("责任单位", Word::Other),
    ("牵头单位", Word::Other),
    ("年均增长率", Word::Growth(Some(GrowthColumn::Annual))),
    ("年均增长", Word::Growth(Some(GrowthColumn::Annual))),
    ("年均增速", Word::Growth(Some(GrowthColumn::Annual))),
    ("累计增长", Word::Growth(Some(GrowthColumn::Cumulative))),
    ("规划目标值", Word::TargetQualifier),
    ("规划目标", Word::TargetQualifier),
    ("目标值", Word::TargetQualifier),
    ("规划值", Word::TargetQualifier),
    ("基期值", Word::BaseQualifier),
    ("现状值", Word::BaseQualifier),
    ("预计值", Word::BaseQualifier),
    ("实际值", Word::BaseQualifier),
    ("完成值", Word::BaseQualifier),
    ("增长率", Word::Growth(None)),
    ("类别", Word::Category),
    ("分类", Word::Category),
    ("领域", Word::Category),
    ("维度", Word::Category),
    ("序号", Word::Seq),
    ("编号", Word::Seq),
    ("指标", Word::Name),
    ("名称", Word::Name),
    ("单位", Word::Unit),
    ("属性", Word::Attribute),
    ("性质", Word::Attribute),
    ("备注", Word::Other),
    ("年均", Word::Growth(Some(GrowthColumn::Annual))),
    ("累计", Word::Growth(Some(GrowthColumn::Cumulative))),
    ("增长", Word::Growth(None)),
    ("增速", Word::Growth(None)),
    ("基期", Word::BaseQualifier),
    ("基数", Word::BaseQualifier),
    ("现状", Word::BaseQualifier),
    ("预计", Word::BaseQualifier),
    ("实际", Word::BaseQualifier),
    ("完成", Word::BaseQualifier),
    ("目标", Word::TargetQualifier),
    ("“十四五”", Word::Ignorable),
    ("“十五五”", Word::Ignorable),
    ("“十三五”", Word::Ignorable),
    ("十四五", Word::Ignorable),
    ("十五五", Word::Ignorable),
    ("十三五", Word::Ignorable),
    ("时期", Word::Ignorable),
    ("期间", Word::Ignorable),
    ("%", Word::Ignorable),
    ("值", Word::Ignorable),
    ("/", Word::Slash),
    ("或", Word::Slash),
    ("、", Word::Slash),
];

/// Characters of header words that converters put on lines of their own.
const FRAGMENTS: &[char] = &['类', '别', '序', '号', '指', '标', '属', '性', '名', '称', '单', '位'];

/// Removes every white space character: header words are split by converter spaces
/// (`指 标`).
pub fn compact(text: &str) -> String {
    text.chars().filter(|c| !c.is_whitespace() && *c != '|').collect()
}

/// Header text as words are looked up in it: compact, and without round brackets,
/// which only wrap qualifiers and units there (`2020年（预计）`, `累计（%）`).
fn header_compact(text: &str) -> String {
    text.chars().filter(|&c| kept_in_header(c)).map(header_char).collect()
}

fn kept_in_header(c: char) -> bool {
    !c.is_whitespace() && !matches!(c, '|' | '（' | '）' | '(' | ')' | '〕' | ']' | '】')
}

/// `年均增长〔累计〕`: the bracket form of `年均增长/累计`, one column whose bracketed
/// cells are the cumulative ones.
fn header_char(c: char) -> char {
    if matches!(c, '〔' | '[' | '【') {
        '/'
    } else {
        c
    }
}

/// Whether header words can start with `c`: when the first character of a line
/// cannot, [`words`] would refuse it at once, so prose is refused without compacting it.
fn can_start_words(c: char) -> bool {
    static WORD_STARTS: std::sync::LazyLock<Vec<char>> = std::sync::LazyLock::new(|| {
        let mut starts: Vec<char> = WORDS.iter().filter_map(|(w, _)| w.chars().next()).collect();
        starts.sort_unstable();
        starts.dedup();
        starts
    });
    c.is_ascii_digit() || matches!(c, '“' | '十') || FRAGMENTS.contains(&c) || WORD_STARTS.binary_search(&c).is_ok()
}

/// Reads `text` (compact) as header words; `None` when something else is in it.
fn words(text: &str, allow_fragments: bool) -> Option<Vec<Word>> {
    let mut out = Vec::new();
    let mut rest = text;
    while !rest.is_empty() {
        if let Some((year, len)) = leading_year(rest) {
            // `2021-2025年`: the plan period over a growth column, not a year column.
            let after = &rest[len..];
            if let Some(dash) = after.chars().next().filter(|c| matches!(c, '-' | '—' | '–' | '～' | '~' | '至')) {
                if let Some((_, len2)) = leading_year(&after[dash.len_utf8()..]) {
                    out.push(Word::Ignorable);
                    rest = &after[dash.len_utf8() + len2..];
                    continue;
                }
            }
            out.push(Word::Year(year));
            rest = &rest[len..];
            continue;
        }
        if let Some((year, len)) = five_year_end(rest) {
            out.push(Word::Year(year));
            rest = &rest[len..];
            continue;
        }
        if let Some((w, word)) = WORDS.iter().find(|(w, _)| rest.starts_with(w)) {
            out.push(*word);
            rest = &rest[w.len()..];
            continue;
        }
        let c = rest.chars().next()?;
        if allow_fragments && FRAGMENTS.contains(&c) {
            out.push(Word::Fragment);
            rest = &rest[c.len_utf8()..];
            continue;
        }
        return None;
    }
    Some(out)
}

/// `“十三五”末` / `十四五期末` at the start of `text`: a column of the last year of
/// that five-year plan (2020, 2025), and the bytes it covers.
fn five_year_end(text: &str) -> Option<(i32, usize)> {
    let body = text.strip_prefix('“').unwrap_or(text);
    let quote = text.len() - body.len();
    let mut chars = body.char_indices();
    if chars.next()?.1 != '十' {
        return None;
    }
    let (_, digit) = chars.next()?;
    let (five_at, five) = chars.next()?;
    if five != '五' {
        return None;
    }
    let ordinal = 10 + u32::try_from(crate::numbers::chinese_numeral(&digit.to_string())?).ok()?;
    let after = &body[five_at + '五'.len_utf8()..];
    let after_quote = after.strip_prefix('”').unwrap_or(after);
    let end_word = ["期末", "末"].iter().find(|w| after_quote.starts_with(*w))?;
    let period = crate::plan_meta::five_year_plan_years(ordinal)?;
    let len = quote + (five_at + '五'.len_utf8()) + (after.len() - after_quote.len()) + end_word.len();
    Some((period.end, len))
}

/// `2020年` (or `2020`) at the start of `text`: the year and the bytes it covers.
fn leading_year(text: &str) -> Option<(i32, usize)> {
    let digits = text.bytes().take_while(u8::is_ascii_digit).count();
    if digits != 4 {
        return None;
    }
    let year: i32 = text[..4].parse().ok()?;
    if !(1949..=2100).contains(&year) {
        return None;
    }
    let len = if text[4..].starts_with('年') { 4 + '年'.len_utf8() } else { 4 };
    Some((year, len))
}

/// Whether a line (normalised text) is made only of header vocabulary.
pub fn is_header_line(text: &str) -> bool {
    // Cheap refusal of prose before any word lookup: a character takes at most four
    // bytes, so a line this long has too many characters without counting them.
    if !text.chars().find(|&c| kept_in_header(c)).map(header_char).is_some_and(can_start_words) {
        return false;
    }
    if text.len() > 4 * 3 * MAX_HEADER_LINE_CHARS {
        return false;
    }
    let chars = text.chars().count();
    if chars > 3 * MAX_HEADER_LINE_CHARS {
        return false;
    }
    // Counted before compacting, to spare the allocation for prose lines; a line of
    // at most that many characters need not be counted (it has a kept character:
    // the first test found one).
    let kept_fits = chars <= MAX_HEADER_LINE_CHARS || text.chars().filter(|&c| kept_in_header(c)).count() <= MAX_HEADER_LINE_CHARS;
    kept_fits && !has_clause_punctuation(text) && words(&header_compact(text), true).is_some()
}

/// Whether `text` holds `，`, `。`, `；` or `：`, which no header word, year or
/// fragment holds (so [`words`] would refuse the line): prose is refused without
/// compacting it. Their lead bytes E3 and EF are found by a vectorised search.
fn has_clause_punctuation(text: &str) -> bool {
    let b = text.as_bytes();
    memchr::memchr2_iter(0xE3, 0xEF, b)
        .any(|i| matches!(b.get(i + 1..i + 3), Some([0x80, 0x82] | [0xBC, 0x8C] | [0xBC, 0x9B] | [0xBC, 0x9A])))
}

/// A Markdown table rule (`|---|:--:|`), which carries no words. A dash alone is
/// an empty cell, not a rule.
pub fn is_separator_row(text: &str) -> bool {
    let c = compact(text);
    text.contains('|') && !c.is_empty() && c.chars().all(|c| matches!(c, '-' | ':' | '—'))
}

/// Whether a line alone is a complete header (a header repeated on a new page, or a
/// one-line header): at least two distinct column words.
pub fn is_full_header_line(text: &str) -> bool {
    let c = header_compact(text);
    let Some(ws) = words(&c, false) else { return false };
    let kinds = ws.iter().filter(|w| matches!(w, Word::Category | Word::Seq | Word::Name | Word::Attribute | Word::Year(_))).count();
    kinds >= 2
}

/// The header of an indicator table starting at line index `start`: its lines
/// joined and read, with the index of the last one.
pub fn read_block(doc: &Document, start: usize) -> Option<(Header, usize)> {
    let mut text = String::new();
    let mut last = start;
    for (j, line) in doc.lines.iter().enumerate().skip(start) {
        match line.kind {
            LineKind::Blank | LineKind::PageNumber => {}
            LineKind::Text if is_header_line(&line.text) => {
                text.push_str(&header_compact(&line.text));
                last = j;
            }
            LineKind::Text if is_separator_row(&line.text) => last = j,
            _ => break,
        }
    }
    let header = parse(&text)?;
    header.is_indicator_table().then_some((header, last))
}

/// Reads the columns from the joined header text.
pub fn parse(header_text: &str) -> Option<Header> {
    let ws = words(&header_compact(header_text), false)?;
    let mut columns: Vec<Column> = Vec::new();
    // Year columns before their roles are known: (index in columns, year, qualifier).
    let mut years: Vec<YearSlot> = Vec::new();
    let mut after_slash = false;
    let mut i = 0;
    while i < ws.len() {
        let w = ws[i];
        let last = columns.last().copied();
        match w {
            Word::Category | Word::Seq | Word::Name | Word::Unit | Word::Attribute => {
                let col = match w {
                    Word::Category => Column::Category,
                    Word::Seq => Column::Seq,
                    Word::Name => Column::Name,
                    Word::Unit => Column::Unit,
                    _ => Column::Attribute,
                };
                // `指标` + `名称` is one column.
                if last != Some(col) {
                    columns.push(col);
                }
            }
            Word::Other => columns.push(Column::Other),
            Word::Year(_) | Word::BaseQualifier | Word::TargetQualifier => {
                let (slot, used) = year_slot(&ws[i..], columns.len());
                years.push(slot);
                columns.push(Column::Other);
                i += used;
                after_slash = false;
                continue;
            }
            Word::Growth(kind) => match last {
                Some(Column::Growth(current)) if merge_growth(current, kind, after_slash).is_some() => {
                    if let (Some(k), Some(slot)) = (merge_growth(current, kind, after_slash), columns.last_mut()) {
                        *slot = Column::Growth(k);
                    }
                }
                _ => columns.push(Column::Growth(kind.unwrap_or(GrowthColumn::Annual))),
            },
            Word::Slash | Word::Ignorable | Word::Fragment => {}
        }
        after_slash = matches!(w, Word::Slash);
        i += 1;
    }
    assign_year_roles(&years, &mut columns);
    Some(Header { columns })
}

/// A year column: where it is, its year, and the qualifier written with it.
#[derive(Debug, Clone, Copy)]
struct YearSlot {
    column: usize,
    year: Option<i32>,
    qualifier: Option<Word>,
}

/// Reads one year column from the words at hand: a year with the qualifier written
/// after it (`2020年预计`) or before it (`基期2020年`), a year alone, or a qualifier
/// alone (`目标值`). Returns the slot and the number of words used.
fn year_slot(ws: &[Word], column: usize) -> (YearSlot, usize) {
    let is_qualifier = |w: Option<&Word>| matches!(w, Some(Word::BaseQualifier | Word::TargetQualifier));
    match (ws.first(), ws.get(1)) {
        (Some(Word::Year(y)), next) if is_qualifier(next) => (YearSlot { column, year: Some(*y), qualifier: next.copied() }, 2),
        (Some(Word::Year(y)), _) => (YearSlot { column, year: Some(*y), qualifier: None }, 1),
        (Some(q), Some(Word::Year(y))) => (YearSlot { column, year: Some(*y), qualifier: Some(*q) }, 2),
        (q, _) => (YearSlot { column, year: None, qualifier: q.copied() }, 1),
    }
}

/// Folds a growth word into the current growth column, or `None` when it starts a
/// new column (`年均增长` followed by `累计增长`).
fn merge_growth(current: GrowthColumn, word: Option<GrowthColumn>, after_slash: bool) -> Option<GrowthColumn> {
    match word {
        None => Some(current),
        Some(k) if k == current => Some(current),
        Some(_) if after_slash => Some(GrowthColumn::Either),
        Some(_) => None,
    }
}

/// Gives year columns their roles: the target is the one qualified 目标 (else the
/// latest year), the baseline the one qualified 基期/预计 (else the latest year before
/// the target); any further year is another column.
fn assign_year_roles(years: &[YearSlot], columns: &mut [Column]) {
    let target = years.iter().position(|e| e.qualifier == Some(Word::TargetQualifier)).or_else(|| {
        years
            .iter()
            .enumerate()
            .filter(|(_, e)| e.qualifier != Some(Word::BaseQualifier))
            .max_by_key(|(_, e)| e.year.unwrap_or(i32::MIN))
            .map(|(i, _)| i)
    });
    let target_year = target.and_then(|t| years[t].year);
    let baseline = years.iter().position(|e| e.qualifier == Some(Word::BaseQualifier)).filter(|&b| Some(b) != target).or_else(|| {
        years
            .iter()
            .enumerate()
            .filter(|(i, e)| Some(*i) != target && (target_year.is_none() || e.year < target_year))
            .max_by_key(|(_, e)| e.year.unwrap_or(i32::MIN))
            .map(|(i, _)| i)
    });
    for (i, e) in years.iter().enumerate() {
        let role = if Some(i) == target {
            Column::Target { year: e.year }
        } else if Some(i) == baseline {
            Column::Baseline { year: e.year }
        } else {
            Column::Other
        };
        if let Some(c) = columns.get_mut(e.column) {
            *c = role;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bracketed_cumulative_growth_and_five_year_end_columns() {
        let h = parse("类别 指标名称 单位 2020年 2025年 年均增长〔累计〕 属性").unwrap();
        assert_eq!(h.columns.iter().filter(|c| matches!(c, Column::Growth(_))).count(), 1);
        assert!(h.has(|c| *c == Column::Growth(GrowthColumn::Either)));
        let h = parse("序号 指标 单位 “十三五”末 “十四五”末 年均增速 指标属性").unwrap();
        assert_eq!((h.baseline_year(), h.target_year()), (Some(2020), Some(2025)));
        assert!(is_header_line("“十四五”期末"));
    }

    #[test]
    fn split_header_with_either_growth_column() {
        let h = parse("类 别 序 号 指 标 2020年 预计 2025年 目标 年均/ 累计（%） 属性").unwrap();
        assert_eq!(
            h.columns,
            vec![
                Column::Category,
                Column::Seq,
                Column::Name,
                Column::Baseline { year: Some(2020) },
                Column::Target { year: Some(2025) },
                Column::Growth(GrowthColumn::Either),
                Column::Attribute,
            ]
        );
        assert!(h.is_indicator_table());
    }

    #[test]
    fn annual_growth_and_unit_column() {
        let h = parse("序号 指标名称 单位 基期2020年 目标2025年 年均增长 指标属性").unwrap();
        assert_eq!(
            h.columns,
            vec![
                Column::Seq,
                Column::Name,
                Column::Unit,
                Column::Baseline { year: Some(2020) },
                Column::Target { year: Some(2025) },
                Column::Growth(GrowthColumn::Annual),
                Column::Attribute,
            ]
        );
        assert_eq!(h.value_columns().len(), 3);
    }

    #[test]
    fn three_years_and_separate_growth_columns() {
        let h = parse("序号 指标 2015年 2020年 2025年 年均增长 累计 属性").unwrap();
        assert_eq!(h.columns[2], Column::Other);
        assert_eq!(h.columns[3], Column::Baseline { year: Some(2020) });
        assert_eq!(h.columns[4], Column::Target { year: Some(2025) });
        assert_eq!(h.columns[5], Column::Growth(GrowthColumn::Annual));
        assert_eq!(h.columns[6], Column::Growth(GrowthColumn::Cumulative));
    }

    #[test]
    fn period_over_growth_column_and_bracketed_qualifiers() {
        let h = parse("| 序号 | 指标 | 2020年（预计） | 2025年（目标） | 2021-2025年年均增长（%） | 属性 |").unwrap();
        assert_eq!(
            h.columns,
            vec![
                Column::Seq,
                Column::Name,
                Column::Baseline { year: Some(2020) },
                Column::Target { year: Some(2025) },
                Column::Growth(GrowthColumn::Annual),
                Column::Attribute,
            ]
        );
    }

    #[test]
    fn header_lines_and_prose() {
        assert!(is_header_line("类"));
        assert!(is_header_line("指 标"));
        assert!(is_header_line("累计（%）"));
        assert!(is_header_line("2025年"));
        // No word can hold clause punctuation, which is what lets it refuse prose early.
        for w in WORDS.iter().map(|(w, _)| *w).chain(["年", "十四五期末", "“十三五”末", "-", "—", "–", "～", "~", "至"])
        {
            assert!(!w.contains(['，', '。', '；', '：']), "{w}");
        }
        assert!(!FRAGMENTS.iter().any(|c| matches!(c, '，' | '。' | '；' | '：')));
        assert!(
            has_clause_punctuation("指标，名称")
                && has_clause_punctuation("a。")
                && has_clause_punctuation("；")
                && has_clause_punctuation("x：y")
        );
        assert!(!has_clause_punctuation("指标名称、“十四五”目标（%）"));
        assert!(!is_header_line("经"));
        assert!(!is_header_line("1 地区生产总值（亿元） 500 720 7.5% 预期性"));
        assert!(!is_header_line("到2025年，地区生产总值达到600亿元"));
        assert!(is_full_header_line("序号 指标 2020年 2025年 属性"));
        assert!(is_header_line("2020年（预计）"));
        assert!(is_header_line("“十四五”时期年均增长"));
        assert!(!is_full_header_line("类"));
    }
}

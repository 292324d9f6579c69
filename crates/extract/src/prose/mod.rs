//! Quantitative targets (目标) and stated facts (已达到的值) read from prose.
//!
//! A statement is a metric, a level verb and a number with a unit that closes its
//! clause: "城区常住人口达到60万人", "2022年地区生产总值290.09亿元", "分别达到217亿元和
//! 28.56亿元". Whether it is a target or a fact comes from where it stands (a review
//! section such as 发展基础 / 工作回顾, or a goal section such as 发展目标 / 工作安排)
//! and from the sentence (到2025年, 力争 make a goal; a past year makes a fact). Its
//! year is the nearest governing year mark in the sentence, then in the paragraph,
//! then the section's, then the plan period's.
//!
//! Precision comes first: a wrong target in a monitoring system is worse than a
//! missing one, so anything that does not read cleanly is left out.

mod marks;
mod metric;
mod quantities;
mod sections;
mod years;

use std::ops::RangeInclusive;
use std::sync::LazyLock;

use memchr::memmem::Finder;
use regex::Regex;

use crate::document::Paragraph;
use crate::model::{Bound, Fact, Heading, PlanKind, PlanMeta, Target, Warning};
use crate::numbers::{find_numbers, prose_unit_prefix};
use crate::Document;

use marks::{marks, Ends, Mark};
use metric::{borrowed_subject, clean_metric, clean_words, is_metric_name, predicate, split_list, Predicate};
use quantities::{has_numeral_values, may_end_with_quantity, quantities_in, quantities_with, Quantity};
use sections::{heading_of, Sections, Tense};
use years::{year_marks, MarkKind, YearMark};

#[derive(Debug, Default)]
pub struct Prose {
    pub targets: Vec<Target>,
    pub facts: Vec<Fact>,
    pub warnings: Vec<Warning>,
}

pub fn extract(doc: &Document, plan: &PlanMeta, outline: &[Heading], skip: &[RangeInclusive<usize>]) -> Prose {
    // The outline is not needed: section headings are recognised from the text, so
    // this reader does not depend on the outline reader's choices.
    let _ = outline;
    let mut out = Prose::default();
    let mut sections = Sections::default();
    for para in &doc.paragraphs {
        if para.spans.iter().any(|&(_, line)| skip.iter().any(|r| r.contains(&line))) {
            continue;
        }
        if let Some(heading) = heading_of(&para.text) {
            sections.enter(&heading);
            if heading.whole {
                continue;
            }
        }
        sections.observe_first_paragraph(&para.text);
        read_paragraph(para, &sections, plan, &mut out);
    }
    out
}

/// What a statement is, once its place and sentence are read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Target,
    Fact { estimated: bool },
}

/// One metric with one value, before it is dated and classified.
#[derive(Debug, Clone, PartialEq)]
struct Statement {
    metric: String,
    value: f64,
    unit: &'static str,
    bound: Bound,
    /// Byte offsets in the paragraph: the number, and the clause text span.
    at: usize,
    text: (usize, usize),
}

struct Context<'a> {
    tense: Tense,
    section_year: Option<i32>,
    plan: &'a PlanMeta,
    marks: Vec<YearMark>,
    /// Byte offsets where the paragraph's sentences start.
    sentence_starts: Vec<usize>,
}

fn read_paragraph(para: &Paragraph, sections: &Sections, plan: &PlanMeta, out: &mut Prose) {
    let text = para.text.as_str();
    let (tense, section_year) = sections.current();
    let marks = marks(text);
    let spans = sentences(text, &marks);
    let holds = Holds::of(text);
    let sentence_starts = spans.iter().map(|s| s.0).collect();
    let ctx = Context { tense, section_year, plan, marks: year_marks(text), sentence_starts };
    for (s0, s1) in spans {
        for st in sentence_statements(text, s0, s1, &marks, holds) {
            let Some(kind) = classify(&ctx, text, s0, st.at) else {
                continue;
            };
            // An undated value cannot be checked against anything: leave it out.
            let Some(year) = resolve_year(&ctx, s0, st.at, kind) else {
                continue;
            };
            let year = Some(year);
            let line = para.line_at(st.at);
            let clause_text = text[st.text.0..st.text.1].to_string();
            match kind {
                Kind::Target => out.targets.push(Target {
                    metric: st.metric,
                    year,
                    value: st.value,
                    unit: Some(st.unit.to_string()),
                    bound: st.bound,
                    text: clause_text,
                    line,
                }),
                Kind::Fact { estimated } => out.facts.push(Fact {
                    metric: st.metric,
                    year,
                    value: st.value,
                    unit: Some(st.unit.to_string()),
                    estimated,
                    text: clause_text,
                    line,
                }),
            }
        }
    }
}

/// What a paragraph holds, looked up once so that its clauses need not be searched.
#[derive(Debug, Clone, Copy)]
struct Holds {
    /// Chinese-numeral quantities may occur ([`has_numeral_values`]).
    numerals: bool,
    /// `翻` (a doubling, 翻一番).
    doubling: bool,
    /// `累` (a cumulative count, 累计).
    cumulative: bool,
}

impl Holds {
    fn of(text: &str) -> Holds {
        // Finders built once: `str::contains` of a non-ASCII char sets up a substring
        // search on every call.
        static FAN: LazyLock<Finder<'static>> = LazyLock::new(|| Finder::new("翻"));
        static LEI: LazyLock<Finder<'static>> = LazyLock::new(|| Finder::new("累"));
        Holds {
            numerals: has_numeral_values(text),
            doubling: FAN.find(text.as_bytes()).is_some(),
            cumulative: LEI.find(text.as_bytes()).is_some(),
        }
    }
}

/// Byte ranges of the sentences of a paragraph (ending at 。！？), given its marks.
fn sentences(text: &str, marks: &[Mark]) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut begin = 0;
    for m in marks.iter().filter(|m| m.ends == Ends::Sentence) {
        if m.at > begin {
            out.push((begin, m.at));
        }
        begin = m.at + m.len;
    }
    if text.len() > begin {
        out.push((begin, text.len()));
    }
    out
}

/// Byte ranges (absolute) of the clauses of `text[start..end]`, which end at ，；：. A
/// 、 after a value also ends a clause ("大米150万吨、饲用玉米300万吨"), while a 、
/// between bare values keeps a list together ("分别达到30%、40%").
fn clauses(text: &str, start: usize, end: usize, marks: &[Mark], numerals: bool) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut begin = start;
    let first = marks.partition_point(|m| m.at < start);
    let inside = marks[first..].iter().take_while(|m| m.at < end).filter(|m| m.ends != Ends::Sentence);
    for m in inside {
        let (cut, after) = (m.at, m.at + m.len);
        if m.ends != Ends::Dun {
            if begin < cut {
                out.push((begin, cut));
            }
            begin = after;
            continue;
        }
        let segment = &text[begin..cut];
        let closes_value =
            may_end_with_quantity(segment) && quantities_with(segment, numerals).last().is_some_and(|q| begin + q.end == cut);
        if closes_value && !text[after..end].starts_with(|c: char| c.is_ascii_digit()) {
            out.push((begin, cut));
            begin = after;
        }
    }
    if begin < end {
        out.push((begin, end));
    }
    out
}

/// Every statement of one sentence, given the paragraph's marks and what it holds.
fn sentence_statements(text: &str, s0: usize, s1: usize, marks: &[Mark], holds: Holds) -> Vec<Statement> {
    let numerals = holds.numerals;
    let parts = clauses(text, s0, s1, marks, numerals);
    // Read once: a clause's quantities are also looked at from the clause before.
    let found: Vec<Vec<Quantity>> = parts.iter().map(|&(c0, c1)| quantities_with(&text[c0..c1], numerals)).collect();
    let mut out = Vec::new();
    for (i, &(c0, c1)) in parts.iter().enumerate() {
        let clause = &text[c0..c1];
        let previous = i.checked_sub(1).map(|j| parts[j]);
        let quantities = &found[i];
        if quantities.is_empty() {
            let borrowed_by_next = parts.get(i + 1).is_some_and(|&(n0, n1)| clause_borrows_subject(&text[n0..n1], &found[i + 1]));
            if !borrowed_by_next && holds.doubling {
                out.extend(doubling(clause, c0));
            }
            if holds.cumulative {
                out.extend(cumulative_count(clause, c0));
            }
            continue;
        }
        out.extend(clause_statements(text, c0, c1, previous, quantities));
    }
    out
}

/// Whether a clause states a value without naming its metric ("达到600亿元以上"), so
/// that it continues the subject of the clause before. `quantities` are the clause's.
fn clause_borrows_subject(clause: &str, quantities: &[Quantity]) -> bool {
    quantities.first().is_some_and(
        |q| matches!(predicate(&clause[..q.start]), Predicate::Level { ref metric, .. } if clean_metric(metric).chars().count() < 2),
    )
}

fn clause_statements(text: &str, c0: usize, c1: usize, previous: Option<(usize, usize)>, quantities: &[Quantity]) -> Vec<Statement> {
    let clause = &text[c0..c1];
    let Some(first) = quantities.first() else {
        return Vec::new();
    };
    let before = &clause[..first.start];
    let borrow = || previous.and_then(|(p0, p1)| borrowed_subject(&text[p0..p1]).map(|s| (s, p0)));
    let statement = |metric: String, q: &Quantity, from: usize| Statement {
        metric,
        value: q.value,
        unit: q.unit,
        bound: q.bound,
        at: c0 + q.start,
        text: (from, c0 + quantities.last().map_or(q.end, |l| l.end)),
    };

    if quantities.len() >= 2 {
        // A list: "地区生产总值和财政收入分别达到217亿元和28.56亿元".
        let (subject, verb_part) = match before.find("分别") {
            Some(i) => (&before[..i], &before[i + "分别".len()..]),
            None => (before, ""),
        };
        let subject = match predicate(if verb_part.is_empty() { subject } else { verb_part }) {
            Predicate::Level { metric, .. } if verb_part.is_empty() => clean_words(&metric),
            Predicate::Level { metric, .. } if metric.is_empty() => clean_words(subject),
            _ => return Vec::new(),
        };
        let (subject, from) = if subject.chars().count() >= 2 {
            (subject, c0)
        } else {
            match borrow() {
                Some(b) => b,
                None => return Vec::new(),
            }
        };
        let Some(metrics) = split_list(&subject, quantities.len()) else {
            return Vec::new();
        };
        if !metrics.iter().all(|m| is_metric_name(m)) {
            return Vec::new();
        }
        return metrics.into_iter().zip(quantities).map(|(m, q)| statement(m, q, from)).collect();
    }

    let (metric, from) = match predicate(before) {
        Predicate::Level { metric, verb } => {
            let m = clean_metric(&metric);
            if m.chars().count() >= 2 {
                (m, c0)
            } else if verb.is_empty() {
                return Vec::new();
            } else {
                match borrow() {
                    Some((s, p0)) => (clean_metric(&s), p0),
                    None => return Vec::new(),
                }
            }
        }
        Predicate::AnnualGrowth { metric } => {
            let m = clean_metric(&metric);
            if m.starts_with("年均") {
                match borrow() {
                    Some((s, p0)) => (format!("{}{m}", clean_metric(&s)), p0),
                    None => return Vec::new(),
                }
            } else {
                (m, c0)
            }
        }
        Predicate::Growth { metric } => {
            // Only a percentage is a growth rate; "增长3000户" is an increment.
            if first.unit != "%" {
                return Vec::new();
            }
            let m = clean_metric(&metric);
            if m.chars().count() >= 2 {
                (format!("{m}增长"), c0)
            } else {
                // "地区生产总值286.4亿元、增长6.8%": the rate of the level just stated.
                match previous.and_then(|(p0, p1)| level_metric(&text[p0..p1]).map(|m| (m, p0))) {
                    Some((m, p0)) => (format!("{m}增长"), p0),
                    None => return Vec::new(),
                }
            }
        }
        Predicate::NotAValue => return Vec::new(),
    };
    if !is_metric_name(&metric) {
        return Vec::new();
    }
    vec![statement(metric, first, from)]
}

/// The metric of a clause that states one level ("全年实现地区生产总值286.4亿元").
fn level_metric(clause: &str) -> Option<String> {
    let quantities = quantities_in(clause);
    let [q] = quantities.as_slice() else { return None };
    match predicate(&clause[..q.start]) {
        Predicate::Level { metric, .. } => {
            let m = clean_metric(&metric);
            (m.chars().count() >= 2 && is_metric_name(&m)).then_some(m)
        }
        _ => None,
    }
}

static CUMULATIVE_COUNT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"累计(?:实施|完成|建成|办理|创建|打造|新建|改造|引进|培育)([0-9]+)(项|个|件|家|所|条|座|处)(\p{Han}{1,8})$").unwrap()
});

/// "累计实施180项改革": a cumulative count, the counted noun after the number.
fn cumulative_count(clause: &str, c0: usize) -> Vec<Statement> {
    // A memchr look for the first character spares most clauses the regex.
    if !clause.contains('累') {
        return Vec::new();
    }
    let Some(caps) = CUMULATIVE_COUNT.captures(clause) else {
        return Vec::new();
    };
    let (Some(n), Some(unit), Some(noun)) = (caps.get(1), caps.get(2), caps.get(3)) else {
        return Vec::new();
    };
    let (Ok(value), Some(unit)) = (n.as_str().parse::<f64>(), prose_unit_prefix(unit.as_str())) else {
        return Vec::new();
    };
    vec![Statement {
        metric: noun.as_str().to_string(),
        value,
        unit,
        bound: Bound::Exactly,
        at: c0 + n.start(),
        text: (c0, c0 + clause.len()),
    }]
}

/// "地区生产总值由2020年的217亿元翻一番": a doubling of a base stated in the same
/// clause is a target of twice the base.
fn doubling(clause: &str, c0: usize) -> Vec<Statement> {
    if !clause.contains('翻') {
        return Vec::new();
    }
    let (at, factor) = match (clause.find("翻一番"), clause.find("翻两番")) {
        (Some(i), _) => (i, 2.0),
        (None, Some(i)) => (i, 4.0),
        _ => return Vec::new(),
    };
    let Some(base) = find_numbers(&clause[..at]).into_iter().last() else {
        return Vec::new();
    };
    let Some(unit) = prose_unit_prefix(&clause[base.end..]) else {
        return Vec::new();
    };
    if base.end + unit.len() != at || matches!(unit, "%" | "年" | "个百分点") {
        return Vec::new();
    }
    static BASE_INTRO: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"(?:由|从|比)(?:20[0-9]{2}年(?:底|末)?的?)?$").unwrap());
    let head = &clause[..base.start];
    let Some(intro) = BASE_INTRO.find(head) else {
        return Vec::new();
    };
    let metric = clean_metric(&head[..intro.start()]);
    if metric.chars().count() < 2 {
        return Vec::new();
    }
    vec![Statement { metric, value: base.value * factor, unit, bound: Bound::Exactly, at: c0 + base.start, text: (c0, c0 + clause.len()) }]
}

/// Words that make a sentence state a goal wherever it stands.
const GOAL_WORDS: &[&str] = &["力争", "争取", "确保", "目标"];
/// Words that make a reported value an estimate.
const ESTIMATE_WORDS: &[&str] = &["预计", "初步统计", "初步核算", "预测"];
/// Words that put a dated sentence in the future.
const FUTURE_WORDS: &[&str] = &["将", "计划", "预期"];

// Each list as one literal search (`is_match`) rather than a substring searcher set
// up for each word (`str::contains`).
static ANY_GOAL_WORD: LazyLock<Regex> = LazyLock::new(|| Regex::new(&GOAL_WORDS.join("|")).unwrap());
static ANY_ESTIMATE_WORD: LazyLock<Regex> = LazyLock::new(|| Regex::new(&ESTIMATE_WORDS.join("|")).unwrap());
static ANY_FUTURE_WORD: LazyLock<Regex> = LazyLock::new(|| Regex::new(&FUTURE_WORDS.join("|")).unwrap());

fn classify(ctx: &Context, text: &str, s0: usize, at: usize) -> Option<Kind> {
    let prefix = &text[s0..at];
    let marks = ctx.marks.iter().filter(|m| m.at >= s0 && m.at < at);
    let estimated = ANY_ESTIMATE_WORD.is_match(prefix);
    match ctx.tense {
        Tense::Past => Some(Kind::Fact { estimated }),
        Tense::Future => Some(Kind::Target),
        Tense::Neutral | Tense::Other => {
            let marks: Vec<&YearMark> = marks.collect();
            let due = marks.iter().any(|m| m.kind == MarkKind::Due) || ANY_GOAL_WORD.is_match(prefix);
            if due {
                return Some(Kind::Target);
            }
            let reference = ctx.plan.period.map(|p| p.start);
            // A work report's sections on the year it plans ("三、2023年重点工作")
            // state that year's tasks.
            let report_year_section =
                ctx.plan.kind == PlanKind::AnnualReport && ctx.section_year.is_some_and(|y| reference.is_some_and(|r| y >= r));
            if report_year_section && marks.iter().all(|m| m.kind != MarkKind::Dated || reference.is_some_and(|r| m.year >= r)) {
                return Some(Kind::Target);
            }
            if ANY_FUTURE_WORD.is_match(prefix) {
                return None;
            }
            let past = marks.iter().any(|m| match m.kind {
                // A plan is often written in its first years: a dated value of its start year is a fact.
                MarkKind::Dated => reference.is_none_or(|r| m.year <= r),
                MarkKind::Period => reference.is_some_and(|r| m.year < r),
                MarkKind::Due => false,
            });
            past.then_some(Kind::Fact { estimated })
        }
    }
}

fn resolve_year(ctx: &Context, s0: usize, at: usize, kind: Kind) -> Option<i32> {
    // A goal is dated by a due year anywhere before it in the paragraph ("到2025年，…。
    // 经济总量翻一番，…"), or by a year heading its own sentence; a fact by any year
    // mark before it.
    let governs = |m: &&YearMark| match kind {
        Kind::Target => m.kind == MarkKind::Due,
        // A year opening an earlier sentence ("2020年，…。") dates the ones after it.
        Kind::Fact { .. } => ctx.sentence_starts.contains(&m.at),
    };
    let in_sentence = ctx.marks.iter().rev().find(|m| m.at >= s0 && m.at < at);
    let in_paragraph = || ctx.marks.iter().rev().filter(governs).find(|m| m.at < s0);
    if let Some(m) = in_sentence.or_else(in_paragraph) {
        return Some(m.year);
    }
    if ctx.section_year.is_some() {
        return ctx.section_year;
    }
    let period = ctx.plan.period?;
    match kind {
        Kind::Target => Some(period.end),
        // Only a five-year outline's review reports the year before its period
        // (发展基础 of the 十四五 outline = 2020). Other plans are written at any
        // time in their period; an undated value there cannot be placed, and a fact
        // with a guessed year would be a wrong actual.
        //
        // Likewise a work report's review (过去一年工作回顾) reports the year before
        // the one the report plans.
        Kind::Fact { .. } => {
            let reviews_last_year =
                ctx.plan.kind == PlanKind::FiveYearOutline || (ctx.plan.kind == PlanKind::AnnualReport && ctx.tense == Tense::Past);
            reviews_last_year.then_some(period.start - 1)
        }
    }
}

#[cfg(test)]
mod tests;

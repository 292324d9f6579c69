//! Plan metadata (title, region, kind, period, horizon) read from the text itself.
//!
//! A plan names itself near its start: a title line, a self-reference in the
//! preamble ("《XX市…规划（2021-2035年）》依据《…》编制", "XX市…规划纲要，根据《…》编制",
//! "编制《XX市…实施方案》（以下简称《实施方案》）"), or, for a digest of a work
//! report, a line such as "2023政府工作报告". Kind, region and period follow from
//! the title; what the title does not say is read from the body: the five-year
//! ordinal (第十四个五年 = 2021–2025), "到2025年" goals, a parent plan's period, and
//! the long-range vision (二〇三五年远景目标) for the horizon.

use std::collections::HashMap;
use std::sync::LazyLock;

use memchr::memmem::Finder;
use regex::Regex;

use crate::model::{Heading, Period, PlanKind, PlanMeta};
use crate::numbers::chinese_numeral;
use crate::Document;

/// How many paragraphs before the first heading are searched for a self-reference.
const MAX_PREAMBLE_PARAGRAPHS: usize = 20;
/// How many lines from the top a title line may stand on.
const MAX_TITLE_LINE_SCAN: usize = 12;

/// Words a plan's title ends with.
const PLAN_WORDS: &str = r"(?:规划纲要|纲要|规划|实施方案|方案|行动计划|年度计划|计划|工作报告|报告)";

/// A period written in a title: `（2021-2035年）`, `(2021—2025)`.
static PERIOD: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"[（(]\s*(\d{4})\s*年?\s*[-—–~～至到]+\s*(\d{4})\s*年?\s*[）)]").unwrap());

/// The five-year ordinal: `第十四个五年`, `“十四五”`.
static FIVE_YEAR_ORDINAL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"第([一二三四五六七八九十]{1,3})个五年|([一二三四五六七八九十]{1,3})五”?(?:规划|时期|期间|期末|末)|“([一二三四五六七八九十]{1,3})五”").unwrap()
});

/// `编制《X》` / `制定《X》`: the document names what it is.
static COMPILED_AS: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(&format!(r"(?:编制|制定|印发)《([^《》]{{4,80}}{PLAN_WORDS}[^《》]{{0,20}})》")).unwrap());

/// `《X》依据…编制` / `《X》，根据…` at the start of a paragraph.
static QUOTED_SELF: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"^《([^《》]{{4,80}}{PLAN_WORDS}[^《》]{{0,20}})》(?:[（(]以下简称[^）)]*[）)])?[，,]?\s*(?:根据|依据|按照|是|以)"
    ))
    .unwrap()
});

/// `X规划纲要，根据《…》编制` at the start of a paragraph, without quotes.
static UNQUOTED_SELF: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^([^，。；《》“”]{6,80}?)[，,]\s*(?:根据|依据|按照)").unwrap());

/// A digest's title line: `2023政府工作报告`, `梅河口市2023年政府工作报告`.
static WORK_REPORT_LINE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^(\p{Han}{0,8}?)(\d{4})\s*年?\s*(?:市|县|区|省)?政府工作报告$").unwrap());

static ENDS_WITH_PLAN_WORD: LazyLock<Regex> = LazyLock::new(|| Regex::new(&format!(r"{PLAN_WORDS}$")).unwrap());

/// A place that owns a plan, at the start of a title: `梅河口市`, `吉林省`, `永吉县`,
/// and the longer names of autonomous places and banners (`延边朝鲜族自治州`,
/// `前郭尔罗斯蒙古族自治县`, `科尔沁右翼前旗`).
static PLACE_PREFIX: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(\p{Han}{2,4}?(?:自治州|自治县|市|县|区|省|州|盟|旗)|\p{Han}{2,6}?[前中后左右]旗|\p{Han}{2,10}?自治(?:州|县|旗))")
        .unwrap()
});

/// A city or county named in running text after a boundary (`，梅河口市将…`).
static PLACE_IN_TEXT: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?:^|[^\p{Han}]|[是在将和与对为由把让经使])(\p{Han}{2,3}?[市县])").unwrap());

/// Endings that make a "place" a generic word (老城区, 高新区, 都市).
const GENERIC_PLACE_ENDINGS: &[&str] =
    &["城区", "市区", "都市", "开发区", "高新区", "示范区", "园区", "社区", "景区", "片区", "试验区", "功能区", "集聚区"];
/// Characters that make a word with the 市/县 before them (市场, 市民, 县域): the
/// phrase before is not a place (完善市场).
const WORD_AFTER_SUFFIX: &[char] = &['场', '民', '容', '值', '政', '区', '级', '属', '域', '面', '井', '城', '情'];
/// Words that begin with a place suffix (县域, 市场): where the title goes on with
/// one, the phrase before it is no place (推进县域 → not 推进县).
const WORDS_FROM_SUFFIX: &[&str] =
    &["县域", "县城", "县级", "市场", "市民", "市域", "市级", "市政", "区域", "区位", "区级", "省级", "省域", "旗域"];
/// First characters of phrases that end in 市/县 but name no place (全市, 各县, 中心城市).
const GENERIC_PLACE_STARTS: &[char] = &['全', '本', '我', '各', '该', '城', '都', '市', '县', '在', '中', '大', '小', '新', '上', '下'];

/// `到2025年`: the year a goal is due.
static DUE_YEAR: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"到\s*(\d{4})\s*年").unwrap());

/// `二〇三五年远景目标`, `2035年远景目标`, `展望二〇三五年`.
static VISION_YEAR: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(\d{4}|[〇零一二三四五六七八九]{4})\s*年\s*远景目标|展望\s*(\d{4}|[〇零一二三四五六七八九]{4})\s*年").unwrap()
});

static LEADING_YEAR: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^(?:19|20)\d{2}\s*年?").unwrap());

static BARE_YEAR: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"((?:19|20)\d{2})").unwrap());

/// A work report's delivery line: `——2024年1月10日在通化市第八届人民代表大会第三次会议上`.
static DELIVERED_AT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"((?:19|20)\d{2})\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日\s*在\s*(\p{Han}{2,14}?(?:自治州|自治县|自治旗|市|县|区|省|州|盟|旗))第[一二三四五六七八九十]+届人民代表大会")
        .unwrap()
});

/// How many paragraphs from the top a report's delivery line may stand in.
const MAX_DELIVERY_PARAGRAPHS: usize = 8;

static ANY_YEAR: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"((?:19|20)\d{2})\s*年").unwrap());

pub fn extract(doc: &Document, outline: &[Heading]) -> PlanMeta {
    let body: Vec<&str> = doc.paragraphs.iter().map(|p| p.text.as_str()).collect();
    let found = find_title(doc, outline);
    let raw_title = found.as_ref().map(|t| t.text.clone());
    let region = raw_title.as_deref().and_then(region_in_title).or_else(|| congress_place(&body)).or_else(|| most_named_place(&body));
    let title = found.map(|t| match t.report_year {
        // A digest's title line names only the year: say whose report it is.
        Some(year) if t.text.starts_with(|c: char| c.is_ascii_digit()) => {
            format!("{}{year}年政府工作报告", region.as_deref().unwrap_or(""))
        }
        _ => strip_period(&t.text),
    });
    let kind = title.as_deref().map(kind_of_title).unwrap_or_else(|| kind_from_body(&body));
    let period = raw_title
        .as_deref()
        .and_then(|t| period_in_title(t, kind))
        .or_else(|| (kind == PlanKind::AnnualReport).then(|| delivery_year(&body)).flatten())
        .or_else(|| period_from_body(&body));
    // A work report plans one year; the 二〇三五年远景目标 it cites is the outline's.
    let horizon = if kind == PlanKind::AnnualReport { None } else { horizon(&body, period) };
    PlanMeta { title, region, kind, period, horizon }
}

struct FoundTitle {
    text: String,
    /// The year of a work report found by its title line.
    report_year: Option<i32>,
}

fn find_title(doc: &Document, outline: &[Heading]) -> Option<FoundTitle> {
    let first_heading = outline.iter().find(|h| !h.label.is_empty()).map(|h| h.line).unwrap_or(usize::MAX);
    let plain = |text: String| {
        let report_year = WORK_REPORT_LINE.captures(&text).and_then(|c| c[2].parse().ok());
        Some(FoundTitle { text, report_year })
    };
    if let Some(t) = title_line(doc, first_heading) {
        return plain(t);
    }
    let preamble = preamble_blocks(doc, first_heading);
    for block in &preamble {
        if let Some(c) = COMPILED_AS.captures(block) {
            return plain(c[1].to_string());
        }
    }
    for block in &preamble {
        if let Some(c) = QUOTED_SELF.captures(block) {
            return plain(c[1].to_string());
        }
        if let Some(c) = UNQUOTED_SELF.captures(block) {
            let candidate = c[1].trim();
            if ENDS_WITH_PLAN_WORD.is_match(&strip_period(candidate)) {
                return plain(candidate.to_string());
            }
        }
    }
    work_report_line(doc)
}

/// A title on its own line at the top of the document (possibly wrapped over two
/// lines, possibly in 《》).
fn title_line(doc: &Document, first_heading: usize) -> Option<String> {
    let lines: Vec<&str> = doc
        .lines
        .iter()
        .filter(|l| l.kind == crate::document::LineKind::Text && l.no < first_heading)
        .take(MAX_TITLE_LINE_SCAN)
        .map(|l| l.text.as_str())
        .collect();
    for (k, line) in lines.iter().enumerate() {
        let looks_like_title = |s: &str| {
            let s = unwrap_book_title(s);
            s.chars().count() <= 60 && !s.contains(['。', '，', '；', '：']) && ENDS_WITH_PLAN_WORD.is_match(&strip_period(&s))
        };
        // A title set over three short lines on a cover (`长岭县` / `国民经济和社会发展第十四个
        // 五年规划` / `和二〇三五年远景目标纲要`), the first naming the place.
        if let (Some(next), Some(third)) = (lines.get(k + 1), lines.get(k + 2)) {
            let joined: String = line.chars().chain(next.chars()).chain(third.chars()).filter(|c| !c.is_whitespace()).collect();
            let short = [line, next, third].iter().all(|l| l.chars().count() <= 30);
            let place_line = region_in_title(line).is_some_and(|r| line.trim().ends_with(r.as_str()));
            if short && place_line && looks_like_title(&joined) && balanced_quotes(&joined) {
                return Some(unwrap_book_title(&joined));
            }
        }
        // A title wrapped over two short lines (`…第十四个五年规划` / `和二〇三五年远景目标纲要`,
        // `…规划` / `（2021-2035年）`); checked first, as its first line can look whole.
        if let Some(next) = lines.get(k + 1) {
            let joined: String = line.chars().chain(next.chars()).filter(|c| !c.is_whitespace()).collect();
            if line.chars().count() <= 40 && next.chars().count() <= 30 && looks_like_title(&joined) && balanced_quotes(&joined) {
                return Some(unwrap_book_title(&joined));
            }
        }
        let compact: String = line.chars().filter(|c| !c.is_whitespace()).collect();
        if looks_like_title(&compact) && balanced_quotes(&compact) {
            return Some(unwrap_book_title(&compact));
        }
    }
    None
}

/// A title line in book-title marks, possibly with its period after them:
/// `《X规划》（2021-2030年）` → `X规划（2021-2030年）`.
fn unwrap_book_title(s: &str) -> String {
    let Some(inner) = s.strip_prefix('《') else { return s.to_string() };
    match inner.find('》') {
        Some(close) if strip_period(&inner[close..]).trim_start_matches('》').is_empty() => {
            format!("{}{}", &inner[..close], &inner[close..].trim_start_matches('》'))
        }
        _ => inner.to_string(),
    }
}

fn balanced_quotes(s: &str) -> bool {
    s.matches('《').count() == s.matches('》').count()
}

/// The paragraphs before the first heading, a paragraph whose 《 is closed only in
/// the next one (the converter split a wrapped title) joined to it.
fn preamble_blocks(doc: &Document, first_heading: usize) -> Vec<String> {
    let mut blocks: Vec<String> = Vec::new();
    let mut open = false;
    for p in doc.paragraphs.iter().take_while(|p| p.line() < first_heading).take(MAX_PREAMBLE_PARAGRAPHS) {
        match blocks.last_mut() {
            Some(last) if open => last.push_str(&p.text),
            _ => blocks.push(p.text.clone()),
        }
        open = blocks.last().is_some_and(|b| b.matches('《').count() > b.matches('》').count());
    }
    blocks
}

fn work_report_line(doc: &Document) -> Option<FoundTitle> {
    doc.lines.iter().filter(|l| l.text.len() <= 64 && l.text.contains("工作报告")).find_map(|l| {
        let compact: String = l.text.chars().filter(|c| !c.is_whitespace()).collect();
        let c = WORK_REPORT_LINE.captures(&compact)?;
        let year: i32 = c[2].parse().ok()?;
        Some(FoundTitle { text: compact.clone(), report_year: Some(year) })
    })
}

/// The title without its period in brackets (the period is a field of its own) and
/// without the status of the draft it was printed from (`（草案）`, `（征求意见稿）`).
fn strip_period(title: &str) -> String {
    let title = PERIOD.replace_all(title, "");
    DRAFT_STATUS.replace_all(&title, "").trim().to_string()
}

static DRAFT_STATUS: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"[（(]\s*(?:草案|征求意见稿|送审稿|讨论稿|报批稿|审议稿|摘要|全文)\s*[）)]").unwrap());

fn kind_of_title(title: &str) -> PlanKind {
    // `2024年国民经济和社会发展计划`: one year's targets, like a work report.
    let annual_plan = title.contains("年度计划") || title.contains("国民经济和社会发展计划");
    // `…第十四个五年规划` is the five-year plan itself, with or without 纲要.
    let five_year = title.contains("国民经济和社会发展") && FIVE_YEAR_ORDINAL.is_match(title);
    if title.contains("工作报告") || annual_plan {
        PlanKind::AnnualReport
    } else if title.contains("方案") || title.contains("行动计划") || title.contains("实施意见") {
        PlanKind::ImplementationPlan
    } else if five_year || (title.contains("纲要") && (title.contains("五年") || title.contains("国民经济和社会发展"))) {
        PlanKind::FiveYearOutline
    } else if title.contains("规划") || title.contains("纲要") {
        PlanKind::SpecialPlan
    } else {
        PlanKind::Other
    }
}

/// The kind when no title was found: what the document calls itself.
fn kind_from_body(body: &[&str]) -> PlanKind {
    let count = |w: &str| body.iter().map(|p| p.matches(w).count()).sum::<usize>();
    if count("政府工作报告") > 0 {
        PlanKind::AnnualReport
    } else if count("本方案") + count("《实施方案》") > 0 {
        PlanKind::ImplementationPlan
    } else if count("本纲要") > 0 {
        PlanKind::FiveYearOutline
    } else if count("本规划") > 0 {
        PlanKind::SpecialPlan
    } else {
        PlanKind::Other
    }
}

/// The most specific place at the start of the title (`吉林省梅河口市…` → 梅河口市).
fn region_in_title(title: &str) -> Option<String> {
    let title = title.trim_start_matches(['《', '“']);
    // `2024年松岭市人民政府工作报告`: the year first, then the place.
    let title = LEADING_YEAR.find(title).map_or(title, |m| &title[m.end()..]);
    let mut rest = title;
    let mut found = None;
    while let Some(m) = PLACE_PREFIX.find(rest) {
        let place = m.as_str();
        // `…前旗推进县域商业…`: 县 begins a word (县域), so 推进县 is no place.
        let suffix = place.chars().last().unwrap_or(' ');
        let next = rest[m.end()..].chars().next().unwrap_or(' ');
        let word_goes_on = WORDS_FROM_SUFFIX.iter().any(|w| w.starts_with(suffix) && w.ends_with(next));
        if is_generic_place(place) || word_goes_on {
            break;
        }
        found = Some(place.to_string());
        rest = &rest[m.end()..];
    }
    found
}

/// The place whose people's congress heard a work report.
fn congress_place(body: &[&str]) -> Option<String> {
    // `青河市丰源区第五届…`: a district's congress; the report is the district's.
    delivery_line(body).map(|(_, place)| region_in_title(&place).unwrap_or(place))
}

/// A work report plans the year it is delivered in (January 2024 → 2024).
fn delivery_year(body: &[&str]) -> Option<Period> {
    let (year, _) = delivery_line(body)?;
    Some(Period { start: year, end: year })
}

/// The year and place of a report's delivery line, which a title page may break
/// over two short lines (`——2023年1月8日在松岭市第十届人民代表` / `大会第二次会议上`).
fn delivery_line(body: &[&str]) -> Option<(i32, String)> {
    let top = &body[..body.len().min(MAX_DELIVERY_PARAGRAPHS)];
    let read = |text: &str| {
        let c = DELIVERED_AT.captures(text)?;
        Some((c[1].parse().ok()?, c[2].to_string()))
    };
    top.iter().find_map(|p| read(p)).or_else(|| top.windows(2).find_map(|w| read(&format!("{}{}", w[0], w[1]))))
}

/// A phrase that ends like a place but names none: 中心城市 (a three-character
/// X城市 such as 白城市 is a city), 老城区, 高新区.
fn is_generic_place(place: &str) -> bool {
    (place.ends_with("城市") && place.chars().count() >= 4) || GENERIC_PLACE_ENDINGS.iter().any(|g| place.ends_with(g))
}

/// The city or county the text names most often, when no title names it.
fn most_named_place(body: &[&str]) -> Option<String> {
    let mut counts: HashMap<&str, usize> = HashMap::new();
    // Every match ends in 市 or 县: a paragraph without either is not scanned.
    static SHI: LazyLock<Finder<'static>> = LazyLock::new(|| Finder::new("市"));
    static XIAN: LazyLock<Finder<'static>> = LazyLock::new(|| Finder::new("县"));
    for p in body.iter().filter(|p| SHI.find(p.as_bytes()).is_some() || XIAN.find(p.as_bytes()).is_some()) {
        crate::captures::each_capture(&PLACE_IN_TEXT, p, |caps| {
            let Some((start, end)) = caps.get(1) else { return };
            let place = &p[start..end];
            let word_goes_on = p[end..].starts_with(WORD_AFTER_SUFFIX);
            if word_goes_on || place.starts_with(GENERIC_PLACE_STARTS) || is_generic_place(place) {
                return;
            }
            *counts.entry(place).or_default() += 1;
        });
    }
    counts.into_iter().filter(|&(_, n)| n >= 3).max_by_key(|&(p, n)| (n, p.len())).map(|(p, _)| p.to_string())
}

fn period_in_title(title: &str, kind: PlanKind) -> Option<Period> {
    if let Some(p) = explicit_period(title) {
        return Some(p);
    }
    if let Some(p) = five_year_period(title) {
        return Some(p);
    }
    if kind == PlanKind::AnnualReport {
        let year: i32 = BARE_YEAR.captures(title)?[1].parse().ok()?;
        return Some(Period { start: year, end: year });
    }
    None
}

fn explicit_period(text: &str) -> Option<Period> {
    let c = PERIOD.captures(text)?;
    let start = c[1].parse().ok()?;
    let end = c[2].parse().ok()?;
    (start <= end).then_some(Period { start, end })
}

/// The years of the n-th five-year plan: the sixth ran 1981–1985 and they have
/// followed each other without a gap since (十三五 2016–2020, 十四五 2021–2025).
pub fn five_year_plan_years(ordinal: u32) -> Option<Period> {
    if !(6..=40).contains(&ordinal) {
        return None;
    }
    let start = 1981 + 5 * (i32::try_from(ordinal).ok()? - 6);
    Some(Period { start, end: start + 4 })
}

fn five_year_period(text: &str) -> Option<Period> {
    let c = FIVE_YEAR_ORDINAL.captures(text)?;
    let ordinal = c.get(1).or_else(|| c.get(2)).or_else(|| c.get(3))?.as_str();
    five_year_plan_years(u32::try_from(chinese_numeral(ordinal)?).ok()?)
}

/// A plan that does not state its period: it runs to the year its goals are due
/// ("到2025年"), from the start of the plan it implements (a referenced period or
/// five-year plan ending that year).
fn period_from_body(body: &[&str]) -> Option<Period> {
    let mut due: HashMap<i32, usize> = HashMap::new();
    for p in body {
        for c in DUE_YEAR.captures_iter(p) {
            if let Ok(y) = c[1].parse::<i32>() {
                *due.entry(y).or_default() += 1;
            }
        }
    }
    let end = due.into_iter().max_by_key(|&(y, n)| (n, y)).map(|(y, _)| y)?;
    // The start most often referenced for a period ending that year.
    let mut starts: HashMap<i32, usize> = HashMap::new();
    for p in body {
        let explicit = PERIOD.captures_iter(p).filter_map(|c| explicit_period(c.get(0)?.as_str()));
        let ordinal = FIVE_YEAR_ORDINAL.find_iter(p).filter_map(|m| five_year_period(m.as_str()));
        for period in explicit.chain(ordinal).filter(|p| p.end == end) {
            *starts.entry(period.start).or_default() += 1;
        }
    }
    let referenced_start = starts.into_iter().max_by_key(|&(y, n)| (n, y)).map(|(y, _)| y);
    let start = referenced_start.or_else(|| {
        body.iter().flat_map(|p| ANY_YEAR.captures_iter(p).filter_map(|c| c[1].parse::<i32>().ok()).collect::<Vec<_>>()).find(|&y| y <= end)
    })?;
    Some(Period { start, end })
}

/// The long-range year the plan looks to: its own 远景目标 or 展望 year (not one
/// inside a cited document's 《title》), else the end of a plan that runs longer
/// than five years.
fn horizon(body: &[&str], period: Option<Period>) -> Option<i32> {
    for p in body {
        for c in VISION_YEAR.captures_iter(p) {
            let Some(m) = c.get(1).or_else(|| c.get(2)) else { continue };
            if inside_book_title(p, m.start()) {
                continue;
            }
            if let Some(year) = year_value(m.as_str()) {
                return Some(year);
            }
        }
    }
    period.filter(|p| p.end - p.start >= 5).map(|p| p.end)
}

fn inside_book_title(text: &str, offset: usize) -> bool {
    let before = text.get(..offset).unwrap_or("");
    let opened = before.rfind('《');
    let closed = before.rfind('》');
    match (opened, closed) {
        (Some(o), Some(c)) => o > c,
        (Some(_), None) => true,
        _ => false,
    }
}

/// `2035` or `二〇三五` as a year.
fn year_value(s: &str) -> Option<i32> {
    if s.chars().all(|c| c.is_ascii_digit()) {
        return s.parse().ok();
    }
    chinese_numeral(s).and_then(|n| i32::try_from(n).ok())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn meta(text: &str) -> PlanMeta {
        let doc = Document::parse(text);
        let outline = crate::outline::extract(&doc);
        extract(&doc, &outline)
    }

    #[test]
    fn five_year_ordinals() {
        assert_eq!(five_year_plan_years(14), Some(Period { start: 2021, end: 2025 }));
        assert_eq!(five_year_plan_years(13), Some(Period { start: 2016, end: 2020 }));
        assert_eq!(five_year_plan_years(15), Some(Period { start: 2026, end: 2030 }));
        assert_eq!(five_year_plan_years(2), None);
    }

    #[test]
    fn outline_title_in_preamble_without_quotes() {
        let m = meta(
            "松原市国民经济和社会发展第十四个五年（2021-2025年）规划纲要，根据《中共松原市委关于制定规划的建议》编制。\n\
             第一章 发展基础\n\
             实现松原市“十四五”规划和二〇三五年远景目标。\n",
        );
        assert_eq!(m.title.as_deref(), Some("松原市国民经济和社会发展第十四个五年规划纲要"));
        assert_eq!(m.region.as_deref(), Some("松原市"));
        assert_eq!(m.kind, PlanKind::FiveYearOutline);
        assert_eq!(m.period, Some(Period { start: 2021, end: 2025 }));
        assert_eq!(m.horizon, Some(2035));
    }

    #[test]
    fn quoted_self_reference_with_period_and_province_in_the_text() {
        let m = meta(
            "前　　言\n\
             吉林省委支持珲春市建设开放示范区。\n\
             《珲春市建设开放先行示范区规划（2021-2035年）》依据《吉林省国民经济和社会发展第十四个五年规划和2035年远景目标纲要》编制。\n\
             第一章 发展基础\n\
             到2035年，建成开放城市。\n",
        );
        assert_eq!(m.title.as_deref(), Some("珲春市建设开放先行示范区规划"));
        assert_eq!(m.region.as_deref(), Some("珲春市"));
        assert_eq!(m.kind, PlanKind::SpecialPlan);
        assert_eq!(m.period, Some(Period { start: 2021, end: 2035 }));
        assert_eq!(m.horizon, Some(2035));
    }

    #[test]
    fn implementation_plan_takes_its_period_from_the_plan_it_implements() {
        let m = meta(
            "根据《长春现代化都市圈发展规划（2021—2025年）》，编制《辉南县全面融入都市圈实施方案》（以下简称《实施方案》）。\n\
             一、总体要求\n\
             到2025年，辉南县融入水平明显提升。\n\
             二、保障措施\n\
             到2025年，形成协同机制。\n",
        );
        assert_eq!(m.title.as_deref(), Some("辉南县全面融入都市圈实施方案"));
        assert_eq!(m.region.as_deref(), Some("辉南县"));
        assert_eq!(m.kind, PlanKind::ImplementationPlan);
        assert_eq!(m.period, Some(Period { start: 2021, end: 2025 }));
        assert_eq!(m.horizon, None);
    }

    #[test]
    fn digest_of_a_work_report() {
        let m = meta(
            "今年，延吉市将全面加强政府建设。\n\
             延吉市经济稳步增长。\n\
             延吉市持续优化营商环境。\n\
             2024政府工作报告\n\
             2023工作回顾\n",
        );
        assert_eq!(m.title.as_deref(), Some("延吉市2024年政府工作报告"));
        assert_eq!(m.region.as_deref(), Some("延吉市"));
        assert_eq!(m.kind, PlanKind::AnnualReport);
        assert_eq!(m.period, Some(Period { start: 2024, end: 2024 }));
        assert_eq!(m.horizon, None);
    }

    #[test]
    fn title_lines_at_the_top_wrapped_over_two_lines() {
        let m = meta(
            "辽源市国民经济和社会发展第十四个五年规划\n\
             和二〇三五年远景目标纲要\n\
             辽源市人民政府\n\
             第一章 开启全面建设新征程\n\
             辽源市经济稳步增长。\n",
        );
        assert_eq!(m.title.as_deref(), Some("辽源市国民经济和社会发展第十四个五年规划和二〇三五年远景目标纲要"));
        assert_eq!(m.region.as_deref(), Some("辽源市"));
        assert_eq!(m.kind, PlanKind::FiveYearOutline);
        assert_eq!(m.period, Some(Period { start: 2021, end: 2025 }));
        assert_eq!(m.horizon, Some(2035));

        let m = meta("《敦化市生态保护专项规划》\n（2021-2030年）\n第一章 总则\n");
        assert_eq!(m.title.as_deref(), Some("敦化市生态保护专项规划"));
        assert_eq!(m.kind, PlanKind::SpecialPlan);
        assert_eq!(m.period, Some(Period { start: 2021, end: 2030 }));
        assert_eq!(m.horizon, Some(2030));
    }

    #[test]
    fn full_work_report_with_its_delivery_line() {
        let m = meta(
            "政府工作报告\n\
             ——2024年1月10日在通化市第八届人民代表大会第三次会议上\n\
             各位代表：\n\
             一、2023年工作回顾\n\
             过去一年，全市经济持续恢复向好。\n",
        );
        assert_eq!(m.title.as_deref(), Some("政府工作报告"));
        assert_eq!(m.region.as_deref(), Some("通化市"));
        assert_eq!(m.kind, PlanKind::AnnualReport);
        assert_eq!(m.period, Some(Period { start: 2024, end: 2024 }));
        assert_eq!(m.horizon, None);
    }

    #[test]
    fn chinese_numeral_vision_year_and_wrapped_quoted_title() {
        let m = meta(
            "《四平市国民经济和社会发展第十四个五年规划纲要\n\
             （2021—2025年）》，根据《中共四平市委关于制定四平市国民经济和社会发展第十四个五年规划和二〇四〇年远景目标的建议》编制。\n\
             第一章 发展基础\n\
             展望二〇三五年，四平要基本实现现代化。\n",
        );
        assert_eq!(m.title.as_deref(), Some("四平市国民经济和社会发展第十四个五年规划纲要"));
        assert_eq!(m.period, Some(Period { start: 2021, end: 2025 }));
        // The 二〇四〇 inside the cited 《建议》 is the parent's, not this plan's.
        assert_eq!(m.horizon, Some(2035));
    }

    #[test]
    fn long_names_of_autonomous_places_and_banners() {
        assert_eq!(region_in_title("延边朝鲜族自治州国民经济和社会发展第十四个五年规划纲要").as_deref(), Some("延边朝鲜族自治州"));
        assert_eq!(region_in_title("前郭尔罗斯蒙古族自治县乡村振兴规划").as_deref(), Some("前郭尔罗斯蒙古族自治县"));
        assert_eq!(region_in_title("科尔沁右翼前旗国土空间规划").as_deref(), Some("科尔沁右翼前旗"));
        assert_eq!(region_in_title("延边朝鲜族自治州延吉市城市更新实施方案").as_deref(), Some("延吉市"));
        assert_eq!(region_in_title("长白朝鲜族自治县旅游发展规划").as_deref(), Some("长白朝鲜族自治县"));
        assert_eq!(region_in_title("科尔沁右翼前旗推进县域商业体系建设实施方案").as_deref(), Some("科尔沁右翼前旗"));
    }

    #[test]
    fn district_work_report_takes_the_district_from_its_delivery_line() {
        let m = meta(
            "政府工作报告\n\
             ——2024年1月16日在青河市丰源区第五届人民代表大会第四次会议上\n\
             各位代表：\n\
             一、2023年工作回顾\n",
        );
        assert_eq!(m.region.as_deref(), Some("丰源区"));
        assert_eq!(m.period, Some(Period { start: 2024, end: 2024 }));
    }

    #[test]
    fn delivery_line_broken_over_two_lines_on_a_title_page() {
        let m = meta(
            "政 府 工 作 报 告\n\n\
             ——2023年1月8日在松岭市第十届人民代表\n\n\
             大会第二次会议上\n\n\
             一、过去五年工作回顾\n\n\
             五年来，全市地区生产总值由2017年的402亿元增加到2022年的536亿元。\n\n\
             奋力实现“十四五”规划和二〇三五年远景目标。\n",
        );
        assert_eq!(m.title.as_deref(), Some("政府工作报告"));
        assert_eq!(m.region.as_deref(), Some("松岭市"));
        assert_eq!(m.period, Some(Period { start: 2023, end: 2023 }));
        assert_eq!(m.horizon, None);
    }

    #[test]
    fn title_forms_of_unseen_documents() {
        let m = meta("长岭县国民经济和社会发展第十四个五年规划纲要（草案）\n第一章 发展基础\n");
        assert_eq!(m.title.as_deref(), Some("长岭县国民经济和社会发展第十四个五年规划纲要"));
        assert_eq!((m.kind, m.period), (PlanKind::FiveYearOutline, Some(Period { start: 2021, end: 2025 })));
        let m = meta("通榆县国民经济和社会发展第十四个五年规划\n第一章 发展基础\n");
        assert_eq!(m.kind, PlanKind::FiveYearOutline);
        let m = meta("松岭市“十四五”国民经济和社会发展规划纲要\n第一章 发展基础\n到2025年，经济稳步增长。\n");
        assert_eq!((m.kind, m.period), (PlanKind::FiveYearOutline, Some(Period { start: 2021, end: 2025 })));
        let m = meta("松岭市2024年国民经济和社会发展计划\n一、2023年计划执行情况\n");
        assert_eq!((m.kind, m.period), (PlanKind::AnnualReport, Some(Period { start: 2024, end: 2024 })));
        let m = meta("2024年松岭市人民政府工作报告\n一、2023年工作回顾\n");
        assert_eq!((m.region.as_deref(), m.kind), (Some("松岭市"), PlanKind::AnnualReport));
        let m = meta("松岭市数字经济发展三年行动计划（2023—2025年）\n一、总体要求\n");
        assert_eq!((m.kind, m.period), (PlanKind::ImplementationPlan, Some(Period { start: 2023, end: 2025 })));
        let m = meta("政府工作报告（摘要）\n一、2023年工作回顾\n");
        assert_eq!(m.title.as_deref(), Some("政府工作报告"));
    }

    #[test]
    fn title_over_three_cover_lines_with_the_place_first() {
        let m = meta("长岭县\n国民经济和社会发展第十四个五年规划\n和二〇三五年远景目标纲要\n长岭县人民政府\n第一章 发展基础\n");
        assert_eq!(m.title.as_deref(), Some("长岭县国民经济和社会发展第十四个五年规划和二〇三五年远景目标纲要"));
        assert_eq!(m.region.as_deref(), Some("长岭县"));
        let m = meta("吉林省长岭县\n国民经济和社会发展第十四个五年规划\n和二〇三五年远景目标纲要\n第一章 发展基础\n");
        assert_eq!(m.region.as_deref(), Some("长岭县"));
        assert_eq!(m.kind, PlanKind::FiveYearOutline);
    }

    #[test]
    fn nothing_to_read() {
        let m = meta("");
        assert_eq!(m.title, None);
        assert_eq!(m.kind, PlanKind::Other);
        assert_eq!(m.period, None);
    }
}

//! Main-indicator tables (主要指标表) read from their broken-text rendering.
//!
//! A table is found by its header (类别 / 序号 / 指标 / 2020年 / 2025年 / 年均 / 属性,
//! often one word or one character per line) and titled by the line above it
//! (`…主要指标`, `…主要指标表`). The header says which columns THIS table has
//! ([`header`]); the body is read line by line into rows ([`reader`]); the rows'
//! tokens are then put into the columns ([`rows`]). The table ends where prose resumes.

mod cells;
mod header;
mod reader;
mod rows;

use std::ops::RangeInclusive;

use crate::document::{Document, LineKind};
use crate::model::{Indicator, Warning};

use header::is_header_line;
use reader::BodyReader;

#[derive(Debug, Default)]
pub struct Tables {
    pub indicators: Vec<Indicator>,
    /// Original line ranges the tables occupy, so prose readers skip them.
    pub line_ranges: Vec<RangeInclusive<usize>>,
    pub warnings: Vec<Warning>,
    /// Each table found: its title, lines and note.
    pub tables: Vec<TableInfo>,
}

/// One main-indicator table as a whole: what is not a row of it.
#[derive(Debug, Clone, PartialEq)]
pub struct TableInfo {
    pub title: Option<String>,
    pub lines: RangeInclusive<usize>,
    /// The table note (`注：①〔〕内为五年累计数。…`), joined.
    pub note: Option<String>,
}

/// How far above the header the title may stand (blank lines and page marks aside).
const TITLE_LOOKBACK: usize = 2;

pub fn extract(doc: &Document) -> Tables {
    let mut out = Tables::default();
    let mut i = 0;
    while i < doc.lines.len() {
        match read_table_at(doc, i, &mut out) {
            Some(last) => i = last + 1,
            None => i += 1,
        }
    }
    out
}

/// Reads the table whose header starts at line index `i`, if one does; returns the
/// index of its last line.
fn read_table_at(doc: &Document, i: usize, out: &mut Tables) -> Option<usize> {
    let line = &doc.lines[i];
    if line.kind != LineKind::Text || !is_header_line(&line.text) {
        return None;
    }
    let (header, header_last) = header::read_block(doc, i)?;
    let title_at = find_title(doc, i);
    let title = title_at.map(|t| compact_title(&doc.lines[t].text));
    let body = BodyReader::new(doc, &header, header_last).read(header_last + 1);
    if body.rows.is_empty() {
        return None;
    }
    let first_line = doc.lines[title_at.unwrap_or(i)].no;
    let last_line = doc.lines[body.last].no;
    out.warnings.extend(body.warnings.iter().cloned());
    let indicators = rows::build(title.as_deref(), &header, &body, &mut out.warnings);
    out.indicators.extend(indicators);
    out.line_ranges.push(first_line..=last_line);
    out.tables.push(TableInfo { title, lines: first_line..=last_line, note: body.note });
    Some(body.last)
}

/// The table's title: the line just above the header, when it names a table of
/// indicators (`…主要指标`, `…指标表`) rather than ending a sentence.
fn find_title(doc: &Document, header_start: usize) -> Option<usize> {
    let mut seen = 0;
    for j in (0..header_start).rev() {
        let line = &doc.lines[j];
        match line.kind {
            LineKind::Blank | LineKind::PageNumber => continue,
            LineKind::Text => {
                let t = &line.text;
                let is_title = (t.contains("指标") || t.ends_with('表'))
                    && t.chars().count() <= 60
                    && !t.contains(['。', '；', '，'])
                    && !t.ends_with(['：', ':']);
                if is_title {
                    return Some(j);
                }
                seen += 1;
                if seen >= TITLE_LOOKBACK {
                    return None;
                }
            }
            _ => return None,
        }
    }
    None
}

/// The title as people read it: converter spaces between CJK characters removed.
fn compact_title(text: &str) -> String {
    let mut s = String::new();
    crate::document::push_compact(&mut s, &TABLE_NUMBER.replace(text, ""));
    s
}

/// The table's own label before its title (`表1`, `附表 2：`, `表2-1`, `专栏1`): a
/// label, not a word of the title.
static TABLE_NUMBER: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
    regex::Regex::new(
        r"^(?:(?:附表|表|专栏)\s*(?:\d{1,2}(?:\s*[-—–.．]\s*\d{1,2})?|[一二三四五六七八九十]{1,3})|附表|专栏)\s*[：:．.、]?\s*",
    )
    .unwrap()
});

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Attribute, GrowthKind};

    fn read(text: &str) -> Tables {
        extract(&Document::parse(text))
    }

    fn row<'a>(t: &'a Tables, seq: u32, sub: Option<&str>) -> &'a Indicator {
        t.indicators
            .iter()
            .find(|i| i.seq == Some(seq) && i.sub.as_deref() == sub)
            .unwrap_or_else(|| panic!("row {seq} {sub:?} not read: {:#?}", t.indicators))
    }

    /// Header broken one word per line, labels one character per line, a sub-row group
    /// with its attribute glued to a sub-row, wrapped cells, 〔〕, bounds, page marks.
    const SPLIT_LAYOUT: &str = "\
前文叙述到此结束，下面是指标表。
 “十四五”时期全县发展主要指标
类

别

序

号
指 标

2020年
基期

2025年
目标

年均/
累计（%）

属性

综

合

实

力

1 全县生产总值增长（%） 5.2 —— 6以上 预期性

2 一般公共预算收入（亿元） 12.4 18 —— 预期性

3 产业结构比重（%）

一产 20.1 18.5 ——
预期性二产 30.2 33.6 ——

三产 49.7 47.9 ——

- 7 -

4 每万人口拥有
高价值专利数量（件） 0.5 1.2 —— 预期性

人

民

生

活

5 居民收入增长（%）

城镇居民 4.1 —— 与经济
增长同步

预期性
农村居民 6.3 ——

快于

城镇居民

6 城镇调查失业率（%） 5以内 5.5以内 —— 预期性

生

态

环

境

7 单位生产总值能耗降低（%） —— —— 〔待市下达〕 约束性

8 空气质量优良天数比率（%） 85 待市
下达

—— 约束性

9 森林覆盖率（%） 40.2 42 〔1.8〕 约束性

注：〔〕内为五年累计数。

到2035年，全县基本实现现代化。
";

    #[test]
    fn reads_a_split_layout_table() {
        let t = read(SPLIT_LAYOUT);
        assert_eq!(t.indicators.len(), 12, "{:#?}", t.indicators);
        let r1 = row(&t, 1, None);
        assert_eq!(r1.table.as_deref(), Some("“十四五”时期全县发展主要指标"));
        assert_eq!(r1.category.as_deref(), Some("综合实力"));
        assert_eq!((r1.name.as_str(), r1.unit.as_deref()), ("全县生产总值增长", Some("%")));
        assert_eq!((r1.baseline.year, r1.baseline.value), (Some(2020), Some(5.2)));
        assert_eq!((r1.target.year, r1.target.text.as_deref()), (Some(2025), None));
        assert_eq!(r1.growth.text.as_deref(), Some("6以上"));
        assert_eq!((r1.growth.value, r1.growth.kind), (Some(6.0), Some(GrowthKind::Annual)));
        assert_eq!(r1.attribute, Some(Attribute::Expected));
        assert_eq!(r1.line, 31);

        // Sub-rows: the row's seq, name and category, their own label, values and line;
        // the attribute glued to the second sub-row holds for all three.
        for (sub, base) in [("一产", 20.1), ("二产", 30.2), ("三产", 49.7)] {
            let r = row(&t, 3, Some(sub));
            assert_eq!((r.name.as_str(), r.category.as_deref()), ("产业结构比重", Some("综合实力")));
            assert_eq!(r.baseline.value, Some(base));
            assert_eq!(r.attribute, Some(Attribute::Expected), "{sub}");
        }
        assert_eq!(row(&t, 3, Some("一产")).line, 37);
        assert_eq!(row(&t, 3, Some("二产")).line, 38);

        // A name wrapped over two lines, across nothing but a line break.
        let r4 = row(&t, 4, None);
        assert_eq!((r4.name.as_str(), r4.unit.as_deref()), ("每万人口拥有高价值专利数量", Some("件")));
        assert_eq!(r4.target.value, Some(1.2));

        // Wrapped text cells, and an attribute printed once for two sub-rows.
        let town = row(&t, 5, Some("城镇居民"));
        assert_eq!(town.category.as_deref(), Some("人民生活"));
        assert_eq!(town.growth.text.as_deref(), Some("与经济增长同步"));
        assert_eq!(town.growth.kind, Some(GrowthKind::Annual));
        let rural = row(&t, 5, Some("农村居民"));
        assert_eq!((rural.baseline.value, rural.target.text.as_deref()), (Some(6.3), None));
        assert_eq!(rural.growth.text.as_deref(), Some("快于城镇居民"));
        assert_eq!(rural.attribute, Some(Attribute::Expected));

        // Bounds keep their words; the value is the number.
        let r6 = row(&t, 6, None);
        assert_eq!((r6.baseline.text.as_deref(), r6.baseline.value), (Some("5以内"), Some(5.0)));
        assert_eq!(r6.target.text.as_deref(), Some("5.5以内"));

        // 〔〕: cumulative, text without the brackets.
        let r7 = row(&t, 7, None);
        assert_eq!(r7.category.as_deref(), Some("生态环境"));
        assert_eq!(r7.growth.text.as_deref(), Some("待市下达"));
        assert_eq!(r7.growth.kind, Some(GrowthKind::Cumulative));
        assert_eq!(r7.attribute, Some(Attribute::Binding));
        let r8 = row(&t, 8, None);
        assert_eq!(r8.target.text.as_deref(), Some("待市下达"));
        assert_eq!((r8.growth.text.as_deref(), r8.attribute), (None, Some(Attribute::Binding)));
        let r9 = row(&t, 9, None);
        assert_eq!((r9.growth.value, r9.growth.kind), (Some(1.8), Some(GrowthKind::Cumulative)));

        // The table runs from its title to its note; the prose after it is not in it.
        assert_eq!(t.line_ranges, vec![2..=86]);
        assert_eq!(t.tables[0].note.as_deref(), Some("注：〔〕内为五年累计数。"));
        assert!(t.warnings.is_empty(), "{:?}", t.warnings);
    }

    /// A one-line header with a unit column and an annual growth column; labels on
    /// lines of their own, split by a page number; cells on lines of their own; a cell
    /// spanning the target and growth columns.
    const ONE_LINE_LAYOUT: &str = "\
表1 示范区“十四五”主要指标表
序号 指标名称 单位 基期2020年 目标2025年 年均增长 指标属性
产业
1 园区营业收入 亿元 210 400 13.8% 预期性
2 规上企业数量 个 35 60 11.4% 预期性
民生
3 人均可支配收入 元 28000 39000 >7 预期性

12

改善
4 新增就业人数 万人 0.8 1 —— 预期性
5
绿地率
%
36
40
——
约束性
6 水质达标率 % 90 不低于上级考核目标 约束性
园区将持续优化营商环境，推动高质量发展。
";

    #[test]
    fn reads_a_one_line_header_with_a_unit_column() {
        let t = read(ONE_LINE_LAYOUT);
        assert_eq!(t.indicators.len(), 6, "{:#?}", t.indicators);
        let r1 = row(&t, 1, None);
        // The table's number is a label, not part of its title.
        assert_eq!(r1.table.as_deref(), Some("示范区“十四五”主要指标表"));
        assert_eq!((r1.name.as_str(), r1.unit.as_deref()), ("园区营业收入", Some("亿元")));
        assert_eq!((r1.baseline.year, r1.target.year), (Some(2020), Some(2025)));
        assert_eq!((r1.growth.text.as_deref(), r1.growth.value), (Some("13.8%"), Some(13.8)));
        assert_eq!(r1.category.as_deref(), Some("产业"));
        // A label cut by a page break is one label.
        assert_eq!(row(&t, 3, None).category.as_deref(), Some("民生改善"));
        assert_eq!(row(&t, 4, None).category.as_deref(), Some("民生改善"));
        let r5 = row(&t, 5, None);
        assert_eq!((r5.name.as_str(), r5.unit.as_deref()), ("绿地率", Some("%")));
        assert_eq!((r5.baseline.value, r5.target.value, r5.attribute), (Some(36.0), Some(40.0), Some(Attribute::Binding)));
        let r6 = row(&t, 6, None);
        assert_eq!(r6.baseline.value, Some(90.0));
        assert_eq!(r6.target.text.as_deref(), Some("不低于上级考核目标"));
        assert_eq!(r6.growth.text, None);
        assert_eq!(t.line_ranges, vec![1..=20]);
    }

    #[test]
    fn reads_a_table_without_sequence_numbers() {
        let text = "\
主要指标
类别 指标 2020年 2025年 累计增长 属性
经济 地区生产总值（亿元） 300 420 —— 预期性
居民收入（元）
城镇 35000 48000 —— 预期性
农村 15000 22000 —— 预期性
社会 人均预期寿命（岁） 78 79 〔1〕 预期性
";
        let t = read(text);
        let names: Vec<(&str, Option<&str>)> = t.indicators.iter().map(|i| (i.name.as_str(), i.sub.as_deref())).collect();
        assert_eq!(names, vec![("地区生产总值", None), ("居民收入", Some("城镇")), ("居民收入", Some("农村")), ("人均预期寿命", None)]);
        assert!(t.indicators.iter().all(|i| i.seq.is_none()));
        let last = &t.indicators[3];
        assert_eq!((last.growth.text.as_deref(), last.growth.kind), (Some("1"), Some(GrowthKind::Cumulative)));
    }

    #[test]
    fn reads_one_cell_per_line() {
        let text = "\
“十四五”主要指标
类别
序号
指标
2020年
2025年
年均增长（%）
属性
经济发展
1
地区生产总值（亿元）
500
720
7.5
预期性
2
一般公共预算收入（亿元）
30
42
7
预期性
民生福祉
3
城镇新增就业（万人）
—
〔6〕
—
预期性
这是正文。到2025年，全面完成规划目标任务。
";
        let t = read(text);
        assert_eq!(t.indicators.len(), 3, "{:#?}", t.indicators);
        let r3 = row(&t, 3, None);
        assert_eq!(r3.category.as_deref(), Some("民生福祉"), "{r3:#?}");
        assert_eq!((r3.target.text.as_deref(), r3.target.value), (Some("〔6〕"), Some(6.0)), "{r3:#?}");
        assert_eq!(row(&t, 2, None).growth.value, Some(7.0));
        assert_eq!(t.line_ranges, vec![1..=28]);
    }

    #[test]
    fn reads_a_markdown_table() {
        let text = "\
表2 主要指标
| 类别 | 序号 | 指标 | 2020年（预计） | 2025年（目标） | 年均/累计 | 属性 |
|---|---|---|---|---|---|---|
| 经济发展 | 1 | 地区生产总值增长（%） | 3 | — | 6左右 | 预期性 |
|  | 2 | 居民收入增长（%） |  |  |  |  |
|  |  | 城镇 | 4 | — | 与经济增长基本同步 | 预期性 |
| 绿色生态 | 3 | 能耗降低（%） | — | — | 〔13.5〕 | 约束性 |
";
        let t = read(text);
        assert_eq!(t.indicators.len(), 3, "{:#?}", t.indicators);
        assert_eq!(row(&t, 1, None).growth.text.as_deref(), Some("6左右"));
        let town = row(&t, 2, Some("城镇"));
        assert_eq!(town.growth.text.as_deref(), Some("与经济增长基本同步"));
        assert_eq!(town.category.as_deref(), Some("经济发展"));
        let r3 = row(&t, 3, None);
        assert_eq!((r3.category.as_deref(), r3.growth.kind), (Some("绿色生态"), Some(GrowthKind::Cumulative)));
    }

    #[test]
    fn odd_rows_do_not_end_the_table() {
        let text = "\
主要指标
序号 指标 2020年 2025年 年均增长（%） 属性
1地区生产总值（亿元） 300 420 7 预期性
2 居民人均可支配收入（元） 30000 42000 7 预期性
其中：农村居民 15000 22000 8 预期性
3 5G基站数量（个） 800 3000 —— 预期性
4 每千人口拥有
3岁以下婴幼儿托位数（个） 1.5 4.5 —— 预期性
（见附件）
5 森林覆盖率（%） 40 41 —— 约束性
6 基本养老保险 参保率 90 95 —— 预期性
7个重点项目已经开工建设，进展顺利。
";
        let t = read(text);
        let keys: Vec<(Option<u32>, Option<&str>)> = t.indicators.iter().map(|i| (i.seq, i.sub.as_deref())).collect();
        assert_eq!(
            keys,
            vec![
                (Some(1), None),
                (Some(2), None),
                (Some(2), Some("农村居民")),
                (Some(3), None),
                (Some(4), None),
                (Some(5), None),
                (Some(6), None)
            ]
        );
        assert_eq!((row(&t, 6, None).name.as_str(), row(&t, 6, None).unit.as_deref()), ("基本养老保险参保率", None));
        assert_eq!(row(&t, 6, None).target.value, Some(95.0));
        assert_eq!(row(&t, 1, None).name, "地区生产总值");
        assert_eq!(row(&t, 3, None).name, "5G基站数量");
        assert_eq!(row(&t, 4, None).name, "每千人口拥有3岁以下婴幼儿托位数");
        assert_eq!(row(&t, 4, None).baseline.value, Some(1.5));
        assert_eq!(row(&t, 2, Some("农村居民")).growth.value, Some(8.0));
        assert_eq!(t.warnings.len(), 1, "{:?}", t.warnings);
        assert_eq!(t.line_ranges, vec![1..=11]);
    }

    #[test]
    fn prose_mentioning_indicators_is_not_a_table() {
        let text = "主要指标\n本规划确定的约束性指标，要分解落实。\n指标 2025年\n属性要明确。\n";
        assert!(read(text).indicators.is_empty());
    }
}

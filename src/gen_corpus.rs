//! `lantu dev gen-corpus`: a scaled corpus for benchmarks, built by recombining the
//! real seed documents with other region names and other figures.
//!
//! Each generated plan is one seed (chosen round-robin) with its region replaced by
//! another real place name and every figure that is not a year scaled by a factor
//! drawn per document, keeping its decimal places and its digit width (full-width
//! stays full-width). The result has the seeds' layout debris, table shapes and box
//! shapes, so extraction, ingest and search do realistic work. Deterministic: the
//! same `--seed` gives byte-identical files.

use std::path::{Path, PathBuf};

use anyhow::{bail, Context, Result};

/// Places the generated plans are "for": real prefecture-level cities and counties.
const REGIONS: &[&str] = &[
    "长春市",
    "四平市",
    "辽源市",
    "通化市",
    "白山市",
    "松原市",
    "延边州",
    "公主岭市",
    "榆树市",
    "德惠市",
    "舒兰市",
    "桦甸市",
    "蛟河市",
    "磐石市",
    "双辽市",
    "集安市",
    "临江市",
    "扶余市",
    "洮南市",
    "大安市",
    "敦化市",
    "珲春市",
    "龙井市",
    "和龙市",
    "图们市",
    "哈尔滨市",
    "齐齐哈尔市",
    "牡丹江市",
    "佳木斯市",
    "大庆市",
    "鸡西市",
    "双鸭山市",
    "伊春市",
    "七台河市",
    "鹤岗市",
    "黑河市",
    "绥化市",
    "沈阳市",
    "大连市",
    "鞍山市",
    "抚顺市",
    "本溪市",
    "丹东市",
    "锦州市",
    "营口市",
    "阜新市",
    "辽阳市",
    "盘锦市",
    "铁岭市",
    "朝阳市",
    "葫芦岛市",
    "赤峰市",
    "通辽市",
    "呼伦贝尔市",
    "乌兰浩特市",
    "承德市",
    "张家口市",
    "秦皇岛市",
    "唐山市",
    "保定市",
];

/// A small deterministic generator (xorshift64*): no dependency, same stream everywhere.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    /// A factor in [0.6, 1.4).
    fn factor(&mut self) -> f64 {
        0.6 + (self.next() % 8000) as f64 / 10_000.0
    }
}

pub fn run(seeds: &Path, plans: usize, out: &Path, seed: u64) -> Result<()> {
    let mut templates = load_templates(seeds)?;
    if templates.is_empty() {
        bail!("{}: no .txt seed documents to recombine", seeds.display());
    }
    templates.sort_by(|a, b| a.0.cmp(&b.0));
    std::fs::create_dir_all(out).with_context(|| out.display().to_string())?;
    let mut rng = Rng(seed.max(1));
    let mut names = region_names(plans);
    // Which document gets which name is drawn, so that neighbouring files differ.
    for i in (1..names.len()).rev() {
        names.swap(i, rng.below(i + 1));
    }
    for i in 0..plans {
        let (_, text, region) = &templates[i % templates.len()];
        let new_region = names[i].as_str();
        let factor = rng.factor();
        let mut doc = match region {
            Some(r) => replace_region(text, r, new_region),
            None => text.clone(),
        };
        doc = scale_figures(&doc, factor);
        let path = out.join(format!("{i:05}_{new_region}.txt"));
        crate::commands::write_atomically(&path, doc.as_bytes())?;
    }
    eprintln!("wrote {plans} documents to {}", out.display());
    Ok(())
}

/// `count` distinct region names: the real places of [`REGIONS`] first, then made-up
/// county-level names built from their syllables (长春 + 四平 → 长平县). Distinct names
/// make every generated document a plan of its own (a plan is region + kind + period);
/// past the ~10,000 names there are, names repeat and documents become new versions.
fn region_names(count: usize) -> Vec<String> {
    let short = |r: &str| -> Vec<char> { r.trim_end_matches(['市', '县', '区', '州']).chars().collect() };
    let mut seen = std::collections::HashSet::new();
    let mut names: Vec<String> = REGIONS.iter().map(|r| r.to_string()).filter(|r| seen.insert(r.clone())).collect();
    'outer: for suffix in ['县', '区', '市'] {
        for b in REGIONS {
            for a in REGIONS {
                if names.len() >= count {
                    break 'outer;
                }
                let (a, b) = (short(a), short(b));
                let (Some(first), Some(last)) = (a.first(), b.last()) else { continue };
                let name = format!("{first}{last}{suffix}");
                if seen.insert(name.clone()) {
                    names.push(name);
                }
            }
        }
    }
    let distinct = names.len();
    while names.len() < count {
        names.push(names[names.len() % distinct].clone());
    }
    names.truncate(count);
    names
}

fn load_templates(seeds: &Path) -> Result<Vec<(PathBuf, String, Option<String>)>> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(seeds).with_context(|| seeds.display().to_string())? {
        let path = entry?.path();
        if path.extension().is_none_or(|e| e != "txt") {
            continue;
        }
        let bytes = std::fs::read(&path).with_context(|| path.display().to_string())?;
        let decoded = lantu_extract::reader::decode(&bytes, usize::MAX).with_context(|| path.display().to_string())?;
        let doc = lantu_extract::Document::parse(&decoded.text);
        let region = lantu_extract::extract_document(&doc).plan.region;
        out.push((path, decoded.text, region));
    }
    Ok(out)
}

/// Replaces the plan's region, with and without its administrative suffix
/// (`吉林市` and `吉林`) — but not where the short form is part of a longer name
/// (`吉林省` stays: the province is still the province).
fn replace_region(text: &str, from: &str, to: &str) -> String {
    let text = text.replace(from, to);
    let short_from = from.trim_end_matches(['市', '县', '区', '州', '省']);
    let short_to = to.trim_end_matches(['市', '县', '区', '州', '省']);
    if short_from.chars().count() < 2 {
        return text;
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text.as_str();
    while let Some(pos) = rest.find(short_from) {
        out.push_str(&rest[..pos]);
        let after = &rest[pos + short_from.len()..];
        if after.starts_with('省') {
            out.push_str(short_from);
        } else {
            out.push_str(short_to);
        }
        rest = after;
    }
    out.push_str(rest);
    out
}

/// Scales every figure that is not a year by `factor`, keeping decimal places and
/// full-width digits. A year is a 4-digit integer 1949–2100.
fn scale_figures(text: &str, factor: f64) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    while i < chars.len() {
        if !is_digit(chars[i]) {
            out.push(chars[i]);
            i += 1;
            continue;
        }
        let start = i;
        while i < chars.len() && (is_digit(chars[i]) || (is_point(chars[i]) && i + 1 < chars.len() && is_digit(chars[i + 1]))) {
            i += 1;
        }
        let run: String = chars[start..i].iter().collect();
        let full_width = chars[start] >= '０';
        let ascii: String = run.chars().map(to_ascii).collect();
        let decimals = ascii.split_once('.').map(|(_, d)| d.len()).unwrap_or(0);
        let value: f64 = ascii.parse().unwrap_or(0.0);
        let is_year = decimals == 0 && ascii.len() == 4 && (1949.0..=2100.0).contains(&value);
        let is_small_count = decimals == 0 && value < 10.0;
        if is_year || is_small_count {
            out.push_str(&run);
            continue;
        }
        let scaled = format!("{:.*}", decimals, value * factor);
        if full_width {
            out.extend(scaled.chars().map(to_full_width));
        } else {
            out.push_str(&scaled);
        }
    }
    out
}

fn is_digit(c: char) -> bool {
    c.is_ascii_digit() || ('０'..='９').contains(&c)
}

fn is_point(c: char) -> bool {
    c == '.' || c == '．'
}

fn to_ascii(c: char) -> char {
    match c {
        '０'..='９' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
        '．' => '.',
        _ => c,
    }
}

fn to_full_width(c: char) -> char {
    match c {
        '0'..='9' => char::from_u32(c as u32 + 0xFEE0).unwrap_or(c),
        '.' => '．',
        _ => c,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn replaces_the_region_but_not_the_province() {
        let t = replace_region("吉林市位于吉林省中部，吉林地区生产总值", "吉林市", "通化市");
        assert_eq!(t, "通化市位于吉林省中部，通化地区生产总值");
    }

    #[test]
    fn scales_figures_but_not_years() {
        assert_eq!(scale_figures("2020年达到217亿元，增长7.5%", 2.0), "2020年达到434亿元，增长15.0%");
        assert_eq!(scale_figures("２０２０年２１７亿元", 2.0), "２０２０年４３４亿元");
        assert_eq!(scale_figures("第3章", 2.0), "第3章");
    }

    #[test]
    fn region_names_are_distinct_up_to_thousands() {
        let names = region_names(5000);
        let distinct: std::collections::HashSet<&String> = names.iter().collect();
        assert_eq!(distinct.len(), 5000);
        assert_eq!(names[0], REGIONS[0]);
        assert!(names.iter().all(|n| n.ends_with(['市', '县', '区', '州'])));
    }

    #[test]
    fn the_stream_is_deterministic() {
        let a: Vec<u64> = {
            let mut r = Rng(7);
            (0..5).map(|_| r.next()).collect()
        };
        let b: Vec<u64> = {
            let mut r = Rng(7);
            (0..5).map(|_| r.next()).collect()
        };
        assert_eq!(a, b);
    }
}

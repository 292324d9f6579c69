//! Indicator names as people write them, reduced to one name per metric: "地区生产总值",
//! "GDP", "经济总量" and "地区生产总值（GDP）" are one metric. The alias table is
//! extendable by the user.

use std::collections::HashMap;

/// Built-in aliases: (alias, canonical name).
const BUILT_IN: &[(&str, &str)] = &[
    ("GDP", "地区生产总值"),
    ("经济总量", "地区生产总值"),
    ("生产总值", "地区生产总值"),
    ("GDP增长", "地区生产总值增长"),
    ("经济增长", "地区生产总值增长"),
    ("地区生产总值增速", "地区生产总值增长"),
    ("一般公共预算收入", "地方级一般公共预算收入"),
    ("地方财政收入", "财政收入"),
];

/// Alias → canonical metric name.
#[derive(Debug, Clone)]
pub struct Aliases {
    map: HashMap<String, String>,
}

impl Default for Aliases {
    fn default() -> Self {
        let mut a = Aliases { map: HashMap::new() };
        for (alias, canonical) in BUILT_IN {
            a.add(alias, canonical);
        }
        a
    }
}

impl Aliases {
    /// Adds `alias` = `canonical` (both normalised); a later entry wins.
    pub fn add(&mut self, alias: &str, canonical: &str) {
        self.map.insert(normalize_name(alias), normalize_name(canonical));
    }

    /// The canonical metric name of `name`.
    pub fn canonical(&self, name: &str) -> String {
        let n = normalize_name(name);
        self.map.get(&n).cloned().unwrap_or(n)
    }
}

/// White space and quotes removed, full-width ASCII made half-width, and a bracketed
/// Latin abbreviation dropped: "地区生产总值（GDP）增长" → "地区生产总值增长".
pub fn normalize_name(name: &str) -> String {
    let half: String = name
        .chars()
        .filter(|c| !c.is_whitespace() && !matches!(c, '“' | '”' | '"' | '‘' | '’'))
        .map(|c| match c {
            '（' => '(',
            '）' => ')',
            '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
            _ => c,
        })
        .collect();
    drop_latin_brackets(&half)
}

/// Removes "(GDP)", "(R&D)", "(PM2.5)" — a bracket holding ASCII only — keeping
/// Chinese brackets like "(助理)" that carry meaning.
fn drop_latin_brackets(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(open) = rest.find('(') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        match after.find(')') {
            Some(close) if after[..close].is_ascii() && !after[..close].is_empty() => {
                rest = &after[close + 1..];
            }
            _ => {
                out.push('(');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    if out.is_empty() {
        s.to_string()
    } else {
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_of_one_metric_meet() {
        let a = Aliases::default();
        assert_eq!(a.canonical("地区生产总值（GDP）"), "地区生产总值");
        assert_eq!(a.canonical("GDP"), "地区生产总值");
        assert_eq!(a.canonical("经济总量"), "地区生产总值");
        assert_eq!(a.canonical("地区生产总值（GDP）增长"), "地区生产总值增长");
        assert_eq!(a.canonical("每千人口拥有执业（助理）医师数"), "每千人口拥有执业(助理)医师数");
        assert_eq!(a.canonical("ＧＤＰ"), "地区生产总值");
    }

    #[test]
    fn user_aliases_extend_the_table() {
        let mut a = Aliases::default();
        a.add("规上工业企业数", "规模以上工业企业数量");
        assert_eq!(a.canonical("规上工业企业数"), "规模以上工业企业数量");
    }
}

//! Unit conversion between the units the documents use: money (元 万元 亿元), people,
//! areas … Units of different kinds (% vs 个) never convert.

/// Units of one kind with their size in the kind's base unit.
const FAMILIES: &[&[(&str, f64)]] = &[
    &[("元", 1.0), ("千元", 1e3), ("万元", 1e4), ("亿元", 1e8)],
    &[("人", 1.0), ("万人", 1e4), ("亿人", 1e8)],
    &[("人次", 1.0), ("万人次", 1e4), ("亿人次", 1e8)],
    &[("吨", 1.0), ("万吨", 1e4)],
    &[("斤", 1.0), ("万斤", 1e4), ("亿斤", 1e8)],
    &[("亩", 1.0), ("万亩", 1e4)],
    &[("平方米", 1.0), ("万平方米", 1e4)],
    &[("户", 1.0), ("万户", 1e4)],
    &[("个", 1.0), ("万个", 1e4)],
];

fn canonical(unit: &str) -> String {
    unit.trim().replace('％', "%")
}

/// `value` in `from` expressed in `to`; `None` where the units are of different kinds.
pub fn convert(value: f64, from: &str, to: &str) -> Option<f64> {
    let (from, to) = (canonical(from), canonical(to));
    if from == to {
        return Some(value);
    }
    FAMILIES.iter().find_map(|family| {
        let f = family.iter().find(|(u, _)| *u == from)?.1;
        let t = family.iter().find(|(u, _)| *u == to)?.1;
        Some(value * f / t)
    })
}

#[cfg(test)]
mod tests {
    use super::convert;

    #[test]
    fn money_converts_and_kinds_do_not_mix() {
        assert_eq!(convert(2_900_900.0, "万元", "亿元"), Some(290.09));
        assert_eq!(convert(1.5, "亿元", "万元"), Some(15000.0));
        assert_eq!(convert(3.0, "%", "％"), Some(3.0));
        assert_eq!(convert(3.0, "%", "个"), None);
        assert_eq!(convert(3.0, "万人", "亿元"), None);
    }
}

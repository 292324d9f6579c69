//! Every seed document extracts without error and with its provenance intact.

mod common;

#[test]
fn every_seed_extracts_with_valid_line_numbers() {
    for path in common::seeds() {
        let bytes = std::fs::read(&path).unwrap();
        let out =
            lantu_extract::extract_bytes(&bytes, "seed.txt", &Default::default()).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let lines = out.source.lines;
        let in_range = |l: usize| (1..=lines).contains(&l);
        assert!(out.outline.iter().all(|h| in_range(h.line)), "{}", path.display());
        assert!(out.indicators.iter().all(|i| in_range(i.line)), "{}", path.display());
        assert!(out.targets.iter().all(|t| in_range(t.line)), "{}", path.display());
        assert!(out.facts.iter().all(|f| in_range(f.line)), "{}", path.display());
        assert!(out.projects.iter().all(|p| in_range(p.line)), "{}", path.display());
    }
}

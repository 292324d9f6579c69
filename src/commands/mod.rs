//! The store-backed commands: ingest, plan, status, check, actuals. Each module holds
//! its clap arguments and its code; `main.rs` only dispatches.

pub mod actuals;
pub mod check;
pub mod export;
pub mod ingest;
pub mod plan;
pub mod report;
pub mod serve;
pub mod status;
pub mod user;

use anyhow::{Context, Result};
use lantu_monitor::Aliases;
use lantu_store::Store;

/// Opens the store named by `--db` / `LANTU_DATABASE_URL` (a SQLite path or a
/// `postgres://` URL).
/// Reads a document for extraction: refused before reading when it is over
/// `max_bytes` (a wrong 5 GB file must not be loaded into memory). Returns the file
/// name to record and the bytes; errors name the file.
pub fn read_document(file: &std::path::Path, max_bytes: usize) -> Result<(String, Vec<u8>)> {
    let shown = file.display().to_string();
    let size = std::fs::metadata(file).with_context(|| shown.clone())?.len();
    if size > max_bytes as u64 {
        anyhow::bail!("{shown}: the file is {size} bytes, over the limit of {max_bytes} bytes (--max-bytes)");
    }
    let bytes = std::fs::read(file).with_context(|| shown.clone())?;
    let name = file.file_name().map_or_else(|| shown.clone(), |n| n.to_string_lossy().into_owned());
    Ok((name, bytes))
}

/// Writes `bytes` to `path` through a temporary file in the same folder, synced and then
/// renamed over it: a reader never sees half a file, and a failure leaves any earlier
/// file as it was. The result is readable by others (0644), like any file a user writes.
pub fn write_atomically(path: &std::path::Path, bytes: &[u8]) -> Result<()> {
    use std::io::Write;
    let shown = path.display().to_string();
    let dir = path.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(std::path::Path::new("."));
    let mut tmp = tempfile::NamedTempFile::new_in(dir).with_context(|| shown.clone())?;
    tmp.write_all(bytes).and_then(|_| tmp.as_file().sync_all()).with_context(|| shown.clone())?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        tmp.as_file().set_permissions(std::fs::Permissions::from_mode(0o644)).with_context(|| shown.clone())?;
    }
    tmp.persist(path).with_context(|| shown.clone())?;
    Ok(())
}

pub fn open_store(db: &str) -> Result<Store> {
    Store::open(db).map_err(|e| {
        let hint = if e.is_storage_unavailable() { " (a full disk, or a read-only file or folder?)" } else { "" };
        anyhow::Error::new(e).context(format!("opening the store {}{hint}", shown_store(db)))
    })
}

/// The store as messages name it: the SQLite file, or the URL without its password.
pub fn shown_store(db: &str) -> String {
    if lantu_store::is_postgres_url(db) {
        redact(db)
    } else {
        db.to_string()
    }
}

/// A URL without its password, for messages.
fn redact(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(scheme), Some(at)) if at > scheme => {
            let user = &url[scheme + 3..at];
            let user = user.split(':').next().unwrap_or("");
            format!("{}{user}@{}", &url[..scheme + 3], &url[at + 1..])
        }
        _ => url.to_string(),
    }
}

/// The alias table: built-in, extended by the file in `LANTU_ALIASES` (lines
/// `alias,canonical` or `alias<TAB>canonical`; `#` starts a comment).
pub fn aliases() -> Result<Aliases> {
    let mut aliases = Aliases::default();
    if let Ok(path) = std::env::var("LANTU_ALIASES") {
        let text = std::fs::read_to_string(&path).with_context(|| format!("{path} (LANTU_ALIASES)"))?;
        for (n, line) in text.lines().enumerate() {
            let line = line.split('#').next().unwrap_or("").trim();
            if line.is_empty() {
                continue;
            }
            let Some((alias, canonical)) = line.split_once(['\t', ',']) else {
                anyhow::bail!("{path}:{}: expected `alias,canonical`", n + 1);
            };
            aliases.add(alias.trim(), canonical.trim());
        }
    }
    Ok(aliases)
}

/// The region table of the plan hierarchy: built-in, extended by the file in
/// `LANTU_REGIONS` (lines `region,contained region`, e.g. `吉林市,蛟河市`; `#` comments).
pub fn regions() -> Result<lantu_store::Regions> {
    let mut regions = lantu_store::Regions::default();
    if let Ok(path) = std::env::var("LANTU_REGIONS") {
        let text = std::fs::read_to_string(&path).with_context(|| format!("{path} (LANTU_REGIONS)"))?;
        for (n, line) in text.lines().enumerate() {
            let line = line.split('#').next().unwrap_or("").trim();
            if line.is_empty() {
                continue;
            }
            let Some((parent, child)) = line.split_once(['\t', ',']) else {
                anyhow::bail!("{path}:{}: expected `region,contained region`", n + 1);
            };
            regions.add(parent.trim(), child.trim());
        }
    }
    Ok(regions)
}

/// Columns on a terminal: a CJK character takes two cells.
pub fn display_width(s: &str) -> usize {
    s.chars().map(|c| if (c as u32) >= 0x1100 && !matches!(c as u32, 0x2000..=0x206F) { 2 } else { 1 }).sum()
}

pub fn pad(s: &str, width: usize) -> String {
    let w = display_width(s);
    format!("{s}{}", " ".repeat(width.saturating_sub(w)))
}

/// Renders rows as aligned columns (the first row is the header).
pub fn table(rows: &[Vec<String>]) -> String {
    let columns = rows.iter().map(Vec::len).max().unwrap_or(0);
    let widths: Vec<usize> =
        (0..columns).map(|c| rows.iter().filter_map(|r| r.get(c)).map(|s| display_width(s)).max().unwrap_or(0)).collect();
    let mut out = String::new();
    for row in rows {
        let cells: Vec<String> = row.iter().enumerate().map(|(c, s)| pad(s, widths[c])).collect();
        out.push_str(cells.join("  ").trim_end());
        out.push('\n');
    }
    out
}

/// A number as people read it: no trailing zeros.
pub fn number(v: f64) -> String {
    let s = format!("{v:.2}");
    s.trim_end_matches('0').trim_end_matches('.').to_string()
}

#[cfg(test)]
mod tests {
    #[test]
    fn passwords_are_not_shown() {
        assert_eq!(super::redact("postgres://u:secret@h:5432/db"), "postgres://u@h:5432/db");
        assert_eq!(super::redact("postgres://h/db"), "postgres://h/db");
    }

    #[test]
    fn chinese_takes_two_columns() {
        assert_eq!(super::display_width("GDP增长"), 7);
        assert_eq!(super::pad("率", 4), "率  ");
    }
}

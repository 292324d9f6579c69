//! Bytes → rows of trimmed cells, each with the line it stands on.

use std::io::Cursor;

use calamine::{Ods, Reader, Sheets, Xls, Xlsx};

/// One row of the file: its line (1-based; in a workbook the sheet's row, the first row
/// of the sheet's used range counting from the top of the sheet) and its cells, trimmed.
#[derive(Debug, Clone, PartialEq)]
pub struct RawRow {
    pub line: usize,
    pub cells: Vec<String>,
}

impl RawRow {
    /// A row with no content in any cell: skipped, not refused.
    pub fn is_blank(&self) -> bool {
        self.cells.iter().all(String::is_empty)
    }
}

/// Why a file's bytes could not be read as rows. The messages are the parsers' own,
/// which name the line or the part of the workbook at fault.
#[derive(Debug, thiserror::Error)]
pub enum ReadError {
    #[error(transparent)]
    Csv(#[from] csv::Error),
    /// calamine's message already ends with its inner error's, so it is given as the
    /// message only, not as a source too (an error chain would print it twice).
    #[error("{0}")]
    Workbook(calamine::Error),
    #[error("the workbook has no sheet")]
    NoSheet,
    /// The workbook parser gave up with a panic instead of an error: only a damaged or
    /// hand-crafted file does that. calamine 0.30 did on a shared-string index out of
    /// range (0.38 answers an error); the guard stays for whatever fuzzing finds next.
    #[error("the workbook is damaged ({0})")]
    Damaged(String),
}

impl From<calamine::Error> for ReadError {
    fn from(e: calamine::Error) -> Self {
        ReadError::Workbook(e)
    }
}

/// Whether a file with this extension (case ignored) is read as a workbook; anything
/// else is read as CSV.
pub fn is_workbook(extension: &str) -> bool {
    matches!(extension.to_ascii_lowercase().as_str(), "xlsx" | "xlsm" | "xls" | "ods")
}

/// Reads every row of an actuals file, the header included. `extension` is the file
/// name's, as written: it decides CSV or workbook, and which workbook format.
pub fn read_rows(bytes: &[u8], extension: &str) -> Result<Vec<RawRow>, ReadError> {
    if is_workbook(extension) {
        read_workbook(bytes, extension)
    } else {
        read_csv(bytes)
    }
}

fn read_csv(bytes: &[u8]) -> Result<Vec<RawRow>, ReadError> {
    // `#` lines are comments: a sample file says in its first lines what its figures are.
    let mut reader = csv::ReaderBuilder::new().has_headers(false).flexible(true).comment(Some(b'#')).from_reader(bytes);
    let mut rows = Vec::new();
    let mut lines = LineCounter::default();
    for record in reader.records() {
        let record = record?;
        let line = record.position().map_or(rows.len() + 1, |p| lines.record_line(bytes, p.byte() as usize));
        rows.push(RawRow { line, cells: record.iter().map(|c| c.trim().trim_start_matches('\u{feff}').to_string()).collect() });
    }
    Ok(rows)
}

/// Finds the line a CSV record starts on. The csv crate positions a record where its reader
/// started reading, which is before the blank and comment lines it skipped on the way, so
/// its own line count names the wrong line after any of them.
#[derive(Default)]
struct LineCounter {
    /// Bytes already counted, and the 1-based line at that offset.
    at: usize,
    line: usize,
}

impl LineCounter {
    fn record_line(&mut self, bytes: &[u8], start: usize) -> usize {
        let mut at = start.clamp(self.at, bytes.len());
        if at == 0 && bytes.starts_with(b"\xef\xbb\xbf") {
            at = 3;
        }
        loop {
            match bytes.get(at) {
                Some(b'\r' | b'\n') => at += 1,
                Some(b'#') => at = bytes[at..].iter().position(|&b| b == b'\n').map_or(bytes.len(), |i| at + i + 1),
                _ => break,
            }
        }
        // Counted from where the previous record was: records come in order, and
        // counting from the start each time would be quadratic in the file's size.
        // A line ends at \n, \r\n or a lone \r, as a record does for the csv crate.
        let breaks = (self.at..at).filter(|&i| bytes[i] == b'\n' || (bytes[i] == b'\r' && bytes.get(i + 1) != Some(&b'\n'))).count();
        self.line = self.line.max(1) + breaks;
        self.at = at;
        self.line
    }
}

fn read_workbook(bytes: &[u8], extension: &str) -> Result<Vec<RawRow>, ReadError> {
    // The parser's panics on malformed input (found by fuzzing) become an error: the bytes
    // are only read, so nothing is left half-done when it unwinds.
    std::panic::catch_unwind(|| parse_workbook(bytes, extension)).unwrap_or_else(|panic| {
        let why = panic
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| panic.downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "the reader failed".to_string());
        Err(ReadError::Damaged(why))
    })
}

fn parse_workbook(bytes: &[u8], extension: &str) -> Result<Vec<RawRow>, ReadError> {
    // calamine's own rule for files (`open_workbook_auto`): the extension as written picks
    // the format, and any other spelling tries each format in turn.
    let data = Cursor::new(bytes);
    let mut book: Sheets<_> = match extension {
        "xls" => Sheets::Xls(Xls::new(data).map_err(calamine::Error::Xls)?),
        "xlsx" | "xlsm" => Sheets::Xlsx(Xlsx::new(data).map_err(calamine::Error::Xlsx)?),
        "ods" => Sheets::Ods(Ods::new(data).map_err(calamine::Error::Ods)?),
        _ => calamine::open_workbook_auto_from_rs(data)?,
    };
    let sheet = book.sheet_names().first().cloned().ok_or(ReadError::NoSheet)?;
    let range = book.worksheet_range(&sheet)?;
    let first_row = range.start().map_or(0, |(r, _)| r as usize);
    Ok(range
        .rows()
        .enumerate()
        .map(|(i, cells)| RawRow { line: first_row + i + 1, cells: cells.iter().map(|c| c.to_string().trim().to_string()).collect() })
        .collect())
}

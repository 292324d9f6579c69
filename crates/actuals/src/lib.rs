//! Actuals files in, rows out: what `lantu actuals import` reads before it matches
//! anything against the store.
//!
//! An actuals file is a CSV or a workbook (XLSX, XLSM, XLS, ODS) with a header row
//! naming the columns region, indicator, year, value and optionally unit, source and
//! estimated (or 地区, 指标, 年份, 数值, 单位, 来源, 预计). Reading is in three steps,
//! each a pure function of its input so that each can be tested and fuzzed alone:
//! [`read_rows`] (bytes → cells with their line), [`find_columns`] (header → where each
//! column is) and [`parse_row`] (a row → an [`ActualRow`] or a [`RowError`]).
//!
//! ```
//! let csv = "地区,指标,年份,数值,单位\n样例市,GDP,2021,6.5,%\n样例市,GDP,二〇二二,7,%\n";
//! let rows = lantu_actuals::read_rows(csv.as_bytes(), "csv").unwrap();
//! let (header, data) = rows.split_first().unwrap();
//! let columns = lantu_actuals::find_columns(&header.cells).unwrap();
//! let first = lantu_actuals::parse_row(&data[0], &columns, "a.csv").unwrap();
//! assert_eq!((first.year, first.value), (2021, 6.5));
//! let second = lantu_actuals::parse_row(&data[1], &columns, "a.csv").unwrap_err();
//! assert_eq!((data[1].line, second.to_string()), (3, "year \"二〇二二\" is not a year".to_string()));
//! ```
//!
//! Invariants: no I/O, no store; no input panics; every row keeps the 1-based line (CSV)
//! or row (workbook, header = row 1) of the file it came from, for error messages.

mod columns;
mod rows;

pub use columns::{find_columns, parse_row, ActualRow, Columns, MissingColumn, RowError};
pub use rows::{is_workbook, read_rows, RawRow, ReadError};

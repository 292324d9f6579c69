//! The actuals reader on hand-written files: CSV and XLSX rows with their lines, the
//! columns found by English or Chinese names, and every way a row is refused.

use lantu_actuals::{find_columns, parse_row, read_rows, RawRow, ReadError, RowError};

fn row(line: usize, cells: &[&str]) -> RawRow {
    RawRow { line, cells: cells.iter().map(|c| c.to_string()).collect() }
}

#[test]
fn csv_rows_keep_their_file_lines() {
    // A BOM, a comment line, a quoted cell over two lines, a blank line and a comment
    // (the csv crate's own line count would put the last two rows on lines 1 and 5).
    let csv = "\u{feff}# 样例\nregion,indicator,year,value\n样例市,\"GDP\n增长\",2021, 6.5 \n\n# 注\n样例市,森林覆盖率,2022,41\n";
    let rows = read_rows(csv.as_bytes(), "csv").unwrap();
    assert_eq!(
        rows,
        vec![
            row(2, &["region", "indicator", "year", "value"]),
            row(3, &["样例市", "GDP\n增长", "2021", "6.5"]),
            row(7, &["样例市", "森林覆盖率", "2022", "41"]),
        ]
    );
}

#[test]
fn csv_that_is_not_utf8_names_its_line() {
    let mut bytes = "地区,指标,年份,数值\n".as_bytes().to_vec();
    bytes.extend_from_slice(b"\xd1\xf9\xc0\xfd,GDP,2021,1\n");
    let err = read_rows(&bytes, "csv").unwrap_err();
    assert!(matches!(err, ReadError::Csv(_)), "{err:?}");
    assert!(err.to_string().contains("line 2"), "{err}");
}

fn workbook(first_row: u32) -> Vec<u8> {
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    for (c, h) in ["地区", "指标", "年份", "数值"].iter().enumerate() {
        sheet.write_string(first_row, c as u16, *h).unwrap();
    }
    sheet.write_string(first_row + 1, 0, " 样例市 ").unwrap();
    sheet.write_string(first_row + 1, 1, "GDP").unwrap();
    sheet.write_number(first_row + 1, 2, 2021.0).unwrap();
    sheet.write_number(first_row + 1, 3, 6.5).unwrap();
    book.save_to_buffer().unwrap()
}

#[test]
fn xlsx_rows_are_the_sheet_rows() {
    let rows = read_rows(&workbook(2), "xlsx").unwrap();
    assert_eq!(rows, vec![row(3, &["地区", "指标", "年份", "数值"]), row(4, &["样例市", "GDP", "2021", "6.5"])]);
    // Any spelling of the extension: calamine then tries each format in turn.
    assert_eq!(read_rows(&workbook(0), "XLSX").unwrap()[0].line, 1);
}

#[test]
fn a_workbook_that_is_not_one_is_an_error() {
    let err = read_rows(b"PK\x03\x04 not a zip", "xlsx").unwrap_err();
    assert!(matches!(err, ReadError::Workbook(_)), "{err:?}");
    let err = read_rows(b"region,indicator", "Xlsx").unwrap_err();
    assert_eq!(err.to_string(), "Cannot detect file format");
}

#[test]
fn columns_by_english_or_chinese_name() {
    let header: Vec<String> = ["Source", "数值", "年度", "指标名称", "REGION", "预计"].map(String::from).to_vec();
    let c = find_columns(&header).unwrap();
    assert_eq!((c.region, c.indicator, c.year, c.value, c.unit, c.source, c.estimated), (4, 3, 2, 1, None, Some(0), Some(5)));
    let err = find_columns(&["region".to_string(), "value".to_string()]).unwrap_err();
    assert_eq!(err.to_string(), "no column indicator/metric/指标/指标名称 in the header");
}

#[test]
fn rows_read_and_refused() {
    let header: Vec<String> = ["地区", "指标", "年份", "数值", "单位", "来源"].map(String::from).to_vec();
    let c = find_columns(&header).unwrap();
    let ok = parse_row(&row(2, &["样例市", "GDP", "2021年", "1,234.5", "亿元"]), &c, "a.csv").unwrap();
    assert_eq!((ok.year, ok.value, ok.unit.as_deref(), ok.source.as_str(), ok.estimated), (2021, 1234.5, Some("亿元"), "a.csv", false));
    let estimated = parse_row(&row(3, &["样例市", "GDP", "2021", "1", "", "统计快报（初步）"]), &c, "a.csv").unwrap();
    assert!(estimated.estimated);

    let refused = |cells: &[&str]| parse_row(&row(4, cells), &c, "a.csv").unwrap_err();
    assert_eq!(refused(&["", "GDP", "2021", "1"]), RowError::Required);
    assert_eq!(refused(&["样例市"]), RowError::Required);
    assert_eq!(refused(&["样例市", "GDP", "二〇二一", "1"]).to_string(), "year \"二〇二一\" is not a year");
    assert_eq!(refused(&["样例市", "GDP", "2021", "约5"]).to_string(), "value \"约5\" is not a number");
    // f64 parsing accepts these; a measured value is never one of them.
    for value in ["NaN", "inf", "-infinity", "1e400"] {
        assert_eq!(refused(&["样例市", "GDP", "2021", value]), RowError::NotFinite(value.to_string()));
    }
}

#[test]
fn csv_lines_with_crlf_and_blank_lines() {
    let rows = read_rows(b"h\r\n\r\n#c\r\nx\r\n\r\n\r\ny", "csv").unwrap();
    assert_eq!(rows.iter().map(|r| r.line).collect::<Vec<_>>(), [1, 4, 7]);
    // Lone CRs (old Mac files) end lines as they end records; a comment runs to \n.
    let rows = read_rows(b"h\rx\r\ry\r\n#c\rz\nw", "csv").unwrap();
    assert_eq!(rows.iter().map(|r| r.line).collect::<Vec<_>>(), [1, 2, 4, 7]);
}

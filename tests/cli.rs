//! The `lantu` binary as a user runs it: bad inputs give one clear line and a
//! non-zero exit; every seed gives the same extraction whatever its encoding.
//!
//! On failure each helper prints the command and both outputs.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

mod common;

use common::corpus;

fn lantu(args: &[&std::ffi::OsStr]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_lantu")).args(args).output().expect("running lantu")
}

fn describe(args: &[&std::ffi::OsStr], out: &Output) -> String {
    format!(
        "lantu {:?}\nexit: {:?}\nstdout: {}\nstderr: {}",
        args,
        out.status.code(),
        String::from_utf8_lossy(&out.stdout).chars().take(2000).collect::<String>(),
        String::from_utf8_lossy(&out.stderr)
    )
}

/// Runs `lantu extract FILE` and asserts it fails with one line naming the file and `reason`.
fn assert_refused(file: &Path, reason: &str) {
    let args = [std::ffi::OsStr::new("extract"), file.as_os_str()];
    let out = lantu(&args);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success(), "{}", describe(&args, &out));
    assert!(out.stdout.is_empty(), "{}", describe(&args, &out));
    assert!(stderr.contains(&*file.display().to_string()), "error must name the file\n{}", describe(&args, &out));
    assert!(stderr.contains(reason), "error must say `{reason}`\n{}", describe(&args, &out));
    assert!(!stderr.contains("panicked"), "{}", describe(&args, &out));
    assert_eq!(stderr.trim_end().lines().count(), 1, "one line\n{}", describe(&args, &out));
}

fn temp_file(dir: &tempfile::TempDir, name: &str, bytes: &[u8]) -> PathBuf {
    let path = dir.path().join(name);
    std::fs::write(&path, bytes).unwrap();
    path
}

#[test]
fn refuses_a_png() {
    let dir = tempfile::tempdir().unwrap();
    let png = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x01\0\0\0\x01\x08\x06\0\0\0\x1f\x15\xc4\x89";
    assert_refused(&temp_file(&dir, "chart.png", png), "PNG");
}

#[test]
fn refuses_random_bytes() {
    let dir = tempfile::tempdir().unwrap();
    // Deterministic noise (xorshift), the same every run; like /dev/urandom, it has
    // NULs and invalid sequences in every encoding.
    let mut x: u64 = 0x2545_F491_4F6C_DD1D;
    let noise: Vec<u8> = (0..65536)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            (x >> 24) as u8
        })
        .collect();
    assert_refused(&temp_file(&dir, "noise.bin", &noise), "binary");
}

#[test]
fn refuses_urandom_bytes() {
    use std::io::Read;
    let dir = tempfile::tempdir().unwrap();
    // 64 KiB from /dev/urandom: it never ends, so read a bounded amount.
    let mut buf = vec![0u8; 65536];
    std::fs::File::open("/dev/urandom").unwrap().read_exact(&mut buf).unwrap();
    let path = temp_file(&dir, "urandom.bin", &buf);
    let args = [std::ffi::OsStr::new("extract"), path.as_os_str()];
    let out = lantu(&args);
    assert!(!out.status.success(), "{}", describe(&args, &out));
    assert!(String::from_utf8_lossy(&out.stderr).contains("urandom.bin"), "{}", describe(&args, &out));
}

#[test]
fn refuses_an_empty_file() {
    let dir = tempfile::tempdir().unwrap();
    assert_refused(&temp_file(&dir, "empty.txt", b""), "empty");
}

#[test]
fn refuses_a_file_over_the_size_limit() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("huge.txt");
    // 60 MB of plausible text, over the 50 MB default.
    let line = "到2025年，地区生产总值达到600亿元以上。\n".repeat(1000);
    let mut f = std::fs::File::create(&path).unwrap();
    use std::io::Write;
    while f.metadata().unwrap().len() < 60 * 1024 * 1024 {
        f.write_all(line.as_bytes()).unwrap();
    }
    drop(f);
    assert_refused(&path, "over the limit");
}

#[test]
fn refuses_a_missing_file() {
    assert_refused(Path::new("/nonexistent/plan.txt"), "No such file");
}

/// A workbook naming a shared string it lacks (found by fuzzing; calamine 0.30 panicked
/// on it) is refused in one line, before anything is stored, with no panic printed.
#[test]
fn refuses_a_damaged_actuals_workbook() {
    let dir = tempfile::tempdir().unwrap();
    let damaged = repo_file("crates/actuals/tests/fuzz-regressions/panic-xlsx-shared-string-index.xlsx");
    let file = temp_file(&dir, "actuals.xlsx", &std::fs::read(damaged).unwrap());
    let db = dir.path().join("lantu.db");
    let args = [std::ffi::OsStr::new("--db"), db.as_os_str(), "actuals".as_ref(), "import".as_ref(), file.as_os_str()];
    let out = lantu(&args);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success(), "{}", describe(&args, &out));
    assert_eq!(
        stderr.trim_end(),
        format!("lantu: {}: Xlsx error: Cell string index not found in shared strings table", file.display()),
        "{}",
        describe(&args, &out)
    );
}

fn repo_file(path: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(path)
}

#[test]
fn text_format_prints_the_outline_with_line_numbers() {
    let dir = tempfile::tempdir().unwrap();
    let path = temp_file(&dir, "plan.txt", "第一章 发展基础\n\n第一节 “十三五”成就\n".as_bytes());
    let args = [std::ffi::OsStr::new("extract"), path.as_os_str(), "--format".as_ref(), "text".as_ref()];
    let out = lantu(&args);
    assert!(out.status.success(), "{}", describe(&args, &out));
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.contains("第一章 发展基础"), "{}", describe(&args, &out));
    assert!(stdout.lines().any(|l| l.trim_start().starts_with("3 ") && l.contains("第一节")), "{}", describe(&args, &out));
}

fn extract_json(path: &Path) -> serde_json::Value {
    let args = [std::ffi::OsStr::new("extract"), path.as_os_str(), "--format".as_ref(), "json".as_ref()];
    let out = lantu(&args);
    assert!(out.status.success(), "{}", describe(&args, &out));
    serde_json::from_slice(&out.stdout).unwrap_or_else(|e| panic!("{e}\n{}", describe(&args, &out)))
}

/// Converts with the system's `iconv`, as a user would.
fn iconv(src: &Path, to: &str, dest: &Path) {
    let out = Command::new("iconv").args(["-f", "UTF-8", "-t", to]).arg(src).output().expect("running iconv");
    assert!(out.status.success(), "iconv -t {to} {}: {}", src.display(), String::from_utf8_lossy(&out.stderr));
    let mut bytes = out.stdout;
    if to == "UTF-16LE" {
        bytes.splice(0..0, [0xFF, 0xFE]);
    }
    std::fs::write(dest, bytes).unwrap();
}

#[test]
fn every_seed_extracts_the_same_in_gb18030_and_utf16() {
    let Some(dir) = corpus() else { return };
    let tmp = tempfile::tempdir().unwrap();
    let mut seeds: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap()
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .collect();
    seeds.sort();
    assert!(!seeds.is_empty(), "no .txt seeds in {}", dir.display());
    for seed in seeds {
        let name = seed.file_name().unwrap().to_owned();
        let mut expected = extract_json(&seed);
        assert_eq!(expected["source"]["encoding"], "utf-8");
        for (to, encoding) in [("GB18030", "gb18030"), ("UTF-16LE", "utf-16le")] {
            // Same file name in another folder, so `source.file` agrees.
            let sub = tmp.path().join(encoding);
            std::fs::create_dir_all(&sub).unwrap();
            let converted = sub.join(&name);
            iconv(&seed, to, &converted);
            let mut got = extract_json(&converted);
            assert_eq!(got["source"]["encoding"], encoding, "{}", converted.display());
            for v in [&mut expected, &mut got] {
                v["source"]["encoding"] = serde_json::Value::Null;
                v["source"]["sha256"] = serde_json::Value::Null;
            }
            assert!(got == expected, "{} in {to} extracts differently from UTF-8", seed.display());
        }
    }
}

//! Helpers shared by the binary's integration tests: running `lantu` against a store,
//! finding the real documents, and running one story on both storage backends.

#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// Runs `lantu ARGS` against `db`; on an unexpected exit prints the command and both
/// outputs. Returns stdout followed by stderr.
pub fn lantu(db: &str, cwd: &Path, args: &[&str], expect_success: bool) -> String {
    let out: Output = Command::new(env!("CARGO_BIN_EXE_lantu"))
        .args(args)
        .env("LANTU_DATABASE_URL", db)
        .env("LANTU_USER", "测试员")
        .env_remove("LANTU_ALIASES")
        .env_remove("LANTU_REGIONS")
        .current_dir(cwd)
        .output()
        .expect("run lantu");
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    assert_eq!(out.status.success(), expect_success, "lantu {args:?} in {}\n--- stdout\n{stdout}\n--- stderr\n{stderr}", cwd.display());
    stdout + &stderr
}

pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The seed documents (LANTU_CORPUS, default ../shared/seeds): `None` after a loud
/// message when absent, a failure when LANTU_REQUIRE_CORPUS=1.
pub fn corpus() -> Option<PathBuf> {
    let dir = std::env::var_os("LANTU_CORPUS").map(PathBuf::from).unwrap_or_else(|| repo().join("../shared/seeds"));
    if dir.is_dir() {
        return Some(dir);
    }
    let msg = format!("\n!!! LANTU CORPUS NOT FOUND at {} — seed tests SKIPPED (set LANTU_CORPUS)\n", dir.display());
    if std::env::var("LANTU_REQUIRE_CORPUS").is_ok_and(|v| v == "1") {
        panic!("{msg}LANTU_REQUIRE_CORPUS=1, so this is a failure.");
    }
    eprintln!("{msg}");
    None
}

/// Runs `story(db, dir)` on a fresh SQLite file, then on a fresh PostgreSQL schema
/// (LANTU_TEST_POSTGRES_URL; skipped loudly when unreachable, failing when
/// LANTU_REQUIRE_POSTGRES=1). `name` keeps parallel tests' schemas apart.
pub fn on_both_backends(name: &str, story: impl Fn(&str, &Path)) {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("lantu.db");
    story(db.to_str().unwrap(), dir.path());

    let url = std::env::var("LANTU_TEST_POSTGRES_URL").unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/test".into());
    let schema = format!("lantu_{name}_{}", std::process::id());
    let mut client = match postgres::Client::connect(&url, postgres::NoTls) {
        Ok(c) => c,
        Err(e) if std::env::var("LANTU_REQUIRE_POSTGRES").is_ok_and(|v| v == "1") => panic!("PostgreSQL required at {url}: {e}"),
        Err(e) => {
            eprintln!("SKIPPED the PostgreSQL half (unreachable at {url}: {e})");
            return;
        }
    };
    client.batch_execute(&format!("DROP SCHEMA IF EXISTS {schema} CASCADE; CREATE SCHEMA {schema}")).unwrap();
    let sep = if url.contains('?') { '&' } else { '?' };
    let db = format!("{url}{sep}options=-csearch_path%3D{schema}");
    let dir = tempfile::tempdir().unwrap();
    story(&db, dir.path());
    let _ = client.batch_execute(&format!("DROP SCHEMA IF EXISTS {schema} CASCADE"));
}

//! `lantu serve`: the web app on the store, or on a fresh demo store (`--demo`).

use std::path::PathBuf;

use anyhow::{Context, Result};
use lantu_store::{Role, Store};

#[derive(clap::Args)]
pub struct Args {
    /// The address to listen on.
    #[arg(long, default_value = "127.0.0.1:8080", env = "LANTU_ADDR")]
    pub addr: String,
    /// Start on a fresh SQLite file with demo content: the documents of --corpus when
    /// that folder exists, else a short sample plan (示例); demo users admin, editor,
    /// unit (统计局) and viewer, with the password in LANTU_PASSWORD or printed once.
    /// The file is temporary, unless --db names a file that does not exist yet: then the
    /// demo store is built there and kept (so `lantu user token` can reach it).
    #[arg(long)]
    pub demo: bool,
    /// The documents loaded by --demo.
    #[arg(long, env = "LANTU_CORPUS", default_value = "../shared/seeds")]
    pub corpus: PathBuf,
    /// How long, in seconds, a public page may be served from the response cache (anonymous
    /// GET requests only; every write through the server clears it at once). Bounds how
    /// long a change made outside the server (`lantu actuals import`) may go unseen; 0
    /// turns the cache off.
    #[arg(long, env = "LANTU_CACHE_TTL", default_value_t = lantu_web::cache::DEFAULT_TTL.as_secs())]
    pub cache_ttl: u64,
    /// No response cache (for debugging; the same as --cache-ttl 0).
    #[arg(long)]
    pub no_cache: bool,
    /// The folder of the full-text search index, kept between runs and brought up to
    /// date with the store at start-up (search answers 索引建立中 until then). Default:
    /// next to a SQLite store (`lantu.db.search`); for PostgreSQL, a folder named after
    /// the database under the user's cache folder (`~/.cache/lantu/search-…`).
    #[arg(long, env = "LANTU_INDEX_DIR")]
    pub index_dir: Option<PathBuf>,
    /// How often, in seconds, the running server compares the store with its search index
    /// again and indexes what changed (plans ingested by the CLI meanwhile); 0: only at
    /// start-up.
    #[arg(long, env = "LANTU_INDEX_REFRESH", default_value_t = 60)]
    pub index_refresh: u64,
    /// Store connections for reads, beside the one for writes; also how many requests
    /// past the response cache are handled at once (at least 2). 0: one connection for all.
    #[arg(long, env = "LANTU_DB_CONNECTIONS", default_value_t = lantu_web::DEFAULT_DB_CONNECTIONS)]
    pub db_connections: usize,
}

pub fn run(db: &str, args: &Args) -> Result<()> {
    // The demo store lives in a temporary folder removed on exit.
    let mut _demo_dir = None;
    let (store, target) = if args.demo {
        let dir = tempfile::tempdir().context("creating the demo folder")?;
        let path = demo_path(db, dir.path())?;
        let mut store = Store::open(&path.to_string_lossy()).context("opening the demo store")?;
        store.set_actor("demo");
        let n = lantu_web::demo::load(&mut store, Some(&args.corpus)).map_err(anyhow::Error::msg)?;
        add_demo_users(&mut store)?;
        if args.corpus.is_dir() {
            // The sample figures (labelled 样例数据（非真实） in every row's source) are for
            // the seeds' regions: with them every status shows somewhere in the demo.
            let sample = dir.path().join("actuals-sample.csv");
            std::fs::write(&sample, include_str!("../../examples/actuals-sample.csv")).context("writing the demo actuals")?;
            super::actuals::import(&mut store, &path.display().to_string(), &super::aliases()?, &sample)?;
        }
        eprintln!("lantu: demo store with {n} document(s) at {}", path.display());
        _demo_dir = Some(dir);
        (store, path.to_string_lossy().into_owned())
    } else {
        (super::open_store(db)?, db.to_string())
    };
    // The search index is persistent and kept up to date by a background thread with a
    // store connection of its own (see lantu_web::indexer): the server answers at once,
    // search says 索引建立中 until the index matches the store.
    let index_dir =
        args.index_dir.clone().unwrap_or_else(|| lantu_web::indexer::default_dir(&target, lantu_store::is_postgres_url(&target)));
    let refresh = (args.index_refresh > 0).then(|| std::time::Duration::from_secs(args.index_refresh));
    let config = lantu_web::indexer::IndexerConfig { dir: index_dir, refresh };
    let index = lantu_web::indexer::start(move || Store::open(&target), config).context("starting the search indexer")?;
    let search: std::sync::Arc<dyn lantu_web::SearchBackend> = index;
    let cache = if args.no_cache || args.cache_ttl == 0 {
        lantu_web::cache::CacheConfig::disabled()
    } else {
        lantu_web::cache::CacheConfig { ttl: std::time::Duration::from_secs(args.cache_ttl), ..Default::default() }
    };
    let limits = lantu_web::Limits::with_db_connections(args.db_connections);
    let state = lantu_web::AppState::with_limits(store, super::aliases()?, Some(search), cache, limits);
    let runtime = tokio::runtime::Builder::new_multi_thread().enable_all().build().context("starting the runtime")?;
    runtime.block_on(async {
        let listener = tokio::net::TcpListener::bind(&args.addr).await.with_context(|| format!("listening on {}", args.addr))?;
        let local = listener.local_addr().context("reading the bound address")?;
        eprintln!("lantu: serving on http://{local} (Ctrl-C stops)");
        lantu_web::serve(listener, state, shutdown_signal()).await.context("serving")
    })
}

/// Where the demo store goes: a temporary file, or the `--db` file when one other than the
/// default is named; an existing store is never filled with demo content.
fn demo_path(db: &str, temp: &std::path::Path) -> Result<PathBuf> {
    if db == crate::DEFAULT_DB {
        return Ok(temp.join("demo.db"));
    }
    if db.starts_with("postgres:") || db.starts_with("postgresql:") {
        anyhow::bail!("{db}: --demo builds a fresh SQLite file; name a new file with --db, or none");
    }
    let path = PathBuf::from(db);
    if path.exists() {
        anyhow::bail!("{db}: exists already; --demo builds a fresh store (name a new file, or none)");
    }
    Ok(path)
}

async fn shutdown_signal() {
    let _ = tokio::signal::ctrl_c().await;
    eprintln!("lantu: stopping, finishing requests under way");
}

fn add_demo_users(store: &mut Store) -> Result<()> {
    let (password, shown) = match std::env::var("LANTU_PASSWORD") {
        Ok(p) if !p.is_empty() => (p, false),
        _ => (lantu_web::auth::random_token()[..16].to_string(), true),
    };
    let hash = lantu_web::auth::hash_password(&password).map_err(anyhow::Error::msg)?;
    for (name, role, unit) in [
        ("admin", Role::Admin, None),
        ("editor", Role::Editor, None),
        ("unit", Role::Unit, Some(lantu_web::demo::DEMO_UNITS[0])),
        ("unit2", Role::Unit, Some(lantu_web::demo::DEMO_UNITS[1])),
        ("viewer", Role::Viewer, None),
    ] {
        store.add_user(name, role, unit, &hash)?;
    }
    if shown {
        eprintln!("lantu: demo users admin, editor, unit (统计局), unit2 (发展改革委), viewer; password {password}");
    } else {
        eprintln!("lantu: demo users admin, editor, unit (统计局), unit2 (发展改革委), viewer; password from LANTU_PASSWORD");
    }
    Ok(())
}

//! The `lantu` command line: a thin shell over the library crates. `anyhow` lives
//! here and nowhere else; every error a user sees names the file it is about.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context, Result};
use clap::{Parser, Subcommand, ValueEnum};

mod commands;
mod gen_corpus;
mod text_report;

/// The store used when neither --db nor LANTU_DATABASE_URL names one.
pub const DEFAULT_DB: &str = "lantu.db";

#[derive(Parser)]
#[command(
    name = "lantu",
    version,
    about = "蓝图 lantu — plan-implementation monitoring and evaluation for Chinese local development plans",
    long_about = "蓝图 lantu reads Chinese local development plans (五年规划纲要, 专项规划, 实施方案, \
                  政府工作报告), turns them into structure — outline, main indicators, targets, facts, \
                  projects, each with the line it came from — and monitors their implementation."
)]
struct Cli {
    /// More log output on stderr (-v info, -vv debug, -vvv trace).
    #[arg(short, long, action = clap::ArgAction::Count, global = true)]
    verbose: u8,

    /// The store: a SQLite file, or a postgres:// URL.
    #[arg(long, global = true, env = "LANTU_DATABASE_URL", default_value = DEFAULT_DB, hide_env_values = true)]
    db: String,

    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Extract the structure of one plan document.
    ///
    /// Reads a text document in UTF-8, GB18030/GBK or UTF-16 and prints its outline,
    /// plan metadata, main-indicator tables, targets, facts and projects.
    ///
    /// Examples:
    ///   lantu extract 吉林市十四五规划纲要.txt
    ///   lantu extract plan.txt --format text
    #[command(verbatim_doc_comment)]
    Extract {
        /// The document to read.
        file: PathBuf,
        /// `json`: the lantu.extract/1 contract; `text`: a readable outline with line numbers.
        #[arg(long, value_enum, default_value_t = Format::Json)]
        format: Format,
        /// Refuse files larger than this many bytes.
        #[arg(long, default_value_t = lantu_extract::reader::DEFAULT_MAX_BYTES, env = "LANTU_MAX_BYTES")]
        max_bytes: usize,
    },
    /// Extract and store documents (files or directories); an unchanged file is a no-op.
    Ingest(commands::ingest::Args),
    /// Stored plans: list, show, link into the plan hierarchy.
    #[command(subcommand)]
    Plan(commands::plan::Command),
    /// Progress of every indicator against its annual path (监测), with Chinese labels.
    Status(commands::status::Args),
    /// Consistency findings (衔接): conflicting values, growth vs baseline/target, implausible values.
    Check,
    /// Actual values (实际值): import from CSV/XLSX, list.
    #[command(subcommand)]
    Actuals(commands::actuals::Command),
    /// The evaluation report of a plan for a year (中期评估), HTML or Markdown, with a chart per indicator.
    Report(commands::report::Args),
    /// The web app, the public portal and the JSON API (http://127.0.0.1:8080).
    ///
    /// Examples:
    ///   lantu serve --demo
    ///   lantu serve --db lantu.db --addr 0.0.0.0:8080
    #[command(verbatim_doc_comment)]
    Serve(commands::serve::Args),
    /// Staff accounts of the web app: add, list, API tokens.
    #[command(subcommand)]
    User(commands::user::Command),
    /// Export every indicator with its status, actuals and sources (CSV, XLSX or JSON).
    Export(commands::export::Args),
    /// Developer tools: look inside the reader (paragraphs as joined, with lines).
    #[command(hide = true, subcommand)]
    Dev(DevCommand),
}

#[derive(Subcommand)]
enum DevCommand {
    /// Print the logical paragraphs of a document as the extractor sees them.
    Paragraphs { file: PathBuf },
    /// Write a scaled corpus for benchmarks: the seeds recombined with other region
    /// names and figures, deterministic from --seed.
    ///
    /// Example: lantu dev gen-corpus --plans 1000 -o /tmp/corpus1k
    GenCorpus {
        /// How many documents to write.
        #[arg(long, default_value_t = 1000)]
        plans: usize,
        /// Output folder (created if missing).
        #[arg(short, long)]
        out: PathBuf,
        /// The real documents to recombine.
        #[arg(long, env = "LANTU_CORPUS", default_value = "../shared/seeds")]
        seeds: PathBuf,
        /// Random seed: the same seed gives the same corpus.
        #[arg(long, default_value_t = 1)]
        seed: u64,
    },
}

#[derive(Clone, Copy, ValueEnum)]
enum Format {
    Json,
    Text,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    init_logging(cli.verbose);
    match run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            // One line a user can act on: "lantu: FILE: reason".
            let chain: Vec<String> = err.chain().map(|e| e.to_string()).collect();
            eprintln!("lantu: {}", chain.join(": "));
            ExitCode::FAILURE
        }
    }
}

fn init_logging(verbose: u8) {
    let level = match verbose {
        0 => "warn",
        1 => "info",
        2 => "debug",
        _ => "trace",
    };
    let filter = tracing_subscriber::EnvFilter::try_from_env("LANTU_LOG").unwrap_or_else(|_| tracing_subscriber::EnvFilter::new(level));
    tracing_subscriber::fmt().with_env_filter(filter).with_writer(std::io::stderr).init();
}

fn run(cli: Cli) -> Result<()> {
    match cli.command {
        Command::Extract { file, format, max_bytes } => extract(&file, format, max_bytes),
        Command::Dev(DevCommand::Paragraphs { file }) => dev_paragraphs(&file),
        Command::Dev(DevCommand::GenCorpus { plans, out, seeds, seed }) => gen_corpus::run(&seeds, plans, &out, seed),
        Command::Ingest(args) => commands::ingest::run(&cli.db, &args),
        Command::Plan(command) => commands::plan::run(&cli.db, &command),
        Command::Status(args) => commands::status::run(&cli.db, &args),
        Command::Check => commands::check::run(&cli.db),
        Command::Actuals(command) => commands::actuals::run(&cli.db, &command),
        Command::Report(args) => commands::report::run(&cli.db, &args),
        Command::Serve(args) => commands::serve::run(&cli.db, &args),
        Command::User(command) => commands::user::run(&cli.db, &command),
        Command::Export(args) => commands::export::run(&cli.db, &args),
    }
}

fn dev_paragraphs(file: &Path) -> Result<()> {
    let shown = file.display().to_string();
    let bytes = std::fs::read(file).with_context(|| shown.clone())?;
    let decoded = lantu_extract::reader::decode(&bytes, usize::MAX).with_context(|| shown.clone())?;
    let doc = lantu_extract::Document::parse(&decoded.text);
    let mut out = String::new();
    out.push_str(&format!("wrap width: {:?}\n", doc.wrap_width));
    for p in &doc.paragraphs {
        let lines = p.spans.iter().map(|s| s.1.to_string()).collect::<Vec<_>>().join(",");
        out.push_str(&format!("[{lines}] {}\n", p.text));
    }
    write_stdout(&out)
}

/// Writes to stdout; a closed pipe (`lantu … | head`) is not an error worth a message.
fn write_stdout(text: &str) -> Result<()> {
    let mut stdout = std::io::stdout().lock();
    match stdout.write_all(text.as_bytes()).and_then(|_| stdout.flush()) {
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        other => other.context("writing to stdout"),
    }
}

fn extract(file: &Path, format: Format, max_bytes: usize) -> Result<()> {
    let shown = file.display().to_string();
    let (name, bytes) = commands::read_document(file, max_bytes)?;
    let options = lantu_extract::Options { max_bytes };
    let out = lantu_extract::extract_bytes(&bytes, &name, &options).with_context(|| shown.clone())?;
    tracing::info!(
        file = %shown,
        encoding = %out.source.encoding,
        headings = out.outline.len(),
        indicators = out.indicators.len(),
        targets = out.targets.len(),
        facts = out.facts.len(),
        projects = out.projects.len(),
        "extracted"
    );
    for w in &out.warnings {
        tracing::warn!("{shown}:{}: {}", w.line, w.message);
    }
    let rendered = match format {
        Format::Json => {
            let mut s = serde_json::to_string_pretty(&out).context("serialising the extraction")?;
            s.push('\n');
            s
        }
        Format::Text => text_report::render(&out),
    };
    write_stdout(&rendered)
}

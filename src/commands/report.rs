//! `lantu report --plan ID --year Y --format html|md -o FILE`: the evaluation report
//! (中期评估 / 总结评估), built and rendered by `lantu_web::report` — the web app's
//! `/plans/{id}/report` shows the same report.

use std::path::PathBuf;

use anyhow::Result;
use lantu_web::report::{Report, ReportKind};

#[derive(Clone, Copy, clap::ValueEnum)]
pub enum Format {
    Html,
    Md,
}

#[derive(Clone, Copy, clap::ValueEnum)]
pub enum Kind {
    /// 评估 (no stage named).
    Plain,
    /// 中期评估.
    Midterm,
    /// 总结评估.
    Final,
}

#[derive(clap::Args)]
pub struct Args {
    #[arg(long)]
    pub plan: i64,
    /// The year evaluated (default: the latest year with an actual).
    #[arg(long)]
    pub year: Option<i32>,
    /// Which evaluation the title names.
    #[arg(long, value_enum, default_value_t = Kind::Plain)]
    pub kind: Kind,
    #[arg(long, value_enum, default_value_t = Format::Html)]
    pub format: Format,
    /// The file to write (written to a temporary file first, then renamed).
    #[arg(short, long)]
    pub output: PathBuf,
}

pub fn run(db: &str, args: &Args) -> Result<()> {
    let mut store = super::open_store(db)?;
    let aliases = super::aliases()?;
    let detail = store.plan(args.plan)?;
    let kind = match args.kind {
        Kind::Plain => ReportKind::Plain,
        Kind::Midterm => ReportKind::Midterm,
        Kind::Final => ReportKind::Final,
    };
    let report = Report::build(&mut store, &detail, args.year, kind, &aliases)?;
    let text = match args.format {
        Format::Md => report.markdown(),
        Format::Html => report.html_document(),
    };
    super::write_atomically(&args.output, text.as_bytes())?;
    println!("wrote {}", args.output.display());
    Ok(())
}

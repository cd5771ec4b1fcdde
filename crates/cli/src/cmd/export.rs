//! `wsis-hub export initiatives`: write the whole register to a file or stdout.

use std::io::{BufWriter, Write};
use std::path::PathBuf;

use anyhow::Context;
use wsis_register::interchange::{self, Format};

use crate::cmd::migrate;

/// What to export, and where.
#[derive(clap::Args, Debug)]
pub struct Args {
    /// The kind of record: `initiatives`.
    #[arg(value_parser = ["initiatives"])]
    pub what: String,
    /// The format to write.
    #[arg(long, default_value = "json")]
    pub format: Format,
    /// The file to write; standard output by default.
    #[arg(long, short)]
    pub output: Option<PathBuf>,
}

/// Runs the command. A file is written beside its destination and renamed
/// into place at the end, so a failed export never leaves half a file.
pub async fn run(database: &str, args: Args) -> anyhow::Result<()> {
    let store = migrate::open(database).await?;
    let items = store
        .export_initiatives()
        .await
        .context("reading the register")?;
    store.close().await;
    match &args.output {
        None => {
            let stdout = std::io::stdout();
            let mut out = BufWriter::new(stdout.lock());
            interchange::write(args.format, &items, &mut out)?;
            out.flush()?;
        }
        Some(path) => {
            let tmp = path.with_extension("partial");
            let file = std::fs::File::create(&tmp)
                .with_context(|| format!("creating {}", tmp.display()))?;
            let mut out = BufWriter::new(file);
            interchange::write(args.format, &items, &mut out)?;
            out.flush()?;
            drop(out);
            std::fs::rename(&tmp, path).with_context(|| format!("writing {}", path.display()))?;
            eprintln!("exported {} initiatives to {}", items.len(), path.display());
        }
    }
    Ok(())
}

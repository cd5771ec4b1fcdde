//! `wsis-hub import initiatives FILE`: add records to the register, all or nothing.

use std::fs::File;
use std::io::BufReader;
use std::path::PathBuf;

use anyhow::{Context, bail};
use indicatif::{ProgressBar, ProgressStyle};
use wsis_framework::Framework;
use wsis_register::interchange::{self, Batch, Format};

use crate::cmd::migrate;
use crate::mapping;

/// What to import.
#[derive(clap::Args, Debug)]
pub struct Args {
    /// The kind of record: `initiatives`.
    #[arg(value_parser = ["initiatives"])]
    pub what: String,
    /// The file to read (CSV or JSON; see the README for the columns).
    pub file: PathBuf,
    /// The file's format; by default taken from its extension.
    #[arg(long)]
    pub format: Option<Format>,
    /// Do not add the mapping engine's suggestions to records that have none.
    #[arg(long)]
    pub no_map: bool,
}

/// Runs the command.
pub async fn run(database: &str, args: Args) -> anyhow::Result<()> {
    let fw = Framework::embedded();
    let mut batch = read(&args, fw)?;
    if !args.no_map {
        let engine = wsis_classify::Engine::embedded().context("loading the mapping engine")?;
        mapping::map_unmapped(&engine, &mut batch.items);
    }
    let store = migrate::open(database).await?;
    let bar = ProgressBar::new(batch.items.len() as u64).with_style(
        ProgressStyle::with_template("{msg} {bar:40} {pos}/{len} ({per_sec}, {eta})")
            .unwrap_or_else(|_| ProgressStyle::default_bar()),
    );
    bar.set_message("importing");
    let result = store
        .import_initiatives(&batch.items, &mut |n| bar.set_position(n as u64))
        .await;
    bar.finish_and_clear();
    store.close().await;
    match result {
        Ok(n) => {
            eprintln!("imported {n} initiatives from {}", args.file.display());
            Ok(())
        }
        Err(e) => {
            let at = e.record_index().and_then(|i| batch.locations.get(i));
            let place = at.map(|l| format!("{l}: ")).unwrap_or_default();
            bail!("{}: {place}{e}; nothing was imported", args.file.display())
        }
    }
}

/// Reads and checks the whole file before the database is touched.
fn read(args: &Args, fw: &Framework) -> anyhow::Result<Batch> {
    let format = match args.format.or_else(|| Format::from_path(&args.file)) {
        Some(f) => f,
        None => bail!(
            "{}: cannot tell the format from the extension; use --format csv|json",
            args.file.display()
        ),
    };
    let file =
        File::open(&args.file).with_context(|| format!("opening {}", args.file.display()))?;
    interchange::read(format, BufReader::new(file), fw)
        .map_err(|e| anyhow::anyhow!("{}: {e}; nothing was imported", args.file.display()))
}

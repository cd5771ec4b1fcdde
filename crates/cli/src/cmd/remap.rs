//! `wsis-hub remap`: re-map every initiative after an engine or model change.

use std::path::PathBuf;

use anyhow::Context;
use indicatif::{ProgressBar, ProgressStyle};
use wsis_classify::Engine;

use crate::cmd::migrate;
use crate::mapping;

/// Initiatives per transaction.
const BATCH: i64 = 500;

/// How to re-map.
#[derive(clap::Args, Debug)]
pub struct Args {
    /// A model file written by `wsis-hub train`; the compiled-in model by default.
    #[arg(long)]
    pub model: Option<PathBuf>,
}

/// Loads the engine the arguments name.
pub fn engine(model: Option<&PathBuf>) -> anyhow::Result<Engine> {
    match model {
        Some(path) => {
            Engine::from_file(path).with_context(|| format!("loading {}", path.display()))
        }
        None => Engine::embedded().context("loading the compiled-in model"),
    }
}

/// Runs the command: every batch is re-mapped in its own transaction, so an
/// interrupted run leaves each initiative either as it was or re-mapped.
pub async fn run(database: &str, args: Args) -> anyhow::Result<()> {
    let engine = engine(args.model.as_ref())?;
    let store = migrate::open(database).await?;
    let total = store.counts().await?.initiatives;
    let bar = ProgressBar::new(total as u64).with_style(
        ProgressStyle::with_template("remapping {bar:40} {pos}/{len} ({per_sec}, {eta})")
            .unwrap_or_else(|_| ProgressStyle::default_bar()),
    );
    let mut after = 0;
    let mut done = 0;
    loop {
        let (batch, last) = store.initiatives_after(after, BATCH).await?;
        if batch.is_empty() {
            break;
        }
        let suggestions = mapping::suggest_all(&engine, &batch);
        store.replace_suggestions_batch(suggestions).await?;
        done += batch.len();
        bar.set_position(done as u64);
        after = last;
    }
    bar.finish_and_clear();
    store.close().await;
    eprintln!("re-mapped {done} initiatives with {}", engine.version());
    Ok(())
}

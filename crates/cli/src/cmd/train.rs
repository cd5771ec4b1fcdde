//! `wsis-hub train`: trains the mapping model from labelled data and the
//! framework texts, deterministically, and writes the model file.

use std::path::PathBuf;

use anyhow::{Context, Result};
use wsis_classify::{data, features, framework, model::Input, train};

/// Arguments of `wsis-hub train`.
#[derive(clap::Args, Debug)]
pub struct Args {
    /// SDG benchmark CSV (`id,text,sdg,label`).
    #[arg(long)]
    pub sdg_data: PathBuf,
    /// Action-line JSONL (`{"text", "labels": [...]}`), e.g. confirmed codes.
    #[arg(long)]
    pub action_line_data: Option<PathBuf>,
    /// Seed of the training order and threshold folds.
    #[arg(long, default_value_t = train::TrainConfig::default().seed)]
    pub seed: u64,
    /// Where to write the model file.
    #[arg(long)]
    pub output: PathBuf,
}

/// The training examples and their provenance from the framework and data files.
pub fn examples(
    sdg: Option<&PathBuf>,
    al: Option<&PathBuf>,
) -> Result<(Vec<train::Example>, Vec<Input>)> {
    let docs = framework::framework_docs(wsis_framework::Framework::embedded());
    let mut inputs = vec![framework::framework_input(&docs)];
    let mut ex = data::framework_examples(&docs);
    if let Some(p) = sdg {
        let (rows, input) = data::read_sdg_benchmark(p)?;
        ex.extend(data::sdg_examples(&rows));
        inputs.push(input);
    }
    if let Some(p) = al {
        let (items, input) = data::read_labelled_jsonl(p)?;
        ex.extend(data::labelled_examples(&items));
        inputs.push(input);
    }
    Ok((ex, inputs))
}

/// Runs `wsis-hub train`.
pub fn run(args: Args) -> Result<()> {
    let (ex, inputs) = examples(Some(&args.sdg_data), args.action_line_data.as_ref())?;
    let cfg = train::TrainConfig {
        seed: args.seed,
        ..train::TrainConfig::default()
    };
    let an = features::Analyzer::new(&features::SHIPPED_SYSTEMS)?;
    let mf = train::train(&an, &ex, inputs, &cfg, &features::shipped_system_info())?;
    let bytes = serde_json::to_vec(&mf)?;
    // Write beside the target and rename, so an interrupted run never leaves a truncated model.
    let tmp = args.output.with_extension("tmp");
    std::fs::write(&tmp, &bytes).with_context(|| format!("cannot write {}", tmp.display()))?;
    std::fs::rename(&tmp, &args.output)
        .with_context(|| format!("cannot write {}", args.output.display()))?;
    eprintln!(
        "trained on {} examples ({}), vocabulary {}, model {} bytes, xxh3 {}",
        ex.len(),
        mf.inputs
            .iter()
            .map(|i| format!("{} {} rows", i.name, i.rows))
            .collect::<Vec<_>>()
            .join(", "),
        mf.vocab.len(),
        bytes.len(),
        wsis_classify::hex64(&bytes)
    );
    Ok(())
}

//! `wsis-hub eval`: accuracy, precision, recall and F1 per code and macro on
//! a labelled file, with the shipped or a given model, or by K-fold
//! cross-validation (the model never scores a text it was trained on).

use std::path::PathBuf;

use anyhow::{Result, bail};
use wsis_classify::codes::Family;
use wsis_classify::cv::{CvSet, cross_validate};
use wsis_classify::eval::{Report, eval_labelled, eval_sdg};
use wsis_classify::{data, train::TrainConfig};

/// Labelled file formats.
#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum EvalFormat {
    /// CSV `id,text,sdg,label`: is this SDG present in this text?
    SdgBenchmark,
    /// JSONL `{"text", "labels": [...]}` with action-line codes.
    ActionLines,
}

/// Arguments of `wsis-hub eval`.
#[derive(clap::Args, Debug)]
pub struct Args {
    /// The labelled file.
    pub file: PathBuf,
    /// Its format (default: `.csv` → sdg-benchmark, otherwise action-lines).
    #[arg(long, value_enum)]
    pub format: Option<EvalFormat>,
    /// Model file to evaluate (default: the built-in model; ignored with --cv).
    #[arg(long)]
    pub model: Option<PathBuf>,
    /// K-fold cross-validation: train on the framework texts and K-1 folds, score the held-out fold.
    #[arg(long)]
    pub cv: Option<usize>,
    /// Seed of the fold split and training.
    #[arg(long, default_value_t = TrainConfig::default().seed)]
    pub seed: u64,
    /// With --cv: SDG benchmark rows always added to the training folds.
    #[arg(long)]
    pub sdg_data: Option<PathBuf>,
    /// With --cv: action-line texts always added to the training folds.
    #[arg(long)]
    pub action_line_data: Option<PathBuf>,
    /// Print the report as JSON.
    #[arg(long)]
    pub json: bool,
}

/// Runs `wsis-hub eval`.
pub fn run(args: Args) -> Result<()> {
    let is_csv = args
        .file
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("csv"));
    let format = args.format.unwrap_or(if is_csv {
        EvalFormat::SdgBenchmark
    } else {
        EvalFormat::ActionLines
    });
    let report: Report = if let Some(k) = args.cv {
        if k < 2 {
            bail!("--cv needs at least 2 folds");
        }
        let (base, _) =
            super::train::examples(args.sdg_data.as_ref(), args.action_line_data.as_ref())?;
        let cfg = TrainConfig {
            seed: args.seed,
            ..TrainConfig::default()
        };
        match format {
            EvalFormat::SdgBenchmark => {
                let (rows, _) = data::read_sdg_benchmark(&args.file)?;
                cross_validate(CvSet::Sdg(&rows), &base, k, &cfg)?
            }
            EvalFormat::ActionLines => {
                let (items, _) = data::read_labelled_jsonl(&args.file)?;
                cross_validate(CvSet::Labelled(&items, Family::ActionLine), &base, k, &cfg)?
            }
        }
    } else {
        let engine = super::classify::load_engine(args.model.as_ref())?;
        eprintln!(
            "evaluating {} (texts it was trained on score optimistically; use --cv for an honest figure)",
            engine.version()
        );
        match format {
            EvalFormat::SdgBenchmark => {
                let (rows, _) = data::read_sdg_benchmark(&args.file)?;
                eval_sdg(&engine, &rows.iter().collect::<Vec<_>>())
            }
            EvalFormat::ActionLines => {
                let (items, _) = data::read_labelled_jsonl(&args.file)?;
                eval_labelled(
                    &engine,
                    &items.iter().collect::<Vec<_>>(),
                    Family::ActionLine,
                )
            }
        }
    };
    if args.json {
        let v = serde_json::json!({
            "rows": report.rows,
            "accuracy": report.top1.is_none().then(|| report.accuracy()),
            "top1_accuracy": report.top1.map(|t| t as f64 / report.rows.max(1) as f64),
            "macro": {
                "accuracy": report.macro_avg(|c| c.accuracy()),
                "precision": report.macro_avg(|c| c.precision()),
                "recall": report.macro_avg(|c| c.recall()),
                "f1": report.macro_avg(|c| c.f1()),
            },
            "per_code": report.per_code.iter().map(|(code, c)| serde_json::json!({
                "code": code, "tp": c.tp, "fp": c.fp, "tn": c.tn, "fn": c.fn_,
                "accuracy": c.accuracy(), "precision": c.precision(), "recall": c.recall(), "f1": c.f1(),
            })).collect::<Vec<_>>(),
        });
        println!("{}", serde_json::to_string_pretty(&v)?);
    } else {
        print!("{}", report.to_text());
    }
    Ok(())
}

//! Training: one-vs-rest logistic regression over the feature space, fitted
//! by seeded SGD (so the same data and seed give the same model file), with
//! per-code thresholds tuned on out-of-fold predictions.

use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use crate::codes::{CODES, Family};
use crate::error::{Error, Result};
use crate::features::{Analysis, Analyzer, Sparse, Vocab, dims, vectorize};
use crate::model::{FORMAT, Input, Model, ModelFile, SystemInfo};
use crate::sgd::fit_head;

/// A training text with what is known about its codes.
#[derive(Debug, Clone)]
pub struct Example {
    /// The text.
    pub text: String,
    /// Codes present.
    pub pos: Vec<usize>,
    /// Codes said to be absent.
    pub neg: Vec<usize>,
    /// Families whose other codes can be assumed absent.
    pub informs: Vec<Family>,
    /// A general text usable as a weak negative for families it does not inform.
    pub background: bool,
}

impl Example {
    /// A new example.
    pub fn new(
        text: &str,
        pos: Vec<usize>,
        neg: Vec<usize>,
        informs: &[Family],
        background: bool,
    ) -> Example {
        Example {
            text: text.to_string(),
            pos,
            neg,
            informs: informs.to_vec(),
            background,
        }
    }
}

/// Training settings.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct TrainConfig {
    /// Seed of the SGD order and of the threshold-tuning folds.
    pub seed: u64,
    /// Passes over the data.
    pub epochs: u32,
    /// L2 regularisation strength.
    pub lambda: f32,
    /// Initial learning rate.
    pub eta0: f32,
    /// Minimum document frequency of a vocabulary term.
    pub min_df: u32,
    /// Largest vocabulary.
    pub max_features: usize,
    /// Weight of an assumed negative from a text with another code of the same family.
    pub w_same_family: f32,
    /// Weight of an assumed negative from a text whose family codes were all rejected.
    pub w_rejected_only: f32,
    /// Weight of a background text as a negative for families it does not inform.
    pub w_background: f32,
    /// Folds for tuning thresholds (0 = no tuning, default thresholds).
    pub tune_folds: usize,
    /// Threshold of codes that cannot be tuned.
    pub default_threshold: f32,
    /// Pseudo-rows pulling a tuned threshold towards the default (small codes stay cautious).
    pub tune_prior: f32,
}

impl Default for TrainConfig {
    fn default() -> TrainConfig {
        TrainConfig {
            seed: 20251128,
            epochs: 20,
            lambda: 1e-3,
            eta0: 0.5,
            min_df: 2,
            max_features: 20_000,
            w_same_family: 0.2,
            w_rejected_only: 0.2,
            w_background: 0.1,
            tune_folds: 4,
            default_threshold: 0.5,
            tune_prior: 3.0,
        }
    }
}

/// Fits every head on analysed examples; thresholds left at the default.
fn fit(
    an: &Analyzer,
    docs: &[&Analysis],
    ex: &[&Example],
    cfg: &TrainConfig,
    systems: &[SystemInfo],
) -> ModelFile {
    let vocab = Vocab::build(docs, cfg.min_df, cfg.max_features);
    let qf = an.query_features();
    let d = dims(&vocab, qf);
    let xs: Vec<Sparse> = docs.par_iter().map(|a| vectorize(a, &vocab, qf)).collect();
    let heads = (0..CODES.len())
        .into_par_iter()
        .map(|k| {
            let (w, b) = fit_head(&xs, ex, k, d, (vocab.idf.len(), qf), cfg);
            ModelFile::quantize(CODES[k], &w, b, cfg.default_threshold)
        })
        .collect();
    ModelFile {
        format: FORMAT.into(),
        inputs: Vec::new(),
        seed: cfg.seed,
        settings: serde_json::to_value(cfg).unwrap_or_default(),
        systems: systems.to_vec(),
        vocab: vocab.terms,
        idf: vocab.idf,
        heads,
    }
}

/// Deterministic fold of each example: order by a seeded hash of the text,
/// then deal round-robin (folds are split by text, balanced in size).
pub fn folds(ex: &[&Example], k: usize, seed: u64) -> Vec<usize> {
    let mut order: Vec<(u64, usize)> = ex
        .iter()
        .enumerate()
        .map(|(i, e)| {
            (
                xxhash_rust::xxh3::xxh3_64_with_seed(e.text.as_bytes(), seed),
                i,
            )
        })
        .collect();
    order.sort_unstable();
    let mut fold = vec![0; ex.len()];
    for (r, &(_, i)) in order.iter().enumerate() {
        fold[i] = r % k;
    }
    fold
}

/// Chooses per-code thresholds from out-of-fold probabilities: the accuracy
/// maximum on the rows with a known answer, pulled towards the default.
fn tune(
    an: &Analyzer,
    docs: &[&Analysis],
    ex: &[&Example],
    cfg: &TrainConfig,
    systems: &[SystemInfo],
) -> Vec<f32> {
    let k = cfg.tune_folds;
    let fold = folds(ex, k, cfg.seed ^ 0x5EED);
    let mut oof: Vec<Vec<f32>> = vec![Vec::new(); ex.len()];
    for f in 0..k {
        let tr: Vec<usize> = (0..ex.len()).filter(|&i| fold[i] != f).collect();
        let mf = fit(an, &pick(docs, &tr), &pick(ex, &tr), cfg, systems);
        let Ok(m) = Model::new(&mf, an.query_features()) else {
            continue;
        };
        for i in (0..ex.len()).filter(|&i| fold[i] == f) {
            oof[i] = m.score(docs[i]).prob.to_vec();
        }
    }
    (0..CODES.len())
        .map(|c| {
            let rows: Vec<(f32, bool)> = ex
                .iter()
                .zip(&oof)
                .filter(|(e, p)| !p.is_empty() && (e.pos.contains(&c) || e.neg.contains(&c)))
                .map(|(e, p)| (p[c], e.pos.contains(&c)))
                .collect();
            if rows.len() < 10 || !rows.iter().any(|r| !r.1) {
                return cfg.default_threshold;
            }
            let acc = |t: f32| rows.iter().filter(|&&(p, y)| (p >= t) == y).count() as f32;
            let mut best = (acc(cfg.default_threshold), cfg.default_threshold);
            for step in 2..=38 {
                let t = step as f32 * 0.025;
                let a = acc(t);
                if a > best.0 || (a == best.0 && (t - 0.5).abs() < (best.1 - 0.5).abs()) {
                    best = (a, t);
                }
            }
            let n = rows.len() as f32;
            (n * best.1 + cfg.tune_prior * cfg.default_threshold) / (n + cfg.tune_prior)
        })
        .collect()
}

fn pick<'a, T: ?Sized>(v: &[&'a T], idx: &[usize]) -> Vec<&'a T> {
    idx.iter().map(|&i| v[i]).collect()
}

/// Trains a model on `examples`: analysis, vocabulary, heads, and (with
/// `tune_folds` > 1) thresholds tuned by internal cross-validation.
pub fn train(
    an: &Analyzer,
    examples: &[Example],
    inputs: Vec<Input>,
    cfg: &TrainConfig,
    systems: &[SystemInfo],
) -> Result<ModelFile> {
    if examples.is_empty() {
        return Err(Error::Invalid("no training examples".into()));
    }
    let analyses: Vec<Analysis> = examples.par_iter().map(|e| an.analyze(&e.text)).collect();
    let docs: Vec<&Analysis> = analyses.iter().collect();
    let ex: Vec<&Example> = examples.iter().collect();
    train_analysed(an, &docs, &ex, inputs, cfg, systems)
}

/// [`train`] on texts already analysed (cross-validation reuses the analyses).
pub fn train_analysed(
    an: &Analyzer,
    docs: &[&Analysis],
    ex: &[&Example],
    inputs: Vec<Input>,
    cfg: &TrainConfig,
    systems: &[SystemInfo],
) -> Result<ModelFile> {
    let mut mf = fit(an, docs, ex, cfg, systems);
    if cfg.tune_folds > 1 {
        let th = tune(an, docs, ex, cfg, systems);
        for (h, t) in mf.heads.iter_mut().zip(th) {
            h.threshold = t;
        }
    }
    mf.inputs = inputs;
    Ok(mf)
}

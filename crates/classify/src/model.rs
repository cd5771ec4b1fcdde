//! The model file written by `train` and the loaded model that scores texts.
//!
//! The file is JSON: what the model was trained on, the vocabulary with its
//! IDF, and one logistic-regression head per code (weights quantised to i16
//! with a per-head scale, which keeps the file small and byte-stable).

use serde::{Deserialize, Serialize};

use crate::codes::{CODES, Family, family};
use crate::error::{Error, Result};
use crate::features::{Analysis, TermFeature, Vocab, dims, other_features, term_features};

/// Format tag of the model files this engine writes.
pub const FORMAT: &str = "wsis-classify-model/2";
/// The first format, also read: the same fields, with each head's weights
/// as an array of integers instead of a hex string (see `weights.rs`).
pub const FORMAT_1: &str = "wsis-classify-model/1";

/// One input file of a training run.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Input {
    /// What it is (`sdg-data`, `action-line-data`, `framework`…).
    pub role: String,
    /// File name (no directory, so the model file does not depend on where it was built).
    pub name: String,
    /// xxh3-64 of the file's bytes, hex.
    pub xxh3: String,
    /// Rows or items read from it.
    pub rows: usize,
}

/// A query system the model's features come from.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SystemInfo {
    /// System name.
    pub name: String,
    /// xxh3-64 of its CSV text, hex.
    pub xxh3: String,
}

/// One code's logistic-regression head.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct HeadFile {
    /// Framework code.
    pub code: String,
    /// Intercept.
    pub bias: f32,
    /// Probability at and above which the code is decided.
    pub threshold: f32,
    /// Weight of one quantisation step.
    pub scale: f32,
    /// Quantised weights, one per feature (in the file, four hex digits each).
    #[serde(with = "crate::weights")]
    pub weights: Vec<i16>,
}

/// The serialised model.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ModelFile {
    /// [`FORMAT`].
    pub format: String,
    /// Files the model was trained on.
    pub inputs: Vec<Input>,
    /// Training seed.
    pub seed: u64,
    /// Training settings, for the record.
    pub settings: serde_json::Value,
    /// Query systems whose clause counts are features, in feature order.
    pub systems: Vec<SystemInfo>,
    /// Vocabulary in feature order.
    pub vocab: Vec<String>,
    /// IDF per vocabulary term.
    pub idf: Vec<f32>,
    /// One head per code, in [`CODES`] order.
    pub heads: Vec<HeadFile>,
}

impl ModelFile {
    /// Quantises trained float heads into the file form.
    pub fn quantize(code: &str, w: &[f32], bias: f32, threshold: f32) -> HeadFile {
        let max = w.iter().fold(0f32, |m, x| m.max(x.abs()));
        let scale = if max > 0.0 { max / 32767.0 } else { 1.0 };
        let weights = w.iter().map(|x| (x / scale).round() as i16).collect();
        HeadFile {
            code: code.to_string(),
            bias,
            threshold,
            scale,
            weights,
        }
    }
}

/// Length of a weight row: the codes, padded with zeros to a multiple of
/// four floats, so that a row is summed in whole 4-float vector operations.
const ROW: usize = CODES.len().div_ceil(4) * 4;

/// A model ready to score: weights laid out feature-major so that scoring a
/// sparse vector touches one contiguous row per feature.
#[derive(Debug)]
pub struct Model {
    /// The vocabulary.
    pub vocab: Vocab,
    /// Number of query-feature slots.
    pub query_features: usize,
    /// Quantised weights, feature-major, one row of [`ROW`] per feature,
    /// each step count held as the float it converts to (exactly): a text
    /// sums a hundred rows or so, and converting each row's integers cost
    /// more instructions than the multiplications and additions.
    q: Vec<f32>,
    /// Weight of one quantisation step, per code.
    scale: Vec<f32>,
    bias: Vec<f32>,
    /// Per-code decision thresholds.
    pub thresholds: Vec<f32>,
}

/// Scores of one text: per-code probabilities and the terms behind them.
#[derive(Debug)]
pub struct Scored {
    /// Probability per code, in [`CODES`] order.
    pub prob: [f32; CODES.len()],
    /// The text's terms found in the vocabulary, in first-occurrence order.
    pub terms: Vec<TermFeature>,
}

impl Model {
    /// Builds the scoring form of a model file.
    pub fn new(f: &ModelFile, query_features: usize) -> Result<Model> {
        let bad = |m: String| Error::Model {
            path: "-".into(),
            message: m,
        };
        if f.format != FORMAT && f.format != FORMAT_1 {
            return Err(bad(format!(
                "format {:?}, expected {FORMAT:?} or {FORMAT_1:?}",
                f.format
            )));
        }
        if f.heads.len() != CODES.len() || f.vocab.len() != f.idf.len() {
            return Err(bad("head or vocabulary count does not match".into()));
        }
        let vocab = Vocab::from_terms(f.vocab.clone(), f.idf.clone());
        let d = dims(&vocab, query_features);
        let mut q = vec![0f32; d * ROW];
        for (k, h) in f.heads.iter().enumerate() {
            if h.code != CODES[k] || h.weights.len() != d {
                return Err(bad(format!(
                    "head {k} ({}) does not fit the features",
                    h.code
                )));
            }
            // Evidence ranks terms by their weights in steps, which only
            // keeps their order under a positive scale.
            if !(h.scale.is_finite() && h.scale > 0.0) {
                return Err(bad(format!(
                    "head {k} ({}) has scale {}: it must be positive",
                    h.code, h.scale
                )));
            }
            for (j, &x) in h.weights.iter().enumerate() {
                q[j * ROW + k] = f32::from(x);
            }
        }
        Ok(Model {
            vocab,
            query_features,
            q,
            scale: f.heads.iter().map(|h| h.scale).collect(),
            bias: f.heads.iter().map(|h| h.bias).collect(),
            thresholds: f.heads.iter().map(|h| h.threshold).collect(),
        })
    }

    /// Weight of feature `j` for code `k`.
    pub fn weight(&self, j: u32, k: usize) -> f32 {
        self.q[j as usize * ROW + k] * self.scale[k]
    }

    /// Weight of feature `j` for code `k` in quantisation steps: the
    /// weight divided by the code's scale, which is positive.
    pub fn steps(&self, j: u32, k: usize) -> f32 {
        self.q[j as usize * ROW + k]
    }

    /// Probabilities of every code for an analysed text. Explicit references
    /// to an action line decide it, and a decided C7 sub-line implies C7.
    pub fn score(&self, a: &Analysis) -> Scored {
        // Sums in quantisation steps; each code's scale applies once. With
        // a fixed-size array the compiler can keep the sums in registers
        // across the rows (it does on x86-64). The rows are summed in the
        // text's order, with no sort by feature: the terms first, divided
        // by their norm once, then the other features.
        let (terms, norm) = term_features(a, &self.vocab);
        let mut z = [0f32; ROW];
        let add = |z: &mut [f32; ROW], j: u32, v: f32| {
            let row = &self.q[j as usize * ROW..(j as usize + 1) * ROW];
            z.iter_mut().zip(row).for_each(|(zk, &qk)| *zk += qk * v);
        };
        for t in &terms {
            add(&mut z, t.feature, t.tf * t.idf);
        }
        z.iter_mut().for_each(|zk| *zk /= norm);
        let base = self.vocab.idf.len() as u32;
        for (j, v) in other_features(a, base, self.query_features) {
            add(&mut z, j, v);
        }
        for ((zk, s), b) in z.iter_mut().zip(&self.scale).zip(&self.bias) {
            *zk = *zk * s + b;
        }
        let prob = &mut [0f32; CODES.len()];
        prob.iter_mut()
            .zip(&z)
            .for_each(|(p, &v)| *p = 1.0 / (1.0 + (-v).exp()));
        for m in &a.mentions {
            prob[m.code] = prob[m.code].max(MENTION_PROB);
        }
        let c7 = 6;
        let sub = (11..19)
            .map(|k| prob[k] / self.thresholds[k].max(1e-3))
            .fold(0f32, f32::max);
        let implied = (sub * self.thresholds[c7]).min(1.0);
        prob[c7] = prob[c7].max(implied);
        Scored { prob: *prob, terms }
    }

    /// True when code `k` is an action line, SDG or GDC objective within `families`.
    pub fn in_families(k: usize, families: &[Family]) -> bool {
        families.contains(&family(k))
    }
}

/// Probability given to an action line that the text names explicitly.
pub const MENTION_PROB: f32 = 0.95;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::features::vectorize;

    /// Scoring sums the weight rows in the text's order, without building
    /// and sorting the sparse vector that training reads: the probabilities
    /// must still be those of that vector.
    #[test]
    fn scoring_in_text_order_gives_the_sparse_vectors_probabilities_issue3() {
        let engine = crate::Engine::embedded().expect("embedded model");
        let (an, m) = (&engine.analyzer, &engine.model);
        let texts = [
            "Ending violence against women and girls, and equal pay at work.",
            "Broadband for rural schools: digital skills and e-learning for teachers.",
            "Clean water, sanitation and climate adaptation in small island states.",
        ];
        for text in texts {
            let a = an.analyze_for(text, &m.vocab);
            assert!(a.mentions.is_empty(), "no explicit references in {text:?}");
            let x = vectorize(&a, &m.vocab, m.query_features);
            assert!(x.idx.windows(2).all(|w| w[0] < w[1]), "sorted features");
            let prob = m.score(&a).prob;
            // C7 may be raised by its sub-lines; every other code is the
            // plain logistic function of its weighted sum.
            for k in (0..CODES.len()).filter(|&k| k != 6) {
                let z: f32 = x
                    .idx
                    .iter()
                    .zip(&x.val)
                    .map(|(&j, &v)| m.weight(j, k) * v)
                    .sum::<f32>()
                    + m.bias[k];
                let p = 1.0 / (1.0 + (-z).exp());
                assert!(
                    (prob[k] - p).abs() < 1e-4,
                    "{text:?} {}: {} vs {p}",
                    CODES[k],
                    prob[k]
                );
            }
        }
    }

    /// Evidence ranks a code's terms by their weights in quantisation
    /// steps, which keeps their order only under a positive scale: a model
    /// file with another is refused, not misread.
    #[test]
    fn a_head_without_a_positive_scale_is_refused_issue3() {
        let file: ModelFile = serde_json::from_slice(crate::EMBEDDED_MODEL).expect("model file");
        let qf = crate::features::Analyzer::new(&crate::features::SHIPPED_SYSTEMS)
            .expect("compiles")
            .query_features();
        assert!(Model::new(&file, qf).is_ok());
        for bad in [0.0, -0.5, f32::NAN, f32::INFINITY] {
            let mut f = file.clone();
            f.heads[3].scale = bad;
            let e = Model::new(&f, qf).expect_err("refused").to_string();
            assert!(e.contains("head 3 (C4)") && e.contains("positive"), "{e}");
        }
    }
}

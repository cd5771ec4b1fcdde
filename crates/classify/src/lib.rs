//! The wsis-hub mapping engine: texts → WSIS Action Lines, SDGs and Global
//! Digital Compact objectives, each decision with the evidence behind it.
//!
//! Three signals are combined: the published SDG query systems compiled to
//! one matcher ([`query`]), lexicons and explicit references for the action
//! lines and GDC objectives (`data/classify/`), and a learned one-vs-rest
//! logistic regression over TF-IDF terms plus the query and lexicon hit
//! counts ([`train`]), whose file is shipped in `data/models/`.
#![forbid(unsafe_code)]

pub mod codes;
pub mod cv;
pub mod data;
pub mod error;
pub mod eval;
pub mod explain;
pub mod features;
pub mod framework;
pub mod model;
pub mod query;
mod sgd;
pub mod text;
pub mod train;
mod weights;
mod words;

use std::path::Path;

use rayon::prelude::*;

pub use error::{Error, Result};
pub use explain::{Classification, CodeScore, Scope};
use features::{Analysis, Analyzer, SHIPPED_SYSTEMS};
use model::{Model, ModelFile};

/// The model compiled into the binary.
const EMBEDDED_MODEL: &[u8] = include_bytes!("../../../data/models/wsis-classify.model");

/// A loaded engine: compiled query systems and a trained model. Cheap to
/// share between threads (`Send + Sync`, no interior mutability).
#[derive(Debug)]
pub struct Engine {
    analyzer: Analyzer,
    model: Model,
    version: String,
}

/// The shipped query systems named by a model, in the model's order.
pub fn systems_for(file: &ModelFile) -> Result<Vec<(&'static str, &'static str)>> {
    file.systems
        .iter()
        .map(|s| {
            let found = SHIPPED_SYSTEMS
                .iter()
                .find(|(n, _)| *n == s.name)
                .ok_or_else(|| Error::Model {
                    path: "-".into(),
                    message: format!("unknown query system {}", s.name),
                })?;
            if hex64(found.1.as_bytes()) != s.xxh3 {
                return Err(Error::Model {
                    path: "-".into(),
                    message: format!(
                        "query system {} differs from the one the model was trained with",
                        s.name
                    ),
                });
            }
            Ok(*found)
        })
        .collect()
}

/// xxh3-64 of some bytes as 16 hex digits.
pub fn hex64(b: &[u8]) -> String {
    format!("{:016x}", xxhash_rust::xxh3::xxh3_64(b))
}

impl Engine {
    /// The model compiled into the binary (from `data/models/`).
    pub fn embedded() -> Result<Engine> {
        Engine::from_bytes(EMBEDDED_MODEL, "<embedded>")
    }

    /// Loads a model file written by `train`.
    pub fn from_file(path: &Path) -> Result<Engine> {
        let bytes = std::fs::read(path).map_err(|e| Error::io(path, e))?;
        Engine::from_bytes(&bytes, &path.display().to_string())
    }

    /// Loads a model from the bytes of a model file.
    pub fn from_bytes(bytes: &[u8], name: &str) -> Result<Engine> {
        let bad = |m: String| Error::Model {
            path: name.to_string(),
            message: m,
        };
        // Parsing the model and compiling the query systems are the two
        // halves of start-up; the shipped models name exactly the shipped
        // systems, so both run at once, and a model naming others has its
        // own compiled afterwards. Compiling is the longer half: it runs on
        // this thread, and the model is left for another to take.
        let (shipped, file) = rayon::join(
            || Analyzer::new(&SHIPPED_SYSTEMS),
            || serde_json::from_slice::<ModelFile>(bytes),
        );
        let file = file.map_err(|e| bad(e.to_string()))?;
        let at = |e: Error| match e {
            Error::Model { message, .. } => bad(message),
            other => other,
        };
        let systems = systems_for(&file).map_err(at)?;
        let analyzer = if systems[..] == SHIPPED_SYSTEMS[..] {
            shipped?
        } else {
            Analyzer::new(&systems)?
        };
        let model = Model::new(&file, analyzer.query_features()).map_err(at)?;
        let version = format!(
            "wsis-classify {} model {}",
            env!("CARGO_PKG_VERSION"),
            &hex64(bytes)[..12]
        );
        Ok(Engine {
            analyzer,
            model,
            version,
        })
    }

    /// Builds an engine from a freshly trained model (no file round trip).
    pub fn from_model(file: &ModelFile) -> Result<Engine> {
        let bytes = serde_json::to_vec(file).map_err(|e| Error::Invalid(e.to_string()))?;
        Engine::from_bytes(&bytes, "<trained>")
    }

    /// Engine and model version, stored beside each suggestion.
    pub fn version(&self) -> &str {
        &self.version
    }

    /// Decided codes (above their thresholds, with evidence), best first;
    /// with `explain` also the near misses.
    pub fn classify(&self, text: &str, scope: Scope, explain: bool) -> Classification {
        let a = self.analyzer.analyze_for(text, &self.model.vocab);
        explain::decide(&self.model, &a, text, scope, explain)
    }

    /// Classifies many texts in parallel (rayon), in input order.
    pub fn classify_batch(
        &self,
        texts: &[&str],
        scope: Scope,
        explain: bool,
    ) -> Vec<Classification> {
        texts
            .par_iter()
            .map(|t| self.classify(t, scope, explain))
            .collect()
    }

    /// Classifies many texts in parallel and maps each result with `f`
    /// (given the text's index) on the same worker, e.g. to serialise it, so
    /// that the caller's single thread only writes bytes.
    pub fn map_batch<T, F>(&self, texts: &[&str], scope: Scope, explain: bool, f: F) -> Vec<T>
    where
        T: Send,
        F: Fn(usize, Classification) -> T + Sync + Send,
    {
        texts
            .par_iter()
            .enumerate()
            .map(|(i, t)| f(i, self.classify(t, scope, explain)))
            .collect()
    }

    /// Per-code probabilities of a text, in [`codes::CODES`] order (for evaluation).
    pub fn probabilities(&self, text: &str) -> Vec<f32> {
        let a = self.analyzer.analyze_for(text, &self.model.vocab);
        self.model.score(&a).prob.to_vec()
    }

    /// Decision thresholds per code, in [`codes::CODES`] order.
    pub fn thresholds(&self) -> &[f32] {
        &self.model.thresholds
    }

    /// Analyses a text (tokens, clause hits, terms) with this engine's systems.
    pub fn analyze(&self, text: &str) -> Analysis {
        self.analyzer.analyze(text)
    }
}

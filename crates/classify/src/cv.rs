//! K-fold cross-validation: train on the fixed base examples plus K-1 folds
//! (thresholds tuned inside the training folds only), score the held-out
//! fold; folds are split by text, so no text is ever scored by a model that
//! saw it.

use std::collections::HashSet;

use rayon::prelude::*;

use crate::codes::Family;
use crate::data::{LabelledText, SdgRow, labelled_examples, sdg_examples};
use crate::error::{Error, Result};
use crate::eval::{Report, best, decided, labelled_report, scope_of, sdg_report};
use crate::features::{Analyzer, SHIPPED_SYSTEMS, shipped_system_info};
use crate::train::{Example, TrainConfig, folds, train_analysed};
use crate::{Engine, Scope};

/// What is cross-validated.
pub enum CvSet<'a> {
    /// SDG benchmark rows (folds split by text).
    Sdg(&'a [SdgRow]),
    /// Labelled texts of one family.
    Labelled(&'a [LabelledText], Family),
}

/// K-fold cross-validation: for each fold, train on `base` plus the other
/// folds (thresholds tuned inside the training folds only), then score the fold.
pub fn cross_validate(
    set: CvSet<'_>,
    base: &[Example],
    k: usize,
    cfg: &TrainConfig,
) -> Result<Report> {
    if k < 2 {
        return Err(Error::Invalid(format!(
            "cross-validation needs at least 2 folds, got {k}"
        )));
    }
    let an = Analyzer::new(&SHIPPED_SYSTEMS)?;
    let systems = shipped_system_info();
    let eval_ex = match &set {
        CvSet::Sdg(rows) => sdg_examples(rows),
        CvSet::Labelled(items, _) => labelled_examples(items),
    };
    let all: Vec<&Example> = base.iter().chain(&eval_ex).collect();
    let analyses: Vec<_> = all.par_iter().map(|e| an.analyze(&e.text)).collect();
    let ev: Vec<&Example> = eval_ex.iter().collect();
    let fold = folds(&ev, k, cfg.seed);
    let nb = base.len();
    let mut sdg_rows = Vec::new();
    let mut lab_rows = Vec::new();
    for f in 0..k {
        let idx: Vec<usize> = (0..all.len())
            .filter(|&i| i < nb || fold[i - nb] != f)
            .collect();
        let docs: Vec<_> = idx.iter().map(|&i| &analyses[i]).collect();
        let ex: Vec<&Example> = idx.iter().map(|&i| all[i]).collect();
        let mf = train_analysed(&an, &docs, &ex, Vec::new(), cfg, &systems)?;
        let engine = Engine::from_model(&mf)?;
        let held: HashSet<&str> = ev
            .iter()
            .enumerate()
            .filter(|(i, _)| fold[*i] == f)
            .map(|(_, e)| e.text.as_str())
            .collect();
        match &set {
            CvSet::Sdg(rows) => {
                let r: Vec<&SdgRow> = rows
                    .iter()
                    .filter(|r| held.contains(r.text.as_str()))
                    .collect();
                let preds: Vec<bool> = r
                    .par_iter()
                    .map(|r| decided(&engine, &r.text, Scope::Sdgs).contains(&r.code))
                    .collect();
                sdg_rows.extend(r.iter().zip(preds).map(|(r, p)| (r.code, p, r.label)));
            }
            CvSet::Labelled(items, fam) => {
                let r: Vec<&LabelledText> = items
                    .iter()
                    .filter(|i| held.contains(i.text.as_str()))
                    .collect();
                let scored: Vec<_> = r
                    .par_iter()
                    .map(|it| {
                        let d = decided(&engine, &it.text, scope_of(*fam));
                        (it.labels.clone(), d, best(&engine, &it.text, *fam))
                    })
                    .collect();
                lab_rows.extend(scored);
            }
        }
    }
    Ok(match set {
        CvSet::Sdg(_) => sdg_report(sdg_rows.into_iter()),
        CvSet::Labelled(_, fam) => labelled_report(lab_rows.into_iter(), fam),
    })
}

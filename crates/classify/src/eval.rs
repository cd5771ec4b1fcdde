//! Evaluation: confusion counts and their metrics per code and macro, on the
//! SDG benchmark format and on labelled action-line texts, with or without
//! cross-validation ([`crate::cv`]).

use std::collections::HashSet;
use std::fmt::Write;

use rayon::prelude::*;
use serde::Serialize;

use crate::codes::{CODES, Family, family};
use crate::data::{LabelledText, SdgRow};
use crate::{Engine, Scope};

/// Counts of a binary decision against the truth.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Confusion {
    /// Decided and true.
    pub tp: usize,
    /// Decided, not true.
    pub fp: usize,
    /// Not decided, not true.
    pub tn: usize,
    /// Not decided, true.
    pub fn_: usize,
}

fn ratio(a: usize, b: usize) -> f64 {
    if b == 0 { 0.0 } else { a as f64 / b as f64 }
}

impl Confusion {
    /// Counts one decision.
    pub fn add(&mut self, decided: bool, truth: bool) {
        match (decided, truth) {
            (true, true) => self.tp += 1,
            (true, false) => self.fp += 1,
            (false, false) => self.tn += 1,
            (false, true) => self.fn_ += 1,
        }
    }
    /// Share of correct decisions.
    pub fn accuracy(&self) -> f64 {
        ratio(self.tp + self.tn, self.tp + self.fp + self.tn + self.fn_)
    }
    /// tp / (tp + fp), 0 when nothing was decided.
    pub fn precision(&self) -> f64 {
        ratio(self.tp, self.tp + self.fp)
    }
    /// tp / (tp + fn), 0 when nothing is true.
    pub fn recall(&self) -> f64 {
        ratio(self.tp, self.tp + self.fn_)
    }
    /// Harmonic mean of precision and recall, 0 when both are 0.
    pub fn f1(&self) -> f64 {
        let (p, r) = (self.precision(), self.recall());
        if p + r == 0.0 {
            0.0
        } else {
            2.0 * p * r / (p + r)
        }
    }
}

/// Metrics of one evaluation.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Report {
    /// Per code with support or decisions, in code order.
    pub per_code: Vec<(String, Confusion)>,
    /// Rows (SDG format) or texts (labelled format) scored.
    pub rows: usize,
    /// Rows whose decision was right (SDG format).
    pub correct: usize,
    /// Texts whose best action line is one of their labels (labelled format).
    pub top1: Option<usize>,
}

impl Report {
    /// Overall accuracy (SDG format: rows right / rows).
    pub fn accuracy(&self) -> f64 {
        ratio(self.correct, self.rows)
    }
    /// Unweighted mean of a metric over the codes with support.
    pub fn macro_avg(&self, m: impl Fn(&Confusion) -> f64) -> f64 {
        let v: Vec<f64> = self
            .per_code
            .iter()
            .filter(|(_, c)| c.tp + c.fn_ > 0)
            .map(|(_, c)| m(c))
            .collect();
        if v.is_empty() {
            0.0
        } else {
            v.iter().sum::<f64>() / v.len() as f64
        }
    }
    /// A plain-text table.
    pub fn to_text(&self) -> String {
        let mut s = String::new();
        let _ = writeln!(
            s,
            "{:<18} {:>5} {:>5} {:>5} {:>5}  {:>6} {:>6} {:>6} {:>6}",
            "code", "tp", "fp", "tn", "fn", "acc", "prec", "rec", "f1"
        );
        for (code, c) in &self.per_code {
            let _ = writeln!(
                s,
                "{:<18} {:>5} {:>5} {:>5} {:>5}  {:>6.3} {:>6.3} {:>6.3} {:>6.3}",
                code,
                c.tp,
                c.fp,
                c.tn,
                c.fn_,
                c.accuracy(),
                c.precision(),
                c.recall(),
                c.f1()
            );
        }
        let _ = writeln!(
            s,
            "{:<18} {:>29}  {:>6.3} {:>6.3} {:>6.3} {:>6.3}",
            "macro",
            "",
            self.macro_avg(Confusion::accuracy),
            self.macro_avg(Confusion::precision),
            self.macro_avg(Confusion::recall),
            self.macro_avg(Confusion::f1)
        );
        if let Some(t) = self.top1 {
            let _ = writeln!(
                s,
                "texts {}  top-1 accuracy {:.3} ({t}/{})",
                self.rows,
                ratio(t, self.rows),
                self.rows
            );
        } else {
            let _ = writeln!(
                s,
                "rows {}  accuracy {:.3} ({}/{})",
                self.rows,
                self.accuracy(),
                self.correct,
                self.rows
            );
        }
        s
    }
}

/// Codes decided for a text within a scope.
pub(crate) fn decided(engine: &Engine, text: &str, scope: Scope) -> HashSet<usize> {
    engine
        .classify(text, scope, false)
        .codes
        .iter()
        .filter_map(|c| crate::codes::index(&c.code))
        .collect()
}

/// Scores SDG benchmark rows: right when (SDG decided) equals the label.
pub fn eval_sdg(engine: &Engine, rows: &[&SdgRow]) -> Report {
    let preds: Vec<bool> = rows
        .par_iter()
        .map(|r| decided(engine, &r.text, Scope::Sdgs).contains(&r.code))
        .collect();
    sdg_report(rows.iter().zip(preds).map(|(r, p)| (r.code, p, r.label)))
}

/// A report from (code, decided, truth) rows.
pub fn sdg_report(rows: impl Iterator<Item = (usize, bool, bool)>) -> Report {
    let mut per = vec![Confusion::default(); CODES.len()];
    let mut rep = Report::default();
    for (k, p, y) in rows {
        per[k].add(p, y);
        rep.rows += 1;
        rep.correct += usize::from(p == y);
    }
    rep.per_code = per
        .into_iter()
        .enumerate()
        .filter(|(_, c)| *c != Confusion::default())
        .map(|(k, c)| (CODES[k].to_string(), c))
        .collect();
    rep
}

/// The scope covering one family.
pub(crate) fn scope_of(fam: Family) -> Scope {
    match fam {
        Family::ActionLine => Scope::ActionLines,
        Family::Sdg => Scope::Sdgs,
        Family::Gdc => Scope::Gdc,
    }
}

/// The family's highest-scoring code for a text (ties: the first code).
pub(crate) fn best(engine: &Engine, text: &str, fam: Family) -> usize {
    let p = engine.probabilities(text);
    (0..CODES.len())
        .filter(|&k| family(k) == fam)
        .max_by(|&a, &b| p[a].total_cmp(&p[b]).then(b.cmp(&a)))
        .unwrap_or(0)
}

/// Scores labelled texts on one family: top-1 (best code among the labels)
/// and per-code decisions.
pub fn eval_labelled(engine: &Engine, items: &[&LabelledText], fam: Family) -> Report {
    let scope = scope_of(fam);
    let out: Vec<(HashSet<usize>, usize)> = items
        .par_iter()
        .map(|it| {
            (
                decided(engine, &it.text, scope),
                best(engine, &it.text, fam),
            )
        })
        .collect();
    labelled_report(
        items
            .iter()
            .zip(out)
            .map(|(it, (d, b))| (it.labels.clone(), d, b)),
        fam,
    )
}

/// A report from (labels, decided codes, best code) per text.
pub fn labelled_report(
    items: impl Iterator<Item = (Vec<usize>, HashSet<usize>, usize)>,
    fam: Family,
) -> Report {
    let mut per = vec![Confusion::default(); CODES.len()];
    let mut rep = Report {
        top1: Some(0),
        ..Report::default()
    };
    for (labels, dec, best) in items {
        rep.rows += 1;
        if labels.contains(&best) {
            rep.top1 = rep.top1.map(|t| t + 1);
        }
        for (k, c) in per
            .iter_mut()
            .enumerate()
            .filter(|(k, _)| family(*k) == fam)
        {
            c.add(dec.contains(&k), labels.contains(&k));
        }
    }
    rep.per_code = per
        .into_iter()
        .enumerate()
        .filter(|(_, c)| c.tp + c.fp + c.fn_ > 0)
        .map(|(k, c)| (CODES[k].to_string(), c))
        .collect();
    rep
}

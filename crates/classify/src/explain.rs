//! Decisions with their evidence: the phrases, clauses and terms of the text
//! that drove each code's score.

use serde::Serialize;

use crate::codes::{CODES, Family, family};
use crate::features::Analysis;
use crate::model::Model;

/// Which codes to decide on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    /// Action lines, SDGs and GDC objectives.
    All,
    /// WSIS Action Lines and C7 sub-lines only.
    ActionLines,
    /// SDGs only.
    Sdgs,
    /// GDC objectives only.
    Gdc,
}

impl Scope {
    /// True when the scope covers code index `k`.
    pub fn covers(self, k: usize) -> bool {
        match self {
            Scope::All => true,
            Scope::ActionLines => family(k) == Family::ActionLine,
            Scope::Sdgs => family(k) == Family::Sdg,
            Scope::Gdc => family(k) == Family::Gdc,
        }
    }
}

/// One code with its score and evidence.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct CodeScore {
    /// Framework code, e.g. `SDG5` or `C7.e-health`.
    pub code: String,
    /// Probability-like score in 0–1.
    pub score: f32,
    /// Excerpts of the text that drove the score.
    pub evidence: Vec<String>,
}

/// The decision for one text.
#[derive(Debug, Clone, Serialize, PartialEq, Default)]
pub struct Classification {
    /// Decided codes, best first.
    pub codes: Vec<CodeScore>,
    /// With `explain`: codes that came close, best first.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub near_misses: Vec<CodeScore>,
}

/// Most evidence items per code.
const MAX_EVIDENCE: usize = 6;
/// Near misses shown with `explain`.
const MAX_NEAR: usize = 5;

/// The evidence for code `k`: explicit references, matching query and
/// lexicon clauses, then the terms with the largest positive contribution.
pub fn evidence(model: &Model, a: &Analysis, text: &str, k: usize) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut lower: Vec<String> = Vec::new();
    let mut push = |e: &str| {
        let e = e.trim();
        if e.is_empty() || out.len() >= MAX_EVIDENCE {
            return;
        }
        // Skip what an earlier, longer excerpt already shows ("Gender" after "Gender-based violence").
        let low = e.to_lowercase();
        if !lower.iter().any(|o| o.contains(&low)) {
            out.push(e.to_string());
            lower.push(low);
        }
    };
    // A C7 sub-line's evidence also stands for C7.
    let also = |c: usize| c == k || (k == 6 && (11..19).contains(&c));
    for h in a.mentions.iter().chain(&a.hits).filter(|h| also(h.code)) {
        for &(from, to) in h.spans.iter().take(2) {
            push(a.toks.excerpt(text, from as usize, to as usize));
        }
    }
    // Rank the text's terms by weight × TF-IDF (the vector's norm does not change the order).
    let mut contrib: Vec<(f32, usize)> = Vec::new();
    for (i, t) in a.terms.iter().enumerate() {
        if let Some(&j) = model.vocab.ids.get(&t.key) {
            let c =
                model.weight(j, k) * (1.0 + (t.count as f32).ln()) * model.vocab.idf[j as usize];
            if c > 0.0 {
                contrib.push((c, i));
            }
        }
    }
    contrib.sort_unstable_by(|x, y| y.0.total_cmp(&x.0).then(x.1.cmp(&y.1)));
    for &(_, i) in contrib.iter().take(MAX_EVIDENCE) {
        let (from, to) = a.terms[i].first;
        push(a.toks.excerpt(text, from as usize, to as usize));
    }
    out
}

/// Decides the codes of an analysed text within `scope`.
pub fn decide(
    model: &Model,
    a: &Analysis,
    text: &str,
    scope: Scope,
    explain: bool,
) -> Classification {
    let s = model.score(a);
    let mut order: Vec<usize> = (0..CODES.len()).filter(|&k| scope.covers(k)).collect();
    order.sort_by(|&x, &y| s.prob[y].total_cmp(&s.prob[x]).then(x.cmp(&y)));
    let mut out = Classification::default();
    for k in order {
        let p = s.prob[k];
        let t = model.thresholds[k];
        let decided = p >= t;
        if !decided && (!explain || p < 0.5 * t || out.near_misses.len() >= MAX_NEAR) {
            continue;
        }
        let ev = evidence(model, a, text, k);
        let cs = CodeScore {
            code: CODES[k].to_string(),
            score: round3(p),
            evidence: ev,
        };
        // A code is only decided with evidence a person can check.
        if decided && !cs.evidence.is_empty() {
            out.codes.push(cs);
        } else if explain && out.near_misses.len() < MAX_NEAR {
            out.near_misses.push(cs);
        }
    }
    out
}

fn round3(x: f32) -> f32 {
    (x * 1000.0).round() / 1000.0
}

//! Decisions with their evidence: the phrases, clauses and terms of the text
//! that drove each code's score.

use serde::Serialize;
use smallvec::SmallVec;

use crate::codes::{CODES, Family, family};
use crate::features::Analysis;
use crate::model::{Model, Scored};

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
pub fn evidence(model: &Model, a: &Analysis, s: &Scored, text: &str, k: usize) -> Vec<String> {
    let mut out: Vec<String> = Vec::with_capacity(MAX_EVIDENCE);
    // Token ranges of the excerpts in `out`. This list and the next live on
    // the stack: each decided code made them, and their allocations were a
    // tenth of the engine's.
    let mut shown: SmallVec<[(u32, u32); MAX_EVIDENCE]> = SmallVec::new();
    // Many clauses point at the same words ("women" in five systems): each
    // token range is considered once.
    let mut tried: SmallVec<[(u32, u32); 16]> = SmallVec::new();
    let mut push = |from: u32, to: u32| {
        if out.len() >= MAX_EVIDENCE || tried.contains(&(from, to)) {
            return;
        }
        tried.push((from, to));
        // An empty excerpt is also what a range outside the text gives. An
        // excerpt runs from a word's first character to a word's last, so
        // there is no white space at its ends to trim.
        let e = a.toks.excerpt(text, from as usize, to as usize);
        if e.is_empty() {
            return;
        }
        // Skip what an earlier, longer excerpt already shows ("Gender" after
        // "Gender-based violence", "child" after "children"). Words are
        // compared as the tokeniser lower-cased them, so no excerpt is
        // copied or lower-cased only to be compared.
        if !shown
            .iter()
            .any(|&earlier| holds_run(a, earlier, (from, to)))
        {
            out.push(e.to_string());
            shown.push((from, to));
        }
    };
    // A C7 sub-line's evidence also stands for C7.
    let also = |c: usize| c == k || (k == 6 && (11..19).contains(&c));
    for h in a.mentions.iter().chain(&a.hits).filter(|h| also(h.code)) {
        for &(from, to) in h.spans.iter().take(2) {
            push(from, to);
        }
    }
    for &(_, i) in &best_terms(model, s, k) {
        let (from, to) = a.terms[i as usize].first;
        push(from, to);
    }
    out
}

/// The text's terms with the largest positive weight × TF-IDF for code
/// `k`, best first, as (contribution in weight steps, index in
/// [`Analysis::terms`]), ties by first occurrence. Neither the vector's
/// norm nor the code's positive quantisation scale changes the order.
///
/// Only the first few are shown, so they are picked in one pass rather than
/// by sorting them all: a term must beat the last place (zero while places
/// are free), takes the last place (free, or that of the term it beats) and
/// moves up past those it beats; terms come in index order, so a later
/// equal score stays after.
fn best_terms(model: &Model, s: &Scored, k: usize) -> SmallVec<[(f32, u32); MAX_EVIDENCE]> {
    let mut top = [(0f32, 0u32); MAX_EVIDENCE];
    let mut n = 0;
    let mut floor = 0f32;
    for t in &s.terms {
        let c = model.steps(t.feature, k) * (t.tf * t.idf);
        if c > floor {
            let mut i = n.min(MAX_EVIDENCE - 1);
            top[i] = (c, t.term);
            while i > 0 && top[i - 1].0 < c {
                top.swap(i - 1, i);
                i -= 1;
            }
            n = (n + 1).min(MAX_EVIDENCE);
            if n == MAX_EVIDENCE {
                floor = top[MAX_EVIDENCE - 1].0;
            }
        }
    }
    SmallVec::from_buf_and_len(top, n)
}

/// True when the words of token range `inner` are those of a run of
/// `outer`, in order, except that its last word may be the beginning of
/// the run's last: "child" is held by "children", "labour market" by
/// "labour markets", but "man" not by "human", nor "child labour" by
/// "children labourers".
fn holds_run(a: &Analysis, outer: (u32, u32), inner: (u32, u32)) -> bool {
    let n = inner.1 - inner.0;
    // As bytes: a prefix of bytes is a prefix of characters here (both are
    // whole words), and cutting bytes checks no character boundaries.
    let word = |i: u32| a.toks.word_at(i as usize);
    (outer.0..(outer.1 + 1).saturating_sub(n)).any(|s| {
        (0..n).all(|i| {
            let (o, w) = (word(s + i), word(inner.0 + i));
            if i + 1 == n { o.starts_with(w) } else { o == w }
        })
    })
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
    // Only decided codes and, with `explain`, those within reach of their
    // threshold are shown: sort just those.
    let shown = |k: usize| {
        let (p, t) = (s.prob[k], model.thresholds[k]);
        p >= t || (explain && p >= 0.5 * t)
    };
    let mut order: SmallVec<[usize; 64]> = (0..CODES.len())
        .filter(|&k| scope.covers(k) && shown(k))
        .collect();
    order.sort_by(|&x, &y| s.prob[y].total_cmp(&s.prob[x]).then(x.cmp(&y)));
    let mut out = Classification::default();
    for k in order {
        let p = s.prob[k];
        let t = model.thresholds[k];
        let decided = p >= t;
        if !decided && (!explain || p < 0.5 * t || out.near_misses.len() >= MAX_NEAR) {
            continue;
        }
        let ev = evidence(model, a, &s, text, k);
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::features::Analyzer;

    /// An excerpt is held by an earlier one that shows its words, in order
    /// (the last may be the beginning of a longer word), wherever in the
    /// text it stands; a word is not held by another that only contains
    /// its letters ("man" in "human"), as it was when the rule compared
    /// lower-cased strings.
    #[test]
    fn an_excerpt_is_held_only_by_one_showing_its_words_issue3() {
        let system = "system,code,query_id,query\nt,SDG5,1,women\n";
        let an = Analyzer::new(&[("t", system)]).expect("compiles");
        // human 0, rights 1, a 2, man 3, gender 4, based 5, violence 6,
        // against 7, women 8, violence 9, children 10, and 11, a 12, child 13,
        // children 14, labourers 15, child 16, labour 17
        let a = an.analyze(
            "Human rights; a man. Gender-based violence against women. Violence! \
             Children and a child. Children labourers, child labour.",
        );
        assert_eq!(a.toks.len(), 18);
        assert!(holds_run(&a, (16, 18), (13, 14)), "child in child labour");
        assert!(
            holds_run(&a, (14, 16), (17, 18)),
            "labour in children labourers"
        );
        assert!(
            !holds_run(&a, (14, 16), (16, 18)),
            "child labour not in children labourers"
        );
        assert!(holds_run(&a, (10, 11), (13, 14)), "child in children");
        assert!(!holds_run(&a, (13, 14), (10, 11)), "children not in child");
        assert!(holds_run(&a, (4, 9), (6, 7)), "a word within");
        assert!(
            holds_run(&a, (4, 9), (9, 10)),
            "the same word elsewhere, other case"
        );
        assert!(holds_run(&a, (4, 9), (6, 9)), "a run at the end");
        assert!(holds_run(&a, (4, 9), (4, 9)), "itself");
        assert!(!holds_run(&a, (0, 1), (3, 4)), "man is not in human");
        assert!(
            !holds_run(&a, (6, 8), (8, 9)),
            "women is not in violence against"
        );
        assert!(
            !holds_run(&a, (4, 6), (4, 7)),
            "a longer run is not in a shorter"
        );
        assert!(!holds_run(&a, (6, 9), (8, 10)), "a run past the end");
    }

    /// A clause span outside the text (or reversed) gives no excerpt and
    /// stops nothing: the evidence function is public and its analysis's
    /// hits are public fields. The word comparison once ran before the
    /// excerpt's bounds check and indexed past the tokens.
    #[test]
    fn spans_outside_the_text_give_no_evidence_issue3() {
        let e = crate::Engine::embedded().expect("loads");
        let text = "Gender-based violence against women.";
        let mut a = e.analyzer.analyze_for(text, &e.model.vocab);
        let s = e.model.score(&a);
        let sdg5 = crate::codes::index("SDG5").expect("a code");
        let hit = |spans: Vec<(u32, u32)>| crate::query::ClauseHit {
            system: 0,
            code: sdg5,
            spans: spans.into(),
        };
        // A real excerpt first, so that later ones are compared with it.
        a.hits.insert(0, hit(vec![(0, 1), (40, 42)]));
        a.hits.insert(1, hit(vec![(3, 1), (4, 9)]));
        let ev = evidence(&e.model, &a, &s, text, sdg5);
        assert_eq!(ev.first().map(String::as_str), Some("Gender"));
        assert!(ev.iter().all(|x| text.contains(x.as_str())), "{ev:?}");
    }

    /// The best terms are picked in one pass; they must be those a full
    /// sort of every term's contribution gives, ties by first occurrence.
    #[test]
    fn the_best_terms_are_those_a_full_sort_gives_issue3() {
        let e = crate::Engine::embedded().expect("loads");
        let demo: serde_json::Value =
            serde_json::from_str(include_str!("../../../data/demo/initiatives.json"))
                .expect("JSON");
        let mut checked = 0;
        for item in demo.as_array().expect("a list") {
            let text = item["description"].as_str().unwrap_or_default();
            let a = e.analyzer.analyze_for(text, &e.model.vocab);
            let s = e.model.score(&a);
            for (k, code) in CODES.iter().enumerate() {
                let mut all: Vec<(f32, u32)> = s
                    .terms
                    .iter()
                    .map(|t| (e.model.steps(t.feature, k) * (t.tf * t.idf), t.term))
                    .filter(|x| x.0 > 0.0)
                    .collect();
                all.sort_by(|x, y| y.0.total_cmp(&x.0).then(x.1.cmp(&y.1)));
                all.truncate(MAX_EVIDENCE);
                let best = best_terms(&e.model, &s, k);
                assert_eq!(&best[..], &all[..], "{text:.40} {code}");
                checked += usize::from(all.len() == MAX_EVIDENCE);
            }
        }
        assert!(checked > 100, "{checked} full lists");
    }
}

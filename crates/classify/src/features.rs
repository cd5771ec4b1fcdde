//! Text analysis and the model's feature space.
//!
//! One analysis per text: tokens, the query-system and lexicon clauses that
//! hold, and the word uni- and bigrams (stop words dropped, plurals folded)
//! with where they first occur, so that every feature can be traced back to
//! the text as evidence.

use crate::codes::CODES;
use crate::hash::FxMap;
use crate::query::{ClauseHit, QuerySet};
use std::collections::hash_map::Entry;
use std::sync::atomic::{AtomicU64, Ordering};

use crate::text::{Tokens, bigram_key, is_stopword, stem, stem_parts, term_hash, term_key};
use crate::words::{Kind, WordInfo, with_cache};

/// Query systems compiled into the binary, as (name, CSV text). Only systems
/// whose licence allows redistribution are shipped (see data/classify/SOURCES.md).
pub const SHIPPED_SYSTEMS: [(&str, &str); 5] = [
    (
        "aurora",
        include_str!("../../../data/classify/queries/aurora.csv"),
    ),
    (
        "siris",
        include_str!("../../../data/classify/queries/siris.csv"),
    ),
    (
        "elsevier",
        include_str!("../../../data/classify/queries/elsevier.csv"),
    ),
    (
        "sdgo",
        include_str!("../../../data/classify/queries/sdgo.csv"),
    ),
    (
        "wsis-lexicon",
        include_str!("../../../data/classify/lexicon.csv"),
    ),
];

/// Explicit references to action lines ("Action Line C7", "C7 e-health",
/// official titles): decisive rules rather than learned features.
pub const MENTIONS: &str = include_str!("../../../data/classify/mentions.csv");

/// A word uni- or bigram of a text and where it first occurs.
#[derive(Debug, Clone)]
pub struct Term {
    /// Key of the stemmed form ([`term_key`]).
    pub key: u64,
    /// Token range of its first occurrence.
    pub first: (u32, u32),
    /// Occurrences in the text.
    pub count: u32,
}

/// Everything the model and the explanations need from one text.
#[derive(Debug)]
pub struct Analysis {
    /// The text's tokens.
    pub toks: Tokens,
    /// Query-system and lexicon clauses that hold.
    pub hits: Vec<ClauseHit>,
    /// Explicit action-line references that hold.
    pub mentions: Vec<ClauseHit>,
    /// Uni- and bigrams, in first-occurrence order.
    pub terms: Vec<Term>,
}

/// Source of analyser identities, which key the per-thread word caches.
static NEXT_ID: AtomicU64 = AtomicU64::new(1);

/// Analyses texts with the compiled query systems.
#[derive(Debug)]
pub struct Analyzer {
    /// Feature query systems (SDG systems and the WSIS lexicon).
    pub queries: QuerySet,
    /// Explicit-reference rules.
    pub mentions: QuerySet,
    id: u64,
}

impl Analyzer {
    /// Compiles the given feature systems and the shipped mention rules.
    pub fn new(systems: &[(&str, &str)]) -> crate::Result<Analyzer> {
        Ok(Analyzer {
            queries: QuerySet::from_csv(systems)?,
            mentions: QuerySet::from_csv(&[("wsis-mention", MENTIONS)])?,
            id: NEXT_ID.fetch_add(1, Ordering::Relaxed),
        })
    }

    fn word_info(&self, w: &str) -> WordInfo {
        let kind = if is_stopword(w) {
            Kind::Stop
        } else if w.len() < 2 || w.bytes().all(|c| c.is_ascii_digit()) {
            Kind::Break
        } else {
            Kind::Term
        };
        let (base, suffix) = stem_parts(w);
        WordInfo {
            queries: self.queries.word_patterns(w),
            mentions: self.mentions.word_patterns(w),
            kind,
            key: term_hash(&[base, suffix]),
        }
    }

    /// Analyses one text.
    pub fn analyze(&self, text: &str) -> Analysis {
        let toks = Tokens::new(text);
        with_cache(self.id, |c| {
            let ids: Vec<u32> = toks
                .words()
                .map(|w| c.lookup(w, || self.word_info(w)))
                .collect();
            let mut slots = std::mem::take(&mut c.slots);
            let words: Vec<&crate::words::Word> = ids.iter().map(|&i| c.word(i)).collect();
            let hits = self
                .queries
                .matches_with(words.iter().map(|w| c.queries(w)), &mut slots);
            let mentions = self
                .mentions
                .matches_with(words.iter().map(|w| c.mentions(w)), &mut slots);
            let terms = terms(words.iter().map(|w| (w.kind, w.key)));
            c.slots = slots;
            Analysis {
                toks,
                hits,
                mentions,
                terms,
            }
        })
    }

    /// Number of query-feature slots (systems × codes).
    pub fn query_features(&self) -> usize {
        self.queries.systems().len() * CODES.len()
    }
}

/// Uni- and bigrams from each token's kind and stem key. A stop word breaks
/// no bigram ("access to information" → "access information"), but numbers
/// and single letters do.
fn terms(words: impl Iterator<Item = (Kind, u64)>) -> Vec<Term> {
    let mut out: Vec<Term> = Vec::with_capacity(128);
    let mut index: FxMap<u64, usize> = FxMap::with_capacity_and_hasher(256, Default::default());
    // One probe per term: most of a text's terms are new to it.
    let mut add = |key: u64, first: (u32, u32)| match index.entry(key) {
        Entry::Occupied(e) => out[*e.get()].count += 1,
        Entry::Vacant(e) => {
            e.insert(out.len());
            out.push(Term {
                key,
                first,
                count: 1,
            });
        }
    };
    let mut prev: Option<(u64, u32)> = None;
    for (i, (kind, key)) in words.enumerate() {
        let i = i as u32;
        match kind {
            Kind::Break => prev = None,
            Kind::Stop => {}
            Kind::Term => {
                if let Some((pk, pi)) = prev.take() {
                    add(bigram_key(pk, key), (pi, i + 1));
                }
                add(key, (i, i + 1));
                prev = Some((key, i));
            }
        }
    }
    out
}

/// The stemmed text of a term from its first occurrence (for the vocabulary file).
pub fn term_text(toks: &Tokens, first: (u32, u32)) -> String {
    let (a, b) = (first.0 as usize, first.1 as usize);
    if b - a == 1 {
        stem(toks.word(a))
    } else {
        format!("{} {}", stem(toks.word(a)), stem(toks.word(b - 1)))
    }
}

/// A sparse feature vector, indices ascending.
#[derive(Debug, Clone, Default)]
pub struct Sparse {
    /// Feature indices.
    pub idx: Vec<u32>,
    /// Values.
    pub val: Vec<f32>,
}

/// The vocabulary and its inverse document frequencies.
#[derive(Debug, Clone, Default)]
pub struct Vocab {
    /// Term hash → (feature index, inverse document frequency): the two
    /// are read together, and in one entry they cost one cache miss, not two.
    pub ids: FxMap<u64, (u32, f32)>,
    /// Inverse document frequency per term.
    pub idf: Vec<f32>,
    /// Stemmed terms in feature order.
    pub terms: Vec<String>,
}

impl Vocab {
    /// Keeps terms in at least `min_df` documents, at most `max` of them
    /// (most frequent first, ties by term, so the vocabulary is deterministic).
    pub fn build(docs: &[&Analysis], min_df: u32, max: usize) -> Vocab {
        let mut df: FxMap<u64, (u32, usize, (u32, u32))> = FxMap::default();
        for (d, a) in docs.iter().enumerate() {
            for t in &a.terms {
                df.entry(t.key).or_insert((0, d, t.first)).0 += 1;
            }
        }
        let mut kept: Vec<(String, u32)> = df
            .into_values()
            .filter(|&(n, _, _)| n >= min_df)
            .map(|(n, d, first)| (term_text(&docs[d].toks, first), n))
            .collect();
        kept.sort_unstable_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        kept.truncate(max);
        kept.sort_unstable_by(|a, b| a.0.cmp(&b.0));
        let n = docs.len() as f32;
        let idf = kept
            .iter()
            .map(|(_, d)| ((1.0 + n) / (1.0 + *d as f32)).ln() + 1.0)
            .collect();
        Vocab::from_terms(kept.into_iter().map(|(t, _)| t).collect(), idf)
    }

    /// A vocabulary from its terms (feature order) and IDF.
    pub fn from_terms(terms: Vec<String>, idf: Vec<f32>) -> Vocab {
        let ids = terms
            .iter()
            .zip(&idf)
            .enumerate()
            .map(|(i, (t, &f))| (term_key(t), (i as u32, f)))
            .collect();
        Vocab { ids, idf, terms }
    }
}

/// Weight of the SDG query-system features beside the unit-length TF-IDF
/// part (cross-validated: larger values let the hit counts swamp the terms).
const QUERY_SCALE: f32 = 0.25;
/// Weight of the WSIS lexicon features: the action lines have little
/// training text, so their curated phrases must count for more.
const LEXICON_SCALE: f32 = 1.0;

/// A term of the text that is in the vocabulary: what explanations need to
/// rank it without looking it up again.
#[derive(Debug, Clone, Copy)]
pub struct TermFeature {
    /// Its feature index (its place in the vocabulary).
    pub feature: u32,
    /// Its index in [`Analysis::terms`].
    pub term: u32,
    /// Its sublinear term frequency, 1 + ln(count).
    pub tf: f32,
    /// Its inverse document frequency.
    pub idf: f32,
}

/// The feature vector of an analysis: sublinear TF-IDF (unit length), then
/// log(1 + matched clauses) per query system and code, then text length.
pub fn vectorize(a: &Analysis, vocab: &Vocab, query_features: usize) -> Sparse {
    vectorize_traced(a, vocab, query_features).0
}

/// [`vectorize`], also returning the text's terms found in the vocabulary.
pub fn vectorize_traced(
    a: &Analysis,
    vocab: &Vocab,
    query_features: usize,
) -> (Sparse, Vec<TermFeature>) {
    let mut trace = Vec::with_capacity(a.terms.len());
    let mut v: Vec<(u32, f32)> = Vec::with_capacity(a.terms.len() + 16);
    for (n, t) in a.terms.iter().enumerate() {
        if let Some(&(i, idf)) = vocab.ids.get(&t.key) {
            let tf = 1.0 + (t.count as f32).ln();
            trace.push(TermFeature {
                feature: i,
                term: n as u32,
                tf,
                idf,
            });
            v.push((i, tf * idf));
        }
    }
    let norm = v.iter().map(|&(_, x)| x * x).sum::<f32>().sqrt().max(1e-6);
    v.iter_mut().for_each(|p| p.1 /= norm);
    let base = vocab.idf.len() as u32;
    let mut counts: FxMap<u32, (u32, f32)> = FxMap::default();
    for h in &a.hits {
        let scale = if h.code < 19 || h.code >= 36 {
            LEXICON_SCALE
        } else {
            QUERY_SCALE
        };
        counts
            .entry(base + (h.system * CODES.len() + h.code) as u32)
            .or_insert((0, scale))
            .0 += 1;
    }
    v.extend(
        counts
            .into_iter()
            .map(|(i, (c, s))| (i, s * (1.0 + c as f32).ln())),
    );
    let len_feature = base + query_features as u32;
    v.push((len_feature, (1.0 + a.toks.len() as f32).ln() / 5.0));
    v.sort_unstable_by_key(|p| p.0);
    let x = Sparse {
        idx: v.iter().map(|p| p.0).collect(),
        val: v.iter().map(|p| p.1).collect(),
    };
    (x, trace)
}

/// Size of the feature space for a vocabulary and query-feature count.
pub fn dims(vocab: &Vocab, query_features: usize) -> usize {
    vocab.idf.len() + query_features + 1
}

/// Names and hashes of the shipped feature systems, for a model file.
pub fn shipped_system_info() -> Vec<crate::model::SystemInfo> {
    SHIPPED_SYSTEMS
        .iter()
        .map(|(n, t)| crate::model::SystemInfo {
            name: (*n).into(),
            xxh3: crate::hex64(t.as_bytes()),
        })
        .collect()
}

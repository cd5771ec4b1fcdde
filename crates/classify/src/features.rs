//! Text analysis and the model's feature space.
//!
//! One analysis per text: tokens, the query-system and lexicon clauses that
//! hold, and the word uni- and bigrams (stop words dropped, plurals folded)
//! with where they first occur, so that every feature can be traced back to
//! the text as evidence.

use crate::codes::CODES;
use crate::query::{ClauseHit, QuerySet, source_hash};
use rustc_hash::FxHashMap as FxMap;
use smallvec::SmallVec;
use std::collections::hash_map::Entry;
use std::sync::atomic::{AtomicU64, Ordering};

use crate::text::{Tokens, bigram_key, is_stopword, stem, stem_parts, term_hash, term_key};
use crate::words::{BEGINS, ENDS, Kind, WordInfo, with_cache};

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

/// [`SHIPPED_SYSTEMS`] compiled (see `query/compiled.rs`).
pub const COMPILED_QUERIES: &[u8] = include_bytes!("../../../data/classify/queries.compiled");

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
    /// Its (feature index, IDF) in the vocabulary the text was analysed
    /// for (as the engine analyses texts to score them); [`NOT_IN_VOCAB`]
    /// otherwise.
    pub feature: (u32, f32),
}

/// Most distinct word patterns of the query systems and mention rules
/// together (the shipped ones have about 5,000).
pub const MAX_QUERY_PATTERNS: usize = u16::MAX as usize;

/// Name of the mention rules' system, compiled after the feature systems.
pub const MENTION_SYSTEM: &str = "wsis-mention";

/// The feature systems followed by the mention rules: what an analyser
/// compiles into one matcher, and what `data/classify/queries.compiled`
/// holds for the shipped systems.
pub fn with_mentions<'a>(systems: &[(&'a str, &'a str)]) -> Vec<(&'a str, &'a str)> {
    let mut all = systems.to_vec();
    all.push((MENTION_SYSTEM, MENTIONS));
    all
}

/// The feature of a term analysed without a vocabulary, or not in it.
pub const NOT_IN_VOCAB: (u32, f32) = (u32::MAX, 0.0);

/// Everything the model and the explanations need from one text.
#[derive(Debug)]
pub struct Analysis {
    /// The text's tokens.
    pub toks: Tokens,
    /// Query-system and lexicon clauses that hold.
    pub hits: Vec<ClauseHit>,
    /// Explicit action-line references that hold.
    pub mentions: Vec<ClauseHit>,
    /// Uni- and bigrams, in first-occurrence order: all of them, or, when
    /// the engine analyses a text to score it, only those in its vocabulary.
    pub terms: Vec<Term>,
    /// The vocabulary ([`Vocab::id`]) the terms were resolved against, if
    /// any. Only the engine analyses for a vocabulary, and only its own, so
    /// an analysis cannot reach a model whose vocabulary it was not cut to.
    pub(crate) vocab: Option<u64>,
}

/// Source of analyser and vocabulary identities, which key the per-thread
/// word caches.
static NEXT_ID: AtomicU64 = AtomicU64::new(1);

/// Analyses texts with the compiled query systems.
#[derive(Debug)]
pub struct Analyzer {
    /// The feature query systems (SDG systems and the WSIS lexicon), then
    /// the explicit-reference rules as one more system, in one matcher: a
    /// text's tokens are looked up and its clauses woken up once for both.
    /// Fixed once built: the word caches hold pattern ids of this set.
    queries: QuerySet,
    /// Number of feature systems: the mention rules are system number
    /// `features`, and their hits are no features of the model.
    features: usize,
    id: u64,
}

impl Analyzer {
    /// Compiles the given feature systems and the shipped mention rules.
    pub fn new(systems: &[(&str, &str)]) -> crate::Result<Analyzer> {
        let all = with_mentions(systems);
        // The shipped systems come compiled; any others, or shipped ones
        // edited since, are compiled here.
        let compiled = QuerySet::from_compiled(COMPILED_QUERIES, source_hash(&all))?;
        let queries = match compiled {
            Some(q) => q,
            None => QuerySet::from_csv(&all)?,
        };
        // A word can match no more patterns than its set has; the word
        // cache counts them in 16 bits (see `words::Word`).
        if queries.pattern_count() > MAX_QUERY_PATTERNS {
            return Err(crate::Error::Invalid(format!(
                "the query systems and mention rules have {} distinct word patterns: \
                 at most {MAX_QUERY_PATTERNS} are supported",
                queries.pattern_count(),
            )));
        }
        Ok(Analyzer {
            queries,
            features: systems.len(),
            id: NEXT_ID.fetch_add(1, Ordering::Relaxed),
        })
    }

    fn word_info(&self, w: &str, vocab: Option<&Vocab>) -> WordInfo {
        let kind = if is_stopword(w) {
            Kind::Stop
        } else if w.chars().nth(1).is_none() || w.bytes().all(|c| c.is_ascii_digit()) {
            Kind::Break
        } else {
            Kind::Term
        };
        let (base, suffix) = stem_parts(w);
        let key = term_hash(&[base, suffix]);
        let (feature, pairs) = match vocab {
            Some(v) if kind == Kind::Term => (
                v.ids.get(&key).copied().unwrap_or(NOT_IN_VOCAB),
                v.halves.get(&key).copied().unwrap_or(0),
            ),
            _ => (NOT_IN_VOCAB, 0),
        };
        WordInfo {
            queries: self.queries.word_patterns(w),
            kind,
            key,
            feature,
            pairs,
        }
    }

    /// The query systems: the feature systems, then the mention rules
    /// ([`MENTION_SYSTEM`]).
    pub fn queries(&self) -> &QuerySet {
        &self.queries
    }

    /// Analyses one text, keeping all its terms (for training).
    pub fn analyze(&self, text: &str) -> Analysis {
        self.analyze_with(text, None)
    }

    /// Analyses one text for scoring with `vocab`: only the terms in it are
    /// kept, already resolved to their features. A word's unigram feature is
    /// cached with the word, so most tokens need no vocabulary lookup, and
    /// terms are counted in a per-thread array indexed by feature instead of
    /// a hash map built for each text.
    pub(crate) fn analyze_for(&self, text: &str, vocab: &Vocab) -> Analysis {
        self.analyze_with(text, Some(vocab))
    }

    fn analyze_with(&self, text: &str, vocab: Option<&Vocab>) -> Analysis {
        let toks = Tokens::new(text);
        with_cache((self.id, vocab.map_or(0, |v| v.id)), |c| {
            let words = c.lookup_all(&toks, |w| self.word_info(w, vocab));
            // Scratch space leaves the cache while its patterns are borrowed.
            let mut scratch = std::mem::take(&mut c.scratch);
            let mut seen = std::mem::take(&mut c.features);
            let all = self
                .queries
                .matches_with(words.iter().map(|w| c.queries(w)), &mut scratch);
            // Mentions are rare: taken out of the list in place, the other
            // hits stay where they are.
            let mut hits = all;
            let mentions = hits.extract_if(.., |h| h.system == self.features).collect();
            let terms = match vocab {
                None => terms(words.iter().map(|w| (w.kind, w.key))),
                Some(v) => {
                    let kinds = words.iter().map(|w| (w.kind, w.key, (w.feature, w.pairs)));
                    vocab_terms(kinds, v, &mut seen)
                }
            };
            c.scratch = scratch;
            c.features = seen;
            Analysis {
                toks,
                hits,
                mentions,
                terms,
                vocab: vocab.map(|v| v.id),
            }
        })
    }

    /// Number of query-feature slots (feature systems × codes).
    pub fn query_features(&self) -> usize {
        self.features * CODES.len()
    }
}

/// Uni- and bigrams from each token's kind and stem key (see [`walk_terms`]).
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
                feature: NOT_IN_VOCAB,
            });
        }
    };
    walk_terms(
        words.map(|(kind, key)| (kind, key, ())),
        |bigram, key, span, ()| {
            if let Some((bigram, first)) = bigram {
                add(bigram, first);
            }
            add(key, span);
        },
    );
    out
}

/// Visits the terms of a text's tokens, given as (kind, stem key, the
/// caller's data), in first-occurrence order: for each term token, the
/// bigram it ends if any (key and token range), then its own unigram (key,
/// token range, data). A stop word breaks no bigram ("access to
/// information" → "access information"), but numbers and single letters do.
/// One call per token, so that the visitor is inlined into the loop.
fn walk_terms<T>(
    words: impl Iterator<Item = (Kind, u64, T)>,
    mut visit: impl FnMut(Option<(u64, (u32, u32))>, u64, (u32, u32), T),
) {
    let mut prev: Option<(u64, u32)> = None;
    for (i, (kind, key, data)) in words.enumerate() {
        let i = i as u32;
        match kind {
            Kind::Break => prev = None,
            Kind::Stop => {}
            Kind::Term => {
                let bigram = prev.map(|(pk, pi)| (bigram_key(pk, key), (pi, i + 1)));
                visit(bigram, key, (i, i + 1), data);
                prev = Some((key, i));
            }
        }
    }
}

/// [`terms`] restricted to the terms of `vocab`, from each token's kind,
/// stem key, unigram feature and bigram flags ([`WordInfo::pairs`]).
/// `seen` is scratch space kept between texts, one slot per feature and all
/// zero between calls: a term's slot holds its place in the output plus one.
fn vocab_terms(
    words: impl Iterator<Item = (Kind, u64, ((u32, f32), u8))>,
    vocab: &Vocab,
    seen: &mut Vec<u32>,
) -> Vec<Term> {
    if seen.len() < vocab.idf.len() {
        seen.resize(vocab.idf.len(), 0);
    }
    let mut out: Vec<Term> = Vec::with_capacity(128);
    let mut add = |key: u64, first: (u32, u32), feature: (u32, f32)| {
        let slot = &mut seen[feature.0 as usize];
        if *slot == 0 {
            out.push(Term {
                key,
                first,
                count: 1,
                feature,
            });
            *slot = out.len() as u32;
        } else {
            out[*slot as usize - 1].count += 1;
        }
    };
    // Whether the term before begins some vocabulary bigram. A pair is only
    // looked up when its first stem begins one and its second ends one:
    // about half of a text's pairs, and most lookups were misses.
    let mut begins = false;
    walk_terms(words, |bigram, key, span, (feature, pairs)| {
        if let Some((bigram, first)) = bigram
            && begins
            && pairs & ENDS != 0
            && let Some(&f) = vocab.ids.get(&bigram)
        {
            add(bigram, first, f);
        }
        begins = pairs & BEGINS != 0;
        if feature != NOT_IN_VOCAB {
            add(key, span, feature);
        }
    });
    for t in &out {
        seen[t.feature.0 as usize] = 0;
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
    /// Identity of this vocabulary, which keys the word caches that hold
    /// features resolved against it (0 for the empty default).
    pub id: u64,
    /// Term hash → (feature index, inverse document frequency): the two
    /// are read together, and in one entry they cost one cache miss, not two.
    pub ids: FxMap<u64, (u32, f32)>,
    /// Inverse document frequency per term.
    pub idf: Vec<f32>,
    /// Stemmed terms in feature order.
    pub terms: Vec<String>,
    /// Stem key → whether the stem begins (`BEGINS`) and/or ends (`ENDS`)
    /// one of the bigrams, so that a text's pairs of words that form none
    /// are not looked up.
    halves: FxMap<u64, u8>,
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
        let mut halves: FxMap<u64, u8> = FxMap::default();
        for (a, b) in terms.iter().filter_map(|t| t.split_once(' ')) {
            *halves.entry(term_key(a)).or_default() |= BEGINS;
            *halves.entry(term_key(b)).or_default() |= ENDS;
        }
        Vocab {
            id: NEXT_ID.fetch_add(1, Ordering::Relaxed),
            ids,
            idf,
            terms,
            halves,
        }
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
    let (v, _) = vectorize_traced(a, vocab, query_features);
    Sparse {
        idx: v.iter().map(|p| p.0).collect(),
        val: v.iter().map(|p| p.1).collect(),
    }
}

/// [`vectorize`] as (feature, value) pairs in feature order, also returning
/// the text's terms found in the vocabulary.
pub fn vectorize_traced(
    a: &Analysis,
    vocab: &Vocab,
    query_features: usize,
) -> (Vec<(u32, f32)>, Vec<TermFeature>) {
    let (trace, norm) = term_features(a, vocab);
    // (feature, value bits) as one integer: features are distinct, so an
    // integer sort orders by feature, on the standard library's fastest path.
    let pack = |i: u32, x: f32| (u64::from(i) << 32) | u64::from(x.to_bits());
    let mut packed: Vec<u64> = Vec::with_capacity(trace.len() + 16);
    packed.extend(trace.iter().map(|t| pack(t.feature, t.tf * t.idf / norm)));
    let base = vocab.idf.len() as u32;
    packed.extend(
        other_features(a, base, query_features)
            .iter()
            .map(|&(i, x)| pack(i, x)),
    );
    packed.sort_unstable();
    let v = packed
        .iter()
        .map(|&p| ((p >> 32) as u32, f32::from_bits(p as u32)))
        .collect();
    (v, trace)
}

/// The text's terms found in the vocabulary, in first-occurrence order,
/// and the Euclidean norm of their TF-IDF values, by which the term
/// features are divided to unit length.
pub fn term_features(a: &Analysis, vocab: &Vocab) -> (Vec<TermFeature>, f32) {
    let mut trace = Vec::with_capacity(a.terms.len());
    // Terms analysed for this vocabulary carry their features already. An
    // analysis cut to another vocabulary would lack terms of this one.
    let resolved = a.vocab == Some(vocab.id);
    debug_assert!(
        resolved || a.vocab.is_none(),
        "analysis for another vocabulary"
    );
    let mut sum_sq = 0f32;
    for (n, t) in a.terms.iter().enumerate() {
        let feature = if resolved {
            Some(t.feature)
        } else {
            vocab.ids.get(&t.key).copied()
        };
        if let Some((i, idf)) = feature {
            // Most terms occur once, and 1 + ln 1 is exactly 1.
            let tf = if t.count == 1 {
                1.0
            } else {
                1.0 + (t.count as f32).ln()
            };
            trace.push(TermFeature {
                feature: i,
                term: n as u32,
                tf,
                idf,
            });
            let x = tf * idf;
            sum_sq += x * x;
        }
    }
    (trace, sum_sq.sqrt().max(1e-6))
}

/// The features after the terms, as (feature, value) pairs in no set
/// order: log(1 + matched clauses) per query system and code, numbered
/// from `base` (the vocabulary's size), then the text's length.
pub fn other_features(
    a: &Analysis,
    base: u32,
    query_features: usize,
) -> SmallVec<[(u32, f32); 16]> {
    // A text holds a few dozen clauses over a handful of (system, code)
    // pairs: a short list beats a hash map. Counted in the list that is
    // returned, then turned into values in place.
    let mut counts: SmallVec<[(u32, f32); 16]> = SmallVec::new();
    for h in &a.hits {
        let slot = h.system * CODES.len() + h.code;
        // An analysis from an analyser with more systems than the model
        // was trained with has no feature for the extra ones.
        if slot >= query_features {
            continue;
        }
        let i = base + slot as u32;
        match counts.iter_mut().find(|c| c.0 == i) {
            Some(c) => c.1 += 1.0,
            None => counts.push((i, 1.0)),
        }
    }
    for (i, c) in &mut counts {
        // Codes 19..36 are the SDGs, weighted as query-system features;
        // action lines and GDC objectives as lexicon features.
        let code = (*i - base) as usize % CODES.len();
        let scale = if !(19..36).contains(&code) {
            LEXICON_SCALE
        } else {
            QUERY_SCALE
        };
        *c = scale * (1.0 + *c).ln();
    }
    let len_feature = base + query_features as u32;
    counts.push((len_feature, (1.0 + a.toks.len() as f32).ln() / 5.0));
    counts
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

#[cfg(test)]
mod tests {
    use super::*;

    const SYSTEM: &str = "system,code,query_id,query\n\
        t,C1,1,\"\"\"digital strateg*\"\"\"\n\
        t,SDG5,2,\"women AND violence\"\n";

    const TEXTS: [&str; 4] = [
        "A digital strategy for women: ending violence against women online.",
        "Broadband for schools; digital skills for teachers and women.",
        "Violence, violence and more violence: 2030 targets for schools.",
        "Égalité numérique: digital skills, écoles et femmes.",
    ];

    /// A single letter breaks bigrams whether it is ASCII or not: the test
    /// counted bytes, so "é" was a term where "e" was not.
    #[test]
    fn a_single_letter_is_not_a_term_in_any_script_issue3() {
        let an = Analyzer::new(&[("t", SYSTEM)]).expect("compiles");
        let keys = |t: &str| -> Vec<u64> { an.analyze(t).terms.iter().map(|t| t.key).collect() };
        assert_eq!(keys("digital q skills").len(), 2, "digital, skills");
        assert_eq!(keys("digital é skills"), keys("digital q skills"));
        assert_eq!(keys("digital 北 skills"), keys("digital q skills"));
        assert_eq!(
            keys("digital éé skills").len(),
            5,
            "two letters: a term and two bigrams"
        );
    }

    /// The mention rules are matched in the same pass as the feature
    /// systems but kept apart: their hits are mentions, never clause hits
    /// that could count as features, and the feature space counts the
    /// feature systems only.
    #[test]
    fn mention_rules_match_with_the_systems_but_stay_apart() {
        let an = Analyzer::new(&[("t", SYSTEM)]).expect("compiles");
        assert_eq!(an.query_features(), CODES.len());
        assert_eq!(an.queries().systems(), ["t", MENTION_SYSTEM]);
        let a = an.analyze("WSIS Action Line C7 e-health: a digital strategy for women.");
        let c7 = crate::codes::index("C7.e-health").expect("a code");
        assert!(a.mentions.iter().any(|m| m.code == c7), "{:?}", a.mentions);
        assert!(a.mentions.iter().all(|m| m.system == 1));
        assert!(!a.hits.is_empty() && a.hits.iter().all(|h| h.system == 0));
    }

    /// An analysis with more query systems than a model's feature space
    /// (an analyser built from other systems) yields no feature outside it,
    /// where scoring would read past the model's weights.
    #[test]
    fn hits_of_systems_a_model_lacks_add_no_features() {
        let two = Analyzer::new(&[("t", SYSTEM), ("u", SYSTEM)]).expect("compiles");
        let a = two.analyze(TEXTS[0]);
        assert!(a.hits.iter().any(|h| h.system == 1));
        let vocab = Vocab::build(&[&a], 1, 100);
        let one_system = CODES.len();
        let v = vectorize(&a, &vocab, one_system);
        let dims = dims(&vocab, one_system);
        assert!(v.idx.iter().all(|&i| (i as usize) < dims), "{:?}", v.idx);
        assert!(
            v.idx.iter().any(|&i| i as usize >= vocab.idf.len()),
            "system 0's hits count"
        );
    }

    /// The word cache counts a word's patterns in 16 bits: a set that could
    /// overflow them is refused with a clear error, not miscounted.
    #[test]
    fn query_systems_with_too_many_word_patterns_are_refused() {
        let mut big = String::from("system,code,query_id,query\n");
        for i in 0..=MAX_QUERY_PATTERNS {
            big.push_str(&format!("t,SDG1,{i},w{i}x\n"));
        }
        let err = Analyzer::new(&[("t", &big)]).expect_err("too many patterns");
        assert!(err.to_string().contains("65535"), "{err}");
        let shipped = Analyzer::new(&SHIPPED_SYSTEMS).expect("shipped systems fit");
        assert!(shipped.queries.pattern_count() > 1000);
    }

    /// The per-thread word cache is bounded and cleared when full. It was
    /// cleared in the middle of a text with more distinct words than the
    /// bound, under the words already looked up for that text (a panic).
    /// It is now cleared between texts only.
    #[test]
    fn a_text_with_more_words_than_the_word_cache_holds_is_analysed_issue3() {
        let an = Analyzer::new(&[("t", SYSTEM)]).expect("compiles");
        let mut text = String::from("A digital strategy for women.");
        for i in 0..crate::words::MAX_WORDS + 10 {
            text.push_str(&format!(" w{i}x"));
        }
        text.push_str(" Violence against women.");
        for _ in 0..2 {
            let a = an.analyze(&text);
            assert_eq!(a.toks.len(), crate::words::MAX_WORDS + 10 + 8);
            let codes: Vec<usize> = a.hits.iter().map(|h| h.code).collect();
            assert_eq!(codes.len(), 2, "both clauses hold: {codes:?}");
            // A short text after it sees a cleared, working cache.
            assert_eq!(an.analyze(TEXTS[0]).hits.len(), 2);
        }
    }

    /// Scoring analyses resolve their terms against the vocabulary while
    /// they are counted; the features, their order and the evidence places
    /// must be those of a full analysis looked up term by term.
    #[test]
    fn analysis_for_a_vocabulary_gives_the_features_of_a_full_analysis() {
        let an = Analyzer::new(&[("t", SYSTEM)]).expect("compiles");
        let full: Vec<Analysis> = TEXTS.iter().map(|t| an.analyze(t)).collect();
        // min_df 2 leaves terms of every kind out: rare words and bigrams.
        let vocab = Vocab::build(&full.iter().collect::<Vec<_>>(), 2, 1000);
        assert!(vocab.terms.len() > 3 && vocab.terms.iter().any(|t| t.contains(' ')));
        let qf = an.query_features();
        // Twice: the second pass reads every word from the cache.
        for _ in 0..2 {
            for (text, a) in TEXTS.iter().zip(&full) {
                let r = an.analyze_for(text, &vocab);
                assert_eq!(r.vocab, Some(vocab.id));
                let (x, trace) = vectorize_traced(a, &vocab, qf);
                let (y, rtrace) = vectorize_traced(&r, &vocab, qf);
                assert_eq!(x, y, "{text}");
                let places = |an: &Analysis, tr: &[TermFeature]| -> Vec<(u32, (u32, u32), f32)> {
                    tr.iter()
                        .map(|t| (t.feature, an.terms[t.term as usize].first, t.tf))
                        .collect()
                };
                assert_eq!(places(a, &trace), places(&r, &rtrace), "{text}");
                assert_eq!(a.hits.len(), r.hits.len());
            }
        }
    }
}

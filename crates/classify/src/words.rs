//! Per-word facts, computed once per distinct word and cached per thread:
//! the query and mention patterns the word matches, whether it is a stop
//! word, and the key of its stem. Word frequencies are skewed, so most tokens
//! of a text cost one hash lookup.

use std::cell::RefCell;

use rustc_hash::FxHashMap as FxMap;

/// How a word takes part in the learned model's terms.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    /// A number or single character: not a term, and it breaks bigrams.
    Break,
    /// A stop word: not a term, but bigrams join across it.
    Stop,
    /// A term.
    Term,
}

/// What the analyser needs to know about one word.
#[derive(Debug)]
pub(crate) struct WordInfo {
    /// Patterns of the feature query systems it matches.
    pub(crate) queries: Box<[u32]>,
    /// Patterns of the mention rules it matches.
    pub(crate) mentions: Box<[u32]>,
    /// Its part in the terms.
    pub(crate) kind: Kind,
    /// Key of its stem.
    pub(crate) key: u64,
    /// Its unigram's (feature, IDF) in the cache's vocabulary, if any.
    pub(crate) feature: (u32, f32),
}

/// A cached word: its facts, with its pattern lists as ranges of the
/// cache's one pattern array (a token's facts then sit in two nearby
/// places instead of three scattered allocations).
#[derive(Debug, Clone, Copy)]
pub(crate) struct Word {
    queries: (u32, u32),
    mentions: (u32, u32),
    /// Its part in the terms.
    pub(crate) kind: Kind,
    /// Key of its stem.
    pub(crate) key: u64,
    /// Its unigram's (feature, IDF), as in [`WordInfo`].
    pub(crate) feature: (u32, f32),
}

/// Words seen by one analyser on one thread.
///
/// Words are found by a 64-bit hash of their bytes alone, without keeping
/// or comparing the words: two of the at most [`MAX_WORDS`] words would
/// share a hash with a probability near 10⁻⁹, the same bet the model's term
/// keys make, and it spares a string comparison, and its cache miss, on
/// every token.
#[derive(Debug, Default)]
pub(crate) struct WordCache {
    index: FxMap<u64, u32>,
    words: Vec<Word>,
    patterns: Vec<u32>,
    /// Scratch counters of the query matcher, one per pattern, zero
    /// between texts (see `QuerySet::matches_with`).
    pub(crate) slots: Vec<u32>,
    /// Scratch slots of the term counter, one per feature of the cache's
    /// vocabulary, zero between texts (see `features::vocab_terms`).
    pub(crate) features: Vec<u32>,
}

/// Bound of a cache (tens of MB at most), cleared when reached.
const MAX_WORDS: usize = 200_000;

impl WordCache {
    /// Index of `w`'s facts, computing them with `make` on first sight.
    pub(crate) fn lookup(&mut self, w: &str, make: impl FnOnce() -> WordInfo) -> u32 {
        let h = xxhash_rust::xxh3::xxh3_64(w.as_bytes());
        if let Some(&i) = self.index.get(&h) {
            return i;
        }
        if self.words.len() >= MAX_WORDS {
            self.index.clear();
            self.words.clear();
            self.patterns.clear();
        }
        let info = make();
        let mut range = |ps: &[u32]| {
            let at = self.patterns.len() as u32;
            self.patterns.extend_from_slice(ps);
            (at, self.patterns.len() as u32)
        };
        let word = Word {
            queries: range(&info.queries),
            mentions: range(&info.mentions),
            kind: info.kind,
            key: info.key,
            feature: info.feature,
        };
        let i = self.words.len() as u32;
        self.words.push(word);
        self.index.insert(h, i);
        i
    }

    /// The facts of word `i` (from [`WordCache::lookup`]).
    pub(crate) fn word(&self, i: u32) -> &Word {
        &self.words[i as usize]
    }

    /// The query-system patterns of a word.
    pub(crate) fn queries(&self, w: &Word) -> &[u32] {
        &self.patterns[w.queries.0 as usize..w.queries.1 as usize]
    }

    /// The mention patterns of a word.
    pub(crate) fn mentions(&self, w: &Word) -> &[u32] {
        &self.patterns[w.mentions.0 as usize..w.mentions.1 as usize]
    }
}

thread_local! {
    /// One cache per analyser (by id): the engine itself stays immutable
    /// (`Sync`) and threads never wait on each other.
    static CACHES: RefCell<FxMap<(u64, u64), WordCache>> = RefCell::new(FxMap::default());
}

/// Runs `f` with this thread's cache of analyser `id.0` for vocabulary
/// `id.1` (0 for none): a word's cached facts include its feature in it.
pub(crate) fn with_cache<R>(id: (u64, u64), f: impl FnOnce(&mut WordCache) -> R) -> R {
    CACHES.with(|c| {
        let mut caches = c.borrow_mut();
        // Analysers come and go (tests, cross-validation): keep a few caches only.
        if caches.len() >= 8 && !caches.contains_key(&id) {
            caches.clear();
        }
        f(caches.entry(id).or_default())
    })
}

//! Per-word facts, computed once per distinct word and cached per thread:
//! the query and mention patterns the word matches, whether it is a stop
//! word, and the key of its stem. Word frequencies are skewed, so most tokens
//! of a text cost one hash lookup.

use std::cell::RefCell;

use crate::hash::FxMap;

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
}

/// Words seen by one analyser on one thread.
#[derive(Debug, Default)]
pub(crate) struct WordCache {
    index: FxMap<Box<str>, u32>,
    pub(crate) infos: Vec<WordInfo>,
}

/// Bound of a cache (tens of MB at most), cleared when reached.
const MAX_WORDS: usize = 200_000;

impl WordCache {
    /// Index of `w`'s facts, computing them with `make` on first sight.
    pub(crate) fn lookup(&mut self, w: &str, make: impl FnOnce() -> WordInfo) -> u32 {
        if let Some(&i) = self.index.get(w) {
            return i;
        }
        if self.infos.len() >= MAX_WORDS {
            self.index.clear();
            self.infos.clear();
        }
        let i = self.infos.len() as u32;
        self.infos.push(make());
        self.index.insert(w.into(), i);
        i
    }
}

thread_local! {
    /// One cache per analyser (by id): the engine itself stays immutable
    /// (`Sync`) and threads never wait on each other.
    static CACHES: RefCell<FxMap<u64, WordCache>> = RefCell::new(FxMap::default());
}

/// Runs `f` with this thread's cache of analyser `id`.
pub(crate) fn with_cache<R>(id: u64, f: impl FnOnce(&mut WordCache) -> R) -> R {
    CACHES.with(|c| {
        let mut caches = c.borrow_mut();
        // Analysers come and go (tests, cross-validation): keep a few caches only.
        if caches.len() >= 8 && !caches.contains_key(&id) {
            caches.clear();
        }
        f(caches.entry(id).or_default())
    })
}

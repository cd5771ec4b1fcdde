//! Per-word facts, computed once per distinct word and cached per thread:
//! the query and mention patterns the word matches, whether it is a stop
//! word, and the key of its stem. Word frequencies are skewed, so most tokens
//! of a text cost one hash lookup.

use std::cell::RefCell;

use rustc_hash::FxHashMap as FxMap;

use crate::query::Scratch;
use crate::text::Tokens;

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
    /// Patterns of the query systems and mention rules it matches.
    pub(crate) queries: Box<[u32]>,
    /// Its part in the terms.
    pub(crate) kind: Kind,
    /// Key of its stem.
    pub(crate) key: u64,
    /// Its unigram's (feature, IDF) in the cache's vocabulary, if any.
    pub(crate) feature: (u32, f32),
    /// Whether its stem begins ([`BEGINS`]) or ends ([`ENDS`]) some bigram
    /// of the cache's vocabulary.
    pub(crate) pairs: u8,
}

/// [`WordInfo::pairs`]: the stem is the first of some vocabulary bigram.
pub(crate) const BEGINS: u8 = 1;
/// [`WordInfo::pairs`]: the stem is the second of some vocabulary bigram.
pub(crate) const ENDS: u8 = 2;

/// A cached word: its facts, with its pattern list as a range of the
/// cache's pattern array. Packed
/// into 24 bytes, so that with its hash a table entry is 32 bytes and two
/// share a cache line: a text's probes mostly miss the faster caches, and
/// the smaller the table, the more of it stays there.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Word {
    /// Key of its stem.
    pub(crate) key: u64,
    /// Its unigram's (feature, IDF), as in [`WordInfo`].
    pub(crate) feature: (u32, f32),
    /// Where its patterns start in the cache's pattern array.
    at: u32,
    /// How many patterns it has.
    queries: u16,
    /// Its part in the terms.
    pub(crate) kind: Kind,
    /// As in [`WordInfo`]: in the byte the other fields leave free.
    pub(crate) pairs: u8,
}

const _: () = assert!(std::mem::size_of::<Word>() == 24);

/// Words seen by one analyser on one thread.
///
/// Words are found by a 64-bit hash of their bytes alone, without keeping
/// or comparing the words: two of the at most [`MAX_WORDS`] words would
/// share a hash with a probability near 10⁻⁹, the same bet the model's term
/// keys make, and it spares a string comparison, and its cache miss, on
/// every token. The hash is seeded at random for each cache: the cache
/// outlives a request, and a word crafted to share a common word's hash
/// would otherwise hand its facts to other people's texts. A word's facts
/// are the table's values, so a token costs one probe and no second load
/// from a separate array.
#[derive(Debug)]
pub(crate) struct WordCache {
    seed: u64,
    index: FxMap<u64, Word>,
    patterns: Vec<u32>,
    /// Scratch space for the hashes of a text's words.
    hashes: Vec<u64>,
    /// Scratch space of the query matcher (see `QuerySet::matches_with`).
    pub(crate) scratch: Scratch,
    /// Scratch slots of the term counter, one per feature of the cache's
    /// vocabulary, zero between texts (see `features::vocab_terms`).
    pub(crate) features: Vec<u32>,
}

/// Bound of a cache (tens of MB at most), cleared when a text would pass
/// it (a single text longer than this may pass it until the next text).
pub(crate) const MAX_WORDS: usize = 200_000;

impl Default for WordCache {
    fn default() -> WordCache {
        use std::hash::{BuildHasher, Hasher};
        // The standard library's per-process random keys, as a seed.
        let seed = std::collections::hash_map::RandomState::new()
            .build_hasher()
            .finish();
        WordCache {
            seed,
            index: FxMap::default(),
            patterns: Vec::new(),
            hashes: Vec::new(),
            scratch: Scratch::default(),
            features: Vec::new(),
        }
    }
}

impl WordCache {
    /// The key of a word in this cache: [`short_hash`] for a word of at
    /// most 16 bytes (nearly all), seeded xxh3 for a longer one.
    fn hash(&self, w: &[u8]) -> u64 {
        if w.len() <= SHORT {
            let mut b = [0u8; SHORT];
            b[..w.len()].copy_from_slice(w);
            let (lo, hi) = halves(&b);
            short_hash(lo, hi, w.len(), self.seed)
        } else {
            xxhash_rust::xxh3::xxh3_64_with_seed(w, self.seed)
        }
    }

    /// The keys of the words of `toks`, in order, into `out`: [`WordCache::hash`]
    /// of each, with the 16 bytes of a short word read straight from the
    /// lower-cased text and masked to its length, so that no branch depends
    /// on a word's length (xxh3 dispatches on it, and word lengths are
    /// what a branch predictor cannot learn). Only the last words of a
    /// text, whose 16 bytes would run past its end, are copied first.
    fn hash_all(&self, toks: &Tokens, out: &mut Vec<u64>) {
        let lower = toks.lower_bytes();
        out.extend(toks.word_ranges().iter().map(|&(a, b)| {
            let (a, n) = (a as usize, (b - a) as usize);
            match lower.get(a..a + SHORT) {
                Some(chunk) if n <= SHORT => {
                    let (lo, hi) = halves(chunk);
                    short_hash(
                        lo & low_mask(n),
                        hi & low_mask(n.saturating_sub(8)),
                        n,
                        self.seed,
                    )
                }
                _ => self.hash(&lower[a..a + n]),
            }
        }));
    }

    /// The facts of the words of `toks`, computing a word's with `make` on
    /// first sight.
    ///
    /// The hashes come first, so the probes run in a short loop of their
    /// own: they are independent, and there the processor can keep several
    /// of their cache misses in flight at once. Words are hashed as bytes
    /// and only a word not yet cached is cut from the text as a string,
    /// which checks its character boundaries.
    pub(crate) fn lookup_all(
        &mut self,
        toks: &Tokens,
        mut make: impl FnMut(&str) -> WordInfo,
    ) -> Vec<Word> {
        let mut hs = std::mem::take(&mut self.hashes);
        hs.clear();
        self.hash_all(toks, &mut hs);
        // Cleared before a text, never within one: the words already
        // looked up for it point into the pattern array.
        if self.index.len() + hs.len() > MAX_WORDS {
            self.index.clear();
            self.patterns.clear();
        }
        let mut out = Vec::with_capacity(hs.len());
        for (i, &h) in hs.iter().enumerate() {
            match self.index.get(&h) {
                Some(&word) => out.push(word),
                None => out.push(self.insert(h, make(toks.word(i)))),
            }
        }
        self.hashes = hs;
        out
    }

    fn insert(&mut self, h: u64, info: WordInfo) -> Word {
        let at = self.patterns.len() as u32;
        self.patterns.extend_from_slice(&info.queries);
        let word = Word {
            key: info.key,
            feature: info.feature,
            at,
            // `Analyzer::new` bounds the pattern set to this width.
            queries: info.queries.len() as u16,
            kind: info.kind,
            pairs: info.pairs,
        };
        self.index.insert(h, word);
        word
    }

    /// The patterns of a word.
    pub(crate) fn queries(&self, w: &Word) -> &[u32] {
        let at = w.at as usize;
        &self.patterns[at..at + usize::from(w.queries)]
    }
}

/// Longest word hashed by [`short_hash`].
const SHORT: usize = 16;

/// The first 16 bytes of `b` as two little-endian words.
fn halves(b: &[u8]) -> (u64, u64) {
    let word = |i: usize| {
        let mut w = [0u8; 8];
        w.copy_from_slice(&b[i..i + 8]);
        u64::from_le_bytes(w)
    };
    (word(0), word(8))
}

/// The low `n` bytes of a word set (all eight for `n` of 8 or more).
fn low_mask(n: usize) -> u64 {
    let bits = 8 * n.min(8) as u32;
    // One shift of a 128-bit one: 64 bits are a valid shift there.
    ((1u128 << bits) - 1) as u64
}

/// 64-bit hash of a word of at most 16 bytes, given as two little-endian
/// words zero-padded past its end, its length and the cache's seed. Two
/// folded multiplications (the high and low halves of a 128-bit product
/// XORed), as in the wyhash family: each output bit depends on every input
/// bit, and without the seed no one can tell which words share a key. The
/// length is mixed in, though no word holds a zero byte, so that the
/// padding could never be mistaken for one.
fn short_hash(lo: u64, hi: u64, n: usize, seed: u64) -> u64 {
    const P0: u64 = 0xa076_1d64_78bd_642f;
    const P1: u64 = 0xe703_7ed1_a0b4_28db;
    const P2: u64 = 0x8ebc_6af0_9c88_c6e3;
    let fold = |a: u64, b: u64| {
        let p = u128::from(a) * u128::from(b);
        (p as u64) ^ ((p >> 64) as u64)
    };
    let x = fold(lo ^ P1, hi ^ seed);
    fold(x ^ P0 ^ n as u64, (seed ^ P2).rotate_left(23) ^ P1)
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

#[cfg(test)]
mod tests {
    use super::*;

    /// Each cache seeds its word hash at random, so no word can be crafted
    /// ahead to collide with another in a running server's caches; within
    /// one cache a word keeps its key.
    #[test]
    fn each_cache_hashes_words_with_its_own_seed() {
        let (a, b) = (WordCache::default(), WordCache::default());
        assert_eq!(a.hash(b"women"), a.hash(b"women"));
        assert_ne!(a.hash(b"women"), b.hash(b"women"));
        assert_ne!(a.hash(b"women"), a.hash(b"woman"));
    }

    /// A word's key is the same wherever it stands in a text (read in
    /// place, or copied when it ends the text), for short and long words,
    /// and words that differ only in length or by one byte get different keys.
    #[test]
    fn a_word_has_one_key_wherever_it_stands() {
        let c = WordCache::default();
        let text = "ict ICT information-and-communication internationalisation \
                    internationalisations a ab abcdefgh abcdefghi abcdefghijklmnop \
                    abcdefghijklmnopq ict abcdefghijklmnop";
        let toks = Tokens::new(text);
        let mut keys = Vec::new();
        c.hash_all(&toks, &mut keys);
        assert_eq!(keys.len(), toks.len());
        for (i, k) in keys.iter().enumerate() {
            assert_eq!(*k, c.hash(toks.word_at(i)), "word {:?}", toks.word(i));
        }
        assert_eq!(keys[0], keys[1], "ICT is lower-cased to ict");
        assert_eq!(
            keys[keys.len() - 1],
            keys[keys.len() - 4],
            "at the end as in the middle"
        );
        let mut distinct: Vec<u64> = keys.clone();
        distinct.sort_unstable();
        distinct.dedup();
        let words: std::collections::HashSet<&str> = toks.words().collect();
        assert_eq!(distinct.len(), words.len());
        assert_ne!(c.hash(b"ab"), c.hash(b"ab\0"));
    }
}

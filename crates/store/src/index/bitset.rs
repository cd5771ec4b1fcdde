//! A fixed-width set of document numbers, one bit each.

/// Documents as bits of 64-bit words; a set may be shorter than the index it
/// belongs to, missing words counting as empty.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Bitset {
    words: Vec<u64>,
}

impl Bitset {
    /// Every document below `len`.
    pub(crate) fn full(len: usize) -> Bitset {
        let mut words = vec![u64::MAX; len.div_ceil(64)];
        if let Some(last) = words.last_mut()
            && !len.is_multiple_of(64)
        {
            *last = (1u64 << (len % 64)) - 1;
        }
        Bitset { words }
    }

    /// No document, with room for every document below `len`.
    pub(crate) fn empty(len: usize) -> Bitset {
        Bitset {
            words: vec![0; len.div_ceil(64)],
        }
    }

    /// Adds document `doc`.
    pub(crate) fn insert(&mut self, doc: usize) {
        let (w, b) = (doc / 64, doc % 64);
        if self.words.len() <= w {
            self.words.resize(w + 1, 0);
        }
        self.words[w] |= 1 << b;
    }

    /// True when the set holds document `doc`.
    pub(crate) fn contains(&self, doc: usize) -> bool {
        self.words
            .get(doc / 64)
            .is_some_and(|w| w & (1u64 << (doc % 64)) != 0)
    }

    /// Removes document `doc`.
    pub(crate) fn remove(&mut self, doc: usize) {
        if let Some(word) = self.words.get_mut(doc / 64) {
            *word &= !(1u64 << (doc % 64));
        }
    }

    /// Keeps only the documents also in `other`.
    pub(crate) fn intersect(&mut self, other: &Bitset) {
        self.words.truncate(other.words.len());
        for (a, b) in self.words.iter_mut().zip(&other.words) {
            *a &= b;
        }
    }

    /// How many documents the set holds.
    pub(crate) fn len(&self) -> usize {
        self.words.iter().map(|w| w.count_ones() as usize).sum()
    }

    /// How many documents both sets hold, without building their intersection.
    pub(crate) fn count_common(&self, other: &Bitset) -> usize {
        self.words
            .iter()
            .zip(&other.words)
            .map(|(a, b)| (a & b).count_ones() as usize)
            .sum()
    }

    /// The documents from the highest down.
    pub(crate) fn iter_desc(&self) -> impl Iterator<Item = usize> + '_ {
        self.words.iter().enumerate().rev().flat_map(|(w, &word)| {
            let mut rest = word;
            std::iter::from_fn(move || {
                if rest == 0 {
                    return None;
                }
                let b = 63 - rest.leading_zeros() as usize;
                rest &= !(1u64 << b);
                Some(w * 64 + b)
            })
        })
    }
}

#[cfg(test)]
mod tests {
    use super::Bitset;

    #[test]
    fn sets_count_intersect_and_walk_down() {
        let mut a = Bitset::default();
        for d in [0, 5, 63, 64, 200] {
            a.insert(d);
        }
        assert_eq!(a.len(), 5);
        assert_eq!(a.iter_desc().collect::<Vec<_>>(), vec![200, 64, 63, 5, 0]);
        let mut b = Bitset::full(65);
        assert_eq!(b.len(), 65);
        assert_eq!(a.count_common(&b), 4);
        b.intersect(&a);
        assert_eq!(b.iter_desc().collect::<Vec<_>>(), vec![64, 63, 5, 0]);
        a.remove(63);
        a.remove(10_000);
        assert_eq!(a.len(), 4);
        assert_eq!(Bitset::full(0).len(), 0);
        assert_eq!(Bitset::empty(130).len(), 0);
        assert_eq!(Bitset::full(128).len(), 128);
    }
}

//! The register's facets, held in memory by each server and kept in step
//! with the database through its revision counter.
//!
//! Counting facets in SQL joins every match with its facet rows: about a
//! second for a common word at 100,000 initiatives. Over bitsets the same
//! counts are one pass of popcounts per facet value, and a filter is an
//! intersection. The database stays the only truth: the index is derived from
//! the initiatives and codes tables, and refreshed (from the change log, see
//! `refresh.rs`) whenever the revision moves, so servers sharing one
//! PostgreSQL still see each other's writes at their next search.

mod bitset;
mod refresh;

use std::collections::{BTreeSet, HashMap};

pub(crate) use bitset::Bitset;

/// Revisions of history kept in `initiative_changes`. A server whose index
/// is more than half of that behind rebuilds it, so it never reads history
/// that a write has just pruned.
pub(crate) const KEPT_REVISIONS: i64 = 100_000;

use crate::facets::FACETS;
use crate::search::{FacetValue, Facets};

/// Facet memberships of every initiative, by document number.
///
/// Document numbers follow `seq`, so walking them downwards lists the newest
/// initiatives first.
#[derive(Debug, Clone)]
pub(crate) struct FacetIndex {
    /// The revision the index reflects; -1 before the first build.
    pub(crate) revision: i64,
    /// Document number → `seq`, ascending.
    seqs: Vec<i64>,
    /// Value number → (position in [`FACETS`], value).
    values: Vec<(usize, String)>,
    /// Per position in [`FACETS`]: value → value number.
    numbers: Vec<HashMap<String, usize>>,
    /// Value number → the documents filed under it.
    postings: Vec<Bitset>,
    /// Document number → its value numbers, to undo them on a change.
    doc_values: Vec<Vec<u32>>,
}

/// What an update asks of the index.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum Placed {
    /// The initiative was known or is newer than all others: done.
    Done,
    /// An older initiative that the index never saw: rebuild from scratch.
    Rebuild,
}

impl FacetIndex {
    /// An index of nothing, never built.
    pub(crate) fn unbuilt() -> FacetIndex {
        FacetIndex {
            revision: -1,
            seqs: Vec::new(),
            values: Vec::new(),
            numbers: vec![HashMap::new(); FACETS.len()],
            postings: Vec::new(),
            doc_values: Vec::new(),
        }
    }

    /// Initiatives in the index.
    pub(crate) fn len(&self) -> usize {
        self.seqs.len()
    }

    /// Files initiative `seq` under exactly these facet values, replacing
    /// what it was filed under before.
    pub(crate) fn place(&mut self, seq: i64, facets: &BTreeSet<(&str, String)>) -> Placed {
        let doc = match self.seqs.binary_search(&seq) {
            Ok(doc) => doc,
            Err(at) if at == self.seqs.len() => {
                self.seqs.push(seq);
                self.doc_values.push(Vec::new());
                at
            }
            Err(_) => return Placed::Rebuild,
        };
        for v in std::mem::take(&mut self.doc_values[doc]) {
            self.postings[v as usize].remove(doc);
        }
        for (facet, value) in facets {
            let Some(f) = FACETS.iter().position(|x| x == facet) else {
                continue;
            };
            let v = match self.numbers[f].get(value.as_str()) {
                Some(v) => *v,
                None => {
                    let v = self.values.len();
                    self.values.push((f, value.clone()));
                    self.postings.push(Bitset::default());
                    self.numbers[f].insert(value.clone(), v);
                    v
                }
            };
            self.postings[v].insert(doc);
            self.doc_values[doc].push(v as u32);
        }
        Placed::Done
    }

    /// The initiatives filed under every `[facet, value]` pair (all of them
    /// when there is no pair).
    pub(crate) fn matching(&self, pairs: &[[&str; 2]]) -> Bitset {
        let mut out = Bitset::full(self.len());
        for [facet, value] in pairs {
            let posting = FACETS
                .iter()
                .position(|x| x == facet)
                .and_then(|f| self.numbers[f].get(*value))
                .map(|v| &self.postings[*v]);
            match posting {
                Some(p) => out.intersect(p),
                None => return Bitset::default(),
            }
        }
        out
    }

    /// The documents of these `seq`s, given ascending; keys the index does
    /// not hold (written after its revision) are left out.
    ///
    /// Both lists ascend, so one walk down them finds every key. A broad
    /// search passes tens of thousands of keys, and a binary search for
    /// each read the 800 KB key array of a 100,000-initiative index at
    /// random: 1–3 ms a search in the benchmark, where the walk reads it
    /// once in order.
    pub(crate) fn docs_of(&self, seqs: &[i64]) -> Bitset {
        debug_assert!(seqs.is_sorted(), "docs_of takes ascending keys");
        let mut out = Bitset::empty(self.seqs.len());
        let mut doc = 0;
        for &seq in seqs {
            doc += gallop(&self.seqs[doc..], seq);
            match self.seqs.get(doc) {
                Some(&s) if s == seq => {
                    out.insert(doc);
                    doc += 1;
                }
                Some(_) => {}
                None => break,
            }
        }
        out
    }

    /// True when initiative `seq` is one of the documents of `docs`.
    pub(crate) fn holds(&self, docs: &Bitset, seq: i64) -> bool {
        self.seqs
            .binary_search(&seq)
            .is_ok_and(|doc| docs.contains(doc))
    }

    /// The `seq`s of a set, newest first, from `offset`, at most `limit`.
    pub(crate) fn newest(&self, docs: &Bitset, offset: usize, limit: usize) -> Vec<i64> {
        docs.iter_desc()
            .skip(offset)
            .take(limit)
            .map(|d| self.seqs[d])
            .collect()
    }

    /// Every `seq` of a set.
    pub(crate) fn seqs_of(&self, docs: &Bitset) -> Vec<i64> {
        let mut out: Vec<i64> = docs.iter_desc().map(|d| self.seqs[d]).collect();
        out.reverse();
        out
    }

    /// Counts per facet value over a set of documents, most frequent first;
    /// values with no document are left out.
    pub(crate) fn facets(&self, docs: &Bitset) -> Facets {
        let mut out: Facets = FACETS.iter().map(|f| (f.to_string(), Vec::new())).collect();
        for ((f, value), posting) in self.values.iter().zip(&self.postings) {
            let count = docs.count_common(posting);
            if count > 0 {
                out.entry(FACETS[*f].to_string())
                    .or_default()
                    .push(FacetValue {
                        value: value.clone(),
                        count: count as i64,
                    });
            }
        }
        for values in out.values_mut() {
            values.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.value.cmp(&b.value)));
        }
        out
    }
}

/// The number of keys of ascending `keys` below `key`, found by steps that
/// double from the start (1, 2, 4, …) and then a binary search within the
/// last step: a key close to the start, as in a dense walk, costs a read or
/// two near it, and a far one only a logarithm of its distance.
fn gallop(keys: &[i64], key: i64) -> usize {
    let mut lo = 0;
    let mut step = 1;
    while lo + step <= keys.len() && keys[lo + step - 1] < key {
        lo += step;
        step *= 2;
    }
    let hi = (lo + step).min(keys.len());
    lo + keys[lo..hi].partition_point(|&k| k < key)
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;

    use super::{FacetIndex, Placed};

    fn facets(pairs: &[(&'static str, &str)]) -> BTreeSet<(&'static str, String)> {
        pairs.iter().map(|(f, v)| (*f, v.to_string())).collect()
    }

    #[test]
    fn filters_count_and_pages_follow_every_change() {
        let mut index = FacetIndex::unbuilt();
        let a = facets(&[("kind", "project"), ("sdg", "SDG4")]);
        let b = facets(&[("kind", "event"), ("sdg", "SDG4")]);
        assert_eq!(index.place(10, &a), Placed::Done);
        assert_eq!(index.place(20, &b), Placed::Done);
        assert_eq!(index.place(30, &a), Placed::Done);
        let sdg4 = index.matching(&[["sdg", "SDG4"]]);
        assert_eq!(index.newest(&sdg4, 0, 10), vec![30, 20, 10]);
        assert_eq!(index.newest(&sdg4, 1, 1), vec![20]);
        let projects = index.matching(&[["sdg", "SDG4"], ["kind", "project"]]);
        assert_eq!(index.seqs_of(&projects), vec![10, 30]);
        let held: Vec<bool> = [10, 20, 30, 40].map(|s| index.holds(&projects, s)).into();
        assert_eq!(held, [true, false, true, false], "40 is not indexed");
        let counts = index.facets(&sdg4);
        let kinds: Vec<(String, i64)> = counts["kind"]
            .iter()
            .map(|v| (v.value.clone(), v.count))
            .collect();
        assert_eq!(kinds, vec![("project".into(), 2), ("event".into(), 1)]);
        assert!(counts["country"].is_empty());
        // A change replaces what the initiative was filed under.
        index.place(10, &facets(&[("kind", "event")]));
        assert_eq!(
            index.seqs_of(&index.matching(&[["sdg", "SDG4"]])),
            vec![20, 30]
        );
        assert_eq!(index.matching(&[["kind", "event"]]).len(), 2);
        // Unknown values match nothing; an older unseen key asks for a rebuild.
        assert_eq!(index.matching(&[["kind", "nothing"]]).len(), 0);
        assert_eq!(index.place(15, &a), Placed::Rebuild);
        assert_eq!(index.docs_of(&[20, 25, 30]).len(), 2);
    }

    #[test]
    fn keys_map_to_documents_by_a_galloping_walk() {
        let keys: Vec<i64> = (0..1000).map(|k| k * 3).collect();
        for key in [-1, 0, 1, 3, 4, 1500, 2997, 2998, 5000] {
            let want = keys.iter().filter(|&&k| k < key).count();
            assert_eq!(super::gallop(&keys, key), want, "key {key}");
        }
        assert_eq!(super::gallop(&[], 7), 0);
        let mut index = FacetIndex::unbuilt();
        for &seq in &keys {
            index.place(seq, &BTreeSet::new());
        }
        // Dense, sparse, missing and out-of-range keys, ascending.
        let asked: Vec<i64> = [0, 3, 4, 6, 9, 1200, 2994, 2997, 3000, 9999].into();
        let docs = index.docs_of(&asked);
        let found: Vec<i64> = index.seqs_of(&docs);
        assert_eq!(found, vec![0, 3, 6, 9, 1200, 2994, 2997]);
    }
}

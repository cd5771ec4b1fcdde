//! How common each word pattern is, for choosing what wakes a clause.
//!
//! The matcher evaluates a clause only when one of its trigger patterns
//! occurs in a text and its guard (another pattern it requires) does too
//! (see [`matcher::triggers`](super::matcher::triggers)). Any required
//! pattern would do; the rarer the trigger and the guard, the fewer clauses
//! a text visits in vain. A pattern's literal length is a weak sign of
//! rarity ("information" is long and everywhere in this field), so the
//! patterns are first ranked by the number of paragraphs of the
//! framework's own texts (the Plan of Action, the SDG targets, the GDC and
//! the matrix's rationales) that contain them: the field's common words are
//! common there too. Length breaks ties, then the smaller pattern id.
//!
//! The choice changes only which clauses are looked at, never which hold:
//! every trigger and guard is a pattern the clause cannot hold without.

use std::cmp::Reverse;

use rustc_hash::FxHashMap as FxMap;

use super::matcher::Patterns;
use crate::text::Tokens;

/// Document frequency and literal length of every pattern, by id.
#[derive(Debug)]
pub(crate) struct Rarity {
    df: Vec<u32>,
    len: Vec<u32>,
}

impl Rarity {
    /// The rarity of `patterns` in the paragraphs `texts`.
    pub(crate) fn new<'a>(patterns: &Patterns, texts: impl Iterator<Item = &'a str>) -> Rarity {
        let len = patterns.literal_lengths();
        let mut df = vec![0u32; len.len()];
        // A word's patterns are looked up once (the prefix and wildcard
        // tables are scanned for each new word).
        let mut known: FxMap<String, Box<[u32]>> = FxMap::default();
        let mut ids: Vec<u32> = Vec::new();
        for text in texts {
            let toks = Tokens::new(text);
            ids.clear();
            for w in toks.words() {
                let found = known
                    .entry(w.to_string())
                    .or_insert_with(|| patterns.word_patterns(w));
                ids.extend(found.iter());
            }
            ids.sort_unstable();
            ids.dedup();
            for &id in &ids {
                df[id as usize] += 1;
            }
        }
        Rarity { df, len }
    }

    /// The rarity of `patterns` in the embedded framework's texts.
    pub(crate) fn of_framework(patterns: &Patterns) -> Rarity {
        Rarity::new(patterns, framework_texts())
    }

    /// Ordering key of pattern `id`: the greatest is the rarest (in fewest
    /// paragraphs, then longest, then first interned).
    pub(crate) fn key(&self, id: u32) -> (Reverse<u32>, u32, Reverse<u32>) {
        let i = id as usize;
        (Reverse(self.df[i]), self.len[i], Reverse(id))
    }

    /// How often a set of triggers would wake its clause, relatively: one
    /// plus each pattern's paragraph count, summed, so that with no
    /// paragraph counts the fewer patterns win.
    pub(crate) fn cost(&self, ids: &[u32]) -> u64 {
        ids.iter()
            .map(|&id| 1 + u64::from(self.df[id as usize]))
            .sum()
    }
}

/// The paragraphs of the framework's own texts.
fn framework_texts() -> impl Iterator<Item = &'static str> {
    let fw = wsis_framework::Framework::embedded();
    let lines = fw.action_lines.iter().flat_map(|a| {
        [a.title.as_str(), a.intro.as_str()]
            .into_iter()
            .chain(a.paragraphs.iter().map(String::as_str))
    });
    let sdgs = fw.sdgs.iter().flat_map(|s| {
        std::iter::once(s.title.as_str()).chain(s.targets.iter().map(|t| t.text.as_str()))
    });
    let gdc = fw.gdc.iter().flat_map(|g| {
        [g.title.as_str(), g.text.as_str()]
            .into_iter()
            .chain(g.paragraphs.iter().map(String::as_str))
    });
    let links = fw.links.iter().map(|l| l.rationale.as_str());
    lines.chain(sdgs).chain(gdc).chain(links)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::query::parse::Pattern;

    fn exact(w: &str) -> Pattern {
        Pattern::Exact(w.to_string())
    }

    /// A word in every paragraph is less rare than a shorter one in none;
    /// with equal counts the longer word is rarer; a prefix counts the
    /// paragraphs of all its words, each once.
    #[test]
    fn paragraph_counts_rank_before_length() {
        let p = Patterns::from_id_order(&[
            exact("information"),
            exact("fish"),
            exact("broadband"),
            exact("tele"),
            Pattern::Prefix("tele".into()),
        ]);
        let texts = [
            "Information and fish.",
            "Information, telecentres and telephones.",
            "Information for all.",
        ];
        let r = Rarity::new(&p, texts.into_iter());
        assert_eq!(r.df, [3, 1, 0, 0, 1]);
        assert!(r.key(2) > r.key(1), "broadband (none) beats fish (one)");
        assert!(r.key(1) > r.key(0), "fish (one) beats information (three)");
        assert!(r.key(2) > r.key(3), "equal counts: the longer word");
        assert_eq!(r.cost(&[0, 1]), 6);
        assert!(
            r.cost(&[2, 3]) < r.cost(&[0]),
            "two absent words wake less than a common one"
        );
    }

    /// The framework's texts are there to count: its common words are
    /// found in many paragraphs.
    #[test]
    fn the_framework_texts_give_counts() {
        let p = Patterns::from_id_order(&[exact("development"), exact("zebrafish")]);
        let r = Rarity::of_framework(&p);
        assert!(r.df[0] > 50, "development: {}", r.df[0]);
        assert_eq!(r.df[1], 0);
    }
}

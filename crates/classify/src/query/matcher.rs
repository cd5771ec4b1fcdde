//! The compiled matcher: every word pattern of every query is interned once;
//! a text is tokenised once, its tokens are looked up in hash tables (exact
//! words; the bucket of the token's first bytes for `word*`), and only the clauses whose
//! words occur are evaluated, over token positions.

use super::parse::{Node, Pattern};
use super::rarity::Rarity;
use rustc_hash::FxHashMap as FxMap;

/// A span of tokens `start..end`.
pub type Span = (u32, u32);

/// A clause compiled to pattern ids.
#[derive(Debug)]
pub(crate) enum CNode {
    Phrase(Vec<u32>),
    And(Vec<CNode>),
    Or(Vec<OrPart>),
    Not(Box<CNode>, Box<CNode>),
    Near {
        a: Box<CNode>,
        b: Box<CNode>,
        dist: u32,
        ordered: bool,
    },
}

/// A run of the operands of an OR, in their order.
#[derive(Debug)]
pub(crate) enum OrPart {
    /// Consecutive single-word operands, as one array of pattern ids: the
    /// query systems' ORs are mostly long word lists, and a flat array
    /// spares following a pointer per word.
    Words(Vec<u32>),
    /// Any other operand.
    Node(CNode),
}

/// Interned word patterns and their lookup tables.
#[derive(Debug, Default)]
pub struct Patterns {
    ids: FxMap<Pattern, u32>,
    exact: FxMap<String, Vec<u32>>,
    /// Prefix patterns bucketed by their first three bytes (shorter ones under
    /// their whole text), so a token probes one bucket instead of every length.
    buckets: FxMap<Vec<u8>, Vec<(String, u32)>>,
    globs: Vec<(String, u32)>,
}

impl Patterns {
    pub(crate) fn len(&self) -> usize {
        self.ids.len()
    }

    /// Literal length of each pattern, by id: a rough rarity score (long
    /// words are rarer), after the counts of [`Rarity`].
    pub(crate) fn literal_lengths(&self) -> Vec<u32> {
        let mut out = vec![0; self.ids.len()];
        for (p, &id) in &self.ids {
            out[id as usize] = match p {
                Pattern::Exact(w) => w.len() as u32 + 1,
                Pattern::Prefix(w) | Pattern::Glob(w) => w.len() as u32,
            };
        }
        out
    }

    /// The patterns, by id.
    pub(crate) fn in_id_order(&self) -> Vec<&Pattern> {
        let mut out: Vec<Option<&Pattern>> = vec![None; self.ids.len()];
        for (p, &id) in &self.ids {
            out[id as usize] = Some(p);
        }
        out.into_iter().flatten().collect()
    }

    /// Patterns interned in the order given, so each gets its index as id
    /// and the lookup tables are those of the set they were listed from.
    pub(crate) fn from_id_order(list: &[Pattern]) -> Patterns {
        let mut p = Patterns::default();
        for x in list {
            p.intern(x);
        }
        p
    }

    fn intern(&mut self, p: &Pattern) -> u32 {
        if let Some(&id) = self.ids.get(p) {
            return id;
        }
        let id = self.ids.len() as u32;
        self.ids.insert(p.clone(), id);
        match p {
            Pattern::Exact(w) => self.exact.entry(w.clone()).or_default().push(id),
            Pattern::Prefix(w) => {
                let key = w.as_bytes()[..w.len().min(3)].to_vec();
                self.buckets.entry(key).or_default().push((w.clone(), id));
            }
            Pattern::Glob(g) => self.globs.push((g.clone(), id)),
        }
        id
    }

    /// Compiles a parsed clause, interning its patterns.
    pub(crate) fn compile(&mut self, n: &Node) -> CNode {
        match n {
            Node::Phrase(ps) => CNode::Phrase(ps.iter().map(|p| self.intern(p)).collect()),
            Node::And(xs) => CNode::And(xs.iter().map(|x| self.compile(x)).collect()),
            Node::Or(xs) => {
                let mut parts: Vec<OrPart> = Vec::new();
                for x in xs {
                    match (self.compile(x), parts.last_mut()) {
                        (CNode::Phrase(ids), Some(OrPart::Words(ws))) if ids.len() == 1 => {
                            ws.extend(ids);
                        }
                        (CNode::Phrase(ids), _) if ids.len() == 1 => {
                            parts.push(OrPart::Words(ids));
                        }
                        (node, _) => parts.push(OrPart::Node(node)),
                    }
                }
                CNode::Or(parts)
            }
            Node::Not(a, b) => CNode::Not(Box::new(self.compile(a)), Box::new(self.compile(b))),
            Node::Near {
                a,
                b,
                dist,
                ordered,
            } => CNode::Near {
                a: Box::new(self.compile(a)),
                b: Box::new(self.compile(b)),
                dist: *dist,
                ordered: *ordered,
            },
        }
    }

    /// Every pattern a single word matches: its exact entry, the prefixes in
    /// the bucket of its first bytes, and the general wildcards.
    pub fn word_patterns(&self, w: &str) -> Box<[u32]> {
        let mut out = Vec::new();
        if let Some(ids) = self.exact.get(w) {
            out.extend(ids);
        }
        let b = w.as_bytes();
        // Prefixes of one or two bytes, then the bucket of the first three.
        for n in 1..=b.len().min(3) {
            if let Some(list) = self.buckets.get(&b[..n]) {
                for (p, id) in list {
                    if n < 3 || w.starts_with(p.as_str()) {
                        out.push(*id);
                    }
                }
            }
        }
        for (g, id) in &self.globs {
            if glob(g.as_bytes(), b) {
                out.push(*id);
            }
        }
        out.into_boxed_slice()
    }

    /// Where each pattern occurs in a text, from the patterns of each token
    /// (see [`Patterns::word_patterns`]), in token order.
    ///
    /// A text has a few hundred (pattern, position) pairs. Rather than
    /// sorting them, the positions of each pattern are counted in the
    /// scratch's slots (one counter per pattern id, all zero between
    /// calls), and then placed by the pattern's rank: they arrive in token
    /// order, so each pattern's positions come out ascending. The buffers
    /// come from `scratch` and go back to it with [`Scratch::recycle`].
    pub(crate) fn occurrences<'a>(
        &self,
        per_token: impl Iterator<Item = &'a [u32]>,
        scratch: &mut Scratch,
    ) -> Occurrences {
        let Scratch {
            slots, raw, spare, ..
        } = scratch;
        if slots.len() < self.ids.len() {
            slots.resize(self.ids.len(), 0);
        }
        let mut occ = std::mem::take(spare);
        let words = self.ids.len().div_ceil(64);
        if occ.present.len() < words {
            occ.present.resize(words, 0);
            occ.summary.resize(words.div_ceil(64), 0);
        }
        let Occurrences {
            present,
            summary,
            distinct,
            start,
            pos,
        } = &mut occ;
        raw.clear();
        for (p, ids) in per_token.enumerate() {
            for &id in ids {
                raw.push((id, p as u32));
                slots[id as usize] += 1;
                present[id as usize / 64] |= 1 << (id % 64);
                summary[id as usize / 4096] |= 1 << (id / 64 % 64);
            }
        }
        // The patterns present, in id order, read from the bitset: a text
        // has a few dozen, and sorting them cost more than this scan.
        // Only the words of the bitset that have a bit set are read: with a
        // few dozen patterns among thousands, most words are empty, and
        // skipping each was a branch no predictor could learn.
        for (s, &words_set) in summary.iter().enumerate() {
            let mut ws = words_set;
            while ws != 0 {
                let w = s * 64 + ws.trailing_zeros() as usize;
                ws &= ws - 1;
                let mut b = present[w];
                while b != 0 {
                    distinct.push((w * 64) as u32 + b.trailing_zeros());
                    b &= b - 1;
                }
            }
        }
        // Counts become each pattern's first free place in `pos`.
        let mut at = 0;
        for &d in distinct.iter() {
            start.push(at);
            let n = std::mem::replace(&mut slots[d as usize], at);
            at += n;
        }
        start.push(at);
        pos.resize(raw.len(), 0);
        for &(id, p) in raw.iter() {
            let slot = &mut slots[id as usize];
            pos[*slot as usize] = p;
            *slot += 1;
        }
        for &d in distinct.iter() {
            slots[d as usize] = 0;
        }
        occ
    }
}

/// Scratch space of the matcher, kept between texts in the word cache (one
/// per thread, analyser and vocabulary), so that matching a text does not
/// allocate its working buffers anew. Its buffers keep the size of the
/// largest text seen. The counters and bitsets are all zero between texts;
/// the lists are cleared when a text starts.
#[derive(Debug, Default)]
pub(crate) struct Scratch {
    /// One counter per pattern, all zero between texts: too many to clear
    /// for every text, so each text resets those it used.
    slots: Vec<u32>,
    /// The text's (pattern, position) pairs.
    raw: Vec<(u32, u32)>,
    /// The buffers of the last text's occurrences, cleared.
    spare: Occurrences,
    /// Clauses checked for the text, one bit each, all zero between texts.
    pub(crate) seen: Vec<u64>,
    /// The words of `seen` set for the text, to clear after it.
    pub(crate) touched: Vec<u32>,
    /// The text's candidate clauses.
    pub(crate) cand: Vec<u32>,
    /// Spans of the clause being evaluated.
    pub(crate) spans: Vec<Span>,
}

impl Scratch {
    /// Takes back the buffers of a text's occurrences, cleared for the next.
    pub(crate) fn recycle(&mut self, mut occ: Occurrences) {
        for &d in &occ.distinct {
            occ.present[d as usize / 64] = 0;
        }
        occ.summary.fill(0);
        occ.distinct.clear();
        occ.start.clear();
        occ.pos.clear();
        self.spare = occ;
    }
}

/// Where each pattern occurs in one text.
#[derive(Debug, Default)]
pub(crate) struct Occurrences {
    /// Bitset of the patterns present: most lookups are for absent ones.
    present: Vec<u64>,
    /// Bitset of the words of `present` that have a bit set.
    summary: Vec<u64>,
    /// The patterns present, in id order.
    distinct: Vec<u32>,
    /// Where each present pattern's positions start in `pos` (in the order
    /// of `distinct`), and where the last one's end.
    start: Vec<u32>,
    /// Token positions, grouped by pattern in id order, ascending within each.
    pos: Vec<u32>,
}

impl Occurrences {
    /// Distinct patterns present, in id order.
    pub(crate) fn patterns(&self) -> &[u32] {
        &self.distinct
    }

    /// True when pattern `id` occurs somewhere in the text.
    pub(crate) fn contains(&self, id: u32) -> bool {
        self.present[id as usize / 64] & (1 << (id % 64)) != 0
    }

    /// The token positions of pattern `id`, ascending.
    pub(crate) fn positions(&self, id: u32) -> &[u32] {
        if !self.contains(id) {
            return &[];
        }
        match self.distinct.binary_search(&id) {
            Ok(r) => &self.pos[self.start[r] as usize..self.start[r + 1] as usize],
            Err(_) => &[],
        }
    }

    /// True when pattern `id` occurs at token `pos`.
    pub(crate) fn has(&self, id: u32, pos: u32) -> bool {
        self.positions(id).binary_search(&pos).is_ok()
    }
}

/// Most spans a clause hit reports: evidence shows the first two of each
/// clause, and with no more a hit holds them in itself (see
/// [`HitSpans`](super::HitSpans)).
pub const MAX_SPANS: usize = 2;

/// Patterns of which at least one must occur for the clause to hold: for a
/// phrase its rarest word, for AND and proximity the operand whose such
/// patterns are rarest together ([`Rarity::cost`]; every operand is
/// required), for OR all operands, for NOT its positive side. The rarer,
/// the fewer texts wake the clause up in vain.
pub(crate) fn triggers(n: &CNode, pats: &Rarity, out: &mut Vec<u32>) {
    match n {
        CNode::Phrase(ids) => out.extend(ids.iter().copied().max_by_key(|&id| pats.key(id))),
        CNode::Or(parts) => parts.iter().for_each(|part| match part {
            OrPart::Words(ids) => out.extend(ids),
            OrPart::Node(x) => triggers(x, pats, out),
        }),
        CNode::And(xs) => {
            let best = xs
                .iter()
                .map(|x| {
                    let mut t = Vec::new();
                    triggers(x, pats, &mut t);
                    t
                })
                .min_by_key(|t| pats.cost(t));
            out.extend(best.unwrap_or_default());
        }
        CNode::Not(a, _) => triggers(a, pats, out),
        CNode::Near { a, b, .. } => {
            let (mut ta, mut tb) = (Vec::new(), Vec::new());
            triggers(a, pats, &mut ta);
            triggers(b, pats, &mut tb);
            out.extend(if pats.cost(&tb) < pats.cost(&ta) {
                tb
            } else {
                ta
            });
        }
    }
}

/// Patterns that must all occur for the clause to hold (every word of a
/// phrase, of every AND and proximity operand, of a NOT's positive side; an
/// OR contributes nothing). Checked against a bitset before evaluation.
pub(crate) fn required(n: &CNode, out: &mut Vec<u32>) {
    match n {
        CNode::Phrase(ids) => out.extend(ids),
        CNode::And(xs) => xs.iter().for_each(|x| required(x, out)),
        CNode::Or(_) => {}
        CNode::Not(a, _) => required(a, out),
        CNode::Near { a, b, .. } => {
            required(a, out);
            required(b, out);
        }
    }
}

/// For every OR the clause needs (under AND, proximity or a NOT's positive
/// side), the patterns of which at least one must occur: a cheap check that
/// spares evaluating `a W/3 (b OR c OR …)` when none of b, c… is present.
pub(crate) fn any_of_groups(n: &CNode, pats: &Rarity, out: &mut Vec<Vec<u32>>) {
    match n {
        CNode::Phrase(_) => {}
        CNode::Or(_) => {
            let mut g = Vec::new();
            triggers(n, pats, &mut g);
            g.sort_unstable();
            g.dedup();
            out.push(g);
        }
        CNode::And(xs) => xs.iter().for_each(|x| any_of_groups(x, pats, out)),
        CNode::Not(a, _) => any_of_groups(a, pats, out),
        CNode::Near { a, b, .. } => {
            any_of_groups(a, pats, out);
            any_of_groups(b, pats, out);
        }
    }
}

/// Glob match: `*` any run of bytes, `?` exactly one character.
fn glob(p: &[u8], s: &[u8]) -> bool {
    let (mut pi, mut si, mut star, mut mark) = (0, 0, None, 0);
    while si < s.len() {
        if pi < p.len() && (p[pi] == b'?' || p[pi] == s[si]) {
            pi += 1;
            si += 1;
        } else if pi < p.len() && p[pi] == b'*' {
            star = Some(pi);
            mark = si;
            pi += 1;
        } else if let Some(st) = star {
            pi = st + 1;
            mark += 1;
            si = mark;
        } else {
            return false;
        }
    }
    p[pi..].iter().all(|&c| c == b'*')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn glob_basics() {
        assert!(glob(b"urbani?ation", b"urbanisation"));
        assert!(glob(b"micro*financ*", b"microfinance"));
        assert!(!glob(b"urbani?ation", b"urbanation"));
    }
}

//! The published SDG query systems, compiled into one fast matcher.
//!
//! Each system's queries are parsed ([`parse`]), split into clauses, and
//! compiled over interned word patterns ([`matcher`]). Matching a text gives
//! the clauses that hold, each with the token spans that satisfied it: the
//! spans become evidence, the per-system per-SDG clause counts become
//! features of the learned model.

mod code;
mod compiled;
pub mod matcher;
pub mod parse;
mod rarity;

pub use compiled::source_hash;
pub(crate) use matcher::Scratch;
use matcher::{CNode, Patterns, Span};

use crate::codes;
use crate::error::{Error, Result};
use crate::text::Tokens;
use rayon::prelude::*;

/// The guard of a trigger whose clause requires nothing else.
const NO_GUARD: u32 = u32::MAX;

/// The spans of a clause hit, held in the hit itself.
pub type HitSpans = smallvec::SmallVec<[Span; matcher::MAX_SPANS]>;

/// One clause that holds in a text.
#[derive(Debug, Clone)]
pub struct ClauseHit {
    /// Index of the query system in [`QuerySet::systems`].
    pub system: usize,
    /// Index of the code in [`crate::codes::CODES`].
    pub code: usize,
    /// Token spans that satisfied the clause: the first
    /// [`MAX_SPANS`](matcher::MAX_SPANS), held inline.
    pub spans: HitSpans,
}

/// Every compiled query of every system.
#[derive(Debug, Default)]
pub struct QuerySet {
    systems: Vec<String>,
    patterns: Patterns,
    clauses: usize,
    /// Every clause in clause order, each a header then its flat form (see
    /// [`code`]): `system code body nreq req… ngroups (n id…)…`, where
    /// `req` are the patterns the clause needs, all of them (see
    /// [`matcher::required`]), each group lists patterns of which one must
    /// occur (see [`matcher::any_of_groups`]), and `body` is where the flat
    /// form starts. Everything a candidate clause is checked against sits
    /// together, so the check costs one or two cache misses, not one per
    /// array.
    code: Vec<u32>,
    /// For each pattern id, the clauses it can trigger as (clause number,
    /// guard, header offset). The guard is another pattern the clause
    /// requires (`NO_GUARD` if none): checking it, beside the clause
    /// number, rejects most woken clauses without reading anything else.
    /// All lists sit in one array, pattern after pattern (`trigger_at[p]`
    /// is where pattern `p`'s list starts): a text's patterns are visited
    /// in id order, so its lists are read front to back, not from a
    /// separate allocation each.
    trigger: Vec<(u32, u32, u32)>,
    trigger_at: Vec<u32>,
    skipped: usize,
}

/// One system's queries, parsed and split into clauses, each with its code.
struct Parsed {
    clauses: Vec<(u16, parse::Node)>,
    skipped: usize,
}

/// Reads a system's CSV (columns `query` and `sdg` or `code`) and parses
/// its queries. Rows without a known code or that do not parse are counted
/// as skipped.
fn parse_system(name: &str, csv_text: &str) -> Result<Parsed> {
    let mut out = Parsed {
        clauses: Vec::new(),
        skipped: 0,
    };
    let mut rdr = csv::Reader::from_reader(csv_text.as_bytes());
    let bad = |m: String| Error::Query {
        system: name.to_string(),
        id: "-".into(),
        message: m,
    };
    let headers = rdr.headers().map_err(|e| bad(e.to_string()))?.clone();
    let col = |n: &str| {
        headers
            .iter()
            .position(|h| h == n)
            .ok_or_else(|| bad(format!("no column {n}")))
    };
    let c_code = col("code").or_else(|_| col("sdg"))?;
    let c_query = col("query")?;
    // A system names a handful of codes over thousands of rows.
    let mut known: Vec<(String, Option<usize>)> = Vec::new();
    // One record buffer for all rows.
    let mut rec = csv::StringRecord::new();
    while rdr.read_record(&mut rec).map_err(|e| bad(e.to_string()))? {
        let code = rec.get(c_code).and_then(|c| {
            if let Some((_, k)) = known.iter().find(|(n, _)| n == c) {
                return *k;
            }
            let k = codes::index(c);
            known.push((c.to_string(), k));
            k
        });
        let (Some(code), Some(q)) = (code, rec.get(c_query)) else {
            out.skipped += 1;
            continue;
        };
        match parse::parse(q) {
            Ok(node) => out
                .clauses
                .extend(parse::clauses(node).into_iter().map(|c| (code as u16, c))),
            Err(_) => out.skipped += 1,
        }
    }
    Ok(out)
}

impl QuerySet {
    /// Compiles query systems given as (name, CSV text) with at least the
    /// columns `query` and `sdg` (`SDG-01`, `5`…) or `code` (any framework
    /// code). Queries that cannot be parsed
    /// are counted in [`QuerySet::skipped`] rather than failing the set,
    /// because a few upstream queries are truncated.
    pub fn from_csv(sources: &[(&str, &str)]) -> Result<QuerySet> {
        // Reading and parsing a system's CSV is most of compiling it and needs
        // nothing from the others, so systems are parsed in parallel; their
        // clauses are then compiled in system order, so pattern ids do not
        // depend on the schedule.
        let parsed: Vec<Result<Parsed>> = sources
            .par_iter()
            .map(|(name, text)| parse_system(name, text))
            .collect();
        let mut set = QuerySet::default();
        // The clause trees, for the compile-time analyses below; evaluation
        // reads the flat form.
        let mut nodes: Vec<(u16, u16, CNode)> = Vec::new();
        for (system, ((name, _), p)) in sources.iter().zip(parsed).enumerate() {
            // The first system in order that fails names the error.
            let p = p?;
            set.systems.push((*name).to_string());
            set.skipped += p.skipped;
            for (code, clause) in p.clauses {
                nodes.push((system as u16, code, set.patterns.compile(&clause)));
            }
        }
        let mut trigger = vec![Vec::new(); set.patterns.len()];
        set.clauses = nodes.len();
        let rarity = rarity::Rarity::of_framework(&set.patterns);
        let (mut req, mut gs, mut t) = (Vec::new(), Vec::new(), Vec::new());
        for (i, (system, code, node)) in nodes.iter().enumerate() {
            req.clear();
            matcher::required(node, &mut req);
            req.sort_unstable();
            req.dedup();
            gs.clear();
            matcher::any_of_groups(node, &rarity, &mut gs);
            let at = set.code.len();
            set.code.extend([u32::from(*system), u32::from(*code), 0]);
            set.code.push(req.len() as u32);
            set.code.extend(&req);
            set.code.push(gs.len() as u32);
            for g in &gs {
                set.code.push(g.len() as u32);
                set.code.extend(g);
            }
            set.code[at + 2] = set.code.len() as u32;
            code::flatten(node, &mut set.code);
            t.clear();
            matcher::triggers(node, &rarity, &mut t);
            t.sort_unstable();
            t.dedup();
            for &p in &t {
                // The rarest other required word: the likeliest to be absent.
                let guard = req
                    .iter()
                    .copied()
                    .filter(|&r| r != p)
                    .max_by_key(|&r| rarity.key(r))
                    .unwrap_or(NO_GUARD);
                trigger[p as usize].push((i as u32, guard, at as u32));
            }
        }
        set.trigger_at = Vec::with_capacity(trigger.len() + 1);
        for list in trigger {
            set.trigger_at.push(set.trigger.len() as u32);
            set.trigger.extend(list);
        }
        set.trigger_at.push(set.trigger.len() as u32);
        Ok(set)
    }

    /// Names of the compiled systems, in feature order.
    pub fn systems(&self) -> &[String] {
        &self.systems
    }

    /// Number of compiled clauses.
    pub fn clause_count(&self) -> usize {
        self.clauses
    }

    /// Number of distinct word patterns: no word can match more.
    pub fn pattern_count(&self) -> usize {
        self.patterns.len()
    }

    /// Queries that could not be parsed and were left out.
    pub fn skipped(&self) -> usize {
        self.skipped
    }

    /// The patterns one word matches (the analyser caches these per word).
    pub fn word_patterns(&self, w: &str) -> Box<[u32]> {
        self.patterns.word_patterns(w)
    }

    /// Cheap necessary conditions of the clause whose header is at `at`:
    /// all its required patterns, and one pattern of each OR it needs,
    /// occur in the text.
    fn may_hold(&self, at: usize, occ: &matcher::Occurrences) -> bool {
        let c = &self.code;
        let n = c[at + 3] as usize;
        if !c[at + 4..at + 4 + n].iter().all(|&r| occ.contains(r)) {
            return false;
        }
        let mut q = at + 4 + n;
        let groups = c[q];
        q += 1;
        for _ in 0..groups {
            let n = c[q] as usize;
            if !c[q + 1..q + 1 + n].iter().any(|&p| occ.contains(p)) {
                return false;
            }
            q += 1 + n;
        }
        true
    }

    /// The clauses that hold in a tokenised text, in clause order.
    pub fn matches(&self, toks: &Tokens) -> Vec<ClauseHit> {
        let per_token: Vec<Box<[u32]>> = toks.words().map(|w| self.word_patterns(w)).collect();
        self.matches_with(per_token.iter().map(|b| &b[..]), &mut Scratch::default())
    }

    /// [`QuerySet::matches`] given each token's patterns, in token order.
    /// `scratch` is kept between calls (see [`Scratch`]): its buffers are
    /// sized for the largest set and text that used them, and its counters
    /// and bitsets left zero for the next text.
    pub(crate) fn matches_with<'a>(
        &self,
        per_token: impl Iterator<Item = &'a [u32]>,
        scratch: &mut Scratch,
    ) -> Vec<ClauseHit> {
        let occ = self.patterns.occurrences(per_token, scratch);
        // Candidates in clause order, each once (a bitset instead of sort + dedup),
        // and only those whose required patterns are all present.
        let words = self.clauses.div_ceil(64);
        if scratch.seen.len() < words {
            scratch.seen.resize(words, 0);
        }
        let (seen, touched, cand, spans) = (
            &mut scratch.seen,
            &mut scratch.touched,
            &mut scratch.cand,
            &mut scratch.spans,
        );
        for &p in occ.patterns() {
            let (from, to) = (self.trigger_at[p as usize], self.trigger_at[p as usize + 1]);
            for &(ci, guard, at) in &self.trigger[from as usize..to as usize] {
                if guard != NO_GUARD && !occ.contains(guard) {
                    continue;
                }
                let (w, bit) = (ci as usize / 64, 1u64 << (ci % 64));
                if seen[w] & bit == 0 {
                    if seen[w] == 0 {
                        touched.push(w as u32);
                    }
                    seen[w] |= bit;
                    if self.may_hold(at as usize, &occ) {
                        cand.push(at);
                    }
                }
            }
        }
        // The bitset is left clear for the next text: only the words set
        // for this one, not the whole set of clauses.
        for w in touched.drain(..) {
            seen[w as usize] = 0;
        }
        // Headers are laid out in clause order.
        cand.sort_unstable();
        // Sized once: about half of a text's candidates hold.
        let mut hits = Vec::with_capacity(cand.len());
        hits.extend(cand.drain(..).filter_map(|at| {
            let h = &self.code[at as usize..at as usize + 3];
            let spans = occ.eval_code(&self.code, h[2] as usize, spans);
            (!spans.is_empty()).then_some(ClauseHit {
                system: h[0] as usize,
                code: h[1] as usize,
                spans,
            })
        }));
        scratch.recycle(occ);
        hits
    }
}

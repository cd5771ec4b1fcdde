//! The published SDG query systems, compiled into one fast matcher.
//!
//! Each system's queries are parsed ([`parse`]), split into clauses, and
//! compiled over interned word patterns ([`matcher`]). Matching a text gives
//! the clauses that hold, each with the token spans that satisfied it: the
//! spans become evidence, the per-system per-SDG clause counts become
//! features of the learned model.

mod code;
pub mod matcher;
pub mod parse;

use matcher::{CNode, Patterns, Span};

use crate::codes;
use crate::error::{Error, Result};
use crate::text::Tokens;

/// The guard of a trigger whose clause requires nothing else.
const NO_GUARD: u32 = u32::MAX;

/// A clause of one query of one system.
#[derive(Debug)]
struct Clause {
    system: u16,
    code: u16,
    /// Where its flat form starts in [`QuerySet::code`].
    at: u32,
}

/// One clause that holds in a text.
#[derive(Debug, Clone)]
pub struct ClauseHit {
    /// Index of the query system in [`QuerySet::systems`].
    pub system: usize,
    /// Index of the code in [`crate::codes::CODES`].
    pub code: usize,
    /// Token spans that satisfied the clause.
    pub spans: Vec<Span>,
}

/// Every compiled query of every system.
#[derive(Debug, Default)]
pub struct QuerySet {
    systems: Vec<String>,
    patterns: Patterns,
    clauses: Vec<Clause>,
    /// Every clause in flat form (see [`code`]), in clause order.
    code: Vec<u32>,
    /// For each pattern id, the clauses it can trigger, each with a guard:
    /// another pattern the clause requires (`NO_GUARD` if none). Checking
    /// the guard, which sits beside the clause id, rejects most woken
    /// clauses without reading anything else.
    trigger: Vec<Vec<(u32, u32)>>,
    /// Per clause, its range in `required`: kept apart from the clauses, in
    /// two dense arrays, because this check runs on every candidate and
    /// rejects most of them before the clause itself is touched.
    required_at: Vec<(u32, u32)>,
    /// Patterns each clause needs, all of them (see [`matcher::required`]).
    required: Vec<u32>,
    /// Per clause, its range in `groups_at`.
    any_at: Vec<(u32, u32)>,
    /// Per group, its range in `groups`.
    groups_at: Vec<(u32, u32)>,
    /// Groups of patterns of which one must occur (see [`matcher::any_of_groups`]).
    groups: Vec<u32>,
    skipped: usize,
}

impl QuerySet {
    /// Compiles query systems given as (name, CSV text) with at least the
    /// columns `query` and `sdg` (`SDG-01`, `5`…) or `code` (any framework
    /// code). Queries that cannot be parsed
    /// are counted in [`QuerySet::skipped`] rather than failing the set,
    /// because a few upstream queries are truncated.
    pub fn from_csv(sources: &[(&str, &str)]) -> Result<QuerySet> {
        let mut set = QuerySet::default();
        // The clause trees, for the compile-time analyses below; evaluation
        // reads the flat form.
        let mut nodes: Vec<CNode> = Vec::new();
        for (name, csv_text) in sources {
            let system = set.systems.len() as u16;
            set.systems.push((*name).to_string());
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
            for rec in rdr.records() {
                let rec = rec.map_err(|e| bad(e.to_string()))?;
                let (Some(code), Some(q)) =
                    (rec.get(c_code).and_then(codes::index), rec.get(c_query))
                else {
                    set.skipped += 1;
                    continue;
                };
                match parse::parse(q) {
                    Ok(node) => {
                        for c in parse::clauses(node) {
                            let node = set.patterns.compile(&c);
                            let at = set.code.len() as u32;
                            code::flatten(&node, &mut set.code);
                            let mut req = Vec::new();
                            matcher::required(&node, &mut req);
                            req.sort_unstable();
                            req.dedup();
                            let ra = set.required.len() as u32;
                            set.required.extend(&req);
                            set.required_at.push((ra, set.required.len() as u32));
                            set.clauses.push(Clause {
                                system,
                                code: code as u16,
                                at,
                            });
                            nodes.push(node);
                        }
                    }
                    Err(_) => set.skipped += 1,
                }
            }
        }
        set.trigger = vec![Vec::new(); set.patterns.len()];
        let lens = set.patterns.literal_lengths();
        let mut gs = Vec::new();
        for node in &nodes {
            gs.clear();
            matcher::any_of_groups(node, &lens, &mut gs);
            let at = set.groups_at.len() as u32;
            for g in &gs {
                let ga = set.groups.len() as u32;
                set.groups.extend(g);
                set.groups_at.push((ga, set.groups.len() as u32));
            }
            set.any_at.push((at, set.groups_at.len() as u32));
        }
        let mut t = Vec::new();
        for (i, node) in nodes.iter().enumerate() {
            t.clear();
            matcher::triggers(node, &lens, &mut t);
            t.sort_unstable();
            t.dedup();
            let (a, b) = set.required_at[i];
            let required = &set.required[a as usize..b as usize];
            for &p in &t {
                // The longest other required word: the likeliest to be absent.
                let guard = required
                    .iter()
                    .copied()
                    .filter(|&r| r != p)
                    .max_by_key(|&r| (lens[r as usize], u32::MAX - r))
                    .unwrap_or(NO_GUARD);
                set.trigger[p as usize].push((i as u32, guard));
            }
        }
        Ok(set)
    }

    /// Names of the compiled systems, in feature order.
    pub fn systems(&self) -> &[String] {
        &self.systems
    }

    /// Number of compiled clauses.
    pub fn clause_count(&self) -> usize {
        self.clauses.len()
    }

    /// Queries that could not be parsed and were left out.
    pub fn skipped(&self) -> usize {
        self.skipped
    }

    /// The patterns one word matches (the analyser caches these per word).
    pub fn word_patterns(&self, w: &str) -> Box<[u32]> {
        self.patterns.word_patterns(w)
    }

    /// Cheap necessary conditions of clause `ci`: all its required patterns,
    /// and one pattern of each OR it needs, occur in the text.
    fn may_hold(&self, ci: usize, occ: &matcher::Occurrences) -> bool {
        let (a, b) = self.required_at[ci];
        if !self.required[a as usize..b as usize]
            .iter()
            .all(|&r| occ.contains(r))
        {
            return false;
        }
        let (ga, gb) = self.any_at[ci];
        self.groups_at[ga as usize..gb as usize]
            .iter()
            .all(|&(x, y)| {
                self.groups[x as usize..y as usize]
                    .iter()
                    .any(|&p| occ.contains(p))
            })
    }

    /// The clauses that hold in a tokenised text, in clause order.
    pub fn matches(&self, toks: &Tokens) -> Vec<ClauseHit> {
        let per_token: Vec<Box<[u32]>> = toks.words().map(|w| self.word_patterns(w)).collect();
        self.matches_with(per_token.iter().map(|b| &b[..]))
    }

    /// [`QuerySet::matches`] given each token's patterns, in token order.
    pub fn matches_with<'a>(&self, per_token: impl Iterator<Item = &'a [u32]>) -> Vec<ClauseHit> {
        let occ = self.patterns.occurrences(per_token);
        // Candidates in clause order, each once (a bitset instead of sort + dedup),
        // and only those whose required patterns are all present.
        let mut seen = vec![0u64; self.clauses.len().div_ceil(64)];
        let mut cand: Vec<u32> = Vec::with_capacity(64);
        for &p in occ.patterns() {
            for &(ci, guard) in &self.trigger[p as usize] {
                if guard != NO_GUARD && !occ.contains(guard) {
                    continue;
                }
                let (w, bit) = (ci as usize / 64, 1u64 << (ci % 64));
                if seen[w] & bit == 0 {
                    seen[w] |= bit;
                    if self.may_hold(ci as usize, &occ) {
                        cand.push(ci);
                    }
                }
            }
        }
        cand.sort_unstable();
        cand.into_iter()
            .filter_map(|ci| {
                let c = &self.clauses[ci as usize];
                let spans = occ.eval_code(&self.code, c.at as usize);
                (!spans.is_empty()).then_some(ClauseHit {
                    system: c.system as usize,
                    code: c.code as usize,
                    spans,
                })
            })
            .collect()
    }
}

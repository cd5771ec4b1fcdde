//! Clauses compiled to one flat array of `u32`s, evaluated in place.
//!
//! Each text evaluates a dozen or two clauses out of thousands, and with the
//! clauses as trees of boxed nodes most of that time went on cache misses,
//! one per node. Laid out in prefix order in one array, a clause is a few
//! adjacent cache lines.
//!
//! Layout of a node at index `pc` (`end` is the absolute index just past
//! the node, so a parent can skip a child without reading it):
//! - `PHRASE n id₁ … idₙ`
//! - `OR end part…`, each part a node or `WORDS n id₁ … idₙ` (one-word operands)
//! - `AND end child…`
//! - `NOT end positive negative`
//! - `NEAR end dist ordered a b`

use super::HitSpans;
use super::matcher::{CNode, MAX_SPANS, Occurrences, OrPart, Span};

const PHRASE: u32 = 0;
const OR: u32 = 1;
const AND: u32 = 2;
const NOT: u32 = 3;
const NEAR: u32 = 4;
const WORDS: u32 = 5;

/// Appends the flat form of `n` to `out`.
pub(crate) fn flatten(n: &CNode, out: &mut Vec<u32>) {
    // Writes the opening of a node with an end to fill in later.
    fn open(out: &mut Vec<u32>, op: u32) -> usize {
        out.extend([op, 0]);
        out.len() - 1
    }
    fn close(out: &mut [u32], slot: usize) {
        out[slot] = out.len() as u32;
    }
    match n {
        CNode::Phrase(ids) => {
            out.extend([PHRASE, ids.len() as u32]);
            out.extend(ids);
        }
        CNode::Or(parts) => {
            let slot = open(out, OR);
            for part in parts {
                match part {
                    OrPart::Words(ids) => {
                        out.extend([WORDS, ids.len() as u32]);
                        out.extend(ids);
                    }
                    OrPart::Node(x) => flatten(x, out),
                }
            }
            close(out, slot);
        }
        CNode::And(xs) => {
            let slot = open(out, AND);
            xs.iter().for_each(|x| flatten(x, out));
            close(out, slot);
        }
        CNode::Not(a, b) => {
            let slot = open(out, NOT);
            flatten(a, out);
            flatten(b, out);
            close(out, slot);
        }
        CNode::Near {
            a,
            b,
            dist,
            ordered,
        } => {
            let slot = open(out, NEAR);
            out.extend([*dist, u32::from(*ordered)]);
            flatten(a, out);
            flatten(b, out);
            close(out, slot);
        }
    }
}

/// Index just past the node (or `WORDS` part) at `pc`.
fn end(code: &[u32], pc: usize) -> usize {
    match code[pc] {
        PHRASE | WORDS => pc + 2 + code[pc + 1] as usize,
        _ => code[pc + 1] as usize,
    }
}

impl Occurrences {
    /// Token spans where the clause at `pc` of `code` matches; empty when it
    /// does not. At most [`MAX_SPANS`] are returned: evidence needs only the
    /// first few. The clause's nodes keep all theirs while it is evaluated,
    /// so that a proximity check sees every occurrence of its operands, not
    /// only the first ones of a word that recurs through a long text.
    /// `buf` is scratch space, kept between calls so that the clauses a text
    /// wakes, most of which fail, allocate nothing.
    pub(crate) fn eval_code(&self, code: &[u32], pc: usize, buf: &mut Vec<Span>) -> HitSpans {
        buf.clear();
        self.eval_at(code, pc, buf);
        HitSpans::from_slice(&buf[..buf.len().min(MAX_SPANS)])
    }

    /// Every span of the node at `pc` (a proximity node's at most [`NEAR_SPANS`]).
    fn spans_of(&self, code: &[u32], pc: usize) -> Vec<Span> {
        let mut out = Vec::new();
        self.eval_at(code, pc, &mut out);
        out
    }

    /// Appends the spans of the node at `pc` to `out`.
    fn eval_at(&self, code: &[u32], pc: usize, out: &mut Vec<Span>) {
        let at = out.len();
        match code[pc] {
            PHRASE => {
                let ids = &code[pc + 2..end(code, pc)];
                let Some((&first, rest)) = ids.split_first() else {
                    return;
                };
                out.extend(
                    self.positions(first)
                        .iter()
                        .filter(|&&p| {
                            rest.iter()
                                .enumerate()
                                .all(|(i, &id)| self.has(id, p + 1 + i as u32))
                        })
                        .map(|&p| (p, p + ids.len() as u32)),
                );
            }
            OR => {
                let stop = end(code, pc);
                let mut q = pc + 2;
                while q < stop {
                    if code[q] == WORDS {
                        for &id in &code[q + 2..end(code, q)] {
                            // As a one-word phrase would: its own spans.
                            out.extend(self.positions(id).iter().map(|&p| (p, p + 1)));
                        }
                    } else {
                        self.eval_at(code, q, out);
                    }
                    q = end(code, q);
                }
            }
            AND => {
                let stop = end(code, pc);
                let mut q = pc + 2;
                while q < stop {
                    let before = out.len();
                    self.eval_at(code, q, out);
                    if out.len() == before {
                        out.truncate(at);
                        return;
                    }
                    q = end(code, q);
                }
            }
            NOT => {
                let a = pc + 2;
                self.eval_at(code, a, out);
                if out.len() > at {
                    // The negative part's spans go after the positive's, to
                    // be dropped with them or alone.
                    let positive = out.len();
                    self.eval_at(code, end(code, a), out);
                    out.truncate(if out.len() > positive { at } else { positive });
                }
            }
            NEAR => {
                let (dist, ordered) = (code[pc + 2], code[pc + 3] != 0);
                let a = pc + 4;
                let sa = self.spans_of(code, a);
                let sb = self.spans_of(code, end(code, a));
                near(&sa, sb, dist, ordered, out);
            }
            _ => {}
        }
    }
}

/// Most spans a proximity node yields: pairs of its operands' spans can
/// grow as the square of a long text's occurrences, and one in range is
/// enough for the clause to hold.
pub(crate) const NEAR_SPANS: usize = 4096;

/// Appends to `out` the span of every pair of a span of `sa` and one of
/// `sb` at most `dist` tokens apart (`sb`'s after `sa`'s if `ordered`),
/// up to [`NEAR_SPANS`] of them. `sb` is sorted by start, so each span of
/// `sa` reads only the spans of `sb` that start near it, and a long text
/// costs little more than its occurrences.
fn near(sa: &[Span], mut sb: Vec<Span>, dist: u32, ordered: bool, out: &mut Vec<Span>) {
    sb.sort_unstable();
    sb.dedup();
    let widest = sb.iter().map(|&(s, e)| e - s).max().unwrap_or(0);
    let stop = out.len() + NEAR_SPANS;
    for &(s1, e1) in sa {
        // A span of `sb` after this one starts at most `dist` past its end;
        // one before it or overlapping it (unordered) starts at most `dist`
        // plus its own length before its start.
        let lo = if ordered {
            e1
        } else {
            s1.saturating_sub(dist.saturating_add(widest))
        };
        let hi = e1.saturating_add(dist);
        let from = sb.partition_point(|&(s2, _)| s2 < lo);
        for &(s2, e2) in sb[from..].iter().take_while(|&&(s2, _)| s2 <= hi) {
            let gap = if s2 >= e1 {
                Some(s2 - e1)
            } else if s1 >= e2 && !ordered {
                Some(s1 - e2)
            } else if s1 < e2 && s2 < e1 && !ordered {
                Some(0)
            } else {
                None
            };
            if gap.is_some_and(|g| g <= dist) {
                out.push((s1.min(s2), e1.max(e2)));
                if out.len() >= stop {
                    return;
                }
            }
        }
    }
}

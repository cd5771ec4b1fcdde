//! A compiled query set as bytes, so that the shipped systems need not be
//! parsed and compiled at every start.
//!
//! Compiling the shipped systems (535 KB of CSV, some 9,000 clauses) was
//! two thirds of the engine's start-up. The compiled form is already flat
//! (the clause code and trigger lists are arrays of integers), so it is
//! written once by `cargo run -p wsis-classify --example compile_queries`
//! into `data/classify/queries.compiled` and read back in a few
//! milliseconds. A test compiles the shipped CSVs afresh and requires the
//! same bytes, so the file cannot drift from the queries or the compiler.
//!
//! Layout (integers little-endian): the magic `WSISQC01`; the xxh3 of the
//! sources ([`source_hash`]); the xxh3 of everything after it; then the
//! system names, the clause and skipped counts, the patterns in id order
//! (kind byte and text), the clause code, the trigger lists and their
//! offsets, each preceded by its length (u32); the values of the last three
//! in LEB128.

use super::matcher::Patterns;
use super::parse::Pattern;
use super::{NO_GUARD, QuerySet};
use crate::error::{Error, Result};

const MAGIC: &[u8; 8] = b"WSISQC01";

/// xxh3 of query sources given as (name, CSV text): what a compiled set was
/// compiled from.
pub fn source_hash(sources: &[(&str, &str)]) -> u64 {
    let mut h = xxhash_rust::xxh3::Xxh3::new();
    for (name, text) in sources {
        // Lengths keep ("ab", "c") apart from ("a", "bc").
        h.update(&(name.len() as u64).to_le_bytes());
        h.update(name.as_bytes());
        h.update(&(text.len() as u64).to_le_bytes());
        h.update(text.as_bytes());
    }
    h.digest()
}

fn damaged(message: impl Into<String>) -> Error {
    Error::Compiled(message.into())
}

/// Appends integers and strings in the layout above.
struct Writer(Vec<u8>);

impl Writer {
    fn u32(&mut self, x: u32) {
        self.0.extend_from_slice(&x.to_le_bytes());
    }
    fn len(&mut self, n: usize) {
        self.u32(n as u32);
    }
    fn str(&mut self, s: &str) {
        self.len(s.len());
        self.0.extend_from_slice(s.as_bytes());
    }
    /// A length, then each value in LEB128 (seven bits a byte, low first):
    /// pattern ids and offsets are mostly below 16,384, so the clause code
    /// takes two bytes a value instead of four.
    fn u32s(&mut self, xs: impl ExactSizeIterator<Item = u32>) {
        self.len(xs.len());
        for mut x in xs {
            while x >= 0x80 {
                self.0.push((x as u8) | 0x80);
                x >>= 7;
            }
            self.0.push(x as u8);
        }
    }
}

/// Reads the layout back; every read is bounds-checked.
struct Reader<'a> {
    b: &'a [u8],
    at: usize,
}

impl<'a> Reader<'a> {
    fn take(&mut self, n: usize) -> Result<&'a [u8]> {
        let end = self
            .at
            .checked_add(n)
            .filter(|&e| e <= self.b.len())
            .ok_or_else(|| damaged(format!("truncated at byte {}", self.at)))?;
        let s = &self.b[self.at..end];
        self.at = end;
        Ok(s)
    }
    fn u32(&mut self) -> Result<u32> {
        let (b, _) = self.take(4)?.as_chunks::<4>();
        Ok(u32::from_le_bytes(b[0]))
    }
    fn len(&mut self) -> Result<usize> {
        Ok(self.u32()? as usize)
    }
    fn str(&mut self) -> Result<&'a str> {
        let n = self.len()?;
        std::str::from_utf8(self.take(n)?).map_err(|e| damaged(e.to_string()))
    }
    fn u32s(&mut self) -> Result<Vec<u32>> {
        let n = self.len()?;
        // Each value takes at least a byte: a length beyond the rest is damage.
        if n > self.b.len() - self.at {
            return Err(damaged(format!("truncated at byte {}", self.at)));
        }
        let mut out = Vec::with_capacity(n);
        for _ in 0..n {
            let (mut x, mut shift) = (0u32, 0);
            loop {
                let b = *self
                    .b
                    .get(self.at)
                    .ok_or_else(|| damaged(format!("truncated at byte {}", self.at)))?;
                self.at += 1;
                if shift > 28 || (shift == 28 && b > 0x0f) {
                    return Err(damaged(format!("value too large at byte {}", self.at)));
                }
                x |= u32::from(b & 0x7f) << shift;
                if b < 0x80 {
                    break;
                }
                shift += 7;
            }
            out.push(x);
        }
        Ok(out)
    }
}

impl QuerySet {
    /// The compiled form of this set, compiled from sources whose
    /// [`source_hash`] is `source`.
    pub fn to_compiled(&self, source: u64) -> Vec<u8> {
        let mut w = Writer(Vec::new());
        w.len(self.systems.len());
        self.systems.iter().for_each(|s| w.str(s));
        w.len(self.clauses);
        w.len(self.skipped);
        let patterns = self.patterns.in_id_order();
        w.len(patterns.len());
        for p in patterns {
            let (kind, text) = match p {
                Pattern::Exact(t) => (0, t),
                Pattern::Prefix(t) => (1, t),
                Pattern::Glob(t) => (2, t),
            };
            w.0.push(kind);
            w.str(text);
        }
        w.u32s(self.code.iter().copied());
        let flat: Vec<u32> = self
            .trigger
            .iter()
            .flat_map(|&(c, g, a)| [c, g, a])
            .collect();
        w.u32s(flat.into_iter());
        w.u32s(self.trigger_at.iter().copied());
        let mut out = Vec::with_capacity(w.0.len() + 24);
        out.extend_from_slice(MAGIC);
        out.extend_from_slice(&source.to_le_bytes());
        out.extend_from_slice(&xxhash_rust::xxh3::xxh3_64(&w.0).to_le_bytes());
        out.extend_from_slice(&w.0);
        out
    }

    /// Reads a compiled set. `Ok(None)` when it was compiled from other
    /// sources than those hashing to `source` (it is stale: compile the
    /// sources instead); an error when the bytes are damaged.
    pub fn from_compiled(bytes: &[u8], source: u64) -> Result<Option<QuerySet>> {
        let mut r = Reader { b: bytes, at: 0 };
        if r.take(8)? != MAGIC {
            return Err(damaged("not a compiled query set"));
        }
        let (head, _) = r.take(16)?.as_chunks::<8>();
        if u64::from_le_bytes(head[0]) != source {
            return Ok(None);
        }
        if u64::from_le_bytes(head[1]) != xxhash_rust::xxh3::xxh3_64(&bytes[r.at..]) {
            return Err(damaged("checksum does not match"));
        }
        let systems = (0..r.len()?)
            .map(|_| r.str().map(str::to_string))
            .collect::<Result<Vec<_>>>()?;
        let clauses = r.len()?;
        let skipped = r.len()?;
        let n = r.len()?;
        let mut patterns = Vec::with_capacity(n.min(bytes.len()));
        for _ in 0..n {
            let kind = r.take(1)?[0];
            let text = r.str()?.to_string();
            patterns.push(match kind {
                0 => Pattern::Exact(text),
                1 => Pattern::Prefix(text),
                2 => Pattern::Glob(text),
                k => return Err(damaged(format!("pattern kind {k}"))),
            });
        }
        let code = r.u32s()?;
        let flat = r.u32s()?;
        let (triples, rest) = flat.as_chunks::<3>();
        if !rest.is_empty() {
            return Err(damaged("trigger list length"));
        }
        let trigger: Vec<(u32, u32, u32)> = triples.iter().map(|t| (t[0], t[1], t[2])).collect();
        let trigger_at = r.u32s()?;
        if r.at != bytes.len() {
            return Err(damaged("bytes after the end"));
        }
        check(n, clauses, &code, &trigger, &trigger_at)?;
        let patterns = Patterns::from_id_order(&patterns);
        if patterns.len() != n {
            return Err(damaged("a pattern is listed twice"));
        }
        Ok(Some(QuerySet {
            systems,
            patterns,
            clauses,
            code,
            trigger,
            trigger_at,
            skipped,
        }))
    }
}

/// The checks that keep matching within bounds: offsets ascend and end at
/// the trigger list's length, and every trigger names a clause, a pattern
/// and a header that exist. (The clause code itself is covered by the
/// checksum, and its producer by the test that compiles afresh.)
fn check(
    patterns: usize,
    clauses: usize,
    code: &[u32],
    trigger: &[(u32, u32, u32)],
    trigger_at: &[u32],
) -> Result<()> {
    let ascending = trigger_at.windows(2).all(|w| w[0] <= w[1]);
    if trigger_at.len() != patterns + 1
        || !ascending
        || trigger_at.last().map(|&e| e as usize) != Some(trigger.len())
    {
        return Err(damaged("trigger offsets"));
    }
    let fits = |&(c, g, a): &(u32, u32, u32)| {
        (c as usize) < clauses
            && (g == NO_GUARD || (g as usize) < patterns)
            && (a as usize) + 4 <= code.len()
    };
    if !trigger.iter().all(fits) {
        return Err(damaged("trigger out of range"));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn small() -> (QuerySet, u64, Vec<u8>) {
        let sources = [(
            "t",
            "system,sdg,query_id,query\n\
             t,SDG-05,1,\"(\"\"gender\"\" W/3 violen*) OR urbani?ation\"\n\
             t,SDG-01,2,\"poverty AND NOT \"\"poverty line\"\"\"\n",
        )];
        let set = QuerySet::from_csv(&sources).expect("compiles");
        let hash = source_hash(&sources);
        let bytes = set.to_compiled(hash);
        (set, hash, bytes)
    }

    #[test]
    fn a_compiled_set_reads_back_to_the_same_bytes() {
        let (set, hash, bytes) = small();
        let back = QuerySet::from_compiled(&bytes, hash)
            .expect("reads")
            .expect("current");
        assert_eq!(back.to_compiled(hash), bytes);
        assert_eq!(back.clause_count(), set.clause_count());
        assert_eq!(back.systems(), set.systems());
        assert_eq!(
            &back.word_patterns("urbanisation")[..],
            &set.word_patterns("urbanisation")[..]
        );
    }

    #[test]
    fn another_source_hash_means_stale_not_damaged() {
        let (_, hash, bytes) = small();
        assert!(
            QuerySet::from_compiled(&bytes, hash ^ 1)
                .expect("reads")
                .is_none()
        );
    }

    #[test]
    fn damaged_bytes_are_refused_with_the_reason() {
        let (_, hash, bytes) = small();
        let err = |b: &[u8]| match QuerySet::from_compiled(b, hash) {
            Err(Error::Compiled(m)) => m,
            other => panic!("not refused: {:?}", other.map(|o| o.is_some())),
        };
        let mut flipped = bytes.clone();
        let last = flipped.len() - 1;
        flipped[last] ^= 0x40;
        assert!(err(&flipped).contains("checksum"));
        assert!(err(&bytes[..bytes.len() - 3]).contains("checksum"));
        assert!(err(&bytes[..20]).contains("truncated"));
        assert!(err(b"NOTQUERY").contains("not a compiled query set"));
        assert!(err(b"").contains("truncated"));
        // Checksums right but contents wrong: the structure is still checked.
        let reseal = |mut b: Vec<u8>| {
            let sum = xxhash_rust::xxh3::xxh3_64(&b[24..]);
            b[16..24].copy_from_slice(&sum.to_le_bytes());
            b
        };
        let mut tail = bytes.clone();
        tail.push(0);
        assert!(err(&reseal(tail)).contains("bytes after the end"));
        let mut short = bytes.clone();
        short.truncate(bytes.len() - 2);
        assert!(err(&reseal(short)).contains("truncated"));
        let mut long = bytes.clone();
        long.extend([0xff; 5]);
        assert!(err(&reseal(long)).contains("bytes after the end"));
        // A set whose trigger offsets overrun its trigger list, and one whose
        // trigger names a clause that does not exist.
        let (mut set, _, _) = small();
        *set.trigger_at.last_mut().expect("offsets") += 1;
        assert!(err(&set.to_compiled(hash)).contains("trigger offsets"));
        let (mut set, _, _) = small();
        set.trigger[0].0 = set.clauses as u32;
        assert!(err(&set.to_compiled(hash)).contains("trigger out of range"));
    }
}

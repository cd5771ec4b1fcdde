//! A compiled query set as bytes, so that the shipped systems need not be
//! parsed and compiled at every start.
//!
//! Compiling the shipped systems (535 KB of CSV, some 9,000 clauses) was
//! two thirds of the engine's start-up. The compiled form is already flat
//! (the clause code and trigger lists are arrays of integers), so it is
//! written once by `cargo run -p wsis-classify --example compile_queries`
//! into `data/classify/queries.compiled` and read back in a few
//! milliseconds. A test compiles the shipped CSVs afresh and requires the
//! same bytes, so the file cannot drift from the queries, the compiler, or
//! the framework texts by which it chooses each clause's triggers (see
//! `rarity`; they change only which clauses a text looks at, never which
//! hold).
//!
//! Layout: the magic `WSISQC02`; the xxh3 of the sources ([`source_hash`]);
//! the xxh3 of everything after it (all three eight bytes, integers
//! little-endian); then a [`Stored`] in postcard (serde, integers as
//! varints, so pattern ids and offsets mostly take two bytes).

use std::borrow::Cow;

use serde::{Deserialize, Serialize};

use super::matcher::Patterns;
use super::parse::Pattern;
use super::{NO_GUARD, QuerySet};
use crate::error::{Error, Result};

const MAGIC: &[u8; 8] = b"WSISQC02";
/// Magic, source hash, checksum.
const HEADER: usize = 24;

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

/// The fields of a [`QuerySet`], borrowed when written, owned when read.
#[derive(Serialize, Deserialize)]
struct Stored<'a> {
    systems: Cow<'a, [String]>,
    clauses: usize,
    skipped: usize,
    /// The patterns in id order.
    patterns: Vec<Cow<'a, Pattern>>,
    code: Cow<'a, [u32]>,
    trigger: Cow<'a, [(u32, u32, u32)]>,
    trigger_at: Cow<'a, [u32]>,
}

impl QuerySet {
    /// The compiled form of this set, compiled from sources whose
    /// [`source_hash`] is `source`.
    pub fn to_compiled(&self, source: u64) -> Result<Vec<u8>> {
        let stored = Stored {
            systems: Cow::Borrowed(&self.systems),
            clauses: self.clauses,
            skipped: self.skipped,
            patterns: self
                .patterns
                .in_id_order()
                .into_iter()
                .map(Cow::Borrowed)
                .collect(),
            code: Cow::Borrowed(&self.code),
            trigger: Cow::Borrowed(&self.trigger),
            trigger_at: Cow::Borrowed(&self.trigger_at),
        };
        let body = postcard::to_allocvec(&stored).map_err(|e| damaged(e.to_string()))?;
        let mut out = Vec::with_capacity(HEADER + body.len());
        out.extend_from_slice(MAGIC);
        out.extend_from_slice(&source.to_le_bytes());
        out.extend_from_slice(&xxhash_rust::xxh3::xxh3_64(&body).to_le_bytes());
        out.extend_from_slice(&body);
        Ok(out)
    }

    /// Reads a compiled set. `Ok(None)` when it was compiled from other
    /// sources than those hashing to `source` (it is stale: compile the
    /// sources instead); an error when the bytes are damaged.
    pub fn from_compiled(bytes: &[u8], source: u64) -> Result<Option<QuerySet>> {
        let Some((head, body)) = bytes.split_first_chunk::<HEADER>() else {
            return Err(damaged(format!(
                "{} bytes, shorter than its header",
                bytes.len()
            )));
        };
        let (words, _) = head.as_chunks::<8>();
        if &words[0] != MAGIC {
            return Err(damaged("not a compiled query set of this engine"));
        }
        if u64::from_le_bytes(words[1]) != source {
            return Ok(None);
        }
        if u64::from_le_bytes(words[2]) != xxhash_rust::xxh3::xxh3_64(body) {
            return Err(damaged("checksum does not match"));
        }
        let (s, rest): (Stored, _) =
            postcard::take_from_bytes(body).map_err(|e| damaged(format!("cannot be read: {e}")))?;
        if !rest.is_empty() {
            return Err(damaged("bytes after the end"));
        }
        let n = s.patterns.len();
        check(n, s.clauses, &s.code, &s.trigger, &s.trigger_at)?;
        let list: Vec<Pattern> = s.patterns.into_iter().map(Cow::into_owned).collect();
        let patterns = Patterns::from_id_order(&list);
        if patterns.len() != n {
            return Err(damaged("a pattern is listed twice"));
        }
        Ok(Some(QuerySet {
            systems: s.systems.into_owned(),
            patterns,
            clauses: s.clauses,
            code: s.code.into_owned(),
            trigger: s.trigger.into_owned(),
            trigger_at: s.trigger_at.into_owned(),
            skipped: s.skipped,
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
        let bytes = set.to_compiled(hash).expect("writes");
        (set, hash, bytes)
    }

    #[test]
    fn a_compiled_set_reads_back_to_the_same_bytes() {
        let (set, hash, bytes) = small();
        let back = QuerySet::from_compiled(&bytes, hash)
            .expect("reads")
            .expect("current");
        assert_eq!(back.to_compiled(hash).expect("writes"), bytes);
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
        assert!(err(&bytes[..20]).contains("shorter than its header"));
        assert!(err(&[b'x'; 40]).contains("not a compiled query set"));
        assert!(err(b"").contains("shorter than its header"));
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
        assert!(err(&reseal(short)).contains("cannot be read"));
        let mut long = bytes.clone();
        long.extend([0xff; 5]);
        assert!(err(&reseal(long)).contains("bytes after the end"));
        // A set whose trigger offsets overrun its trigger list, and one whose
        // trigger names a clause that does not exist.
        let (mut set, _, _) = small();
        *set.trigger_at.last_mut().expect("offsets") += 1;
        assert!(err(&set.to_compiled(hash).expect("writes")).contains("trigger offsets"));
        let (mut set, _, _) = small();
        set.trigger[0].0 = set.clauses as u32;
        assert!(err(&set.to_compiled(hash).expect("writes")).contains("trigger out of range"));
    }
}

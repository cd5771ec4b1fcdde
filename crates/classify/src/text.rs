//! Tokenisation shared by the query matcher, the lexicons and the learned model.
//!
//! One pass over the text gives lower-cased word tokens with their byte spans,
//! so evidence can always be cut from the original text.

/// For each byte, its lower-case form if it is an ASCII letter or digit,
/// else 0: one table lookup both classifies and folds a byte.
const ASCII_WORD: [u8; 256] = {
    let mut t = [0u8; 256];
    let mut c = 0;
    while c < 128 {
        let b = c as u8;
        if b.is_ascii_alphanumeric() {
            t[c] = b.to_ascii_lowercase();
        }
        c += 1;
    }
    t
};

/// The high bit of each of eight bytes.
const HIGH: u64 = 0x8080_8080_8080_8080;

/// Byte `b` in each of eight bytes.
const fn splat(b: u8) -> u64 {
    0x0101_0101_0101_0101 * b as u64
}

/// Eight ASCII bytes (all below 0x80) classified at once: the high bit of
/// each byte of the result is set where the byte is a letter or a digit.
/// Adding `0x80 - c` to a byte sets its high bit when it is `c` or more,
/// and no byte below 0x80 carries into the next.
fn word_bytes(x: u64) -> u64 {
    // Wrapping: a byte of 0x80 or more, which callers rule out, would only
    // give a wrong mask, never a panic.
    let ge = |v: u64, c: u8| v.wrapping_add(splat(0x80 - c));
    // Setting 0x20 turns capitals into small letters and moves no other
    // byte into a-z.
    let lower = x | splat(0x20);
    let letter = ge(lower, b'a') & !ge(lower, b'z' + 1);
    let digit = ge(x, b'0') & !ge(x, b'9' + 1);
    (letter | digit) & HIGH
}

/// Bit `j` set where byte `j` of the block is an ASCII letter or digit;
/// `None` when the block holds a non-ASCII byte.
fn block_mask(block: &[u8; 64]) -> Option<u64> {
    let mut mask = 0u64;
    let mut high = 0u64;
    for (j, chunk) in block.chunks_exact(8).enumerate() {
        let mut b = [0u8; 8];
        b.copy_from_slice(chunk);
        let x = u64::from_le_bytes(b);
        high |= x & HIGH;
        // The high bit of each byte moved to bit 0 and gathered into the
        // top byte, byte 0's bit lowest.
        let bits = (word_bytes(x) >> 7).wrapping_mul(GATHER) >> 56;
        mask |= bits << (8 * j);
    }
    (high == 0).then_some(mask)
}

/// Multiplying a word whose bytes are 0 or 1 by this sums byte `k` into
/// bit `56 + k`, with no carries between them.
const GATHER: u64 = 0x0102_0408_1020_4080;

/// The words of a text, lower-cased, with their byte ranges in the original.
/// All words live in one buffer: no allocation per token.
#[derive(Debug, Default)]
pub struct Tokens {
    lower: String,
    /// Byte range of each token in `lower`; `None` when those are its
    /// ranges in the original text, as lower-casing ASCII moves no byte.
    bounds: Option<Vec<(u32, u32)>>,
    /// Byte range of each token in the original text.
    pub spans: Vec<(u32, u32)>,
}

impl Tokens {
    /// Splits `text` into maximal runs of letters and digits.
    pub fn new(text: &str) -> Tokens {
        Tokens::new_plain(text).unwrap_or_else(|| Tokens::new_general(text))
    }

    /// [`Tokens::new`] for any text: each non-ASCII character is classified
    /// and lower-cased on its own.
    fn new_general(text: &str) -> Tokens {
        let mut lower: Vec<u8> = Vec::with_capacity(text.len());
        let mut bounds = Vec::with_capacity(text.len() / 5);
        let mut spans = Vec::with_capacity(text.len() / 5);
        let bytes = text.as_bytes();
        let mut start: Option<(usize, usize)> = None;
        let mut close = |start: &mut Option<(usize, usize)>, end: usize, lower_len: usize| {
            if let Some((s, ls)) = start.take() {
                bounds.push((ls as u32, lower_len as u32));
                spans.push((s as u32, end as u32));
            }
        };
        let mut i = 0;
        while i < bytes.len() {
            let b = bytes[i];
            if ASCII_WORD[b as usize] != 0 {
                // A run of ASCII letters and digits, lower-cased as it is scanned.
                if start.is_none() {
                    start = Some((i, lower.len()));
                }
                while let Some(&l) = bytes.get(i).map(|&c| &ASCII_WORD[c as usize])
                    && l != 0
                {
                    lower.push(l);
                    i += 1;
                }
            } else if b < 0x80 {
                close(&mut start, i, lower.len());
                i += 1;
            } else {
                // `i` is always at a character boundary: we step by whole characters.
                let c = text[i..].chars().next().unwrap_or(' ');
                if c.is_alphanumeric() {
                    if start.is_none() {
                        start = Some((i, lower.len()));
                    }
                    // Lower-casing can change a char into several; keep them all.
                    let mut buf = [0u8; 4];
                    for l in c.to_lowercase() {
                        lower.extend_from_slice(l.encode_utf8(&mut buf).as_bytes());
                    }
                } else {
                    close(&mut start, i, lower.len());
                }
                i += c.len_utf8().max(1);
            }
        }
        close(&mut start, text.len(), lower.len());
        // Only whole characters were written, so this cannot fail; the lossy
        // form keeps a bug from becoming a panic.
        let lower = String::from_utf8(lower)
            .unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned());
        Tokens {
            lower,
            bounds: Some(bounds),
            spans,
        }
    }

    /// [`Tokens::new`] for a text whose words are all ASCII: nearly every
    /// text, as most non-ASCII characters in them are punctuation (curly
    /// quotes, dashes). Lower-casing then keeps every byte in its place (one
    /// vectorised pass, other characters untouched), so a word's place in
    /// the lower-cased copy is its place in the text, and the scan only
    /// looks for word boundaries. `None` at the first non-ASCII letter or
    /// digit, for [`Tokens::new_general`] to take the text.
    ///
    /// The text is read 64 bytes at a time into a mask of its word bytes
    /// (eight at once, see [`word_bytes`]); a word starts where a word
    /// byte follows another byte and ends where the run stops, and those
    /// places are read from the mask's set bits. A step per byte or per
    /// word branched on the lengths of words and of the gaps between them,
    /// which no predictor can learn; here a block of 64 bytes costs a
    /// handful of such branches. A block with a non-ASCII byte is read a
    /// character at a time.
    fn new_plain(text: &str) -> Option<Tokens> {
        let bytes = text.as_bytes();
        let mut spans: Vec<(u32, u32)> = Vec::with_capacity(text.len() / 5);
        // Ends are written into the spans their starts opened.
        let mut ended = 0;
        let mut end_at = |spans: &mut Vec<(u32, u32)>, at: usize| {
            spans[ended].1 = at as u32;
            ended += 1;
        };
        // Whether the byte before the block is a word byte.
        let mut carry = 0u64;
        let mut i = 0;
        while i < bytes.len() {
            let mut block = [0u8; 64];
            let n = (bytes.len() - i).min(64);
            block[..n].copy_from_slice(&bytes[i..i + n]);
            let Some(mask) = block_mask(&block) else {
                // A non-ASCII byte: a character at a time to the block's
                // end (or just past it, to finish a character).
                let stop = i + n;
                let mut in_word = carry != 0;
                while i < stop {
                    let b = bytes[i];
                    let (word, step) = if b < 0x80 {
                        (ASCII_WORD[b as usize] != 0, 1)
                    } else {
                        // `i` is at a character boundary: ASCII bytes and
                        // whole characters are all that is stepped over.
                        let c = text[i..].chars().next()?;
                        if c.is_alphanumeric() {
                            return None;
                        }
                        (false, c.len_utf8())
                    };
                    if word && !in_word {
                        spans.push((i as u32, 0));
                    } else if !word && in_word {
                        end_at(&mut spans, i);
                    }
                    in_word = word;
                    i += step;
                }
                carry = u64::from(in_word);
                continue;
            };
            // Padding past the text is zeros, which are no word bytes.
            let before = mask << 1 | carry;
            let mut starts = mask & !before;
            let mut ends = !mask & before;
            while starts != 0 {
                spans.push(((i + starts.trailing_zeros() as usize) as u32, 0));
                starts &= starts - 1;
            }
            while ends != 0 {
                end_at(&mut spans, i + ends.trailing_zeros() as usize);
                ends &= ends - 1;
            }
            carry = mask >> 63;
            i += 64;
        }
        // A word that runs to the text's end (the padding closes one that
        // ends within the last block).
        if carry != 0 {
            end_at(&mut spans, bytes.len());
        }
        Some(Tokens {
            lower: text.to_ascii_lowercase(),
            bounds: None,
            spans,
        })
    }

    /// Byte range of each token in the lower-cased copy.
    fn bounds(&self) -> &[(u32, u32)] {
        self.bounds.as_deref().unwrap_or(&self.spans)
    }

    /// The `i`-th word, lower-cased.
    pub fn word(&self, i: usize) -> &str {
        let (a, b) = self.bounds()[i];
        &self.lower[a as usize..b as usize]
    }

    /// The `i`-th word, lower-cased, as bytes.
    pub fn word_at(&self, i: usize) -> &[u8] {
        let (a, b) = self.bounds()[i];
        &self.lower.as_bytes()[a as usize..b as usize]
    }

    /// All words, lower-cased, in order.
    pub fn words(&self) -> impl Iterator<Item = &str> + Clone + '_ {
        self.bounds()
            .iter()
            .map(|&(a, b)| &self.lower[a as usize..b as usize])
    }

    /// The lower-cased copy of the text, as bytes.
    pub(crate) fn lower_bytes(&self) -> &[u8] {
        self.lower.as_bytes()
    }

    /// Byte range of each token in [`Tokens::lower_bytes`].
    pub(crate) fn word_ranges(&self) -> &[(u32, u32)] {
        self.bounds()
    }

    /// Number of tokens.
    pub fn len(&self) -> usize {
        self.spans.len()
    }

    /// True when the text has no word at all.
    pub fn is_empty(&self) -> bool {
        self.spans.is_empty()
    }

    /// The original text covered by tokens `from..to` (end exclusive).
    pub fn excerpt<'a>(&self, text: &'a str, from: usize, to: usize) -> &'a str {
        if from >= to || to > self.spans.len() {
            return "";
        }
        &text[self.spans[from].0 as usize..self.spans[to - 1].1 as usize]
    }
}

/// Words too common to carry meaning for the learned model (the query
/// systems keep them, since their phrases are matched verbatim).
const STOPWORDS: &[&str] = &[
    "a", "about", "after", "all", "also", "an", "and", "any", "are", "as", "at", "be", "been",
    "being", "between", "both", "but", "by", "can", "could", "did", "do", "does", "during", "each",
    "et", "etc", "for", "from", "had", "has", "have", "he", "her", "his", "how", "i", "if", "in",
    "into", "is", "it", "its", "may", "more", "most", "much", "must", "no", "not", "of", "on",
    "one", "only", "or", "other", "our", "over", "s", "same", "she", "should", "so", "some",
    "such", "than", "that", "the", "their", "them", "then", "there", "these", "they", "this",
    "those", "through", "to", "under", "up", "upon", "us", "very", "was", "we", "were", "what",
    "when", "where", "which", "while", "who", "whom", "why", "will", "with", "within", "would",
    "you", "your",
];

/// True for a word the learned model ignores.
pub fn is_stopword(w: &str) -> bool {
    STOPWORDS.binary_search(&w).is_ok()
}

/// A light English stemmer: folds plurals so that the small training sets
/// generalise ("farmers" and "farmer", "policies" and "policy").
/// Deliberately conservative: it never strips derivational suffixes.
/// Returns the kept part of the word and a suffix to append (`y` for `-ies`),
/// so that callers can hash the stem without allocating.
pub fn stem_parts(w: &str) -> (&str, &'static str) {
    let n = w.len();
    if n <= 3 || !w.is_ascii() {
        return (w, "");
    }
    if n > 4
        && let Some(b) = w.strip_suffix("ies")
    {
        return (b, "y");
    }
    for suf in ["sses", "xes", "ches", "shes"] {
        if w.ends_with(suf) {
            return (&w[..n - 2], "");
        }
    }
    if w.ends_with("ss") || w.ends_with("us") || w.ends_with("is") {
        return (w, "");
    }
    (w.strip_suffix('s').unwrap_or(w), "")
}

/// The stem of a word as a string.
pub fn stem(w: &str) -> String {
    let (b, s) = stem_parts(w);
    format!("{b}{s}")
}

/// FNV-1a over several pieces, equal to the hash of their concatenation:
/// the key of a vocabulary term, computed from stem parts without building it.
pub fn term_hash(pieces: &[&str]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for p in pieces {
        for &b in p.as_bytes() {
            h = (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
        }
    }
    h
}

/// Key of a bigram from the keys of its two stems.
pub fn bigram_key(a: u64, b: u64) -> u64 {
    (a.rotate_left(29) ^ b).wrapping_mul(0x9E37_79B9_7F4A_7C15) ^ (a >> 17)
}

/// Key of a vocabulary term as written in a model file ("stem" or "stem stem").
pub fn term_key(t: &str) -> u64 {
    match t.split_once(' ') {
        Some((a, b)) => bigram_key(term_hash(&[a]), term_hash(&[b])),
        None => term_hash(&[t]),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_keep_spans_and_lowercase() {
        let text = "Gender-based Violence, in 2030!";
        let t = Tokens::new(text);
        assert_eq!(
            t.words().collect::<Vec<_>>(),
            ["gender", "based", "violence", "in", "2030"]
        );
        assert_eq!(t.excerpt(text, 0, 3), "Gender-based Violence");
        let text = "Égalité des États – ÉDUCATION";
        let t = Tokens::new(text);
        assert_eq!(
            t.words().collect::<Vec<_>>(),
            ["égalité", "des", "états", "éducation"]
        );
        assert_eq!(t.excerpt(text, 2, 4), "États – ÉDUCATION");
        // ASCII runs and other letters mix within one word; a capital that
        // lower-cases to two characters keeps both.
        let text = "NAÏVE e-İstanbul";
        let t = Tokens::new(text);
        assert_eq!(
            t.words().collect::<Vec<_>>(),
            ["naïve", "e", "i\u{307}stanbul"]
        );
        assert_eq!(t.excerpt(text, 2, 3), "İstanbul");
    }

    /// A block's mask has the bit of every word byte, in order, and a
    /// non-ASCII byte anywhere in it is reported.
    #[test]
    fn block_masks_mark_the_word_bytes() {
        let text = b"Ab9 zZ0-aZ_09xyz@[`{/: internationalisation a 12, (e-Health) xy.";
        let mut block = [0u8; 64];
        block.copy_from_slice(&text[..64]);
        let mask = block_mask(&block).expect("ASCII");
        for (j, &b) in block.iter().enumerate() {
            assert_eq!(mask >> j & 1 == 1, ASCII_WORD[b as usize] != 0, "byte {j}");
        }
        block[63] = 0xc3;
        assert_eq!(block_mask(&block), None);
    }

    /// The eight-byte classifier agrees with the byte table on every
    /// ASCII byte, wherever it stands among the eight.
    #[test]
    fn eight_bytes_at_once_classify_as_one_at_a_time() {
        for b in 0u8..0x80 {
            for at in 0..8 {
                let mut bytes = [b' '; 8];
                bytes[at] = b;
                let got = word_bytes(u64::from_le_bytes(bytes)) >> (at * 8 + 7) & 1;
                assert_eq!(got == 1, ASCII_WORD[b as usize] != 0, "{b:#x} at {at}");
            }
        }
    }

    /// Texts that cross the 64-byte blocks of the fast path: words and
    /// non-ASCII punctuation across a block's end, a text of exactly one and
    /// two blocks ending in a word, and a letter that sends the text to the
    /// general path after a block.
    fn long_texts() -> Vec<String> {
        let mut out = Vec::new();
        for pad in 0..70 {
            let lead = "x".repeat(pad);
            out.push(format!(
                "{lead} Telecommunications \u{2014}interoperability\u{2019}s, e-Health (2030)"
            ));
            out.push(format!(
                "{lead}\u{201c}quoted\u{201d}\u{2026} and caf\u{e9}"
            ));
            out.push(format!("{} {lead}", "word ".repeat(13)));
        }
        out.push("a".repeat(64));
        out.push(format!("{}{}", "b ".repeat(32), "c".repeat(64)));
        out.push(format!("{} \u{2013}", "internationalisation ".repeat(7)));
        out
    }

    #[test]
    fn plain_texts_tokenise_as_the_general_path_does() {
        // The same words and spans whether a text takes the fast path (its
        // words are ASCII) or the general one.
        for text in [
            "",
            "  ",
            "ICT4D: e-Health, 5G & AI-based tools (2024)...",
            "x",
            "end-of-text",
            "--- ,,, ---",
            "\u{2013}",
            "Women\u{2019}s \u{201c}digital\u{201d} skills \u{2013} 2030\u{2026}",
            "\u{a0}non\u{a0}breaking\u{a0}",
            "caf\u{e9} au lait",
            "NA\u{cf}VE \u{2013} e-\u{130}stanbul",
            "x\u{2082}O and \u{b2}",
            "Telecommunications infrastructure\u{2014}interoperability, 12345678901",
            "abcdefgh12345678ijk\u{2019}s ABCDEFG\u{2013}HIJKLMNOP",
        ]
        .into_iter()
        .map(String::from)
        .chain(long_texts())
        {
            let text = text.as_str();
            let general = Tokens::new_general(text);
            let any = Tokens::new(text);
            assert_eq!(
                any.words().collect::<Vec<_>>(),
                general.words().collect::<Vec<_>>(),
                "{text:?}"
            );
            assert_eq!(any.spans, general.spans, "{text:?}");
        }
        // Which path a text takes.
        assert!(Tokens::new_plain("Women\u{2019}s \u{2013} rights").is_some());
        assert!(Tokens::new_plain("caf\u{e9}").is_none());
    }

    #[test]
    fn stopwords_are_sorted_for_binary_search() {
        let mut s = STOPWORDS.to_vec();
        s.sort_unstable();
        assert_eq!(s, STOPWORDS);
        assert!(is_stopword("the") && !is_stopword("poverty"));
    }

    #[test]
    fn stemmer_folds_plurals_only() {
        assert_eq!(stem("policies"), "policy");
        assert_eq!(stem("farmers"), "farmer");
        assert_eq!(stem("access"), "access");
        assert_eq!(stem("churches"), "church");
        assert_eq!(stem("analysis"), "analysis");
        assert_eq!(
            term_hash(&["polic", "y", " ", "farmer"]),
            term_hash(&["policy farmer"])
        );
    }
}

//! How a head's quantised weights are written in a model file: one string
//! of four hex digits per weight (its 16 bits, two's complement, most
//! significant digit first).
//!
//! A model holds some 360,000 weights. As a JSON array of integers they were
//! read element by element, a third of the engine's start-up; as one string
//! each head is a single token for the JSON parser and a tight loop here.
//! Files of the first format, with arrays, are still read.
//!
//! The digits are decoded here rather than by the `hex` crate (already in
//! the build): on the shipped model it took 23.5M instructions to this
//! loop's 7.1M, which would have made start-up 40% longer.

use std::fmt;

use serde::de::{self, SeqAccess, Visitor};
use serde::{Deserializer, Serializer};

/// Writes weights as one hex string.
pub(crate) fn serialize<S: Serializer>(w: &[i16], s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(&encode(w))
}

/// Reads weights from a hex string, or from an array of integers (format 1).
pub(crate) fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<i16>, D::Error> {
    d.deserialize_any(WeightsVisitor)
}

/// Four hex digits per weight.
pub(crate) fn encode(w: &[i16]) -> String {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    let mut out = String::with_capacity(w.len() * 4);
    for &x in w {
        let u = x as u16;
        for shift in [12, 8, 4, 0] {
            out.push(char::from(HEX[usize::from((u >> shift) & 0xf)]));
        }
    }
    out
}

/// True for the digits [`encode`] writes: `0`–`9` and `a`–`f`.
fn is_hex(c: u8) -> bool {
    c.is_ascii_digit() || (b'a'..=b'f').contains(&c)
}

/// The weights of [`encode`]'s text; an error names the weight at fault.
pub(crate) fn decode(s: &str) -> Result<Vec<i16>, String> {
    let b = s.as_bytes();
    if !b.len().is_multiple_of(4) {
        return Err(format!(
            "weights: {} hex digits, not a multiple of four",
            b.len()
        ));
    }
    // Digits are decoded without branching (`0`–`9` are 0x30–0x39, `a`–`f`
    // 0x61–0x66: the low nibble, plus 9 when bit 6 is set) and checked all
    // at once; only a damaged string is walked again, to name the weight.
    let bad = b.iter().fold(false, |bad, &c| bad | !is_hex(c));
    let (quads, _) = b.as_chunks::<4>();
    let mut out = vec![0i16; quads.len()];
    for (w, quad) in out.iter_mut().zip(quads) {
        let [a, b, c, d] = quad.map(|c| u16::from((c & 0xf) + 9 * (c >> 6)));
        *w = (a << 12 | b << 8 | c << 4 | d) as i16;
    }
    if bad {
        let n = b
            .chunks_exact(4)
            .position(|quad| !quad.iter().all(|&c| is_hex(c)))
            .unwrap_or(0);
        return Err(format!("weight {n}: not four lower-case hex digits"));
    }
    Ok(out)
}

struct WeightsVisitor;

impl<'de> Visitor<'de> for WeightsVisitor {
    type Value = Vec<i16>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a string of hex digits, four per weight, or an array of integers")
    }

    fn visit_str<E: de::Error>(self, s: &str) -> Result<Vec<i16>, E> {
        decode(s).map_err(E::custom)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Vec<i16>, A::Error> {
        let mut out = Vec::with_capacity(seq.size_hint().unwrap_or(0));
        while let Some(x) = seq.next_element()? {
            out.push(x);
        }
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::{decode, encode};

    #[derive(serde::Serialize, serde::Deserialize, PartialEq, Debug)]
    struct Head {
        #[serde(with = "super")]
        w: Vec<i16>,
    }

    #[test]
    fn weights_round_trip_through_hex() {
        let w: Vec<i16> = vec![0, 1, -1, 255, -256, i16::MAX, i16::MIN, 4660];
        let text = encode(&w);
        assert_eq!(&text[..16], "00000001ffff00ff");
        assert_eq!(decode(&text).expect("decodes"), w);
        let json = serde_json::to_string(&Head { w: w.clone() }).expect("writes");
        assert_eq!(json, format!("{{\"w\":\"{text}\"}}"));
        let back: Head = serde_json::from_str(&json).expect("reads");
        assert_eq!(back.w, w);
        assert_eq!(decode("").expect("empty"), Vec::<i16>::new());
    }

    #[test]
    fn every_weight_survives_the_round_trip() {
        let all: Vec<i16> = (i16::MIN..=i16::MAX).collect();
        assert_eq!(decode(&encode(&all)).expect("decodes"), all);
        let mut damaged = encode(&all);
        damaged.replace_range(4 * 40_000 + 2..4 * 40_000 + 3, "G");
        let err = decode(&damaged).expect_err("damaged");
        assert!(err.starts_with("weight 40000:"), "{err}");
    }

    #[test]
    fn first_format_arrays_are_still_read() {
        let back: Head = serde_json::from_str("{\"w\":[3,-2,32767]}").expect("reads");
        assert_eq!(back.w, [3, -2, 32767]);
        assert!(serde_json::from_str::<Head>("{\"w\":[40000]}").is_err());
    }

    #[test]
    fn bad_hex_is_refused_and_named() {
        for (text, needle) in [
            ("000", "not a multiple of four"),
            ("0000000g", "weight 1:"),
            ("ABCD", "weight 0:"),
            ("-001", "weight 0:"),
        ] {
            let err = decode(text).expect_err(text);
            assert!(err.contains(needle), "{text}: {err}");
        }
        let err = serde_json::from_str::<Head>("{\"w\":\"12\"}").expect_err("short");
        assert!(err.to_string().contains("multiple of four"), "{err}");
        assert!(serde_json::from_str::<Head>("{\"w\":12}").is_err());
    }
}

//! The JSON layout of the register: an array of initiatives, as the API shows them.

use std::cell::Cell;
use std::fmt;
use std::io::{Read, Write};

use serde::Deserialize;
use serde::de::{DeserializeSeed, Deserializer, SeqAccess, Visitor};
use wsis_framework::Framework;

use crate::error::{Error, Result};
use crate::interchange::Batch;
use crate::model::{CodeAssignment, Initiative, Organization, derived_initiative_id};
use crate::validate::validate_all;

/// An element as it may appear in a file: `id` is optional, and the lists may
/// be left out.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Incoming {
    id: Option<String>,
    title: String,
    description: String,
    organization: Organization,
    kind: crate::vocab::Kind,
    #[serde(default)]
    countries: Vec<String>,
    start_date: Option<String>,
    end_date: Option<String>,
    status: crate::vocab::Status,
    #[serde(default)]
    links: Vec<String>,
    #[serde(default)]
    codes: Vec<CodeAssignment>,
    attribution: Option<String>,
    #[serde(default)]
    sample: bool,
}

/// The file's array, read element by element into [`Incoming`], with the
/// number of the element that fails. Read first as a tree of
/// `serde_json::Value`s, a file of 100,000 initiatives (103 MB) took 867 MB
/// at its peak to import.
struct Elements<'a> {
    /// Set to the failing element's number (from 1).
    failed_at: &'a Cell<Option<usize>>,
}

impl<'de> DeserializeSeed<'de> for Elements<'_> {
    type Value = Vec<Incoming>;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> std::result::Result<Self::Value, D::Error> {
        d.deserialize_seq(self)
    }
}

impl<'de> Visitor<'de> for Elements<'_> {
    type Value = Vec<Incoming>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("an array of initiatives")
    }

    fn visit_seq<A: SeqAccess<'de>>(
        self,
        mut seq: A,
    ) -> std::result::Result<Self::Value, A::Error> {
        let mut out = Vec::with_capacity(seq.size_hint().unwrap_or(0));
        loop {
            match seq.next_element::<Incoming>() {
                Ok(Some(e)) => out.push(e),
                Ok(None) => return Ok(out),
                Err(e) => {
                    self.failed_at.set(Some(out.len() + 1));
                    return Err(e);
                }
            }
        }
    }
}

/// Reads a JSON array of initiatives.
pub fn read_json(mut input: impl Read, fw: &Framework) -> Result<Batch> {
    let mut text = String::new();
    input
        .read_to_string(&mut text)
        .map_err(|e| Error::at("file", "", e.to_string()))?;
    // Windows tools often begin a UTF-8 file with a byte-order mark, which
    // JSON readers may skip (RFC 8259, section 8.1) and serde_json does not.
    let body = text.strip_prefix('\u{feff}').unwrap_or(&text);
    let failed_at = Cell::new(None);
    let mut de = serde_json::Deserializer::from_str(body);
    let elements = Elements {
        failed_at: &failed_at,
    }
    .deserialize(&mut de)
    .and_then(|v| de.end().map(|()| v))
    .map_err(|e| match failed_at.get() {
        Some(n) => Error::at(format!("element {n}"), "", e.to_string()),
        None => Error::at("file", "", format!("not a JSON array of objects: {e}")),
    })?;
    let mut items = Vec::with_capacity(elements.len());
    for e in elements {
        let id =
            e.id.unwrap_or_else(|| derived_initiative_id(&e.title, &e.organization.name));
        let mut item = Initiative {
            id,
            title: e.title,
            description: e.description,
            organization: e.organization,
            kind: e.kind,
            countries: e.countries,
            start_date: e.start_date,
            end_date: e.end_date,
            status: e.status,
            links: e.links,
            codes: e.codes,
            attribution: e.attribution,
            sample: e.sample,
        };
        item.sort_codes();
        items.push(item);
    }
    let locations: Vec<String> = (1..=items.len()).map(|n| format!("element {n}")).collect();
    validate_all(&items, fw, |n| locations[n].clone())?;
    Ok(Batch { items, locations })
}

/// Writes one element of a pretty-printed JSON array, after the `[` and
/// the elements before it, as `serde_json::to_writer_pretty` writes the
/// whole array: each element on lines of its own, indented two spaces
/// more. Every line break in pretty JSON is between tokens (a string's
/// own are escaped), so indenting after each one indents the element.
pub(crate) fn write_element(out: &mut impl Write, item: &Initiative, first: bool) -> Result<()> {
    let text = serde_json::to_string_pretty(item)?;
    out.write_all(if first { b"\n  " } else { b",\n  " })?;
    out.write_all(text.replace('\n', "\n  ").as_bytes())?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A file a Windows tool saved begins with a byte-order mark: the same
    /// initiatives are read as without it (issue 2's import).
    #[test]
    fn a_byte_order_mark_before_the_array_is_skipped_issue2() {
        let fw = Framework::embedded();
        let file = include_str!("../../../../data/demo/initiatives.json");
        let plain = read_json(file.as_bytes(), fw).expect("demo file reads");
        let marked = read_json(format!("\u{feff}{file}").as_bytes(), fw).expect("with a mark");
        assert!(!plain.items.is_empty());
        assert_eq!(plain.items, marked.items);
        // Only a leading mark: one inside the text is still an error.
        assert!(read_json(format!("[\u{feff}{}", &file[1..]).as_bytes(), fw).is_err());
    }

    /// Elements are read one by one, straight into their fields; what
    /// breaks is still named by its element, and what is not an array by
    /// the file.
    #[test]
    fn a_bad_element_is_named_by_its_number() {
        let fw = Framework::embedded();
        let file = include_str!("../../../../data/demo/initiatives.json");
        let all: Vec<serde_json::Value> = serde_json::from_str(file).expect("demo JSON");
        let at = |text: String| match read_json(text.as_bytes(), fw) {
            Err(Error::Invalid(e)) => e.location,
            other => panic!("{:?}", other.map(|b| b.items.len())),
        };
        let mut bad = all[..3].to_vec();
        bad[2]["colour"] = "blue".into();
        assert_eq!(at(serde_json::to_string(&bad).expect("json")), "element 3");
        let mut bad = all[..3].to_vec();
        bad[1]["kind"] = "webinar".into();
        assert_eq!(at(serde_json::to_string(&bad).expect("json")), "element 2");
        let cut = serde_json::to_string(&all[..2]).expect("json");
        assert_eq!(at(cut[..cut.len() - 20].to_string()), "element 2");
        assert_eq!(at("{\"title\": \"x\"}".into()), "file");
        assert_eq!(at("[] []".into()), "file");
    }
}

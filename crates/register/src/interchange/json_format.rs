//! The JSON layout of the register: an array of initiatives, as the API shows them.

use std::io::{Read, Write};

use serde::Deserialize;
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

/// Reads a JSON array of initiatives.
pub fn read_json(mut input: impl Read, fw: &Framework) -> Result<Batch> {
    let mut text = String::new();
    input
        .read_to_string(&mut text)
        .map_err(|e| Error::at("file", "", e.to_string()))?;
    // Windows tools often begin a UTF-8 file with a byte-order mark, which
    // JSON readers may skip (RFC 8259, section 8.1) and serde_json does not.
    let body = text.strip_prefix('\u{feff}').unwrap_or(&text);
    let elements: Vec<serde_json::Value> = serde_json::from_str(body)
        .map_err(|e| Error::at("file", "", format!("not a JSON array of objects: {e}")))?;
    let mut items = Vec::with_capacity(elements.len());
    for (n, value) in elements.into_iter().enumerate() {
        let e: Incoming = serde_json::from_value(value)
            .map_err(|err| Error::at(format!("element {}", n + 1), "", err.to_string()))?;
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

/// Writes initiatives as a pretty-printed JSON array.
pub fn write_json(items: &[Initiative], mut out: impl Write) -> Result<()> {
    serde_json::to_writer_pretty(&mut out, items)?;
    out.write_all(b"\n")?;
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
}

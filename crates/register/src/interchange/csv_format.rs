//! The CSV layout of the register: one initiative per row.
//!
//! Lists (countries, links, codes) are separated by `;`. Suggested codes carry
//! their score as `SDG5=0.910`; their evidence is only in the JSON format.

use std::collections::HashMap;
use std::io::{Read, Write};

use wsis_framework::Framework;

use crate::error::{Error, Result};
use crate::interchange::{Batch, split_list};
use crate::model::{CodeAssignment, Initiative, Organization, derived_initiative_id};
use crate::validate::validate_all;
use crate::vocab::Origin;

/// The columns, in the order exports write them. `id` and every column after
/// `status` are optional on import; the others are required.
pub const COLUMNS: &[&str] = &[
    "id",
    "title",
    "description",
    "organization",
    "stakeholder_group",
    "organization_country",
    "kind",
    "countries",
    "start_date",
    "end_date",
    "status",
    "links",
    "codes_declared",
    "codes_confirmed",
    "codes_rejected",
    "codes_suggested",
    "attribution",
    "sample",
];

const REQUIRED: &[&str] = &[
    "title",
    "description",
    "organization",
    "stakeholder_group",
    "kind",
    "status",
];

/// Reads a CSV file of initiatives; see [`COLUMNS`].
pub fn read_csv(input: impl Read, fw: &Framework) -> Result<Batch> {
    let mut reader = csv::ReaderBuilder::new().flexible(false).from_reader(input);
    let headers = reader
        .headers()
        .map_err(|e| Error::at("line 1", "", e.to_string()))?
        .clone();
    let mut col = HashMap::new();
    for (n, h) in headers.iter().enumerate() {
        if !COLUMNS.contains(&h) {
            let msg = format!("unknown column; the columns are: {}", COLUMNS.join(", "));
            return Err(Error::at("line 1", h, msg));
        }
        col.insert(h.to_string(), n);
    }
    if let Some(missing) = REQUIRED.iter().find(|c| !col.contains_key(**c)) {
        return Err(Error::at("line 1", missing, "required column is missing"));
    }
    let mut items = Vec::new();
    let mut lines = Vec::new();
    for record in reader.records() {
        let record = record.map_err(|e| {
            let line = e.position().map_or(0, |p| p.line());
            Error::at(format!("line {line}"), "", e.to_string())
        })?;
        let line = record.position().map_or(0, |p| p.line());
        items.push(parse_row(
            &Cells {
                record: &record,
                col: &col,
            },
            line,
        )?);
        lines.push(line);
    }
    let locations: Vec<String> = lines.iter().map(|l| format!("line {l}")).collect();
    validate_all(&items, fw, |n| locations[n].clone())?;
    Ok(Batch { items, locations })
}

/// The cells of one row, looked up by column name.
struct Cells<'a> {
    record: &'a csv::StringRecord,
    col: &'a HashMap<String, usize>,
}

impl<'a> Cells<'a> {
    /// The trimmed cell of a column; empty when the file has no such column.
    fn get(&self, name: &str) -> &'a str {
        self.col
            .get(name)
            .and_then(|&i| self.record.get(i))
            .unwrap_or("")
            .trim()
    }
}

fn parse_row(cells: &Cells<'_>, line: u64) -> Result<Initiative> {
    let at = format!("line {line}");
    let cell = |field: &str| cells.get(field);
    let parse = |field: &str| -> Result<String> { Ok(cells.get(field).to_string()) };
    let vocab = |field: &str| -> Result<String> {
        let v = cells.get(field);
        if v.is_empty() {
            Err(Error::at(&at, field, "must not be empty"))
        } else {
            Ok(v.to_string())
        }
    };
    let opt = |field: &str| Some(cell(field).to_string()).filter(|s| !s.is_empty());
    let organization = Organization {
        name: parse("organization")?,
        stakeholder_group: vocab("stakeholder_group")?
            .parse()
            .map_err(|m| Error::at(&at, "stakeholder_group", m))?,
        country: opt("organization_country"),
    };
    let title = parse("title")?;
    let id = opt("id").unwrap_or_else(|| derived_initiative_id(&title, &organization.name));
    let mut codes = Vec::new();
    for (field, origin) in [
        ("codes_declared", Origin::Declared),
        ("codes_confirmed", Origin::Confirmed),
        ("codes_rejected", Origin::Rejected),
    ] {
        codes.extend(
            split_list(cell(field))
                .into_iter()
                .map(|code| plain(code, origin)),
        );
    }
    for item in split_list(cell("codes_suggested")) {
        let (code, score) = item.split_once('=').ok_or_else(|| {
            Error::at(
                &at,
                "codes_suggested",
                format!("`{item}` should be CODE=SCORE"),
            )
        })?;
        let score: f32 = score
            .trim()
            .parse()
            .map_err(|_| Error::at(&at, "codes_suggested", format!("`{score}` is not a number")))?;
        codes.push(CodeAssignment {
            score: Some(score),
            ..plain(code.trim().into(), Origin::Suggested)
        });
    }
    let sample = match cell("sample") {
        "" | "false" | "0" => false,
        "true" | "1" => true,
        other => {
            return Err(Error::at(
                &at,
                "sample",
                format!("`{other}` is not true or false"),
            ));
        }
    };
    let mut item = Initiative {
        id,
        title,
        description: parse("description")?,
        organization,
        kind: vocab("kind")?
            .parse()
            .map_err(|m| Error::at(&at, "kind", m))?,
        countries: split_list(cell("countries")),
        start_date: opt("start_date"),
        end_date: opt("end_date"),
        status: vocab("status")?
            .parse()
            .map_err(|m| Error::at(&at, "status", m))?,
        links: split_list(cell("links")),
        codes,
        attribution: opt("attribution"),
        sample,
    };
    item.sort_codes();
    Ok(item)
}

fn plain(code: String, origin: Origin) -> CodeAssignment {
    CodeAssignment {
        code,
        origin,
        score: None,
        evidence: Vec::new(),
        engine_version: None,
    }
}

/// Writes one initiative as a CSV row under the header [`COLUMNS`].
pub(crate) fn write_row<W: Write>(w: &mut csv::Writer<W>, i: &Initiative) -> Result<()> {
    let codes = |origin: Origin| {
        let list = i.codes.iter().filter(|c| c.origin == origin);
        list.map(|c| c.code.as_str()).collect::<Vec<_>>().join(";")
    };
    let suggested: Vec<String> = i
        .codes
        .iter()
        .filter(|c| c.origin == Origin::Suggested)
        .map(|c| format!("{}={:.3}", c.code, c.score.unwrap_or(0.0)))
        .collect();
    w.write_record([
        i.id.as_str(),
        &i.title,
        &i.description,
        &i.organization.name,
        i.organization.stakeholder_group.as_str(),
        i.organization.country.as_deref().unwrap_or(""),
        i.kind.as_str(),
        &i.countries.join(";"),
        i.start_date.as_deref().unwrap_or(""),
        i.end_date.as_deref().unwrap_or(""),
        i.status.as_str(),
        &i.links.join(";"),
        &codes(Origin::Declared),
        &codes(Origin::Confirmed),
        &codes(Origin::Rejected),
        &suggested.join(";"),
        i.attribution.as_deref().unwrap_or(""),
        if i.sample { "true" } else { "false" },
    ])?;
    Ok(())
}

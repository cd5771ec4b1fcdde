//! The files initiatives are imported from and exported to: CSV and JSON.
//!
//! Both readers are all or nothing: they return every record of the file, or
//! the first problem with the line (CSV) or element (JSON) and field at fault.
//! An export read back by the matching reader gives the same records, so
//! export → import → export reproduces the file byte for byte.

mod csv_format;
mod json_format;

use std::io::{Read, Write};
use std::path::Path;
use std::str::FromStr;

use wsis_framework::Framework;

use crate::error::Result;
use crate::model::Initiative;

pub use csv_format::{COLUMNS, read_csv, write_csv};
pub use json_format::{read_json, write_json};

/// A file format of the register.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// Comma-separated values, one initiative per row (see [`COLUMNS`]).
    Csv,
    /// A JSON array of initiatives, as the API returns them.
    Json,
}

impl Format {
    /// The format a file's extension names, if any.
    pub fn from_path(path: &Path) -> Option<Format> {
        let ext = path.extension()?.to_str()?.to_ascii_lowercase();
        ext.parse().ok()
    }
}

impl FromStr for Format {
    type Err = String;
    fn from_str(s: &str) -> std::result::Result<Self, String> {
        match s {
            "csv" => Ok(Format::Csv),
            "json" => Ok(Format::Json),
            other => Err(format!("unknown format `{other}`: use csv or json")),
        }
    }
}

/// The records of an imported file, with where each one stands in it.
#[derive(Debug, Clone, PartialEq)]
pub struct Batch {
    /// The checked initiatives, in file order.
    pub items: Vec<Initiative>,
    /// `line 12` or `element 3` for each item, to name it in later errors
    /// (for example an id that the database already holds).
    pub locations: Vec<String>,
}

/// Reads and validates a whole file of initiatives.
pub fn read(format: Format, input: impl Read, fw: &Framework) -> Result<Batch> {
    match format {
        Format::Csv => read_csv(input, fw),
        Format::Json => read_json(input, fw),
    }
}

/// Writes initiatives in the given format.
pub fn write(format: Format, items: &[Initiative], out: impl Write) -> Result<()> {
    match format {
        Format::Csv => write_csv(items, out),
        Format::Json => write_json(items, out),
    }
}

/// Splits a list cell (`KEN; UGA`) into its trimmed, non-empty parts.
pub(crate) fn split_list(cell: &str) -> Vec<String> {
    cell.split(';')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(String::from)
        .collect()
}

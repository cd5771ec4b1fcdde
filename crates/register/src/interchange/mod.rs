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

pub use csv_format::{COLUMNS, read_csv};
pub use json_format::read_json;

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
    let mut w = Writer::new(format, out)?;
    w.write(items)?;
    w.finish()?;
    Ok(())
}

/// Writes initiatives a batch at a time: an export holds one batch of the
/// register in memory, not all of it. The bytes are those [`write`] gives
/// for all the batches at once. (CSV rows are written by a CSV writer per
/// batch: its quoting depends on each field alone, so rows do not depend
/// on the batch they come in.)
pub struct Writer<W: Write> {
    format: Format,
    out: W,
    written: usize,
}

impl<W: Write> Writer<W> {
    /// Starts a file: the CSV header, or the JSON array's `[`.
    pub fn new(format: Format, mut out: W) -> Result<Writer<W>> {
        match format {
            Format::Csv => {
                let mut w = csv::Writer::from_writer(&mut out);
                w.write_record(COLUMNS)?;
                w.flush()?;
            }
            Format::Json => out.write_all(b"[")?,
        }
        Ok(Writer {
            format,
            out,
            written: 0,
        })
    }

    /// Writes a batch of initiatives after those written before.
    pub fn write(&mut self, items: &[Initiative]) -> Result<()> {
        match self.format {
            Format::Csv => {
                let mut w = csv::Writer::from_writer(&mut self.out);
                for item in items {
                    csv_format::write_row(&mut w, item)?;
                }
                w.flush()?;
            }
            Format::Json => {
                for (n, item) in items.iter().enumerate() {
                    json_format::write_element(&mut self.out, item, self.written + n == 0)?;
                }
            }
        }
        self.written += items.len();
        Ok(())
    }

    /// How many initiatives have been written.
    pub fn written(&self) -> usize {
        self.written
    }

    /// Takes what has been written so far and leaves an empty output to go
    /// on writing into: a file sent in pieces as it is written.
    pub fn take_written(&mut self) -> W
    where
        W: Default,
    {
        std::mem::take(&mut self.out)
    }

    /// Ends the file (the JSON array's `]`) and hands back the output.
    pub fn finish(mut self) -> Result<W> {
        if self.format == Format::Json {
            let end: &[u8] = if self.written == 0 { b"]\n" } else { b"\n]\n" };
            self.out.write_all(end)?;
        }
        Ok(self.out)
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

#[cfg(test)]
mod tests {
    use super::*;

    /// Written in batches, an export has the bytes of the whole list
    /// written at once: for JSON, those of `serde_json::to_writer_pretty`.
    #[test]
    fn batches_write_the_bytes_of_the_whole() {
        let fw = Framework::embedded();
        let file = include_str!("../../../../data/demo/initiatives.json");
        let items = read_json(file.as_bytes(), fw).expect("demo").items;
        for format in [Format::Json, Format::Csv] {
            let mut whole = Vec::new();
            write(format, &items, &mut whole).expect("write");
            let mut w = Writer::new(format, Vec::new()).expect("start");
            for batch in [&items[..1], &items[1..1], &items[1..7], &items[7..]] {
                w.write(batch).expect("batch");
            }
            assert_eq!(w.written(), items.len());
            assert_eq!(w.finish().expect("end"), whole, "{format:?}");
            // Taken in pieces as it is written, the same bytes.
            let mut w = Writer::new(format, Vec::new()).expect("start");
            let mut pieces = w.take_written();
            for batch in items.chunks(5) {
                w.write(batch).expect("batch");
                pieces.extend(w.take_written());
            }
            pieces.extend(w.finish().expect("end"));
            assert_eq!(pieces, whole, "{format:?} in pieces");
        }
        let mut whole = serde_json::to_string_pretty(&items).expect("json");
        whole.push('\n');
        let mut out = Vec::new();
        write(Format::Json, &items, &mut out).expect("write");
        assert_eq!(String::from_utf8(out).expect("utf-8"), whole);
        let mut empty = Vec::new();
        write(Format::Json, &[], &mut empty).expect("write");
        assert_eq!(empty, b"[]\n");
    }
}

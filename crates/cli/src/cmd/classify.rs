//! `wsis-hub classify`: maps texts (JSONL or CSV) to framework codes, one
//! JSON line per text with each decided code's score and evidence.

use std::io::{BufRead, BufReader, BufWriter, Read, Write};
use std::path::PathBuf;

use anyhow::{Context, Result, bail};
use serde::{Deserialize, Serialize};
use wsis_classify::{CodeScore, Engine, Scope};

/// Texts mapped per parallel batch: large enough to keep both cores busy,
/// small enough that output starts quickly and memory stays flat.
const BATCH: usize = 4096;

/// Input formats.
#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    /// One `{"id": …, "text": …}` object per line.
    Jsonl,
    /// A header row with `id` and `text` columns.
    Csv,
}

/// The frameworks `--framework` can narrow to.
#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum Framework {
    /// WSIS Action Lines and C7 sub-lines.
    ActionLines,
    /// Sustainable Development Goals.
    Sdgs,
    /// Global Digital Compact objectives.
    Gdc,
}

/// Arguments of `wsis-hub classify`.
#[derive(clap::Args, Debug)]
pub struct Args {
    /// Input file: JSONL (`.jsonl`, `.json`, `.ndjson`) or CSV (`.csv`); stdin when absent.
    #[arg(long)]
    pub input: Option<PathBuf>,
    /// Input format, overriding the file extension (stdin defaults to JSONL).
    #[arg(long, value_enum)]
    pub format: Option<Format>,
    /// Only decide codes of this framework.
    #[arg(long, value_enum)]
    pub framework: Option<Framework>,
    /// Also list the near misses with their scores and evidence.
    #[arg(long)]
    pub explain: bool,
    /// Model file written by `wsis-hub train` (default: the built-in model).
    #[arg(long)]
    pub model: Option<PathBuf>,
}

/// One output line.
#[derive(Serialize)]
struct Line<'a> {
    id: &'a serde_json::Value,
    codes: &'a [CodeScore],
    #[serde(skip_serializing_if = "Option::is_none")]
    near_misses: Option<&'a [CodeScore]>,
}

/// Reads (id, text) records, naming the line of any malformed one.
fn read_records(args: &Args) -> Result<Vec<(serde_json::Value, String)>> {
    let ext = args
        .input
        .as_ref()
        .and_then(|p| p.extension())
        .map(|e| e.to_string_lossy().to_ascii_lowercase());
    let format = args.format.unwrap_or(match ext.as_deref() {
        Some("csv") => Format::Csv,
        _ => Format::Jsonl,
    });
    let name = args
        .input
        .as_ref()
        .map_or_else(|| "stdin".to_string(), |p| p.display().to_string());
    let reader: Box<dyn Read> = match &args.input {
        Some(p) => Box::new(
            std::fs::File::open(p).with_context(|| format!("cannot open {}", p.display()))?,
        ),
        None => Box::new(std::io::stdin().lock()),
    };
    match format {
        Format::Jsonl => read_jsonl(BufReader::new(reader), &name),
        Format::Csv => read_csv(reader, &name),
    }
}

/// The fields of a JSONL record that `classify` reads; others are skipped
/// without being built.
#[derive(Deserialize)]
struct Record {
    #[serde(default, deserialize_with = "present")]
    id: Option<serde_json::Value>,
    text: String,
}

/// Keeps an explicit `"id": null` as null (`Option` alone would drop it).
fn present<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<serde_json::Value>, D::Error> {
    serde_json::Value::deserialize(d).map(Some)
}

fn read_jsonl(r: impl BufRead, name: &str) -> Result<Vec<(serde_json::Value, String)>> {
    let mut out = Vec::new();
    for (i, line) in r.lines().enumerate() {
        let n = i + 1;
        let mut line = line.with_context(|| format!("{name} line {n}: cannot read"))?;
        // A byte-order mark (which Windows tools write) is no part of line 1.
        if n == 1 && line.starts_with('\u{feff}') {
            line.drain(..'\u{feff}'.len_utf8());
        }
        if line.trim().is_empty() {
            continue;
        }
        // A derived struct also accepts a JSON array (`["id", "text"]`), so
        // only an object takes the typed path.
        let typed = line
            .trim_start()
            .starts_with('{')
            .then(|| serde_json::from_str::<Record>(&line).ok())
            .flatten();
        let (id, text) = match typed {
            Some(rec) => (rec.id, rec.text),
            // The general form says what is wrong (and accepts what the
            // typed form is stricter about, such as a repeated key).
            None => record_from_value(&line, name, n)?,
        };
        out.push((id.unwrap_or(serde_json::Value::from(n)), text));
    }
    Ok(out)
}

/// Reads a JSONL record as a general JSON value, naming what is wrong with it.
fn record_from_value(
    line: &str,
    name: &str,
    n: usize,
) -> Result<(Option<serde_json::Value>, String)> {
    let mut v: serde_json::Value = serde_json::from_str(line)
        .with_context(|| format!("{name} line {n}: not a JSON object"))?;
    let Some(obj) = v.as_object_mut() else {
        bail!("{name} line {n}: not a JSON object")
    };
    let Some(serde_json::Value::String(text)) = obj.remove("text") else {
        bail!("{name} line {n}: no \"text\" string")
    };
    Ok((obj.remove("id"), text))
}

fn read_csv(r: impl Read, name: &str) -> Result<Vec<(serde_json::Value, String)>> {
    let mut rdr = csv::Reader::from_reader(r);
    let headers = rdr
        .headers()
        .with_context(|| format!("{name} line 1: bad CSV header"))?
        .clone();
    let col = |c: &str| headers.iter().position(|h| h.trim() == c);
    let Some(ct) = col("text") else {
        bail!("{name} line 1: no \"text\" column")
    };
    let ci = col("id");
    let mut out = Vec::new();
    for (i, rec) in rdr.records().enumerate() {
        let n = rec
            .as_ref()
            .ok()
            .and_then(|r| r.position())
            .map_or(i + 2, |p| p.line() as usize);
        let rec = rec.with_context(|| format!("{name} line {n}: malformed CSV record"))?;
        let Some(text) = rec.get(ct) else {
            bail!("{name} line {n}: no text field")
        };
        let id = ci
            .and_then(|c| rec.get(c))
            .map_or(serde_json::Value::from(n), serde_json::Value::from);
        out.push((id, text.to_string()));
    }
    Ok(out)
}

/// Loads the engine from `--model` or the built-in model.
pub fn load_engine(model: Option<&PathBuf>) -> Result<Engine> {
    Ok(match model {
        Some(p) => Engine::from_file(p)?,
        None => Engine::embedded()?,
    })
}

/// Runs `wsis-hub classify`.
pub fn run(args: Args) -> Result<()> {
    // Reading the texts and loading the engine do not depend on each other:
    // on two cores they run at once. The engine goes first, on this thread,
    // so that its longest part (compiling the query systems) starts at once
    // while the other thread reads the texts and then parses the model.
    let (engine, records) =
        rayon::join(|| load_engine(args.model.as_ref()), || read_records(&args));
    let (records, engine) = (records?, engine?);
    let scope = match args.framework {
        None => Scope::All,
        Some(Framework::ActionLines) => Scope::ActionLines,
        Some(Framework::Sdgs) => Scope::Sdgs,
        Some(Framework::Gdc) => Scope::Gdc,
    };
    let stdout = std::io::stdout();
    let mut out = BufWriter::with_capacity(1 << 16, stdout.lock());
    for chunk in records.chunks(BATCH) {
        let texts: Vec<&str> = chunk.iter().map(|(_, t)| t.as_str()).collect();
        // Serialise on the workers too: the writing thread only copies bytes.
        let lines = engine.map_batch(&texts, scope, args.explain, |i, c| {
            let line = Line {
                id: &chunk[i].0,
                codes: &c.codes,
                near_misses: args.explain.then_some(c.near_misses.as_slice()),
            };
            serde_json::to_vec(&line)
        });
        for line in lines {
            out.write_all(&line?)?;
            out.write_all(b"\n")?;
        }
    }
    out.flush()?;
    Ok(())
}

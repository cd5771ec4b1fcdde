//! Labelled data files: the SDG benchmark CSV and the action-line JSONL,
//! read into training examples and evaluation rows.

use std::collections::BTreeMap;
use std::path::Path;

use crate::codes::{self, Family, family};
use crate::error::{Error, Result};
use crate::model::Input;
use crate::train::Example;

/// One row of the SDG benchmark: is SDG `code` present in `text`?
#[derive(Debug, Clone)]
pub struct SdgRow {
    /// Row id.
    pub id: String,
    /// The text.
    pub text: String,
    /// Code index of the SDG asked about.
    pub code: usize,
    /// Whether it is present.
    pub label: bool,
}

/// One labelled text of the action-line set.
#[derive(Debug, Clone)]
pub struct LabelledText {
    /// The text.
    pub text: String,
    /// Code indices of its labels.
    pub labels: Vec<usize>,
}

fn read(path: &Path) -> Result<(Vec<u8>, String)> {
    let bytes = std::fs::read(path).map_err(|e| Error::io(path, e))?;
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    Ok((bytes, name))
}

fn parse_bool(s: &str) -> Option<bool> {
    match s.trim().to_ascii_lowercase().as_str() {
        "true" | "1" | "yes" => Some(true),
        "false" | "0" | "no" => Some(false),
        _ => None,
    }
}

/// Reads the SDG benchmark CSV (`id,text,sdg,label,…`; sdg `5` or `SDG5`, label 0/1 or True/False).
pub fn read_sdg_benchmark(path: &Path) -> Result<(Vec<SdgRow>, Input)> {
    let (bytes, name) = read(path)?;
    let p = path.display().to_string();
    let err = |line: usize, m: String| Error::Data {
        path: p.clone(),
        line,
        message: m,
    };
    let mut rdr = csv::Reader::from_reader(bytes.as_slice());
    let headers = rdr.headers().map_err(|e| err(1, e.to_string()))?.clone();
    let col = |n: &str| {
        headers
            .iter()
            .position(|h| h == n)
            .ok_or_else(|| err(1, format!("no column {n:?}")))
    };
    let (ci, ct, cs, cl) = (col("id").ok(), col("text")?, col("sdg")?, col("label")?);
    let mut rows = Vec::new();
    for (i, rec) in rdr.records().enumerate() {
        let line = i + 2;
        let rec = rec.map_err(|e| err(line, e.to_string()))?;
        let get = |c: usize| rec.get(c).unwrap_or("");
        let code = codes::index(get(cs))
            .filter(|&k| family(k) == Family::Sdg)
            .ok_or_else(|| err(line, format!("sdg {:?} is not an SDG", get(cs))))?;
        let label = parse_bool(get(cl))
            .ok_or_else(|| err(line, format!("label {:?} is not 0/1", get(cl))))?;
        let id = ci.map_or_else(|| line.to_string(), |c| get(c).to_string());
        rows.push(SdgRow {
            id,
            text: get(ct).to_string(),
            code,
            label,
        });
    }
    let input = Input {
        role: "sdg-data".into(),
        name,
        xxh3: crate::hex64(&bytes),
        rows: rows.len(),
    };
    Ok((rows, input))
}

/// Reads action-line JSONL: one `{"text": …, "labels": [codes…]}` per line.
pub fn read_labelled_jsonl(path: &Path) -> Result<(Vec<LabelledText>, Input)> {
    let (bytes, name) = read(path)?;
    let p = path.display().to_string();
    let text = String::from_utf8(bytes.clone()).map_err(|e| Error::Data {
        path: p.clone(),
        line: 0,
        message: e.to_string(),
    })?;
    let mut out = Vec::new();
    // A byte-order mark (which Windows tools write) is no part of line 1.
    let body = text.strip_prefix('\u{feff}').unwrap_or(&text);
    for (i, l) in body.lines().enumerate() {
        if l.trim().is_empty() {
            continue;
        }
        let err = |m: String| Error::Data {
            path: p.clone(),
            line: i + 1,
            message: m,
        };
        let v: serde_json::Value = serde_json::from_str(l).map_err(|e| err(e.to_string()))?;
        let t = v
            .get("text")
            .and_then(|t| t.as_str())
            .ok_or_else(|| err("no \"text\"".into()))?;
        let labels = v
            .get("labels")
            .and_then(|l| l.as_array())
            .ok_or_else(|| err("no \"labels\" array".into()))?
            .iter()
            .map(|c| {
                let s = c.as_str().unwrap_or("");
                codes::index(s).ok_or_else(|| err(format!("unknown code {s:?}")))
            })
            .collect::<Result<Vec<_>>>()?;
        out.push(LabelledText {
            text: t.to_string(),
            labels,
        });
    }
    let input = Input {
        role: "action-line-data".into(),
        name,
        xxh3: crate::hex64(&bytes),
        rows: out.len(),
    };
    Ok((out, input))
}

/// Groups benchmark rows by text into examples: the SDGs said present are
/// positives, those said absent explicit negatives.
pub fn sdg_examples(rows: &[SdgRow]) -> Vec<Example> {
    let mut by_text: BTreeMap<&str, (Vec<usize>, Vec<usize>)> = BTreeMap::new();
    for r in rows {
        let e = by_text.entry(r.text.as_str()).or_default();
        if r.label {
            e.0.push(r.code)
        } else {
            e.1.push(r.code)
        }
    }
    by_text
        .into_iter()
        .map(|(t, (pos, neg))| Example::new(t, pos, neg, &[Family::Sdg], true))
        .collect()
}

/// Labelled texts as examples informing the families of their labels.
pub fn labelled_examples(items: &[LabelledText]) -> Vec<Example> {
    items
        .iter()
        .map(|it| {
            let mut fams: Vec<Family> = it.labels.iter().map(|&k| family(k)).collect();
            fams.dedup();
            Example::new(&it.text, it.labels.clone(), Vec::new(), &fams, false)
        })
        .collect()
}

/// Framework texts (code, text) as examples: each text is a positive of its
/// code (and of C7 for a C7 sub-line) and informs its code's family.
pub fn framework_examples(docs: &[(String, String)]) -> Vec<Example> {
    docs.iter()
        .filter_map(|(c, t)| {
            let k = codes::index(c)?;
            let mut pos = vec![k];
            if (11..19).contains(&k) {
                pos.push(6);
            }
            Some(Example::new(t, pos, Vec::new(), &[family(k)], false))
        })
        .collect()
}

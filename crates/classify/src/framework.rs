//! Training texts drawn from the framework itself: the Plan of Action
//! paragraphs, SDG targets, GDC text, the crosswalk rationales, the ITU
//! stocktaking keywords and our lexicon phrases. The action lines and GDC
//! objectives are learned mostly from these.

use serde::Deserialize;
use wsis_framework::Framework;

use crate::features::SHIPPED_SYSTEMS;
use crate::model::Input;

/// ITU WSIS Stocktaking helper keywords per action line (C1–C5).
const STOCKTAKING: &str = include_str!("../../../data/classify/stocktaking_keywords.json");

#[derive(Deserialize)]
struct Keywords {
    items: Vec<KeywordItem>,
}

#[derive(Deserialize)]
struct KeywordItem {
    code: String,
    keywords: Vec<String>,
}

/// (code, text) pairs from the framework, the stocktaking keywords and the lexicon.
pub fn framework_docs(fw: &Framework) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut push = |c: &str, t: &str| {
        if !t.trim().is_empty() {
            out.push((c.to_string(), t.to_string()));
        }
    };
    for al in &fw.action_lines {
        push(&al.code, &al.title);
        push(&al.code, &al.intro);
        al.paragraphs.iter().for_each(|p| push(&al.code, p));
    }
    for s in &fw.sdgs {
        push(&s.code, &format!("{}. {}", s.short, s.title));
        s.targets.iter().for_each(|t| push(&s.code, &t.text));
    }
    for g in &fw.gdc {
        push(&g.code, &g.title);
        push(&g.code, &g.text);
        g.paragraphs.iter().for_each(|p| push(&g.code, p));
    }
    for l in &fw.links {
        // The matrix rationale says how an action line serves an SDG: it is
        // action-line text. A GDC→action-line rationale is GDC text.
        if l.from.starts_with('C') || l.from.starts_with("GDC") {
            push(&l.from, &l.rationale);
        }
    }
    if let Ok(k) = serde_json::from_str::<Keywords>(STOCKTAKING) {
        for it in k.items {
            push(&it.code, &it.keywords.join(". "));
        }
    }
    for (code, phrases) in lexicon_phrases() {
        push(&code, &phrases.join(". "));
    }
    out
}

/// The lexicon's phrases per code, query syntax removed.
fn lexicon_phrases() -> Vec<(String, Vec<String>)> {
    let lex = SHIPPED_SYSTEMS
        .iter()
        .find(|(n, _)| *n == "wsis-lexicon")
        .map_or("", |s| s.1);
    let mut out: Vec<(String, Vec<String>)> = Vec::new();
    let mut rdr = csv::Reader::from_reader(lex.as_bytes());
    for rec in rdr.records().flatten() {
        let (Some(code), Some(q)) = (rec.get(1), rec.get(3)) else {
            continue;
        };
        let clean: String = q
            .chars()
            .map(|c| {
                if c.is_alphanumeric() || c == '-' || c == ' ' {
                    c
                } else {
                    ' '
                }
            })
            .collect();
        let clean = clean
            .split_whitespace()
            .filter(|w| !matches!(*w, "OR" | "AND" | "W"))
            .collect::<Vec<_>>()
            .join(" ");
        match out.last_mut() {
            Some((c, v)) if c == code => v.push(clean),
            _ => out.push((code.to_string(), vec![clean])),
        }
    }
    out
}

/// The framework as a training input record.
pub fn framework_input(docs: &[(String, String)]) -> Input {
    let mut all = String::new();
    for (c, t) in docs {
        all.push_str(c);
        all.push('\t');
        all.push_str(t);
        all.push('\n');
    }
    Input {
        role: "framework".into(),
        name: "wsis-framework (embedded)".into(),
        xxh3: crate::hex64(all.as_bytes()),
        rows: docs.len(),
    }
}

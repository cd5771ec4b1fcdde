//! Suggested codes for initiatives, from the mapping engine.

use rayon::prelude::*;
use wsis_classify::{Engine, Scope};
use wsis_register::{CodeAssignment, Initiative, Origin};

/// The text of an initiative the engine reads: its title and description.
fn text(i: &Initiative) -> String {
    format!("{}\n{}", i.title, i.description)
}

/// The engine's suggestions for one initiative, as register codes.
pub fn suggestions(engine: &Engine, i: &Initiative) -> Vec<CodeAssignment> {
    text_suggestions(engine, &text(i))
}

/// The engine's suggestions for a text, as register codes.
pub fn text_suggestions(engine: &Engine, text: &str) -> Vec<CodeAssignment> {
    let found = engine.classify(text, Scope::All, false);
    found
        .codes
        .into_iter()
        .map(|c| CodeAssignment {
            code: c.code,
            origin: Origin::Suggested,
            // Scores are rounded so that they survive a CSV round trip unchanged.
            score: Some((c.score * 1000.0).round() / 1000.0),
            evidence: c.evidence,
            engine_version: Some(engine.version().to_string()),
        })
        .collect()
}

/// The engine's suggestions for every initiative (in parallel), by id.
pub fn suggest_all(engine: &Engine, items: &[Initiative]) -> Vec<(String, Vec<CodeAssignment>)> {
    items
        .par_iter()
        .map(|i| (i.id.clone(), suggestions(engine, i)))
        .collect()
}

/// Maps the initiatives that carry no suggestion yet. Records that come
/// with suggestions (an export of another database) keep them, so that an
/// export imported elsewhere stays the same data.
pub fn map_unmapped(engine: &Engine, items: &mut [Initiative]) -> usize {
    let unmapped = |i: &Initiative| i.codes.iter().all(|c| c.origin != Origin::Suggested);
    let mut todo: Vec<&mut Initiative> = items.iter_mut().filter(|i| unmapped(i)).collect();
    let n = todo.len();
    todo.par_iter_mut().for_each(|i| {
        let new = suggestions(engine, i);
        i.codes.extend(new);
        i.sort_codes();
    });
    n
}

//! Writes `data/classify/queries.compiled`: the shipped query systems and
//! the mention rules, compiled, so the engine need not compile them at
//! every start.
//!
//! Run after changing a query CSV, the query compiler or the framework
//! texts (which choose the clauses' triggers):
//! `cargo run --release -p wsis-classify --example compile_queries`.
//! The test `shipped_compiled_queries_are_a_fresh_compile` fails until then.

use wsis_classify::features::{SHIPPED_SYSTEMS, with_mentions};
use wsis_classify::query::{QuerySet, source_hash};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let all = with_mentions(&SHIPPED_SYSTEMS);
    let set = QuerySet::from_csv(&all)?;
    let bytes = set.to_compiled(source_hash(&all))?;
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../data/classify/queries.compiled"
    );
    std::fs::write(path, &bytes)?;
    println!(
        "{path}: {} bytes, {} clauses, {} queries skipped",
        bytes.len(),
        set.clause_count(),
        set.skipped()
    );
    Ok(())
}

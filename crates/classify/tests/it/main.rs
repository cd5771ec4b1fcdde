//! Integration tests of the mapping engine: query syntax, each method on
//! small known texts, training determinism, evaluation arithmetic, evidence.

mod engine;
mod eval;
mod methods;
mod query;
mod train;

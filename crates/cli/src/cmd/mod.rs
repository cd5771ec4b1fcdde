//! The subcommands, one module each.

pub mod classify;
pub mod eval;
pub mod export;
pub mod import;
pub mod migrate;
pub mod remap;
pub mod review;
pub mod serve;
pub mod train;
pub mod user;

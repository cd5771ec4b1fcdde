//! The subcommands, one module each.

pub mod export;
pub mod import;
pub mod migrate;
pub mod serve;

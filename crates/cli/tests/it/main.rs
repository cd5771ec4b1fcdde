//! Tests of the `wsis-hub` command as a user runs it.

mod classify;
mod cli;

//! Integration tests of the store, each run on SQLite and on PostgreSQL.

mod attempts;
mod fixtures;
mod import;
mod open;
mod ranking;
mod review;
mod search;

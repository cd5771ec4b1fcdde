//! Integration tests of the web server: every page and API route, on SQLite
//! and on PostgreSQL.

mod api;
mod calls;
mod pages;
mod support;

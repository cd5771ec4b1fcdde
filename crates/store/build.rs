//! Rebuilds the crate when a migration changes: `sqlx::migrate!` embeds the
//! migration files at compile time, and Cargo does not otherwise know to
//! look at them, so a new migration alone could leave a binary without it.

fn main() {
    println!("cargo:rerun-if-changed=migrations");
}

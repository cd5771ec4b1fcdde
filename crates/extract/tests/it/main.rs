//! Integration tests of wsis-extract on real files made by
//! `scripts/data/make_extract_fixtures.py` (see `tests/fixtures/README.md`).

mod docx;
mod errors;
mod fuzz;
mod pdf;
mod text;

use std::path::PathBuf;

/// The bytes of a fixture file.
pub fn fixture(name: &str) -> Vec<u8> {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name);
    std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// Asserts that `text`, with its whitespace collapsed, contains each of
/// `expected` in this order (lines wrap differently in each format).
pub fn assert_in_order(text: &str, expected: &[&str]) {
    let flat = text.split_whitespace().collect::<Vec<_>>().join(" ");
    let mut from = 0;
    for want in expected {
        match flat[from..].find(want) {
            Some(at) => from += at + want.len(),
            None => panic!("{want:?} not found (in order) in:\n{text}"),
        }
    }
}

/// The sentences every text fixture carries, in order.
pub const SENTENCES: &[&str] = &[
    "Call for inputs: WSIS+20 review",
    "E-health and telemedicine connect rural clinics to specialists in distant hospitals.",
    "Community health workers in Côte d’Ivoire use tablets to share patient records even where the mobile signal is weak.",
    "Gender equality in digital skills",
    "Women and girls need equal access to training in coding and data literacy.",
    "Mentoring programmes keep young women in technical careers.",
];

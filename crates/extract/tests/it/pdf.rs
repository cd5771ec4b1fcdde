//! The two-page reportlab PDF.

use wsis_extract::{Kind, extract};

use crate::{SENTENCES, assert_in_order, fixture};

#[test]
fn both_pages_in_order() {
    let got = extract(&fixture("input.pdf"), "input.pdf", Some("application/pdf")).unwrap();
    assert_eq!(got.kind, Kind::Pdf);
    assert_in_order(&got.text, SENTENCES);
    assert!(got.text.contains("Côte d’Ivoire"), "{}", got.text);
    // Headings and paragraphs are apart, lines of a paragraph together.
    assert!(got.text.contains("review\n\nE-health"), "{}", got.text);
    assert!(got.text.contains("skills\n\nWomen"), "{}", got.text);
    assert!(got.text.contains("the\nmobile signal"), "{}", got.text);
    // Page 2 begins a new paragraph.
    assert!(
        got.text.contains("\n\nGender equality in digital skills"),
        "{}",
        got.text
    );
}

#[test]
fn no_name_extension_and_octet_stream_claim_nothing() {
    let got = extract(
        &fixture("input.pdf"),
        "upload",
        Some("application/octet-stream"),
    )
    .unwrap();
    assert_eq!(got.kind, Kind::Pdf);
}

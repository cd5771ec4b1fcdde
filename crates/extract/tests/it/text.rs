//! The UTF-8 text file with a BOM and CRLF line ends.

use wsis_extract::{Kind, extract};

use crate::{SENTENCES, assert_in_order, fixture};

#[test]
fn bom_and_crlf_are_normalised() {
    let got = extract(
        &fixture("input.txt"),
        "input.txt",
        Some("text/plain; charset=utf-8"),
    )
    .unwrap();
    assert_eq!(got.kind, Kind::Text);
    assert_in_order(&got.text, SENTENCES);
    assert!(got.text.starts_with("Call for inputs"));
    assert!(!got.text.contains('\r'));
    assert!(got.text.contains("review\n\nE-health"));
    for name in ["notes.md", "NOTES", "input.TXT"] {
        assert_eq!(
            extract(&fixture("input.txt"), name, None).unwrap().kind,
            Kind::Text
        );
    }
}

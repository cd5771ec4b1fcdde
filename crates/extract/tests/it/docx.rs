//! The python-docx document, with a tab, a line break and a table.

use wsis_extract::{Kind, extract};

use crate::{SENTENCES, assert_in_order, fixture};

const DOCX_MIME: &str = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";

#[test]
fn paragraphs_and_table_in_order() {
    let got = extract(&fixture("input.docx"), "input.docx", Some(DOCX_MIME)).unwrap();
    assert_eq!(got.kind, Kind::Docx);
    assert_in_order(&got.text, SENTENCES);
    assert_in_order(
        &got.text,
        &[
            "Mentoring programmes",
            "Action line",
            "C7 E-health",
            "Digital skills for women",
            "multistakeholder coalition",
        ],
    );
    assert!(
        got.text.contains("Contact:\tWSIS secretariat\nGeneva"),
        "{}",
        got.text
    );
    // One row of the table is one paragraph, its cells separated by a tab.
    assert!(
        got.text
            .contains("\n\nC7 E-health\tTelemedicine for rural clinics\n\n"),
        "{}",
        got.text
    );
    assert!(
        got.text.contains("\n\nE-health and telemedicine"),
        "{}",
        got.text
    );
}

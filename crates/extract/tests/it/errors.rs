//! Refusals: wrong names and types, unsupported content, damaged, encrypted
//! and empty files.

use wsis_extract::{Error, Kind, MAX_TEXT_CHARS, extract};

use crate::fixture;

#[test]
fn pdf_named_docx_is_a_mismatch() {
    let err = extract(&fixture("input.pdf"), "report.docx", None).unwrap_err();
    assert!(
        matches!(err, Error::Mismatch { detected: Kind::Pdf, ref declared, .. } if declared == ".docx"),
        "{err:?}"
    );
    let msg = err.to_string();
    assert!(msg.contains("report.docx") && msg.contains("PDF"), "{msg}");
}

#[test]
fn docx_declared_as_text_is_a_mismatch() {
    let err = extract(&fixture("input.docx"), "input.docx", Some("text/plain")).unwrap_err();
    assert!(
        matches!(err, Error::Mismatch { detected: Kind::Docx, ref declared, .. } if declared == "text/plain"),
        "{err:?}"
    );
}

#[test]
fn png_named_pdf_is_unsupported() {
    // The content is no supported kind, whatever the name says.
    let err = extract(&fixture("image.png"), "scan.pdf", Some("application/pdf")).unwrap_err();
    assert!(
        matches!(err, Error::Unsupported { ref name } if name == "scan.pdf"),
        "{err:?}"
    );
}

#[test]
fn zip_without_word_part_is_unsupported() {
    let err = extract(&fixture("not-docx.zip"), "annex.docx", None).unwrap_err();
    assert!(matches!(err, Error::Unsupported { .. }), "{err:?}");
}

#[test]
fn binary_and_latin1_are_unsupported() {
    for bytes in [&b"\x00\x01\x02binary"[..], b"caf\xe9 au lait"] {
        let err = extract(bytes, "a.txt", None).unwrap_err();
        assert!(matches!(err, Error::Unsupported { .. }), "{err:?}");
    }
}

#[test]
fn truncated_pdf_is_unreadable() {
    let pdf = fixture("input.pdf");
    let err = extract(&pdf[..pdf.len() / 3], "input.pdf", None).unwrap_err();
    assert!(matches!(err, Error::Unreadable { .. }), "{err:?}");
}

#[test]
fn truncated_docx_is_unreadable() {
    let docx = fixture("input.docx");
    let err = extract(&docx[..docx.len() / 2], "input.docx", None).unwrap_err();
    assert!(matches!(err, Error::Unreadable { .. }), "{err:?}");
}

#[test]
fn encrypted_pdf_is_unreadable() {
    let err = extract(&fixture("encrypted.pdf"), "encrypted.pdf", None).unwrap_err();
    assert!(matches!(err, Error::Unreadable { .. }), "{err:?}");
    assert!(err.to_string().contains("password"), "{err}");
}

#[test]
fn scanned_pdf_is_empty() {
    let err = extract(&fixture("scanned.pdf"), "scanned.pdf", None).unwrap_err();
    assert!(matches!(err, Error::Empty { .. }), "{err:?}");
}

#[test]
fn blank_files_are_empty() {
    for bytes in [&b""[..], b"\xef\xbb\xbf \r\n\t\n"] {
        let err = extract(bytes, "blank.txt", None).unwrap_err();
        assert!(matches!(err, Error::Empty { .. }), "{err:?}");
    }
}

#[test]
fn long_text_is_too_large() {
    let long = "word ".repeat(MAX_TEXT_CHARS / 5 + 1);
    let err = extract(long.as_bytes(), "long.txt", None).unwrap_err();
    assert!(
        matches!(
            err,
            Error::TooLarge {
                limit: MAX_TEXT_CHARS,
                ..
            }
        ),
        "{err:?}"
    );
}

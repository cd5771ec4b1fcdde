//! Truncated prefixes of every fixture: each gives a result, never a panic.

use wsis_extract::extract;

use crate::fixture;

#[test]
fn prefixes_never_panic() {
    for name in [
        "input.pdf",
        "input.docx",
        "input.txt",
        "scanned.pdf",
        "encrypted.pdf",
        "not-docx.zip",
        "image.png",
    ] {
        let bytes = fixture(name);
        // Every length near the ends, where headers and trailers live, and
        // a spread in between; a few hundred extractions in all.
        let step = (bytes.len() / 97).max(1);
        let lengths = (0..bytes.len().min(64))
            .chain((0..bytes.len()).step_by(step))
            .chain(bytes.len().saturating_sub(64)..=bytes.len());
        for len in lengths {
            let prefix = &bytes[..len];
            let outcome = std::panic::catch_unwind(|| extract(prefix, name, None).is_ok());
            assert!(outcome.is_ok(), "{name} cut to {len} bytes panicked");
        }
    }
}

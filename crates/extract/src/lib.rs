//! Attachment checking and text extraction for calls for inputs.
//!
//! Stakeholders attach PDF, Word (DOCX) and plain-text files to their
//! answers. Names and declared content types come from the uploader's
//! machine and cannot be trusted, so [`extract`] decides the [`Kind`] from
//! the bytes themselves ([`detect`]), refuses files whose name or declared
//! type says something else, and returns the text with whitespace made
//! regular: lines inside a paragraph end in `\n`, paragraphs (and PDF pages,
//! DOCX table rows) are separated by one blank line.
//!
//! Every file is treated as hostile: sizes are bounded before anything is
//! inflated, and a malformed file yields an [`Error`], never a panic.
#![forbid(unsafe_code)]

mod docx;
mod error;
mod kind;
mod pdf;
mod text;

pub use error::{Error, Result};
pub use kind::{Kind, detect};

/// The longest extracted text accepted, in characters (`char`s).
///
/// A million characters is several hundred pages; inputs to a consultation
/// are far shorter, and the limit keeps one upload from filling the store.
pub const MAX_TEXT_CHARS: usize = 1_000_000;

/// The text of an attachment and the kind its content was found to be.
#[derive(Debug, Clone)]
pub struct Extracted {
    /// What the bytes are, whatever the file was called.
    pub kind: Kind,
    /// The text, with normalised whitespace and paragraphs separated by
    /// blank lines; never empty.
    pub text: String,
}

/// Detects the kind from the bytes (magic numbers / structure), checks it
/// agrees with the declared file name's extension and the declared content
/// type when given, and extracts the text (normalised whitespace, paragraphs
/// separated by blank lines, NFC not needed).
///
/// `file_name` is only used for its extension and in error messages; a name
/// without an extension claims nothing. `declared_type` is the MIME type the
/// client sent (parameters such as `; charset=utf-8` are ignored), and
/// `application/octet-stream`, which browsers send when they do not know,
/// claims nothing either.
pub fn extract(bytes: &[u8], file_name: &str, declared_type: Option<&str>) -> Result<Extracted> {
    let name = || file_name.to_owned();
    if bytes.is_empty() {
        return Err(Error::Empty { name: name() });
    }
    let kind = detect(bytes).ok_or_else(|| Error::Unsupported { name: name() })?;
    kind::check_declared(kind, file_name, declared_type)?;
    let raw = match kind {
        Kind::Pdf => pdf::extract(bytes, file_name)?,
        Kind::Docx => docx::extract(bytes, file_name)?,
        Kind::Text => text::decode(bytes, file_name)?,
    };
    let text = text::normalise(&raw);
    if text.is_empty() {
        return Err(Error::Empty { name: name() });
    }
    if text.chars().count() > MAX_TEXT_CHARS {
        return Err(Error::TooLarge {
            name: name(),
            limit: MAX_TEXT_CHARS,
        });
    }
    Ok(Extracted { kind, text })
}

/// The most raw (not yet normalised) text, in bytes, that an extractor
/// gathers before giving up with [`Error::TooLarge`]: normalising only
/// shrinks text, and a UTF-8 `char` is at most 4 bytes, so nothing under
/// the limit is refused, while a huge document stops early.
pub(crate) const MAX_RAW_BYTES: usize = 4 * MAX_TEXT_CHARS + 64 * 1024;

/// The [`Error::TooLarge`] for `name`.
pub(crate) fn too_large(name: &str) -> Error {
    Error::TooLarge {
        name: name.to_owned(),
        limit: MAX_TEXT_CHARS,
    }
}

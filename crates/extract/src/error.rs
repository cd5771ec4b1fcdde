//! The ways an attachment can be refused. The messages are shown to the
//! person who uploaded the file, so they say what is wrong in plain words
//! and name the file.

use crate::Kind;

/// The result of this crate's functions.
pub type Result<T> = std::result::Result<T, Error>;

/// Why an attachment's text could not be taken.
#[derive(thiserror::Error, Debug)]
#[non_exhaustive]
pub enum Error {
    /// The content is none of PDF, Word (DOCX) or plain UTF-8 text (an image,
    /// another archive, a binary file, text in another encoding).
    #[error("“{name}” is not a PDF, a Word document (.docx) or a plain UTF-8 text file")]
    Unsupported {
        /// The file name as given.
        name: String,
    },
    /// The content is of one kind but the file name or declared content type
    /// says another (a PDF named `report.docx`, a DOCX sent as `text/plain`).
    #[error(
        "“{name}” contains {detected} but was declared as {declared}; please check the file and upload it again"
    )]
    Mismatch {
        /// The file name as given.
        name: String,
        /// What the content is.
        detected: Kind,
        /// What the name or the client claimed: `.ext` or a MIME type.
        declared: String,
    },
    /// The file is of a supported kind but damaged, truncated, encrypted or
    /// too large inside to be read safely.
    #[error("“{name}” could not be read: {reason}")]
    Unreadable {
        /// The file name as given.
        name: String,
        /// What went wrong, in words for the uploader.
        reason: String,
    },
    /// The file has no text that can be extracted, such as a scanned PDF
    /// without a text layer, or an empty file.
    #[error(
        "“{name}” contains no text that can be extracted (a scanned document needs a text layer, for example from OCR)"
    )]
    Empty {
        /// The file name as given.
        name: String,
    },
    /// The extracted text is longer than [`crate::MAX_TEXT_CHARS`].
    #[error("the text of “{name}” is longer than the limit of {limit} characters")]
    TooLarge {
        /// The file name as given.
        name: String,
        /// The limit, in characters.
        limit: usize,
    },
}

impl Error {
    /// An [`Error::Unreadable`] for `name`.
    pub(crate) fn unreadable(name: &str, reason: impl Into<String>) -> Self {
        Error::Unreadable {
            name: name.to_owned(),
            reason: reason.into(),
        }
    }
}

//! The supported kinds of attachment, how each is recognised from its bytes,
//! and how a declared file name or content type is checked against it.

use std::fmt;
use std::io::Cursor;

use serde::{Deserialize, Serialize};

use crate::{Error, Result};

/// What an attachment's content is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    /// A PDF document.
    Pdf,
    /// An Office Open XML word-processing document (Word's `.docx`).
    Docx,
    /// Plain UTF-8 text, Markdown included.
    Text,
}

const DOCX_MIME: &str = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";

impl Kind {
    /// The canonical MIME type, to store and to serve the file with.
    pub fn mime(self) -> &'static str {
        match self {
            Kind::Pdf => "application/pdf",
            Kind::Docx => DOCX_MIME,
            Kind::Text => "text/plain; charset=utf-8",
        }
    }

    /// The short lowercase name, as serialised: `pdf`, `docx` or `text`.
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Pdf => "pdf",
            Kind::Docx => "docx",
            Kind::Text => "text",
        }
    }

    /// File name extensions (lowercase, without the dot) that name this kind.
    fn extensions(self) -> &'static [&'static str] {
        match self {
            Kind::Pdf => &["pdf"],
            Kind::Docx => &["docx"],
            Kind::Text => &["txt", "text", "md", "markdown"],
        }
    }

    /// MIME types (lowercase essence) that clients send for this kind.
    fn mime_types(self) -> &'static [&'static str] {
        match self {
            Kind::Pdf => &["application/pdf", "application/x-pdf"],
            Kind::Docx => &[DOCX_MIME],
            Kind::Text => &["text/plain", "text/markdown", "text/x-markdown"],
        }
    }
}

/// For messages to uploaders: "“x” contains a PDF document but …".
impl fmt::Display for Kind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Kind::Pdf => "a PDF document",
            Kind::Docx => "a Word document (.docx)",
            Kind::Text => "plain text",
        })
    }
}

/// How far into the file the PDF header may start: PDF readers accept junk
/// before `%PDF-` (ISO 32000-2, annex H), and so do we.
const PDF_HEADER_WINDOW: usize = 1024;

/// Detects the kind from the bytes alone: the `%PDF-` header, a ZIP package
/// with a Word main part, or valid UTF-8 text without NUL or other control
/// bytes. `None` for anything else, including an empty slice.
pub fn detect(bytes: &[u8]) -> Option<Kind> {
    let head = &bytes[..bytes.len().min(PDF_HEADER_WINDOW + 5)];
    if head.windows(5).any(|w| w == b"%PDF-") {
        return Some(Kind::Pdf);
    }
    if bytes.starts_with(b"PK\x03\x04") {
        return is_docx(bytes).then_some(Kind::Docx);
    }
    if !bytes.is_empty() && crate::text::is_plain_text(bytes) {
        return Some(Kind::Text);
    }
    None
}

/// Whether a ZIP archive is a Word package: it holds `[Content_Types].xml`
/// and `word/document.xml`.
///
/// Only the central directory is read. When that is damaged (a truncated
/// upload) the local headers, which store names uncompressed, are searched
/// instead, so that a broken Word file is reported as unreadable rather than
/// as an unknown kind.
fn is_docx(bytes: &[u8]) -> bool {
    match zip::ZipArchive::new(Cursor::new(bytes)) {
        Ok(archive) => {
            archive.index_for_name("[Content_Types].xml").is_some()
                && archive.index_for_name("word/document.xml").is_some()
        }
        Err(_) => contains(bytes, b"[Content_Types].xml") && contains(bytes, b"word/"),
    }
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

/// Refuses `kind` when the file name's extension or the declared MIME type
/// names another kind. A missing extension, a missing or blank type and
/// `application/octet-stream` claim nothing.
pub(crate) fn check_declared(
    kind: Kind,
    file_name: &str,
    declared_type: Option<&str>,
) -> Result<()> {
    let mismatch = |declared: String| Error::Mismatch {
        name: file_name.to_owned(),
        detected: kind,
        declared,
    };
    if let Some(ext) = extension(file_name)
        && !kind.extensions().contains(&ext.as_str())
    {
        return Err(mismatch(format!(".{ext}")));
    }
    if let Some(declared) = declared_type {
        let essence = declared
            .split(';')
            .next()
            .unwrap_or("")
            .trim()
            .to_ascii_lowercase();
        if !essence.is_empty()
            && essence != "application/octet-stream"
            && !kind.mime_types().contains(&essence.as_str())
        {
            return Err(mismatch(essence));
        }
    }
    Ok(())
}

/// The lowercase extension of the last path component, if it has one.
/// A leading dot (`.profile`) is a hidden file's name, not an extension.
fn extension(file_name: &str) -> Option<String> {
    let base = file_name.rsplit(['/', '\\']).next().unwrap_or(file_name);
    let (stem, ext) = base.rsplit_once('.')?;
    if stem.is_empty() || ext.is_empty() {
        return None;
    }
    Some(ext.trim().to_ascii_lowercase())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn extension_of_names() {
        assert_eq!(extension("report.PDF").as_deref(), Some("pdf"));
        assert_eq!(
            extension("C:\\Users\\a\\notes.v2.md").as_deref(),
            Some("md")
        );
        assert_eq!(extension("README"), None);
        assert_eq!(extension(".profile"), None);
        assert_eq!(extension("dir.d/README"), None);
    }

    #[test]
    fn declared_types_are_checked() {
        assert!(check_declared(Kind::Pdf, "a.pdf", Some("application/pdf")).is_ok());
        assert!(check_declared(Kind::Text, "a", Some("text/plain; charset=UTF-8")).is_ok());
        assert!(check_declared(Kind::Docx, "a.docx", Some("application/octet-stream")).is_ok());
        assert!(check_declared(Kind::Pdf, "a.pdf", Some(" ")).is_ok());
        let err = check_declared(Kind::Docx, "a.docx", Some("Text/Plain")).unwrap_err();
        assert!(matches!(err, Error::Mismatch { ref declared, .. } if declared == "text/plain"));
        let err = check_declared(Kind::Pdf, "report.docx", None).unwrap_err();
        assert!(matches!(err, Error::Mismatch { ref declared, .. } if declared == ".docx"));
    }

    #[test]
    fn pdf_header_may_follow_junk() {
        let mut bytes = vec![b' '; 1000];
        bytes.extend_from_slice(b"%PDF-1.7\n");
        assert_eq!(detect(&bytes), Some(Kind::Pdf));
        let mut far = vec![0u8; 2000];
        far.extend_from_slice(b"%PDF-1.7\n");
        assert_eq!(detect(&far), None);
    }

    #[test]
    fn serialises_lowercase() {
        for kind in [Kind::Pdf, Kind::Docx, Kind::Text] {
            let json = serde_json::to_string(&kind).unwrap();
            assert_eq!(json, format!("\"{}\"", kind.as_str()));
            assert_eq!(serde_json::from_str::<Kind>(&json).unwrap(), kind);
        }
        assert_eq!(Kind::Docx.as_str(), "docx");
        assert!(Kind::Pdf.mime().starts_with("application/pdf"));
    }
}

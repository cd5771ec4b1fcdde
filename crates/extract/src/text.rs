//! Plain-text attachments, and the whitespace normalisation that every
//! kind's text goes through.

use crate::{Error, Result};

/// Whether `bytes` is plain UTF-8 text: valid UTF-8 (after an optional
/// byte-order mark) without NUL or other control characters than tab, line
/// feed, carriage return and form feed. Binary formats nearly always have
/// such bytes early on, so this also keeps them out.
pub(crate) fn is_plain_text(bytes: &[u8]) -> bool {
    let bytes = bytes.strip_prefix(b"\xef\xbb\xbf").unwrap_or(bytes);
    match std::str::from_utf8(bytes) {
        Ok(s) => !s.chars().any(|c| {
            c.is_control() && !matches!(c, '\t' | '\n' | '\r' | '\x0c') && (c as u32) < 0x80
        }),
        Err(_) => false,
    }
}

/// The text of a plain-text attachment, without its byte-order mark.
pub(crate) fn decode(bytes: &[u8], name: &str) -> Result<String> {
    let bytes = bytes.strip_prefix(b"\xef\xbb\xbf").unwrap_or(bytes);
    if bytes.len() > crate::MAX_RAW_BYTES {
        return Err(crate::too_large(name));
    }
    std::str::from_utf8(bytes)
        .map(str::to_owned)
        .map_err(|_| Error::unreadable(name, "the text is not valid UTF-8"))
}

/// Makes whitespace regular so that every kind's text looks alike:
///
/// - `\r\n` and `\r` become `\n`, a form feed (a page break) a blank line;
/// - inside a line, a run of spaces becomes one space, and a run with a tab
///   one tab (tabs separate DOCX table cells and tab stops);
/// - lines are trimmed, and empty or whitespace-only lines separate
///   paragraphs: one blank line between paragraphs, none at the ends;
/// - other control characters are dropped.
pub(crate) fn normalise(raw: &str) -> String {
    let raw = raw
        .replace("\r\n", "\n")
        .replace(['\x0c', '\u{2029}'], "\n\n");
    let mut out = String::with_capacity(raw.len());
    let mut blank_pending = false;
    for line in raw.split(['\n', '\r', '\u{2028}']) {
        let line = normalise_line(line);
        if line.is_empty() {
            blank_pending = true;
            continue;
        }
        if !out.is_empty() {
            out.push_str(if blank_pending { "\n\n" } else { "\n" });
        }
        out.push_str(&line);
        blank_pending = false;
    }
    out
}

/// One line, trimmed, its whitespace runs collapsed as [`normalise`] says.
fn normalise_line(line: &str) -> String {
    let mut out = String::with_capacity(line.len());
    // The separator owed before the next visible character: None, a space,
    // or a tab (which wins over spaces around it).
    let mut pending: Option<char> = None;
    for c in line.chars() {
        if c == '\t' {
            pending = Some('\t');
        } else if c.is_whitespace() {
            pending.get_or_insert(' ');
        } else if c.is_control() || c == '\u{feff}' || c == '\u{ad}' {
            // Controls, stray BOMs (zero-width no-break spaces) and soft
            // hyphens carry no text.
        } else {
            if let Some(sep) = pending.take()
                && !out.is_empty()
            {
                out.push(sep);
            }
            out.push(c);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalises_whitespace_and_paragraphs() {
        let raw = "\r\n  Title \r\n\r\n\r\nFirst  line\u{a0} of\r\nthe paragraph.\n \t\nA\t  cell \t b \x0cNext page";
        assert_eq!(
            normalise(raw),
            "Title\n\nFirst line of\nthe paragraph.\n\nA\tcell\tb\n\nNext page"
        );
        assert_eq!(normalise(" \n\t\n"), "");
    }

    #[test]
    fn plain_text_is_utf8_without_controls() {
        assert!(is_plain_text("Côte d’Ivoire\r\n\tok".as_bytes()));
        assert!(is_plain_text(b"\xef\xbb\xbfwith BOM"));
        assert!(!is_plain_text(b"nul\0inside"));
        assert!(!is_plain_text(b"\x01\x02\x03"));
        assert!(!is_plain_text(b"latin-1 \xe9t\xe9"));
    }

    #[test]
    fn decode_drops_bom() {
        assert_eq!(
            decode(b"\xef\xbb\xbfhi", "a.txt").ok().as_deref(),
            Some("hi")
        );
    }
}

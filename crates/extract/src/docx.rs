//! Word (DOCX) attachments: the text of `word/document.xml`, the main part of
//! an Office Open XML word-processing package.
//!
//! Only the runs' text is taken (`w:t`), with `w:tab` as a tab, `w:br` and
//! `w:cr` as line breaks and each paragraph (`w:p`) ending in a blank line.
//! In a table, each cell's paragraphs are joined by spaces, cells by tabs,
//! and each row is a paragraph. Deleted text (`w:delText`) and field codes
//! (`w:instrText`) are not text a reader sees and are left out.

use std::io::{Cursor, Read};

use quick_xml::Reader;
use quick_xml::events::{BytesStart, Event};

use crate::{Error, Result};

/// The main part's path inside the package.
const DOCUMENT_PART: &str = "word/document.xml";

/// The most that `word/document.xml` may inflate to. A long report is a few
/// megabytes of XML; the bound stops a zip bomb before it fills memory.
const MAX_DOCUMENT_XML: u64 = 50 * 1024 * 1024;

/// The most entries a package may have. Word writes a dozen or two, more
/// with images; a huge count only costs us time reading the directory.
const MAX_ENTRIES: usize = 10_000;

/// The text of a DOCX file, not yet normalised.
pub(crate) fn extract(bytes: &[u8], name: &str) -> Result<String> {
    let broken = |_| {
        Error::unreadable(
            name,
            "the Word document is damaged (its ZIP structure is broken)",
        )
    };
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).map_err(broken)?;
    if archive.len() > MAX_ENTRIES {
        return Err(Error::unreadable(
            name,
            format!("the Word document has more than {MAX_ENTRIES} parts"),
        ));
    }
    let part = archive.by_name(DOCUMENT_PART).map_err(|_| {
        Error::unreadable(
            name,
            "the Word document has no main text part (word/document.xml)",
        )
    })?;
    let too_big = || {
        Error::unreadable(
            name,
            "the Word document's text part is too large to be read safely",
        )
    };
    // The size in the header is the archive's own claim; the read below is
    // bounded as well, so a lying header gains nothing.
    if part.size() > MAX_DOCUMENT_XML {
        return Err(too_big());
    }
    let mut xml = Vec::new();
    part.take(MAX_DOCUMENT_XML + 1)
        .read_to_end(&mut xml)
        .map_err(|_| {
            Error::unreadable(
                name,
                "the Word document is damaged (its text part cannot be unpacked)",
            )
        })?;
    if xml.len() as u64 > MAX_DOCUMENT_XML {
        return Err(too_big());
    }
    document_text(&xml, name)
}

/// Where the reader is in the document tree, as far as text layout cares.
#[derive(Default)]
struct State {
    /// Inside a `w:t` (or DrawingML/math `t`): its character data is text.
    in_text: u32,
    /// Inside a run: `w:tab`/`w:br` here are characters; elsewhere `w:tab`
    /// is a tab-stop definition in paragraph properties.
    in_run: u32,
    /// Nesting of table cells: a paragraph end inside a cell is a space.
    in_cell: u32,
    /// Inside `mc:Fallback`, which repeats the content of `mc:Choice` (text
    /// boxes are written twice, for old and new Word).
    in_fallback: u32,
}

/// The text of `word/document.xml`.
fn document_text(xml: &[u8], name: &str) -> Result<String> {
    let mut reader = Reader::from_reader(xml);
    let mut out = String::new();
    let mut st = State::default();
    let mut buf = Vec::new();
    loop {
        let event = reader.read_event_into(&mut buf).map_err(|_| {
            Error::unreadable(
                name,
                "the Word document is damaged (its text part is not valid XML)",
            )
        })?;
        match event {
            Event::Start(ref e) => start(e, &mut st, &mut out),
            Event::Empty(ref e) => {
                // `<w:t/>` and the like open and close at once.
                start(e, &mut st, &mut out);
                end(e.local_name().as_ref(), &mut st, &mut out);
            }
            Event::End(ref e) => end(e.local_name().as_ref(), &mut st, &mut out),
            Event::Text(ref t) if st.in_text > 0 && st.in_fallback == 0 => {
                out.push_str(&t.xml10_content());
            }
            Event::CData(ref t) if st.in_text > 0 && st.in_fallback == 0 => {
                out.push_str(t.as_ref());
            }
            Event::GeneralRef(ref r) if st.in_text > 0 && st.in_fallback == 0 => {
                if let Ok(Some(c)) = r.resolve_char_ref() {
                    out.push(c);
                } else if let Some(c) = predefined_entity(&r.xml10_content()) {
                    out.push(c);
                }
            }
            Event::Eof => break,
            _ => {}
        }
        if out.len() > crate::MAX_RAW_BYTES {
            return Err(crate::too_large(name));
        }
        buf.clear();
    }
    Ok(out)
}

/// The five entities XML predefines; a DOCX declares no others.
fn predefined_entity(name: &str) -> Option<char> {
    Some(match name {
        "amp" => '&',
        "lt" => '<',
        "gt" => '>',
        "quot" => '"',
        "apos" => '\'',
        _ => return None,
    })
}

fn start(e: &BytesStart<'_>, st: &mut State, out: &mut String) {
    if st.in_fallback > 0 {
        if e.local_name().as_ref() == "Fallback" {
            st.in_fallback += 1;
        }
        return;
    }
    match e.local_name().as_ref() {
        "t" => st.in_text += 1,
        "r" => st.in_run += 1,
        "tc" => st.in_cell += 1,
        "Fallback" => st.in_fallback += 1,
        "tab" if st.in_run > 0 => out.push('\t'),
        "br" | "cr" if st.in_run > 0 => out.push('\n'),
        "noBreakHyphen" if st.in_run > 0 => out.push('-'),
        _ => {}
    }
}

fn end(local: &str, st: &mut State, out: &mut String) {
    if st.in_fallback > 0 {
        if local == "Fallback" {
            st.in_fallback -= 1;
        }
        return;
    }
    let dec = |n: &mut u32| *n = n.saturating_sub(1);
    match local {
        "t" => dec(&mut st.in_text),
        "r" => dec(&mut st.in_run),
        "p" if st.in_cell > 0 => out.push(' '),
        "p" => out.push_str("\n\n"),
        "tc" => {
            dec(&mut st.in_cell);
            out.push('\t');
        }
        "tr" if st.in_cell == 0 => out.push_str("\n\n"),
        // A row of a table nested in a cell stays inside that cell.
        "tr" => out.push(' '),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(xml: &str) -> String {
        crate::text::normalise(&document_text(xml.as_bytes(), "t.docx").unwrap())
    }

    #[test]
    fn runs_tabs_breaks_and_paragraphs() {
        let xml = r#"<w:document xmlns:w="w"><w:body>
            <w:p><w:pPr><w:tabs><w:tab w:val="left" w:pos="720"/></w:tabs></w:pPr>
              <w:r><w:t>Tom &amp; </w:t></w:r><w:r><w:t xml:space="preserve">Jerry</w:t><w:tab/><w:t>x&#8217;y</w:t><w:br/><w:t>next</w:t></w:r></w:p>
            <w:p><w:r><w:delText>gone</w:delText><w:instrText>PAGE</w:instrText><w:t>kept</w:t></w:r></w:p>
            <w:tbl><w:tr><w:tc><w:p><w:r><w:t>a</w:t></w:r></w:p><w:p><w:r><w:t>b</w:t></w:r></w:p></w:tc>
              <w:tc><w:p><w:r><w:t>c</w:t></w:r></w:p></w:tc></w:tr>
              <w:tr><w:tc><w:p><w:r><w:t>d</w:t></w:r></w:p></w:tc></w:tr></w:tbl>
            </w:body></w:document>"#;
        assert_eq!(
            text(xml),
            "Tom & Jerry\tx\u{2019}y\nnext\n\nkept\n\na b\tc\n\nd"
        );
    }

    #[test]
    fn fallback_content_is_not_repeated() {
        let xml = r#"<w:document><w:p><w:r><mc:AlternateContent><mc:Choice><w:t>box</w:t></mc:Choice>
            <mc:Fallback><w:t>box</w:t></mc:Fallback></mc:AlternateContent></w:r></w:p></w:document>"#;
        assert_eq!(text(xml), "box");
    }

    #[test]
    fn bad_xml_is_unreadable() {
        let err = document_text(b"<w:p><w:t>x</w:p>", "t.docx").unwrap_err();
        assert!(matches!(err, Error::Unreadable { .. }));
    }
}

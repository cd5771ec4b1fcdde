//! PDF attachments: the text of every page, in page order, read with lopdf.
//!
//! lopdf parses the file, decrypts nothing (a password-protected upload is
//! refused), decodes streams with a size bound and maps each font's codes to
//! Unicode. Its own `extract_text` glues together strings that the page
//! places on separate lines or words, so the content stream is walked here
//! instead, following the text position to put line breaks, blank lines
//! and spaces where the page shows them.

use std::collections::BTreeMap;
use std::panic::{AssertUnwindSafe, catch_unwind};

use lopdf::content::Content;
use lopdf::{Document, Encoding, LoadOptions, Object, ObjectId};

use crate::{Error, Result};

/// The most any one stream (object stream, page content) may inflate to.
/// Generous for real pages, and it stops a decompression bomb.
const MAX_STREAM_BYTES: usize = 64 * 1024 * 1024;

/// The text of a PDF file, not yet normalised, pages separated by a blank line.
///
/// lopdf is run under [`catch_unwind`]: it is a large parser of untrusted
/// input that has panicked on malformed files in the past (index and
/// arithmetic panics on corrupt cross-reference and content data were
/// reported and fixed release after release), and one bad upload must not
/// take down the request's worker. The default panic hook still logs the
/// panic, which is wanted: it is a bug to report upstream.
pub(crate) fn extract(bytes: &[u8], name: &str) -> Result<String> {
    match catch_unwind(AssertUnwindSafe(|| extract_unguarded(bytes, name))) {
        Ok(result) => result,
        Err(_) => Err(Error::unreadable(
            name,
            "the PDF is damaged (it could not be parsed)",
        )),
    }
}

fn extract_unguarded(bytes: &[u8], name: &str) -> Result<String> {
    let options = LoadOptions {
        max_decompressed_size: Some(MAX_STREAM_BYTES),
        ..LoadOptions::default()
    };
    let doc = Document::load_mem_with_options(bytes, options).map_err(|e| load_error(&e, name))?;
    // lopdf opens a file protected by an empty user password by itself; one
    // that is still encrypted needs a password we do not have.
    if doc.is_encrypted() {
        return Err(Error::unreadable(
            name,
            "the PDF is protected by a password",
        ));
    }
    let pages = doc.get_pages();
    if pages.is_empty() {
        return Err(Error::unreadable(name, "the PDF has no pages"));
    }
    let mut out = String::new();
    for page_id in pages.values() {
        page_text(&doc, *page_id, name, &mut out)?;
        out.push_str("\n\n");
        if out.len() > crate::MAX_RAW_BYTES {
            return Err(crate::too_large(name));
        }
    }
    Ok(out)
}

/// Turns lopdf's load error into words for the uploader.
fn load_error(e: &lopdf::Error, name: &str) -> Error {
    let reason = match e {
        lopdf::Error::Decryption(_) | lopdf::Error::InvalidPassword => {
            "the PDF is protected by a password"
        }
        lopdf::Error::Decompress(_) => {
            "the PDF is damaged or has a stream too large to unpack safely"
        }
        _ => "the PDF is damaged or incomplete",
    };
    Error::unreadable(name, reason)
}

/// Appends the text of one page.
fn page_text(doc: &Document, page_id: ObjectId, name: &str, out: &mut String) -> Result<()> {
    let damaged = || Error::unreadable(name, "the PDF is damaged (a page cannot be read)");
    // A page whose fonts cannot be listed still has text worth trying: its
    // strings fall back to their ASCII bytes below.
    let fonts = doc.get_page_fonts(page_id).unwrap_or_default();
    let encodings: BTreeMap<Vec<u8>, Encoding<'_>> = fonts
        .into_iter()
        .filter_map(|(font_name, font)| Some((font_name, font.get_font_encoding(doc).ok()?)))
        .collect();
    let data = doc
        .get_page_content_with_limit(page_id, MAX_STREAM_BYTES)
        .map_err(|_| damaged())?;
    let content = Content::decode(&data).map_err(|_| damaged())?;
    let mut walker = Walker::new(&encodings, out);
    for op in &content.operations {
        walker.operation(&op.operator, &op.operands);
    }
    Ok(())
}

/// A 2×3 affine matrix `[a b c d e f]`, as PDF writes them.
type Matrix = [f32; 6];

const IDENTITY: Matrix = [1.0, 0.0, 0.0, 1.0, 0.0, 0.0];

/// How deep `q` may nest; deeper saves are ignored (PDF readers allow 28,
/// a hostile file could ask for millions).
const MAX_SAVED: usize = 256;

/// `m × n`: first `m`, then `n` (PDF's row-vector convention).
fn multiply(m: &Matrix, n: &Matrix) -> Matrix {
    [
        m[0] * n[0] + m[1] * n[2],
        m[0] * n[1] + m[1] * n[3],
        m[2] * n[0] + m[3] * n[2],
        m[2] * n[1] + m[3] * n[3],
        m[4] * n[0] + m[5] * n[2] + n[4],
        m[4] * n[1] + m[5] * n[3] + n[5],
    ]
}

/// Follows the text state of one content stream (PDF 32000-1 §9.4) far
/// enough to lay out its strings: where each line starts and how big the
/// font is. Glyph widths are not followed, so within a line a space is put
/// where the writer moved the pen explicitly or kerned by a word's width.
struct Walker<'a, 'o> {
    encodings: &'a BTreeMap<Vec<u8>, Encoding<'a>>,
    out: &'o mut String,
    font: Option<&'a Encoding<'a>>,
    font_size: f32,
    leading: f32,
    /// The text line matrix (where the current line starts).
    line: Matrix,
    /// The current transformation matrix and its `q`/`Q` saved copies:
    /// writers such as reportlab move the origin with `cm` before each
    /// paragraph, so text positions alone do not say where a line is.
    ctm: Matrix,
    saved: Vec<Matrix>,
    /// Whether the pen was moved since the last string was shown.
    moved: bool,
    /// The baseline and line height of the last string shown, if any.
    last: Option<(f32, f32)>,
}

impl<'a, 'o> Walker<'a, 'o> {
    fn new(encodings: &'a BTreeMap<Vec<u8>, Encoding<'a>>, out: &'o mut String) -> Self {
        Walker {
            encodings,
            out,
            font: None,
            font_size: 0.0,
            leading: 0.0,
            line: IDENTITY,
            ctm: IDENTITY,
            saved: Vec::new(),
            moved: false,
            last: None,
        }
    }

    fn operation(&mut self, op: &str, operands: &[Object]) {
        let num = |i: usize| {
            operands
                .get(i)
                .and_then(|o| o.as_float().ok())
                .filter(|v| v.is_finite())
        };
        match op {
            "q" if self.saved.len() < MAX_SAVED => self.saved.push(self.ctm),
            "Q" => self.ctm = self.saved.pop().unwrap_or(IDENTITY),
            "cm" => {
                if let (Some(a), Some(b), Some(c), Some(d), Some(e), Some(f)) =
                    (num(0), num(1), num(2), num(3), num(4), num(5))
                {
                    self.ctm = multiply(&[a, b, c, d, e, f], &self.ctm);
                }
            }
            "BT" => {
                self.line = IDENTITY;
                self.moved = true;
            }
            "Tf" => {
                self.font = operands
                    .first()
                    .and_then(|o| o.as_name().ok())
                    .and_then(|n| self.encodings.get(n));
                self.font_size = num(1).unwrap_or(0.0).abs();
            }
            "TL" => self.leading = num(0).unwrap_or(0.0),
            "Td" => self.translate(num(0).unwrap_or(0.0), num(1).unwrap_or(0.0)),
            "TD" => {
                let ty = num(1).unwrap_or(0.0);
                self.leading = -ty;
                self.translate(num(0).unwrap_or(0.0), ty);
            }
            "Tm" => {
                if let (Some(a), Some(b), Some(c), Some(d), Some(e), Some(f)) =
                    (num(0), num(1), num(2), num(3), num(4), num(5))
                {
                    self.line = [a, b, c, d, e, f];
                    self.moved = true;
                }
            }
            "T*" => self.next_line(),
            "Tj" => self.show_strings(operands.first()),
            "'" => {
                self.next_line();
                self.show_strings(operands.first());
            }
            "\"" => {
                self.next_line();
                self.show_strings(operands.get(2));
            }
            "TJ" => self.show_strings(operands.first()),
            _ => {}
        }
    }

    fn next_line(&mut self) {
        self.translate(0.0, -self.leading);
    }

    /// `Td`: the next line starts at (tx, ty) from the current line's start.
    fn translate(&mut self, tx: f32, ty: f32) {
        let [a, b, c, d, e, f] = self.line;
        self.line = [a, b, c, d, tx * a + ty * c + e, tx * b + ty * d + f];
        self.moved = true;
    }

    /// `Tj`'s string, or `TJ`'s array of strings and kerning numbers.
    fn show_strings(&mut self, operand: Option<&Object>) {
        let Some(operand) = operand else { return };
        self.break_before();
        match operand {
            Object::Array(items) => {
                for item in items {
                    match item {
                        Object::String(bytes, _) => self.push_decoded(bytes),
                        // A move left by more than a fifth of an em (the
                        // unit is a thousandth of one) is a word gap.
                        other => {
                            if other.as_float().is_ok_and(|n| n < -200.0) {
                                self.space();
                            }
                        }
                    }
                }
            }
            Object::String(bytes, _) => self.push_decoded(bytes),
            _ => {}
        }
    }

    /// Before a string: a line break if the baseline moved, a blank line if
    /// it moved much more than a line, a space if the pen was moved along
    /// the same line.
    fn break_before(&mut self) {
        let m = multiply(&self.line, &self.ctm);
        let y = m[5];
        // The font's size on the page: the matrices scale it.
        let scale = (m[2].powi(2) + m[3].powi(2)).sqrt();
        let height = (self.font_size * scale).max(1.0);
        if let Some((last_y, last_height)) = self.last {
            let dy = last_y - y;
            let (small, large) = (last_height.min(height), last_height.max(height));
            if dy.abs() > 0.3 * large {
                // A gap well over the usual 1.2–1.5 line spacing of the
                // smaller font, or a jump back up the page (a new column, a
                // header), starts a new paragraph.
                let paragraph = dy > 1.7 * small || dy < 0.0;
                self.out.push_str(if paragraph { "\n\n" } else { "\n" });
            } else if self.moved {
                self.space();
            }
        }
        self.last = Some((y, height));
        self.moved = false;
    }

    fn space(&mut self) {
        if !self.out.ends_with(char::is_whitespace) {
            self.out.push(' ');
        }
    }

    fn push_decoded(&mut self, bytes: &[u8]) {
        match self
            .font
            .and_then(|enc| Document::decode_text(enc, bytes).ok())
        {
            Some(text) => self.out.push_str(&text),
            // No usable font: printable ASCII is the best guess, and it is
            // right for most simple fonts.
            None => self.out.extend(
                bytes
                    .iter()
                    .filter(|b| b.is_ascii_graphic() || **b == b' ')
                    .map(|b| char::from(*b)),
            ),
        }
    }
}

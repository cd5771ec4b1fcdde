//! Marks the evidence of code suggestions in an initiative's text.
//!
//! The text is user data, so it is escaped here, piece by piece, and only
//! the `<mark>` tags this module writes are markup: the result can be
//! shown unescaped (`|safe`) without letting any of the text through raw.

/// Shortest evidence term that is marked (shorter ones mark noise).
const MIN_TERM: usize = 2;

/// Escapes text for HTML element content and attribute values.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// The text escaped, with every occurrence of a term wrapped in `<mark>`.
///
/// Matching ignores ASCII case (which keeps byte offsets identical, so the
/// marks land on the original text) and starts at word boundaries, so `ai`
/// does not light up inside `maintain`.
pub fn highlight(text: &str, terms: &[String]) -> String {
    let lower = text.to_ascii_lowercase();
    let mut ranges: Vec<(usize, usize)> = Vec::new();
    for term in terms {
        let term = term.trim().to_ascii_lowercase();
        if term.chars().count() < MIN_TERM {
            continue;
        }
        for (start, _) in lower.match_indices(&term) {
            let boundary = text[..start]
                .chars()
                .next_back()
                .is_none_or(|c| !c.is_alphanumeric());
            if boundary {
                ranges.push((start, start + term.len()));
            }
        }
    }
    ranges.sort_unstable();
    let mut out = String::with_capacity(text.len() + ranges.len() * 13);
    let mut at = 0;
    let mut merged: Vec<(usize, usize)> = Vec::new();
    for (s, e) in ranges {
        match merged.last_mut() {
            Some(last) if s < last.1 => last.1 = last.1.max(e),
            _ => merged.push((s, e)),
        }
    }
    for (s, e) in merged {
        out.push_str(&escape(&text[at..s]));
        out.push_str("<mark>");
        out.push_str(&escape(&text[s..e]));
        out.push_str("</mark>");
        at = e;
    }
    out.push_str(&escape(&text[at..]));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn terms(t: &[&str]) -> Vec<String> {
        t.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn text_is_escaped_and_terms_marked() {
        let out = highlight("Digital <b>health</b> & e-health", &terms(&["health"]));
        assert_eq!(
            out,
            "Digital &lt;b&gt;<mark>health</mark>&lt;/b&gt; &amp; e-<mark>health</mark>"
        );
    }

    #[test]
    fn case_overlaps_and_word_starts() {
        assert_eq!(
            highlight("AI will maintain", &terms(&["ai"])),
            "<mark>AI</mark> will maintain"
        );
        assert_eq!(
            highlight(
                "mobile health care",
                &terms(&["mobile health", "health care"])
            ),
            "<mark>mobile health care</mark>"
        );
        assert_eq!(
            highlight("Ünïcode text", &terms(&["text", "x"])),
            "Ünïcode <mark>text</mark>"
        );
    }

    #[test]
    fn markup_in_a_term_cannot_inject() {
        let out = highlight("a <script>alert(1)</script> b", &terms(&["<script>"]));
        assert_eq!(
            out,
            "a <mark>&lt;script&gt;</mark>alert(1)&lt;/script&gt; b"
        );
    }
}

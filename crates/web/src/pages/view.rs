//! View pieces shared by several pages: initiative summaries, links to
//! framework codes, labels of the register's vocabularies, URL encoding.

use wsis_framework::{CodeKind, Framework, classify_code};
use wsis_register::{Initiative, Origin};

use crate::i18n::Tr;

/// A framework code as a link: `C3` with its title and page.
pub struct CodeRef {
    /// The code, e.g. `SDG5`.
    pub code: String,
    /// Its official title, or the code itself if the framework lacks it.
    pub title: String,
    /// Its page.
    pub href: String,
}

impl CodeRef {
    /// The link to a code's page, with its title.
    pub fn new(code: &str, fw: &Framework) -> CodeRef {
        CodeRef {
            code: code.to_string(),
            title: fw.title(code).unwrap_or(code).to_string(),
            href: code_href(code),
        }
    }
}

/// The page of a framework code (`/action-lines/C3`, `/sdgs/SDG5`, `/gdc/GDC2`).
pub fn code_href(code: &str) -> String {
    match classify_code(code) {
        Some(CodeKind::Sdg) => format!("/sdgs/{}", enc(code)),
        Some(CodeKind::Gdc) => format!("/gdc/{}", enc(code)),
        _ => format!("/action-lines/{}", enc(code)),
    }
}

/// One initiative in a list.
pub struct Summary {
    /// Its page.
    pub href: String,
    /// Title.
    pub title: String,
    /// Organization name.
    pub organization: String,
    /// Stakeholder group, in the page's language.
    pub group: String,
    /// Country names.
    pub countries: Vec<String>,
    /// Start year, if known.
    pub year: Option<i32>,
    /// Codes in force (declared, confirmed, or suggested and not rejected).
    pub codes: Vec<CodeRef>,
}

impl Summary {
    /// The summary of an initiative.
    pub fn new(i: &Initiative, fw: &Framework, tr: &Tr) -> Summary {
        Summary {
            href: format!("/initiatives/{}", enc(&i.id)),
            title: i.title.clone(),
            organization: i.organization.name.clone(),
            group: tr.t(&format!("group-{}", i.organization.stakeholder_group)),
            countries: i.countries.iter().map(|c| country_name(fw, c)).collect(),
            year: i.start_year(),
            codes: codes_in_force(i)
                .into_iter()
                .map(|c| CodeRef::new(c, fw))
                .collect(),
        }
    }
}

/// The distinct codes of an initiative that a reviewer has not rejected,
/// in the register's order.
fn codes_in_force(i: &Initiative) -> Vec<&str> {
    let rejected = |code: &str| {
        i.codes
            .iter()
            .any(|c| c.code == code && c.origin == Origin::Rejected)
    };
    let mut out: Vec<&str> = Vec::new();
    for c in &i.codes {
        if c.origin != Origin::Rejected && !rejected(&c.code) && !out.contains(&c.code.as_str()) {
            out.push(&c.code);
        }
    }
    out
}

/// A country's name, or its code when the framework does not know it.
pub fn country_name(fw: &Framework, iso3: &str) -> String {
    fw.country(iso3)
        .map_or_else(|| iso3.to_string(), |c| c.name.clone())
}

/// Percent-encodes a query value or path segment: everything but RFC 3986
/// unreserved characters, so user text can never break out of a URL.
pub fn enc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~') {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_are_encoded() {
        assert_eq!(enc("C7.e-health"), "C7.e-health");
        assert_eq!(enc("a b&c=\"<"), "a%20b%26c%3D%22%3C");
        assert_eq!(enc("é"), "%C3%A9");
        assert_eq!(code_href("SDG5"), "/sdgs/SDG5");
        assert_eq!(code_href("GDC2"), "/gdc/GDC2");
        assert_eq!(code_href("C7.e-health"), "/action-lines/C7.e-health");
    }
}

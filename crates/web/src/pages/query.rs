//! The list page's query: cleaning and checking it, and the links that
//! add or remove one filter or move to another page.

use std::str::FromStr;

use wsis_framework::{CodeKind, Framework};
use wsis_register::{Kind, StakeholderGroup, Status};
use wsis_store::Filter;

use crate::pages::view::enc;

/// Results per page.
pub const PER_PAGE: u32 = 20;

pub use wsis_store::FACETS;

/// Drops blank values (an empty search box sends `q=`), and sets the page
/// and page size the page uses.
pub fn clean(mut f: Filter) -> Filter {
    let blank = |v: &mut Option<String>| {
        if v.as_deref().is_some_and(|s| s.trim().is_empty()) {
            *v = None;
        }
    };
    blank(&mut f.q);
    for name in FACETS {
        blank(slot(&mut f, name));
    }
    f.page = f.page.max(1);
    f.per_page = PER_PAGE;
    f
}

/// Checks every value against the framework and the register's
/// vocabularies; the error names the parameter and the bad value.
pub fn check<'a>(f: &'a Filter, fw: &Framework) -> Result<(), (&'static str, &'a str)> {
    if !wsis_store::query_fits(f.q.as_deref()) {
        return Err(("q", "…"));
    }
    for name in FACETS {
        let Some(v) = value(f, name) else { continue };
        let ok = match name {
            "action_line" => fw.kind(v) == Some(CodeKind::ActionLine),
            "sdg" => fw.kind(v) == Some(CodeKind::Sdg),
            "gdc" => fw.kind(v) == Some(CodeKind::Gdc),
            "group" => StakeholderGroup::from_str(v).is_ok(),
            "kind" => Kind::from_str(v).is_ok(),
            "status" => Status::from_str(v).is_ok(),
            "country" => fw.country(v).is_some(),
            "region" => fw.countries.iter().any(|c| c.region == *v),
            _ => v.len() == 4 && v.bytes().all(|b| b.is_ascii_digit()),
        };
        if !ok {
            return Err((name, v));
        }
    }
    Ok(())
}

/// The value of a facet in a filter.
pub fn value<'a>(f: &'a Filter, name: &str) -> Option<&'a String> {
    let v = match name {
        "action_line" => &f.action_line,
        "sdg" => &f.sdg,
        "gdc" => &f.gdc,
        "group" => &f.group,
        "region" => &f.region,
        "country" => &f.country,
        "kind" => &f.kind,
        "year" => &f.year,
        _ => &f.status,
    };
    v.as_ref()
}

/// The address of the list page for a filter.
pub fn href(f: &Filter) -> String {
    let mut parts = Vec::new();
    if let Some(q) = &f.q {
        parts.push(format!("q={}", enc(q)));
    }
    for name in FACETS {
        if let Some(v) = value(f, name) {
            parts.push(format!("{name}={}", enc(v)));
        }
    }
    if f.page > 1 {
        parts.push(format!("page={}", f.page));
    }
    if parts.is_empty() {
        "/initiatives".to_string()
    } else {
        format!("/initiatives?{}", parts.join("&"))
    }
}

/// The filter with one facet set to `v` (or removed), back on page 1.
pub fn with(f: &Filter, name: &str, v: Option<&str>) -> Filter {
    let mut out = f.clone();
    *slot(&mut out, name) = v.map(str::to_string);
    out.page = 1;
    out
}

/// The same filter on another page.
pub fn on_page(f: &Filter, page: u32) -> Filter {
    Filter { page, ..f.clone() }
}

fn slot<'a>(f: &'a mut Filter, name: &str) -> &'a mut Option<String> {
    match name {
        "action_line" => &mut f.action_line,
        "sdg" => &mut f.sdg,
        "gdc" => &mut f.gdc,
        "group" => &mut f.group,
        "region" => &mut f.region,
        "country" => &mut f.country,
        "kind" => &mut f.kind,
        "year" => &mut f.year,
        _ => &mut f.status,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn links_keep_the_other_filters_and_reset_the_page() {
        let f = clean(Filter {
            q: Some("digital skills".into()),
            sdg: Some("SDG5".into()),
            page: 3,
            ..Filter::default()
        });
        assert_eq!(href(&f), "/initiatives?q=digital%20skills&sdg=SDG5&page=3");
        assert_eq!(
            href(&with(&f, "group", Some("academia"))),
            "/initiatives?q=digital%20skills&sdg=SDG5&group=academia"
        );
        assert_eq!(
            href(&with(&f, "sdg", None)),
            "/initiatives?q=digital%20skills"
        );
        assert_eq!(
            href(&on_page(&f, 1)),
            "/initiatives?q=digital%20skills&sdg=SDG5"
        );
    }

    #[test]
    fn blank_values_are_dropped_and_bad_ones_named() {
        let fw = Framework::embedded();
        let f = clean(Filter {
            q: Some(" ".into()),
            kind: Some(String::new()),
            ..Filter::default()
        });
        assert_eq!((f.q, f.kind, f.page, f.per_page), (None, None, 1, PER_PAGE));
        let ok = Filter {
            action_line: Some("C7.e-health".into()),
            country: Some("KEN".into()),
            region: Some("Africa".into()),
            year: Some("2024".into()),
            ..Filter::default()
        };
        assert_eq!(check(&ok, fw), Ok(()));
        let bad = Filter {
            sdg: Some("C3".into()),
            ..Filter::default()
        };
        assert!(check(&bad, fw).is_err_and(|e| e == ("sdg", "C3")));
        let bad = Filter {
            group: Some("<b>".into()),
            ..Filter::default()
        };
        assert!(check(&bad, fw).is_err());
    }
}

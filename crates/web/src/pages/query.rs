//! The list page's query: cleaning it (its checks are in
//! [`crate::filter`], shared with the API), and the links that add or
//! remove one filter or move to another page.

use wsis_store::Filter;

use crate::filter::{self, slot, value};
use crate::pages::view::enc;

/// Results per page.
pub const PER_PAGE: u32 = 20;

pub use wsis_store::FACETS;

/// Drops blank values (an empty search box sends `q=`), and sets the page
/// and page size the page uses.
pub fn clean(mut f: Filter) -> Filter {
    filter::drop_blanks(&mut f);
    f.page = f.page.max(1);
    f.per_page = PER_PAGE;
    f
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
    fn the_page_drops_blanks_and_sets_its_own_page_size() {
        let f = clean(Filter {
            q: Some(" ".into()),
            kind: Some(String::new()),
            page: 0,
            per_page: 100,
            ..Filter::default()
        });
        assert_eq!((f.q, f.kind, f.page, f.per_page), (None, None, 1, PER_PAGE));
    }
}

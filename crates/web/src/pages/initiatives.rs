//! `/initiatives`: full-text search with facets, counts and pagination.

use askama::Template;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use wsis_framework::Framework;
use wsis_store::{Facets, Filter};

use crate::AppState;
use crate::i18n::Tr;
use crate::pages::query::{self, FACETS, PER_PAGE};
use crate::pages::view::{Summary, country_name};
use crate::pages::{PageError, render};

/// Most values listed per facet (the active one is always shown).
const MAX_VALUES: usize = 15;

/// One facet with its values as links.
struct FacetView {
    name: &'static str,
    heading: String,
    values: Vec<FacetLink>,
}

/// A facet value: following the link adds it to the filter, or removes it
/// when it is already active.
struct FacetLink {
    label: String,
    count: i64,
    href: String,
    active: bool,
}

/// A filter in force, with the link that removes it.
struct Active {
    heading: String,
    label: String,
    remove: String,
}

/// A link of the pager; `number` 0 stands for a gap.
struct PageLink {
    number: u32,
    href: String,
    current: bool,
}

#[derive(Template)]
#[template(path = "initiatives.html")]
struct ListPage {
    tr: Tr,
    q: String,
    /// True when the words searched for order the results (a query with
    /// nothing searchable in it lists the newest, as no query does).
    by_text: bool,
    keep: Vec<(&'static str, String)>,
    total: i64,
    first: i64,
    last: i64,
    items: Vec<Summary>,
    facets: Vec<FacetView>,
    active: Vec<Active>,
    clear: String,
    prev: Option<String>,
    next: Option<String>,
    pages: Vec<PageLink>,
}

/// `GET /initiatives?q=&action_line=&…&page=`.
pub async fn page(
    State(state): State<AppState>,
    filter: Result<Query<Filter>, QueryRejection>,
    tr: Tr,
) -> Result<Response, PageError> {
    let Query(filter) = filter.map_err(|e| PageError::bad_request(&tr, e.body_text()))?;
    let filter = query::clean(filter);
    let fw = state.framework;
    crate::filter::check(&filter, fw).map_err(|(name, value)| {
        PageError::bad_request(
            &tr,
            tr.with("error-bad-value", &[("name", name), ("value", value)]),
        )
    })?;
    let found = state
        .store
        .list_initiatives(&filter)
        .await
        .map_err(|e| PageError::internal(&tr, e))?;
    let offset = i64::from(filter.page - 1) * i64::from(PER_PAGE);
    let pages = u32::try_from((found.total + i64::from(PER_PAGE) - 1) / i64::from(PER_PAGE))
        .unwrap_or(u32::MAX);
    let (prev, next, links) = pager(&filter, pages);
    let page = ListPage {
        q: filter.q.clone().unwrap_or_default(),
        by_text: filter
            .q
            .as_deref()
            .is_some_and(|q| q.chars().any(char::is_alphanumeric)),
        keep: FACETS
            .iter()
            .filter_map(|n| crate::filter::value(&filter, n).map(|v| (*n, v.clone())))
            .collect(),
        total: found.total,
        first: offset + 1,
        last: offset + found.items.len() as i64,
        items: found
            .items
            .iter()
            .map(|i| Summary::new(i, fw, &tr))
            .collect(),
        facets: facet_views(&filter, &found.facets, fw, &tr),
        active: active_filters(&filter, fw, &tr),
        clear: "/initiatives".to_string(),
        prev,
        next,
        pages: links,
        tr,
    };
    Ok(render(StatusCode::OK, &page))
}

/// The facets with their values' counts and links.
fn facet_views(f: &Filter, facets: &Facets, fw: &Framework, tr: &Tr) -> Vec<FacetView> {
    FACETS
        .iter()
        .map(|&name| {
            let current = crate::filter::value(f, name);
            let values = facets.get(name).map(Vec::as_slice).unwrap_or_default();
            let values = values
                .iter()
                .enumerate()
                .filter(|(n, v)| *n < MAX_VALUES || current == Some(&v.value))
                .map(|(_, v)| {
                    let active = current == Some(&v.value);
                    let next = query::with(f, name, (!active).then_some(v.value.as_str()));
                    FacetLink {
                        label: label(name, &v.value, fw, tr),
                        count: v.count,
                        href: query::href(&next),
                        active,
                    }
                })
                .collect();
            FacetView {
                name,
                heading: tr.t(&format!("facet-{name}")),
                values,
            }
        })
        .filter(|v| !v.values.is_empty())
        .collect()
}

fn active_filters(f: &Filter, fw: &Framework, tr: &Tr) -> Vec<Active> {
    let mut out = Vec::new();
    if let Some(q) = &f.q {
        let remove = query::href(&Filter {
            q: None,
            page: 1,
            ..f.clone()
        });
        out.push(Active {
            heading: tr.t("facet-q"),
            label: q.clone(),
            remove,
        });
    }
    for name in FACETS {
        if let Some(v) = crate::filter::value(f, name) {
            let remove = query::href(&query::with(f, name, None));
            out.push(Active {
                heading: tr.t(&format!("facet-{name}")),
                label: label(name, v, fw, tr),
                remove,
            });
        }
    }
    out
}

/// What a reader sees for a facet value: a code with its title, a
/// country's name, or the translated name of a vocabulary term.
fn label(facet: &str, value: &str, fw: &Framework, tr: &Tr) -> String {
    match facet {
        "action_line" | "gdc" => format!("{value} {}", fw.title(value).unwrap_or_default()),
        "sdg" => format!(
            "{value} {}",
            fw.sdg(value).map(|s| s.short.as_str()).unwrap_or_default()
        ),
        "country" => country_name(fw, value),
        "group" | "kind" | "status" => tr.t(&format!("{facet}-{value}")),
        _ => value.to_string(),
    }
}

/// Previous and next links, and page numbers around the current page
/// (first and last always shown; gaps as number 0).
fn pager(f: &Filter, pages: u32) -> (Option<String>, Option<String>, Vec<PageLink>) {
    let at = f.page;
    let link = |n: u32| query::href(&query::on_page(f, n));
    let prev = (at > 1 && pages > 0).then(|| link((at - 1).min(pages)));
    let next = (at < pages).then(|| link(at + 1));
    let mut links = Vec::new();
    if pages <= 1 {
        return (prev, next, links);
    }
    let around = at.saturating_sub(2).max(1)..=at.saturating_add(2).min(pages);
    let mut numbers: Vec<u32> = std::iter::once(1)
        .chain(around)
        .chain(std::iter::once(pages))
        .collect();
    numbers.dedup();
    let mut last_shown = 0;
    for n in numbers {
        if n > last_shown + 1 {
            links.push(PageLink {
                number: 0,
                href: String::new(),
                current: false,
            });
        }
        links.push(PageLink {
            number: n,
            href: link(n),
            current: n == at,
        });
        last_shown = n;
    }
    (prev, next, links)
}

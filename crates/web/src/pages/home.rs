//! `/`: what wsis-hub is, the framework with its counts, a search box.

use std::collections::HashMap;

use askama::Template;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use wsis_framework::Framework;
use wsis_store::{Counts, Facets, Filter};

use crate::AppState;
use crate::i18n::Tr;
use crate::pages::view::code_href;
use crate::pages::{PageError, render};

/// A framework code on the home page, with its initiatives and sub-lines.
pub struct Node {
    /// `C3`, `SDG5`, `GDC2`.
    pub code: String,
    /// Official title (an SDG's short name).
    pub title: String,
    /// Its page.
    pub href: String,
    /// Initiatives filed under it.
    pub count: i64,
    /// C7's sub-lines.
    pub children: Vec<Node>,
}

#[derive(Template)]
#[template(path = "home.html")]
struct HomePage {
    tr: Tr,
    counts: Counts,
    action_lines: Vec<Node>,
    sdgs: Vec<Node>,
    gdc: Vec<Node>,
}

/// `GET /`.
pub async fn page(State(state): State<AppState>, tr: Tr) -> Result<Response, PageError> {
    // The unfiltered search is counted once per revision by the store, so
    // the facet counts cost one cached lookup.
    let filter = Filter {
        per_page: 1,
        ..Filter::default()
    };
    let found = state
        .store
        .list_initiatives(&filter)
        .await
        .map_err(|e| PageError::internal(&tr, e))?;
    let counts = state
        .store
        .counts()
        .await
        .map_err(|e| PageError::internal(&tr, e))?;
    let page = framework_nodes(state.framework, &found.facets, tr, counts);
    Ok(render(StatusCode::OK, &page))
}

fn framework_nodes(fw: &Framework, facets: &Facets, tr: Tr, counts: Counts) -> HomePage {
    let count_of = |facet: &str| -> HashMap<&str, i64> {
        facets.get(facet).map_or_else(HashMap::new, |vs| {
            vs.iter().map(|v| (v.value.as_str(), v.count)).collect()
        })
    };
    let (al, sdg, gdc) = (count_of("action_line"), count_of("sdg"), count_of("gdc"));
    let node = |code: &str, title: &str, counts: &HashMap<&str, i64>| Node {
        code: code.to_string(),
        title: title.to_string(),
        href: code_href(code),
        count: counts.get(code).copied().unwrap_or(0),
        children: Vec::new(),
    };
    let action_lines = fw
        .action_lines
        .iter()
        .filter(|a| a.parent.is_none())
        .map(|a| Node {
            children: fw
                .action_lines
                .iter()
                .filter(|s| s.parent.as_deref() == Some(a.code.as_str()))
                .map(|s| node(&s.code, &s.title, &al))
                .collect(),
            ..node(&a.code, &a.title, &al)
        })
        .collect();
    let sdgs = fw
        .sdgs
        .iter()
        .map(|s| node(&s.code, &s.short, &sdg))
        .collect();
    let gdc = fw
        .gdc
        .iter()
        .map(|g| node(&g.code, &g.title, &gdc))
        .collect();
    HomePage {
        tr,
        counts,
        action_lines,
        sdgs,
        gdc,
    }
}

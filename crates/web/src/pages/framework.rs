//! `/action-lines/{code}`, `/sdgs/{code}`, `/gdc/{code}`: a framework
//! code's official text, its crosswalk links with their rationale and
//! source, its sub-lines, and the latest initiatives filed under it.

use askama::Template;
use axum::extract::rejection::PathRejection;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use wsis_framework::{CodeKind, Framework, Target, classify_code};
use wsis_store::Filter;

use crate::AppState;
use crate::i18n::Tr;
use crate::pages::view::{CodeRef, Summary, enc};
use crate::pages::{PageError, render};

/// How many initiatives a code's page lists before linking to the search.
const LATEST: u32 = 5;

/// The official text of a code, whichever system it belongs to.
#[derive(Default)]
struct Text {
    title: String,
    short: Option<String>,
    parent: Option<String>,
    intro: String,
    paragraphs: Vec<String>,
    targets: Vec<Target>,
    facilitators: Vec<String>,
    sublines: Vec<CodeRef>,
    source: String,
}

/// One crosswalk link seen from the page's code.
struct LinkView {
    other: CodeRef,
    rationale: String,
    targets: Vec<String>,
    editorial: bool,
    /// 1-based number of its source in the page's list of sources.
    source_no: usize,
}

/// Links to one code system (SDGs, action lines or GDC objectives).
struct LinkGroup {
    heading: String,
    links: Vec<LinkView>,
}

#[derive(Template)]
#[template(path = "framework.html")]
struct CodePage {
    tr: Tr,
    kind_label: String,
    code: String,
    text: Text,
    parent: Option<CodeRef>,
    groups: Vec<LinkGroup>,
    latest: Vec<Summary>,
    total: i64,
    list_href: String,
    sources: Vec<String>,
}

/// `GET /action-lines/{code}`.
pub async fn action_line(
    state: State<AppState>,
    path: Result<Path<String>, PathRejection>,
    tr: Tr,
) -> Result<Response, PageError> {
    let code = code_of(path, &tr)?;
    let a = state
        .framework
        .action_line(&code)
        .ok_or_else(|| PageError::not_found(&tr))?;
    let sublines = state
        .framework
        .action_lines
        .iter()
        .filter(|s| s.parent.as_ref() == Some(&a.code));
    let text = Text {
        title: a.title.clone(),
        parent: a.parent.clone(),
        intro: a.intro.clone(),
        paragraphs: a.paragraphs.clone(),
        facilitators: a.facilitators.clone(),
        sublines: sublines
            .map(|s| CodeRef::new(&s.code, state.framework))
            .collect(),
        source: a.source.clone(),
        ..Text::default()
    };
    show(&state, tr, code, text).await
}

/// `GET /sdgs/{code}`.
pub async fn sdg(
    state: State<AppState>,
    path: Result<Path<String>, PathRejection>,
    tr: Tr,
) -> Result<Response, PageError> {
    let code = code_of(path, &tr)?;
    let s = state
        .framework
        .sdg(&code)
        .ok_or_else(|| PageError::not_found(&tr))?;
    let text = Text {
        title: s.title.clone(),
        short: Some(s.short.clone()),
        targets: s.targets.clone(),
        source: s.source.clone(),
        ..Text::default()
    };
    show(&state, tr, code, text).await
}

/// `GET /gdc/{code}`.
pub async fn gdc(
    state: State<AppState>,
    path: Result<Path<String>, PathRejection>,
    tr: Tr,
) -> Result<Response, PageError> {
    let code = code_of(path, &tr)?;
    let g = state
        .framework
        .gdc_objective(&code)
        .ok_or_else(|| PageError::not_found(&tr))?;
    let text = Text {
        title: g.title.clone(),
        intro: g.text.clone(),
        paragraphs: g.paragraphs.clone(),
        source: g.source.clone(),
        ..Text::default()
    };
    show(&state, tr, code, text).await
}

fn code_of(path: Result<Path<String>, PathRejection>, tr: &Tr) -> Result<String, PageError> {
    path.map(|Path(code)| code)
        .map_err(|e| PageError::bad_request(tr, e.body_text()))
}

/// Renders a code's page: its text, links, and latest initiatives.
async fn show(state: &AppState, tr: Tr, code: String, text: Text) -> Result<Response, PageError> {
    let fw = state.framework;
    let kind = classify_code(&code).unwrap_or(CodeKind::ActionLine);
    let mut filter = Filter {
        per_page: LATEST,
        ..Filter::default()
    };
    match kind {
        CodeKind::ActionLine => filter.action_line = Some(code.clone()),
        CodeKind::Sdg => filter.sdg = Some(code.clone()),
        CodeKind::Gdc => filter.gdc = Some(code.clone()),
    }
    let found = state
        .store
        .list_initiatives(&filter)
        .await
        .map_err(|e| PageError::internal(&tr, e))?;
    let mut sources = vec![text.source.clone()];
    let groups = link_groups(fw, &code, &tr, &mut sources);
    let page = CodePage {
        kind_label: tr.t(&format!("kind-{}", kind.facet())),
        list_href: format!("/initiatives?{}={}", kind.facet(), enc(&code)),
        parent: text.parent.as_deref().map(|p| CodeRef::new(p, fw)),
        latest: found
            .items
            .iter()
            .map(|i| Summary::new(i, fw, &tr))
            .collect(),
        total: found.total,
        groups,
        sources,
        text,
        code,
        tr,
    };
    Ok(render(StatusCode::OK, &page))
}

/// The code's crosswalk links, grouped by the other end's code system;
/// their sources are added to `sources` once each.
fn link_groups(fw: &Framework, code: &str, tr: &Tr, sources: &mut Vec<String>) -> Vec<LinkGroup> {
    let mut groups = Vec::new();
    for kind in [CodeKind::ActionLine, CodeKind::Sdg, CodeKind::Gdc] {
        let mut links = Vec::new();
        for l in fw.links_of(code) {
            let other = if l.from == code { &l.to } else { &l.from };
            if classify_code(other) != Some(kind) {
                continue;
            }
            let source_no = match sources.iter().position(|s| *s == l.source) {
                Some(n) => n + 1,
                None => {
                    sources.push(l.source.clone());
                    sources.len()
                }
            };
            links.push(LinkView {
                other: CodeRef::new(other, fw),
                rationale: l.rationale.clone(),
                targets: l.targets.clone(),
                // The source says when a link is the project's own reading
                // rather than an official crosswalk.
                editorial: l.source.to_lowercase().contains("editorial"),
                source_no,
            });
        }
        if !links.is_empty() {
            groups.push(LinkGroup {
                heading: tr.t(&format!("links-to-{}", kind.facet())),
                links,
            });
        }
    }
    groups
}

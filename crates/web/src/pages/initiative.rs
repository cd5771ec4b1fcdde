//! `/initiatives/{id}`: every field of an initiative, its codes grouped by
//! framework with their origin and evidence, and where its text comes from.

use askama::Template;
use axum::Form;
use axum::extract::rejection::PathRejection;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use serde::Deserialize;
use wsis_calls::access::Decision;
use wsis_framework::{CodeKind, Framework, classify_code};
use wsis_register::{Initiative, Origin};

use crate::AppState;
use crate::auth::Viewer;
use crate::consult::{self, ConsultError};
use crate::i18n::Tr;
use crate::pages::account::see_other;
use crate::pages::highlight::highlight;
use crate::pages::view::{CodeRef, country_name, enc};
use crate::pages::{PageError, render};

/// A country with its UN M49 region.
struct CountryView {
    name: String,
    region: String,
}

/// A web link; `href` is set only for http(s) addresses, so a
/// `javascript:` link in the data is shown as text, never followed.
struct LinkOut {
    href: Option<String>,
    text: String,
}

/// One code on the initiative, with who put it there and why.
struct CodeRow {
    code: CodeRef,
    origin: Origin,
    origin_label: String,
    score: Option<String>,
    evidence: Vec<String>,
    engine: Option<String>,
    /// Whether the viewer may confirm it (it is not confirmed yet).
    can_confirm: bool,
    /// Whether the viewer may reject it (it is not rejected yet).
    can_reject: bool,
}

/// The codes of one code system.
struct CodeGroup {
    heading: String,
    rows: Vec<CodeRow>,
}

#[derive(Template)]
#[template(path = "initiative.html")]
struct DetailPage {
    tr: Tr,
    item: Initiative,
    /// Paragraphs of the description, escaped, with evidence marked.
    description: Vec<String>,
    group: String,
    kind: String,
    status: String,
    org_country: Option<String>,
    countries: Vec<CountryView>,
    links: Vec<LinkOut>,
    codes: Vec<CodeGroup>,
    json_href: String,
    /// The CSRF token of the review forms.
    csrf: String,
}

/// `GET /initiatives/{id}`.
pub async fn page(
    State(state): State<AppState>,
    path: Result<Path<String>, PathRejection>,
    tr: Tr,
    viewer: Viewer,
) -> Result<Response, PageError> {
    let Path(id) = path.map_err(|e| PageError::bad_request(&tr, e.body_text()))?;
    let item = state
        .store
        .get_initiative(&id)
        .await
        .map_err(|e| PageError::internal(&tr, e))?;
    let item = item.ok_or_else(|| PageError::not_found(&tr))?;
    let may_review = |code: &str| viewer.actor().review_code(code) == Decision::Allow;
    let page = detail(item, state.framework, tr, &may_review, viewer.csrf.clone());
    Ok(render(StatusCode::OK, &page))
}

/// The fields of a reviewer's decision on one code.
#[derive(Debug, Deserialize)]
pub struct ReviewForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    code: String,
    #[serde(default)]
    decision: String,
}

/// `POST /initiatives/{id}/review`: confirms or rejects one code
/// (administrators; facilitators for their action lines).
pub async fn review(
    State(state): State<AppState>,
    path: Result<Path<String>, PathRejection>,
    tr: Tr,
    viewer: Viewer,
    Form(form): Form<ReviewForm>,
) -> Result<Response, PageError> {
    let Path(id) = path.map_err(|e| PageError::bad_request(&tr, e.body_text()))?;
    if !viewer.csrf_ok(&form.csrf) {
        return Err(PageError::consult(&tr, ConsultError::Csrf));
    }
    consult::allow(viewer.actor().review_code(&form.code))
        .map_err(|e| PageError::consult(&tr, e))?;
    let confirm = match form.decision.as_str() {
        "confirm" => true,
        "reject" => false,
        other => {
            return Err(PageError::bad_request(
                &tr,
                format!("`{other}` is not a decision: confirm or reject"),
            ));
        }
    };
    if !state.framework.has_code(&form.code) {
        return Err(PageError::bad_request(
            &tr,
            format!("`{}` is not a framework code", form.code),
        ));
    }
    let who = viewer.user.as_ref().map_or("", |u| u.email.as_str());
    match state.store.review_code(&id, &form.code, confirm, who).await {
        Ok(()) => Ok(see_other(&format!("/initiatives/{}", enc(&id)))),
        Err(wsis_store::Error::NotFound(_)) => Err(PageError::not_found(&tr)),
        Err(e) => Err(PageError::internal(&tr, e)),
    }
}

fn detail(
    item: Initiative,
    fw: &Framework,
    tr: Tr,
    may_review: &dyn Fn(&str) -> bool,
    csrf: String,
) -> DetailPage {
    let evidence: Vec<String> = item
        .codes
        .iter()
        .filter(|c| c.origin == Origin::Suggested)
        .flat_map(|c| c.evidence.iter().cloned())
        .collect();
    let description = item
        .description
        .split("\n\n")
        .filter(|p| !p.trim().is_empty())
        .map(|p| highlight(p.trim(), &evidence))
        .collect();
    let countries = item
        .countries
        .iter()
        .map(|c| CountryView {
            name: country_name(fw, c),
            region: fw
                .country(c)
                .map(|c| [c.region.as_str(), c.subregion.as_str()])
                .map_or_else(String::new, |r| {
                    r.iter()
                        .filter(|s| !s.is_empty())
                        .copied()
                        .collect::<Vec<_>>()
                        .join(", ")
                }),
        })
        .collect();
    let links = item
        .links
        .iter()
        .map(|l| {
            let web = l.starts_with("https://") || l.starts_with("http://");
            LinkOut {
                href: web.then(|| l.clone()),
                text: l.clone(),
            }
        })
        .collect();
    DetailPage {
        description,
        group: tr.t(&format!("group-{}", item.organization.stakeholder_group)),
        kind: tr.t(&format!("kind-{}", item.kind)),
        status: tr.t(&format!("status-{}", item.status)),
        org_country: item
            .organization
            .country
            .as_deref()
            .map(|c| country_name(fw, c)),
        countries,
        links,
        codes: code_groups(&item, fw, &tr, may_review),
        json_href: format!("/api/v1/initiatives/{}", enc(&item.id)),
        csrf,
        item,
        tr,
    }
}

/// The codes grouped by code system, in the framework's order.
fn code_groups(
    item: &Initiative,
    fw: &Framework,
    tr: &Tr,
    may_review: &dyn Fn(&str) -> bool,
) -> Vec<CodeGroup> {
    let has = |code: &str, origin: Origin| {
        item.codes
            .iter()
            .any(|c| c.code == code && c.origin == origin)
    };
    [CodeKind::ActionLine, CodeKind::Sdg, CodeKind::Gdc]
        .into_iter()
        .filter_map(|kind| {
            let rows: Vec<CodeRow> = item
                .codes
                .iter()
                .filter(|c| classify_code(&c.code) == Some(kind))
                .map(|c| CodeRow {
                    can_confirm: may_review(&c.code) && !has(&c.code, Origin::Confirmed),
                    can_reject: may_review(&c.code) && !has(&c.code, Origin::Rejected),
                    code: CodeRef::new(&c.code, fw),
                    origin: c.origin,
                    origin_label: tr.t(&format!("origin-{}", c.origin)),
                    score: c.score.map(|s| format!("{s:.2}")),
                    evidence: c.evidence.clone(),
                    engine: c.engine_version.clone(),
                })
                .collect();
            let heading = tr.t(&format!("links-to-{}", kind.facet()));
            (!rows.is_empty()).then_some(CodeGroup { heading, rows })
        })
        .collect()
}

//! `/submissions/{id}` (an input, with moderation for its moderators),
//! `/my/inputs`, `/moderation`, `/audit` and attached files.

use askama::Template;
use axum::Form;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::http::header::{CONTENT_DISPOSITION, CONTENT_TYPE};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use wsis_calls::access::Decision;
use wsis_calls::audit::AuditEntry;
use wsis_calls::call::Call;
use wsis_calls::submission::Submission;
use wsis_store::Moderation;

use crate::AppState;
use crate::auth::Viewer;
use crate::consult::{self, ConsultError};
use crate::i18n::Tr;
use crate::pages::account::{see_other, sign_in_to};
use crate::pages::{PageError, render};

#[derive(Template)]
#[template(path = "submission.html")]
struct SubmissionPage {
    tr: Tr,
    csrf: String,
    s: Submission,
    call: Call,
    /// Each question with its answer.
    answers: Vec<(String, String)>,
    can_moderate: bool,
    can_edit: bool,
}

/// `GET /submissions/{id}`.
pub async fn page(
    State(st): State<AppState>,
    tr: Tr,
    viewer: Viewer,
    Path(id): Path<i64>,
) -> Result<Response, PageError> {
    let s = match consult::submission(&st, viewer.actor(), id).await {
        Ok(s) => s,
        Err(ConsultError::SignIn) => return Ok(sign_in_to(&format!("/submissions/{id}"))),
        Err(e) => return Err(PageError::consult(&tr, e)),
    };
    let call = st
        .store
        .get_call(s.call_id)
        .await
        .map_err(|e| PageError::internal(&tr, e))?
        .ok_or_else(|| PageError::not_found(&tr))?;
    let answers = call
        .questions
        .iter()
        .enumerate()
        .map(|(i, q)| {
            (
                q.text.clone(),
                s.answers.get(i).cloned().unwrap_or_default(),
            )
        })
        .collect();
    let page = SubmissionPage {
        answers,
        can_moderate: viewer.actor().moderate(&s) == Decision::Allow,
        can_edit: viewer.actor().edit_submission(&s) == Decision::Allow,
        csrf: viewer.csrf,
        s,
        call,
        tr,
    };
    Ok(render(StatusCode::OK, &page))
}

/// A moderator's form: the version decided on, and a reason or a code.
#[derive(Debug, Deserialize)]
pub struct ModerateForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    version: i64,
    #[serde(default)]
    reason: String,
    #[serde(default)]
    code: String,
    #[serde(default)]
    decision: String,
}

async fn act(
    st: AppState,
    tr: Tr,
    viewer: Viewer,
    id: i64,
    form: ModerateForm,
    action: Moderation,
) -> Result<Response, PageError> {
    if !viewer.csrf_ok(&form.csrf) {
        return Err(PageError::consult(&tr, ConsultError::Csrf));
    }
    consult::moderate(&st, viewer.actor(), id, form.version, action)
        .await
        .map_err(|e| PageError::consult(&tr, e))?;
    Ok(see_other(&format!("/submissions/{id}")))
}

/// `POST /submissions/{id}/publish`.
pub async fn publish(
    State(st): State<AppState>,
    tr: Tr,
    viewer: Viewer,
    Path(id): Path<i64>,
    Form(form): Form<ModerateForm>,
) -> Result<Response, PageError> {
    act(st, tr, viewer, id, form, Moderation::Publish).await
}

/// `POST /submissions/{id}/reject`.
pub async fn reject(
    State(st): State<AppState>,
    tr: Tr,
    viewer: Viewer,
    Path(id): Path<i64>,
    Form(form): Form<ModerateForm>,
) -> Result<Response, PageError> {
    let reason = form.reason.clone();
    act(st, tr, viewer, id, form, Moderation::Reject(reason)).await
}

/// `POST /submissions/{id}/codes`: confirms (or adds) or rejects a code.
pub async fn code(
    State(st): State<AppState>,
    tr: Tr,
    viewer: Viewer,
    Path(id): Path<i64>,
    Form(form): Form<ModerateForm>,
) -> Result<Response, PageError> {
    let action = Moderation::Code {
        code: form.code.trim().to_string(),
        confirm: form.decision != "reject",
    };
    act(st, tr, viewer, id, form, action).await
}

#[derive(Template)]
#[template(path = "inputs_list.html")]
struct ListPage {
    tr: Tr,
    title_key: &'static str,
    intro_key: Option<&'static str>,
    empty_key: &'static str,
    items: Vec<Submission>,
}

/// `GET /my/inputs`: the stakeholder's inputs and where each stands.
pub async fn mine(
    State(st): State<AppState>,
    tr: Tr,
    viewer: Viewer,
) -> Result<Response, PageError> {
    let Some(user) = &viewer.user else {
        return Ok(sign_in_to("/my/inputs"));
    };
    let items = st
        .store
        .submissions_of_user(user.id)
        .await
        .map_err(|e| PageError::internal(&tr, e))?;
    let page = ListPage {
        tr,
        title_key: "my-inputs-title",
        intro_key: None,
        empty_key: "my-inputs-none",
        items,
    };
    Ok(render(StatusCode::OK, &page))
}

/// `GET /moderation`: the inputs waiting for this moderator.
pub async fn queue(
    State(st): State<AppState>,
    tr: Tr,
    viewer: Viewer,
) -> Result<Response, PageError> {
    let items = match consult::queue(&st, viewer.actor()).await {
        Ok(items) => items,
        Err(ConsultError::SignIn) => return Ok(sign_in_to("/moderation")),
        Err(e) => return Err(PageError::consult(&tr, e)),
    };
    let page = ListPage {
        tr,
        title_key: "moderation-title",
        intro_key: Some("moderation-intro"),
        empty_key: "moderation-none",
        items,
    };
    Ok(render(StatusCode::OK, &page))
}

#[derive(Template)]
#[template(path = "audit.html")]
struct AuditPage {
    tr: Tr,
    entries: Vec<AuditEntry>,
}

/// `GET /audit`: the latest changes (administrators).
pub async fn audit(
    State(st): State<AppState>,
    tr: Tr,
    viewer: Viewer,
) -> Result<Response, PageError> {
    match viewer.actor().administer() {
        Decision::Allow => {}
        Decision::SignIn => return Ok(sign_in_to("/audit")),
        Decision::Deny => return Err(PageError::consult(&tr, ConsultError::Forbidden)),
    }
    let entries = st
        .store
        .audit_log(200, 0)
        .await
        .map_err(|e| PageError::internal(&tr, e))?;
    Ok(render(StatusCode::OK, &AuditPage { tr, entries }))
}

/// `GET /attachments/{id}`: an attached file, for whoever may read its input.
pub async fn file(
    State(st): State<AppState>,
    tr: Tr,
    viewer: Viewer,
    Path(id): Path<i64>,
) -> Result<Response, PageError> {
    let (sub, name, kind) = st
        .store
        .attachment_meta(id)
        .await
        .map_err(|e| PageError::internal(&tr, e))?
        .ok_or_else(|| PageError::not_found(&tr))?;
    // Who may read it is decided before its bytes are read.
    consult::submission(&st, viewer.actor(), sub)
        .await
        .map_err(|e| PageError::consult(&tr, e))?;
    let bytes = st
        .store
        .attachment_bytes(id)
        .await
        .map_err(|e| PageError::internal(&tr, e))?
        .ok_or_else(|| PageError::not_found(&tr))?;
    let mime = match kind.as_str() {
        "pdf" => "application/pdf",
        "docx" => "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        _ => "text/plain; charset=utf-8",
    };
    // Served as a download, never rendered in our origin.
    let safe: String = name
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || ".-_".contains(c) {
                c
            } else {
                '_'
            }
        })
        .collect();
    let disposition = format!("attachment; filename=\"{safe}\"");
    Ok((
        [
            (CONTENT_TYPE, mime.to_string()),
            (CONTENT_DISPOSITION, disposition),
        ],
        bytes,
    )
        .into_response())
}

//! Calls for inputs through the API: calls, submissions, moderation, audit.

use std::collections::BTreeMap;

use axum::Json;
use axum::extract::{FromRequest, Multipart, Path, Query, Request, State};
use axum::http::StatusCode;
use axum::http::header::{CONTENT_DISPOSITION, CONTENT_TYPE};
use axum::response::{IntoResponse, Response};
use serde::{Deserialize, Serialize};
use wsis_calls::audit::AuditEntry;
use wsis_calls::call::{Call, CallChange, CallDraft};
use wsis_calls::export;
use wsis_calls::submission::Submission;
use wsis_store::Moderation;

use crate::AppState;
use crate::api::error::{ApiError, ErrorBody};
use crate::api::{FileFormat, FormatQuery};
use crate::auth::ApiActor;
use crate::consult::{self, Answering, InputFilter};

/// Calls the caller may see: open and closed ones, drafts too for administrators.
#[utoipa::path(get, path = "/api/v1/calls", tag = "calls",
    operation_id = "list_calls",
    responses(
        (status = 200, description = "The calls the caller may see", body = Vec<Call>),
        (status = 401, description = "No valid credentials: a session or a bearer token", body = ErrorBody),
    ))]
pub async fn list(State(s): State<AppState>, who: ApiActor) -> Result<Json<Vec<Call>>, ApiError> {
    Ok(Json(consult::calls(&s, who.actor()).await?))
}

/// Creates a call (administrators).
#[utoipa::path(post, path = "/api/v1/calls", tag = "calls",
    operation_id = "create_call",
    request_body = CallDraft,
    security(("bearer" = [])),
    responses(
        (status = 201, description = "The call, created", body = Call),
        (status = 401, description = "No valid credentials: a session or a bearer token", body = ErrorBody),
        (status = 403, description = "The caller's role does not allow this", body = ErrorBody),
        (status = 422, description = "Invalid content; the message names the field", body = ErrorBody),
    ))]
pub async fn create(
    State(s): State<AppState>,
    who: ApiActor,
    body: Result<Json<CallDraft>, axum::extract::rejection::JsonRejection>,
) -> Result<(StatusCode, Json<Call>), ApiError> {
    consult::allow(who.actor().administer())?;
    let Json(draft) = body.map_err(|e| ApiError::BadRequest(e.body_text()))?;
    Ok((
        StatusCode::CREATED,
        Json(consult::create_call(&s, who.actor(), draft).await?),
    ))
}

/// Changes a call's status or deadline (administrators): open a draft,
/// close a call, extend its deadline. Title and questions stay as published.
#[utoipa::path(patch, path = "/api/v1/calls/{id}", tag = "calls",
    operation_id = "change_call",
    params(("id" = i64, Path)),
    request_body = CallChange,
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The call", body = Call),
        (status = 401, description = "No valid credentials: a session or a bearer token", body = ErrorBody),
        (status = 403, description = "The caller's role does not allow this", body = ErrorBody),
        (status = 404, description = "No such resource", body = ErrorBody),
        (status = 409, description = "The resource's state does not allow this: it was already decided", body = ErrorBody),
        (status = 422, description = "Invalid content; the message names the field", body = ErrorBody),
    ))]
pub async fn change(
    State(s): State<AppState>,
    who: ApiActor,
    Path(id): Path<i64>,
    body: Result<Json<CallChange>, axum::extract::rejection::JsonRejection>,
) -> Result<Json<Call>, ApiError> {
    consult::allow(who.actor().administer())?;
    let Json(change) = body.map_err(|e| ApiError::BadRequest(e.body_text()))?;
    Ok(Json(
        consult::change_call(&s, who.actor(), id, &change).await?,
    ))
}

/// One call.
#[utoipa::path(get, path = "/api/v1/calls/{id}", tag = "calls",
    operation_id = "get_call",
    params(("id" = i64, Path)),
    responses(
        (status = 200, description = "The call", body = Call),
        (status = 404, description = "No such resource", body = ErrorBody),
    ))]
pub async fn one(
    State(s): State<AppState>,
    who: ApiActor,
    Path(id): Path<i64>,
) -> Result<Json<Call>, ApiError> {
    Ok(Json(consult::call(&s, who.actor(), id).await?))
}

/// Published inputs of a call with their facets.
#[derive(Serialize, utoipa::ToSchema)]
pub struct InputsPage {
    /// How many inputs match.
    pub total: usize,
    /// The inputs.
    pub items: Vec<export::ExportedInput>,
    /// Facet → value → count (`group`, `region`, `action_line`, `sdg`).
    pub facets: BTreeMap<String, BTreeMap<String, usize>>,
}

/// The published inputs of a call, searched and filtered; `format=csv`
/// exports them for analysts. Open to everyone.
#[utoipa::path(get, path = "/api/v1/calls/{id}/inputs", tag = "calls",
    operation_id = "list_call_inputs",
    params(("id" = i64, Path), InputFilter, FormatQuery),
    responses(
        (status = 200, description = "The call's published inputs that match, with facet counts (or CSV with format=csv)", body = InputsPage),
        (status = 400, description = "A malformed parameter, or a format other than json and csv", body = ErrorBody),
        (status = 404, description = "No such resource", body = ErrorBody),
        (status = 422, description = "A search text too long, or a filter value the register does not know; the message names the parameter", body = ErrorBody),
    ))]
pub async fn inputs(
    State(s): State<AppState>,
    who: ApiActor,
    Path(id): Path<i64>,
    q: Result<Query<InputFilter>, axum::extract::rejection::QueryRejection>,
    format: Result<Query<FormatQuery>, axum::extract::rejection::QueryRejection>,
) -> Result<Response, ApiError> {
    let bad = |e: axum::extract::rejection::QueryRejection| ApiError::BadRequest(e.body_text());
    let (Query(q), Query(format)) = (q.map_err(bad)?, format.map_err(bad)?);
    let format = format.get()?;
    let call = consult::call(&s, who.actor(), id).await?;
    let found = consult::inputs(&s, who.actor(), id, &q).await?;
    let fw = s.framework;
    let items = export::exported(&found.items, |c| fw.country(c).map(|c| c.region.clone()));
    match format {
        FileFormat::Json => {
            let facets = found
                .facets
                .into_iter()
                .map(|(k, v)| (k.to_string(), v))
                .collect();
            Ok(Json(InputsPage {
                total: items.len(),
                items,
                facets,
            })
            .into_response())
        }
        FileFormat::Csv => {
            let bytes = export::to_csv(&call, &items)
                .map_err(|e| ApiError::BadRequest(format!("cannot write CSV: {e}")))?;
            let disposition = format!("attachment; filename=\"call-{id}-inputs.csv\"");
            Ok((
                [
                    (CONTENT_TYPE, "text/csv; charset=utf-8".to_string()),
                    (CONTENT_DISPOSITION, disposition),
                ],
                bytes,
            )
                .into_response())
        }
    }
}

/// An input sent as JSON.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
pub struct AnswerBody {
    /// One answer per question of the call, in order.
    pub answers: Vec<String>,
    /// Submit now (default) or keep as a draft.
    #[serde(default = "yes")]
    pub submit: bool,
}

fn yes() -> bool {
    true
}

/// Answers a call (stakeholders): JSON `{"answers": [...], "submit": true}`,
/// or `multipart/form-data` with fields `answer-0`, `answer-1`…, `submit`
/// (`true`/`false`) and files in `attachments` (PDF, DOCX or text, checked
/// by content, 5 MB each, 5 at most).
#[utoipa::path(post, path = "/api/v1/calls/{id}/submissions", tag = "calls",
    operation_id = "submit_input",
    params(("id" = i64, Path)),
    request_body = AnswerBody,
    security(("bearer" = [])),
    responses(
        (status = 201, description = "The input, submitted and mapped", body = Submission),
        (status = 401, description = "No valid credentials: a session or a bearer token", body = ErrorBody),
        (status = 403, description = "The caller's role does not allow this", body = ErrorBody),
        (status = 413, description = "The body or an attachment is too large", body = ErrorBody),
        (status = 415, description = "An attachment is in a format that cannot be read", body = ErrorBody),
        (status = 422, description = "Invalid content; the message names the field", body = ErrorBody),
        (status = 429, description = "Too many attempts; try again later", body = ErrorBody),
    ))]
pub async fn submit(
    State(s): State<AppState>,
    who: ApiActor,
    Path(id): Path<i64>,
    req: Request,
) -> Result<(StatusCode, Json<Submission>), ApiError> {
    consult::allow(who.actor().answer())?;
    let multipart = req
        .headers()
        .get(CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("multipart/form-data"));
    let answering = if multipart {
        let mp = Multipart::from_request(req, &s)
            .await
            .map_err(|e| ApiError::BadRequest(e.body_text()))?;
        let form = crate::upload::read(mp).await?;
        let call = consult::call(&s, who.actor(), id).await?;
        Answering {
            answers: form.answers(call.questions.len()),
            submit: form.field("submit") != "false",
            files: form.files,
            draft: None,
            remove: Vec::new(),
        }
    } else {
        let Json(body) = Json::<AnswerBody>::from_request(req, &s)
            .await
            .map_err(|e| ApiError::BadRequest(e.body_text()))?;
        Answering {
            answers: body.answers,
            submit: body.submit,
            files: Vec::new(),
            draft: None,
            remove: Vec::new(),
        }
    };
    let saved = consult::answer(&s, who.actor(), id, answering).await?;
    Ok((StatusCode::CREATED, Json(saved)))
}

/// One input: published ones for everyone, others for their author and moderators.
#[utoipa::path(get, path = "/api/v1/submissions/{id}", tag = "calls",
    operation_id = "get_submission",
    params(("id" = i64, Path)),
    responses(
        (status = 200, description = "The input", body = Submission),
        (status = 401, description = "No valid credentials: a session or a bearer token", body = ErrorBody),
        (status = 403, description = "The caller's role does not allow this", body = ErrorBody),
        (status = 404, description = "No such resource", body = ErrorBody),
    ))]
pub async fn submission(
    State(s): State<AppState>,
    who: ApiActor,
    Path(id): Path<i64>,
) -> Result<Json<Submission>, ApiError> {
    Ok(Json(consult::submission(&s, who.actor(), id).await?))
}

/// A moderator's decision. `version` is the input's version the decision
/// was made on; a stale one is refused with 409. Without it, the current
/// version is used.
#[derive(Debug, Default, Deserialize, utoipa::ToSchema)]
pub struct Decision {
    /// Why the input is rejected (required to reject).
    #[serde(default)]
    pub reason: Option<String>,
    /// The version decided on.
    #[serde(default)]
    pub version: Option<i64>,
}

async fn decide(
    s: &AppState,
    who: &ApiActor,
    id: i64,
    body: Option<Decision>,
    make: impl FnOnce(&Decision) -> Moderation,
) -> Result<Json<Submission>, ApiError> {
    let body = body.unwrap_or_default();
    let current = consult::submission(s, who.actor(), id).await?;
    let version = body.version.unwrap_or(current.version);
    Ok(Json(
        consult::moderate(s, who.actor(), id, version, make(&body)).await?,
    ))
}

/// Publishes an input (its facilitators and administrators).
#[utoipa::path(post, path = "/api/v1/submissions/{id}/publish", tag = "calls",
    operation_id = "publish_submission",
    params(("id" = i64, Path)),
    request_body = Decision,
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The input, published", body = Submission),
        (status = 401, description = "No valid credentials: a session or a bearer token", body = ErrorBody),
        (status = 403, description = "The caller's role does not allow this", body = ErrorBody),
        (status = 409, description = "The resource's state does not allow this: it was already decided", body = ErrorBody),
    ))]
pub async fn publish(
    State(s): State<AppState>,
    who: ApiActor,
    Path(id): Path<i64>,
    body: Option<Json<Decision>>,
) -> Result<Json<Submission>, ApiError> {
    consult::allow(who.actor().moderate_any())?;
    decide(&s, &who, id, body.map(|b| b.0), |_| Moderation::Publish).await
}

/// Rejects an input with a reason its author reads.
#[utoipa::path(post, path = "/api/v1/submissions/{id}/reject", tag = "calls",
    operation_id = "reject_submission",
    params(("id" = i64, Path)),
    request_body = Decision,
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The input, rejected with its reason", body = Submission),
        (status = 401, description = "No valid credentials: a session or a bearer token", body = ErrorBody),
        (status = 403, description = "The caller's role does not allow this", body = ErrorBody),
        (status = 409, description = "The resource's state does not allow this: it was already decided", body = ErrorBody),
        (status = 422, description = "Invalid content; the message names the field", body = ErrorBody),
    ))]
pub async fn reject(
    State(s): State<AppState>,
    who: ApiActor,
    Path(id): Path<i64>,
    body: Option<Json<Decision>>,
) -> Result<Json<Submission>, ApiError> {
    consult::allow(who.actor().moderate_any())?;
    decide(&s, &who, id, body.map(|b| b.0), |d| {
        Moderation::Reject(d.reason.clone().unwrap_or_default())
    })
    .await
}

/// Page of the audit log.
#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct AuditQuery {
    /// Page number, from 1; 100 entries a page.
    #[serde(default)]
    pub page: Option<i64>,
}

/// The audit log, newest first (administrators).
#[utoipa::path(get, path = "/api/v1/audit", tag = "calls",
    operation_id = "list_audit_entries",
    params(AuditQuery),
    security(("bearer" = [])),
    responses(
        (status = 200, description = "One page of the audit log, newest first", body = Vec<AuditEntry>),
        (status = 401, description = "No valid credentials: a session or a bearer token", body = ErrorBody),
        (status = 403, description = "The caller's role does not allow this", body = ErrorBody),
    ))]
pub async fn audit(
    State(s): State<AppState>,
    who: ApiActor,
    q: Result<Query<AuditQuery>, axum::extract::rejection::QueryRejection>,
) -> Result<Json<Vec<AuditEntry>>, ApiError> {
    consult::allow(who.actor().administer())?;
    let Query(q) = q.map_err(|e| ApiError::BadRequest(e.body_text()))?;
    // Far pages are empty, not an overflow.
    let page = q.page.unwrap_or(1).clamp(1, i64::MAX / 100);
    Ok(Json(s.store.audit_log(100, (page - 1) * 100).await?))
}

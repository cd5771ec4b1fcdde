//! Reviewers' decisions on suggested codes, for administrators.

use axum::Json;
use axum::extract::{Path, State};
use axum::http::HeaderMap;
use axum::http::header::AUTHORIZATION;
use wsis_calls::access::{Actor, Decision};
use wsis_calls::secret;
use wsis_register::Initiative;

use crate::AppState;
use crate::api::error::{ApiError, ErrorBody};

/// Confirms a code on an initiative (kept beside the suggestion it is about).
#[utoipa::path(post, path = "/api/v1/initiatives/{id}/codes/{code}/confirm", tag = "review",
    operation_id = "confirm_code",
    params(("id" = String, Path), ("code" = String, Path, description = "e.g. SDG5 or C7.e-health")),
    security(("bearer" = []), ("admin_token" = [])),
    responses(
        (status = 200, description = "The initiative, with the code confirmed", body = Initiative),
        (status = 401, description = "No valid credentials: a session or a bearer token", body = ErrorBody),
        (status = 403, description = "The caller's role does not allow this", body = ErrorBody),
        (status = 404, description = "No such resource", body = ErrorBody),
    ))]
pub async fn confirm(
    State(s): State<AppState>,
    headers: HeaderMap,
    Path((id, code)): Path<(String, String)>,
) -> Result<Json<Initiative>, ApiError> {
    decide(s, &headers, &id, &code, true).await
}

/// Rejects a code on an initiative (the suggestion is kept, marked rejected).
#[utoipa::path(post, path = "/api/v1/initiatives/{id}/codes/{code}/reject", tag = "review",
    operation_id = "reject_code",
    params(("id" = String, Path), ("code" = String, Path, description = "e.g. SDG5 or C7.e-health")),
    security(("bearer" = []), ("admin_token" = [])),
    responses(
        (status = 200, description = "The initiative, with the suggestion rejected", body = Initiative),
        (status = 401, description = "No valid credentials: a session or a bearer token", body = ErrorBody),
        (status = 403, description = "The caller's role does not allow this", body = ErrorBody),
        (status = 404, description = "No such resource", body = ErrorBody),
    ))]
pub async fn reject(
    State(s): State<AppState>,
    headers: HeaderMap,
    Path((id, code)): Path<(String, String)>,
) -> Result<Json<Initiative>, ApiError> {
    decide(s, &headers, &id, &code, false).await
}

async fn decide(
    s: AppState,
    headers: &HeaderMap,
    id: &str,
    code: &str,
    confirm: bool,
) -> Result<Json<Initiative>, ApiError> {
    let reviewer = authorize(&s, headers, code).await?;
    if !s.framework.has_code(code) {
        return Err(ApiError::BadRequest(format!(
            "`{code}` is not a framework code"
        )));
    }
    match s.store.review_code(id, code, confirm, &reviewer).await {
        Err(wsis_store::Error::NotFound(_)) => {
            Err(ApiError::NotFound(format!("no initiative with id `{id}`")))
        }
        Err(e) => Err(e.into()),
        Ok(()) => match s.store.get_initiative(id).await? {
            Some(item) => Ok(Json(item)),
            None => Err(ApiError::NotFound(format!("no initiative with id `{id}`"))),
        },
    }
}

/// Checks the `Authorization: Bearer` header and names the reviewer for the
/// audit log: the server's shared administrator token (compared in time
/// independent of where the two differ), or the API token of an account that
/// may review `code` (administrators; facilitators for their action lines).
/// A valid token of an account that may not is refused with 403; a missing,
/// malformed or unknown one with 401.
async fn authorize(s: &AppState, headers: &HeaderMap, code: &str) -> Result<String, ApiError> {
    let given = headers
        .get(AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .map(str::trim)
        .ok_or_else(|| ApiError::Unauthorized("send Authorization: Bearer <token>".into()))?;
    if let Some(expected) = s.admin_token.as_deref()
        && secret::constant_time_eq(given, expected)
    {
        return Ok("administrator token".into());
    }
    if secret::is_token_shaped(given)
        && let Some(user) = s.store.token_user(&secret::token_hash(given)).await?
    {
        return match Actor(Some(&user)).review_code(code) {
            Decision::Allow => Ok(user.email),
            _ => Err(ApiError::Forbidden(format!(
                "your account may not review {code}"
            ))),
        };
    }
    Err(ApiError::Unauthorized("the token is not valid".into()))
}

//! Errors of the API, answered as JSON with the matching status.

use axum::Json;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde::Serialize;

/// What an API call can fail with.
#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    /// The request names something that does not exist.
    #[error("{0}")]
    NotFound(String),
    /// The request is malformed (bad query parameter, bad JSON).
    #[error("{0}")]
    BadRequest(String),
    /// The call needs a valid token and came without one.
    #[error("{0}")]
    Unauthorized(String),
    /// The caller's role may not make this call.
    #[error("{0}")]
    Forbidden(String),
    /// The record changed since the caller read it.
    #[error("{0}")]
    Conflict(String),
    /// The body or a file is over its size limit.
    #[error("{0}")]
    TooLarge(String),
    /// A file is not a supported document, or not what it claims to be.
    #[error("{0}")]
    Unsupported(String),
    /// The request is well-formed but breaks a rule (a field, a deadline).
    #[error("{0}")]
    Unprocessable(String),
    /// Too many attempts in a short time.
    #[error("{0}")]
    TooMany(String),
    /// The database failed; details go to the log, not to the caller.
    #[error("the database is unavailable")]
    Store(#[from] wsis_store::Error),
}

/// The body of every error answer.
#[derive(Serialize, utoipa::ToSchema)]
pub struct ErrorBody {
    /// What went wrong.
    pub error: ErrorDetail,
}

/// An error's status and message.
#[derive(Serialize, utoipa::ToSchema)]
pub struct ErrorDetail {
    /// The HTTP status code.
    pub status: u16,
    /// A message a person can act on.
    pub message: String,
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let status = match &self {
            ApiError::NotFound(_) => StatusCode::NOT_FOUND,
            ApiError::BadRequest(_) => StatusCode::BAD_REQUEST,
            ApiError::Unauthorized(_) => StatusCode::UNAUTHORIZED,
            ApiError::Forbidden(_) => StatusCode::FORBIDDEN,
            ApiError::Conflict(_) => StatusCode::CONFLICT,
            ApiError::TooLarge(_) => StatusCode::PAYLOAD_TOO_LARGE,
            ApiError::Unsupported(_) => StatusCode::UNSUPPORTED_MEDIA_TYPE,
            ApiError::Unprocessable(_) => StatusCode::UNPROCESSABLE_ENTITY,
            ApiError::TooMany(_) => StatusCode::TOO_MANY_REQUESTS,
            ApiError::Store(e) => {
                tracing::error!(error = %e, "store error in API call");
                StatusCode::INTERNAL_SERVER_ERROR
            }
        };
        let detail = ErrorDetail {
            status: status.as_u16(),
            message: self.to_string(),
        };
        (status, Json(ErrorBody { error: detail })).into_response()
    }
}

/// Longest error body of the framework's own that is read to be passed on.
const PASSED_ON: usize = 4096;

/// Makes every error of the API an [`ErrorBody`]. The handlers' errors are
/// one already; those the framework and its layers answer by themselves
/// are not: a method a route does not take (405, empty), a body over its
/// limit (413, "length limit exceeded" as plain text), a request that ran
/// too long (408). Their status and headers (`Allow`) are kept and their
/// text, if any, becomes the message.
pub async fn json_errors(req: axum::extract::Request, next: axum::middleware::Next) -> Response {
    let api = req.uri().path().starts_with("/api/");
    let res = next.run(req).await;
    let status = res.status();
    let is_json = res
        .headers()
        .get(axum::http::header::CONTENT_TYPE)
        .is_some_and(|v| v.as_bytes().starts_with(b"application/json"));
    if !api || is_json || !(status.is_client_error() || status.is_server_error()) {
        return res;
    }
    let (mut parts, body) = res.into_parts();
    let text = axum::body::to_bytes(body, PASSED_ON)
        .await
        .map(|b| String::from_utf8_lossy(&b).trim().to_string())
        .unwrap_or_default();
    let message = match status {
        StatusCode::METHOD_NOT_ALLOWED => {
            "this route does not take that method; see /api/v1/openapi.json".to_string()
        }
        StatusCode::PAYLOAD_TOO_LARGE => format!(
            "the request body is too large: at most {} bytes, {} where files are attached",
            crate::MAX_BODY_BYTES,
            crate::consult::MAX_UPLOAD_BYTES
        ),
        _ if !text.is_empty() => text,
        _ => status.canonical_reason().unwrap_or("error").to_lowercase(),
    };
    parts.headers.remove(axum::http::header::CONTENT_TYPE);
    parts.headers.remove(axum::http::header::CONTENT_LENGTH);
    let detail = ErrorDetail {
        status: status.as_u16(),
        message,
    };
    let json = Json(ErrorBody { error: detail }).into_response();
    let (json_parts, json_body) = json.into_parts();
    parts.headers.extend(json_parts.headers);
    Response::from_parts(parts, json_body)
}

/// The answer to any path under `/api/` that names no route.
pub async fn no_such_route() -> ApiError {
    ApiError::NotFound("no such API route; see /api/v1/openapi.json".into())
}

impl From<crate::consult::ConsultError> for ApiError {
    fn from(e: crate::consult::ConsultError) -> ApiError {
        use crate::consult::ConsultError as C;
        let m = e.to_string();
        match e {
            C::SignIn => ApiError::Unauthorized("send `Authorization: Bearer TOKEN`".into()),
            C::BadCredentials => ApiError::Unauthorized(m),
            C::Forbidden | C::Csrf => ApiError::Forbidden(m),
            C::NotFound(_) => ApiError::NotFound(m),
            C::Invalid(_) => ApiError::Unprocessable(m),
            C::File(_) => ApiError::Unsupported(m),
            C::TooLarge(_) => ApiError::TooLarge(m),
            C::TooMany => ApiError::TooMany(m),
            C::Conflict(_) => ApiError::Conflict(m),
            C::Store(e) => ApiError::Store(e),
        }
    }
}

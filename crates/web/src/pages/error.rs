//! Errors of the pages, shown as HTML pages with the right status.

use askama::Template;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};

use crate::i18n::Tr;
use crate::pages::render;

/// A request the pages could not answer: unknown address (404), bad query
/// parameter (400) or a failure of the server (500). Renders as an HTML
/// page in the request's language.
#[derive(Debug)]
pub struct PageError {
    status: StatusCode,
    tr: Tr,
    /// What went wrong, for the reader (never internal details).
    detail: Option<String>,
}

impl PageError {
    /// Nothing lives at this address.
    pub fn not_found(tr: &Tr) -> PageError {
        PageError {
            status: StatusCode::NOT_FOUND,
            tr: tr.clone(),
            detail: None,
        }
    }

    /// The request asked for something malformed; `detail` says what.
    pub fn bad_request(tr: &Tr, detail: impl Into<String>) -> PageError {
        PageError {
            status: StatusCode::BAD_REQUEST,
            tr: tr.clone(),
            detail: Some(detail.into()),
        }
    }

    /// The server failed. The cause is logged, not shown: it may hold
    /// database details a visitor has no use for.
    pub fn internal(tr: &Tr, cause: impl std::fmt::Display) -> PageError {
        tracing::error!(error = %cause, "page failed");
        PageError {
            status: StatusCode::INTERNAL_SERVER_ERROR,
            tr: tr.clone(),
            detail: None,
        }
    }

    /// A refusal with its status and the message the reader acts on.
    pub fn with_status(tr: &Tr, status: StatusCode, detail: impl Into<String>) -> PageError {
        PageError {
            status,
            tr: tr.clone(),
            detail: Some(detail.into()),
        }
    }

    /// The page for a refused use case of the calls for inputs.
    pub fn consult(tr: &Tr, e: crate::consult::ConsultError) -> PageError {
        use crate::consult::ConsultError as C;
        let status = match &e {
            C::SignIn | C::BadCredentials => StatusCode::UNAUTHORIZED,
            C::Forbidden | C::Csrf => StatusCode::FORBIDDEN,
            C::NotFound(_) => return PageError::not_found(tr),
            C::Invalid(_) => StatusCode::UNPROCESSABLE_ENTITY,
            C::File(_) => StatusCode::UNSUPPORTED_MEDIA_TYPE,
            C::TooLarge(_) => StatusCode::PAYLOAD_TOO_LARGE,
            C::TooMany => StatusCode::TOO_MANY_REQUESTS,
            C::Conflict(_) => StatusCode::CONFLICT,
            C::Store(e) => return PageError::internal(tr, e),
        };
        PageError::with_status(tr, status, e.to_string())
    }

    /// The HTTP status of the page.
    pub fn status(&self) -> StatusCode {
        self.status
    }
}

#[derive(Template)]
#[template(path = "error.html")]
struct ErrorPage<'a> {
    tr: &'a Tr,
    title: String,
    message: String,
    detail: Option<&'a str>,
}

impl IntoResponse for PageError {
    fn into_response(self) -> Response {
        let key = match self.status {
            StatusCode::NOT_FOUND => "error-not-found",
            StatusCode::BAD_REQUEST => "error-bad-request",
            StatusCode::UNAUTHORIZED => "error-sign-in",
            StatusCode::FORBIDDEN => "error-forbidden",
            StatusCode::CONFLICT => "error-conflict",
            StatusCode::PAYLOAD_TOO_LARGE => "error-too-large",
            StatusCode::UNSUPPORTED_MEDIA_TYPE => "error-file",
            StatusCode::UNPROCESSABLE_ENTITY => "error-invalid",
            StatusCode::TOO_MANY_REQUESTS => "error-too-many",
            _ => "error-internal",
        };
        let page = ErrorPage {
            tr: &self.tr,
            title: self.tr.t(&format!("{key}-title")),
            message: self.tr.t(key),
            detail: self.detail.as_deref(),
        };
        render(self.status, &page)
    }
}

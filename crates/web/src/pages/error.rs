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

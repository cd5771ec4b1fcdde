//! `GET /api/v1/export/initiatives`: the whole register as one file, in the
//! layout `wsis-hub export` writes and `wsis-hub import` reads, sent a page
//! at a time as it is read, so that neither the server nor the client holds
//! the register in memory at once.

use std::sync::Arc;

use axum::body::{Body, Bytes};
use axum::extract::rejection::QueryRejection;
use axum::extract::{Query, State};
use axum::http::header::{CACHE_CONTROL, CONTENT_DISPOSITION, CONTENT_TYPE, ETAG, IF_NONE_MATCH};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use wsis_register::interchange::{Format, Writer};
use wsis_store::Store;

use crate::AppState;
use crate::api::FormatQuery;
use crate::api::error::{ApiError, ErrorBody};

/// Initiatives read per query.
const PAGE: i64 = 2000;

/// Every initiative of the register with its codes of every origin, in the
/// order they were added: the open-data download. Public, like the
/// register's pages. Initiatives added while the file is sent may or may
/// not be in it; none is sent twice.
#[utoipa::path(get, path = "/api/v1/export/initiatives", tag = "initiatives",
    operation_id = "export_initiatives",
    params(FormatQuery),
    responses(
        (status = 200, description = "The whole register as one JSON array (format=json) or CSV file (format=csv)", body = Vec<wsis_register::Initiative>),
        (status = 304, description = "Nothing was written to the register since the file named by If-None-Match"),
        (status = 400, description = "A format other than json and csv", body = ErrorBody),
        (status = 429, description = "As many downloads as a server sends at once are being sent", body = ErrorBody),
    ))]
pub async fn initiatives(
    State(s): State<AppState>,
    headers: HeaderMap,
    q: Result<Query<FormatQuery>, QueryRejection>,
) -> Result<Response, ApiError> {
    let Query(q) = q.map_err(|e| ApiError::BadRequest(e.body_text()))?;
    let format = q.get()?;
    let (content_type, name) = match format {
        Format::Json => ("application/json", "initiatives.json"),
        Format::Csv => ("text/csv; charset=utf-8", "initiatives.csv"),
    };
    // The register's revision names its state: a client that polls the
    // download gets "not modified" until something is written. Weak, as a
    // write during the sending may or may not be in the file.
    let revision = s.store.revision().await?;
    let etag = format!("W/\"register-{revision}-{name}\"");
    if matches(&headers, &etag) {
        return Ok((StatusCode::NOT_MODIFIED, [(ETAG, etag)]).into_response());
    }
    // The place is held by the stream, so it is given back when the file
    // is sent or the client goes away.
    let Ok(place) = Arc::clone(&s.downloads).try_acquire_owned() else {
        return Err(ApiError::TooMany(format!(
            "{} downloads of the register are being sent; try again in a minute",
            crate::state::MAX_DOWNLOADS
        )));
    };
    let writer = Writer::new(format, Vec::new())
        .map_err(|e| ApiError::BadRequest(format!("cannot start the file: {e}")))?;
    let pages = Pages {
        store: Arc::clone(&s.store),
        writer: Some(writer),
        after: 0,
        _place: place,
    };
    let body = Body::from_stream(futures_util::stream::unfold(pages, Pages::next));
    let disposition = format!("attachment; filename=\"wsis-hub-{name}\"");
    Ok((
        [
            (CONTENT_TYPE, content_type.to_string()),
            (CONTENT_DISPOSITION, disposition),
            (ETAG, etag),
            (CACHE_CONTROL, "no-cache".to_string()),
        ],
        body,
    )
        .into_response())
}

/// Whether `If-None-Match` names `etag` (or is `*`), comparing weakly.
fn matches(headers: &HeaderMap, etag: &str) -> bool {
    let bare = |t: &str| t.trim().trim_start_matches("W/").to_string();
    headers
        .get_all(IF_NONE_MATCH)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .any(|t| t.trim() == "*" || bare(t) == bare(etag))
}

/// Where a download stands: the last key sent, and the file's writer until
/// the file is ended.
struct Pages {
    store: Arc<Store>,
    writer: Option<Writer<Vec<u8>>>,
    after: i64,
    /// This download's place among those sent at once.
    _place: tokio::sync::OwnedSemaphorePermit,
}

impl Pages {
    /// The next piece of the file: the start and a page of initiatives, or
    /// the end. An error ends the stream, so the client sees a cut-off
    /// file, never a whole-looking one with initiatives missing.
    async fn next(mut self) -> Option<(Result<Bytes, std::io::Error>, Pages)> {
        let mut w = self.writer.take()?;
        let piece = match self.store.initiatives_after(self.after, PAGE).await {
            Ok((page, _)) if page.is_empty() => w.finish().map_err(std::io::Error::other),
            Ok((page, last)) => {
                self.after = last;
                let written = w.write(&page).map(|()| w.take_written());
                self.writer = Some(w);
                written.map_err(std::io::Error::other)
            }
            Err(e) => {
                tracing::error!(error = %e, "store error while exporting the register");
                Err(std::io::Error::other(
                    "the database failed during the export",
                ))
            }
        };
        if piece.is_err() {
            self.writer = None;
        }
        Some((piece.map(Bytes::from), self))
    }
}

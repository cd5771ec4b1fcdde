//! The stocktaking register: search with facets, and single initiatives.

use axum::Json;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Path, Query, State};
use wsis_register::Initiative;
use wsis_store::{Filter, SearchPage};

use crate::AppState;
use crate::api::error::{ApiError, ErrorBody};

/// Searches the register: full text (`q`) and one value per facet; answers
/// the total, one page of items and the facet counts of all matches.
#[utoipa::path(get, path = "/api/v1/initiatives", tag = "initiatives", params(Filter),
    responses((status = 200, body = SearchPage), (status = 400, body = ErrorBody)))]
pub async fn list(
    State(s): State<AppState>,
    filter: Result<Query<Filter>, QueryRejection>,
) -> Result<Json<SearchPage>, ApiError> {
    let Query(filter) = filter.map_err(|e| ApiError::BadRequest(e.body_text()))?;
    if !wsis_store::query_fits(filter.q.as_deref()) {
        return Err(ApiError::BadRequest(format!(
            "q: at most {} characters",
            wsis_store::MAX_QUERY_CHARS
        )));
    }
    Ok(Json(s.store.list_initiatives(&filter).await?))
}

/// One initiative with its codes of every origin.
#[utoipa::path(get, path = "/api/v1/initiatives/{id}", tag = "initiatives",
    params(("id" = String, Path, description = "The initiative's stable identifier")),
    responses((status = 200, body = Initiative), (status = 404, body = ErrorBody)))]
pub async fn one(
    State(s): State<AppState>,
    Path(id): Path<String>,
) -> Result<Json<Initiative>, ApiError> {
    match s.store.get_initiative(&id).await? {
        Some(item) => Ok(Json(item)),
        None => Err(ApiError::NotFound(format!("no initiative with id `{id}`"))),
    }
}

//! The stocktaking register: search with facets, and single initiatives.

use axum::Json;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Path, Query, State};
use wsis_register::Initiative;
use wsis_store::{Filter, SearchPage};

use crate::AppState;
use crate::api::error::{ApiError, ErrorBody};

/// Searches the register: full text (`q`) and one value per facet; answers
/// the total, one page of items and the facet counts of all matches. A
/// blank parameter counts as absent; a value the register does not know
/// (an SDG that does not exist, a misspelt stakeholder group) is a 400
/// that names the parameter, as on the list page.
#[utoipa::path(get, path = "/api/v1/initiatives", tag = "initiatives",
    operation_id = "search_initiatives",
    params(Filter),
    responses(
        (status = 200, description = "The total, one page of the matching initiatives, and the facet counts of all matches", body = SearchPage),
        (status = 400, description = "Malformed parameters, or a value the register does not know; the message names the parameter", body = ErrorBody),
    ))]
pub async fn list(
    State(s): State<AppState>,
    filter: Result<Query<Filter>, QueryRejection>,
) -> Result<Json<SearchPage>, ApiError> {
    let Query(mut filter) = filter.map_err(|e| ApiError::BadRequest(e.body_text()))?;
    crate::filter::drop_blanks(&mut filter);
    crate::filter::check(&filter, s.framework).map_err(|(name, value)| {
        ApiError::BadRequest(if name == "q" {
            format!("q: at most {} characters", wsis_store::MAX_QUERY_CHARS)
        } else {
            format!("{name}: the register knows no value `{value}`")
        })
    })?;
    Ok(Json(s.store.list_initiatives(&filter).await?))
}

/// One initiative with its codes of every origin.
#[utoipa::path(get, path = "/api/v1/initiatives/{id}", tag = "initiatives",
    operation_id = "get_initiative",
    params(("id" = String, Path, description = "The initiative's stable identifier")),
    responses(
        (status = 200, description = "The initiative with its codes of every origin", body = Initiative),
        (status = 404, description = "No such resource", body = ErrorBody),
    ))]
pub async fn one(
    State(s): State<AppState>,
    Path(id): Path<String>,
) -> Result<Json<Initiative>, ApiError> {
    match s.store.get_initiative(&id).await? {
        Some(item) => Ok(Json(item)),
        None => Err(ApiError::NotFound(format!("no initiative with id `{id}`"))),
    }
}

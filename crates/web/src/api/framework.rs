//! The framework: action lines, SDGs, GDC objectives and their crosswalks.

use axum::Json;
use axum::extract::State;
use wsis_framework::{ActionLine, GdcObjective, Link, Sdg};

use crate::AppState;

/// The WSIS Action Lines C1–C11 and C7's sub-lines, with their texts and facilitators.
#[utoipa::path(get, path = "/api/v1/framework/action-lines", tag = "framework",
    operation_id = "list_action_lines",
    responses(
        (status = 200, description = "The 11 action lines and C7's eight sub-lines, with their texts and facilitators", body = Vec<ActionLine>),
    ))]
pub async fn action_lines(State(s): State<AppState>) -> Json<&'static [ActionLine]> {
    Json(&s.framework.action_lines)
}

/// The 17 Sustainable Development Goals with their targets.
#[utoipa::path(get, path = "/api/v1/framework/sdgs", tag = "framework",
    operation_id = "list_sdgs",
    responses(
        (status = 200, description = "The 17 SDGs with their targets", body = Vec<Sdg>),
    ))]
pub async fn sdgs(State(s): State<AppState>) -> Json<&'static [Sdg]> {
    Json(&s.framework.sdgs)
}

/// The five objectives of the Global Digital Compact.
#[utoipa::path(get, path = "/api/v1/framework/gdc-objectives", tag = "framework",
    operation_id = "list_gdc_objectives",
    responses(
        (status = 200, description = "The five objectives of the Global Digital Compact", body = Vec<GdcObjective>),
    ))]
pub async fn gdc_objectives(State(s): State<AppState>) -> Json<&'static [GdcObjective]> {
    Json(&s.framework.gdc)
}

/// The crosswalk links (action line → SDG from the WSIS–SDG Matrix; GDC
/// objective → action line), each with its rationale and source.
#[utoipa::path(get, path = "/api/v1/framework/crosswalk", tag = "framework",
    operation_id = "list_crosswalk_links",
    responses(
        (status = 200, description = "Every link between action lines, SDGs and GDC objectives, with its source", body = Vec<Link>),
    ))]
pub async fn crosswalk(State(s): State<AppState>) -> Json<&'static [Link]> {
    Json(&s.framework.links)
}

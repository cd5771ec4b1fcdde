//! The framework: action lines, SDGs, GDC objectives and their crosswalks.

use axum::Json;
use axum::extract::State;
use wsis_framework::{ActionLine, GdcObjective, Link, Sdg};

use crate::AppState;

/// The WSIS Action Lines C1–C11 and C7's sub-lines, with their texts and facilitators.
#[utoipa::path(get, path = "/api/v1/framework/action-lines", tag = "framework",
    responses((status = 200, body = Vec<ActionLine>)))]
pub async fn action_lines(State(s): State<AppState>) -> Json<&'static [ActionLine]> {
    Json(&s.framework.action_lines)
}

/// The 17 Sustainable Development Goals with their targets.
#[utoipa::path(get, path = "/api/v1/framework/sdgs", tag = "framework",
    responses((status = 200, body = Vec<Sdg>)))]
pub async fn sdgs(State(s): State<AppState>) -> Json<&'static [Sdg]> {
    Json(&s.framework.sdgs)
}

/// The five objectives of the Global Digital Compact.
#[utoipa::path(get, path = "/api/v1/framework/gdc-objectives", tag = "framework",
    responses((status = 200, body = Vec<GdcObjective>)))]
pub async fn gdc_objectives(State(s): State<AppState>) -> Json<&'static [GdcObjective]> {
    Json(&s.framework.gdc)
}

/// The crosswalk links (action line → SDG from the WSIS–SDG Matrix; GDC
/// objective → action line), each with its rationale and source.
#[utoipa::path(get, path = "/api/v1/framework/crosswalk", tag = "framework",
    responses((status = 200, body = Vec<Link>)))]
pub async fn crosswalk(State(s): State<AppState>) -> Json<&'static [Link]> {
    Json(&s.framework.links)
}

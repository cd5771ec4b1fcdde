//! Countries and areas with their UN M49 regions and development groups.

use serde::{Deserialize, Serialize};

/// A country or area with an ISO 3166-1 code, as listed by UNSD (M49).
#[derive(Debug, Clone, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Country {
    /// ISO 3166-1 alpha-3 code, e.g. `KEN`.
    pub iso3: String,
    /// ISO 3166-1 alpha-2 code, e.g. `KE`.
    pub iso2: String,
    /// UN M49 numeric code, zero-padded to three digits.
    pub m49: String,
    /// English short name (UNSD).
    pub name: String,
    /// M49 region code (e.g. `002`), empty for Antarctica.
    pub region_code: String,
    /// M49 region name (e.g. `Africa`).
    pub region: String,
    /// M49 sub-region code.
    pub subregion_code: String,
    /// M49 sub-region name (e.g. `Sub-Saharan Africa`).
    pub subregion: String,
    /// M49 intermediate region code, where there is one.
    pub intermediate_region_code: String,
    /// M49 intermediate region name, where there is one.
    pub intermediate_region: String,
    /// Least developed country (UN list as published with M49).
    #[serde(deserialize_with = "flag")]
    pub ldc: bool,
    /// Land-locked developing country.
    #[serde(deserialize_with = "flag")]
    pub lldc: bool,
    /// Small island developing State.
    #[serde(deserialize_with = "flag")]
    pub sids: bool,
    /// World Bank income group, empty where the World Bank gives none.
    pub income_group: String,
}

fn flag<'de, D: serde::Deserializer<'de>>(d: D) -> Result<bool, D::Error> {
    let s = String::deserialize(d)?;
    Ok(matches!(s.trim(), "1" | "x" | "true"))
}

//! The stocktaking register: organizations and initiatives, the codes that map
//! them to the WSIS framework, their validation, and the CSV and JSON files
//! they are imported from and exported to.
//!
//! Nothing here touches a database: the store persists what this crate has
//! checked, so every rule about what a valid record is lives in one place.
#![forbid(unsafe_code)]

mod error;
pub mod interchange;
mod model;
mod validate;
mod vocab;

pub use error::{Error, ImportError, Result};
pub use model::{CodeAssignment, Initiative, Organization, confirmed_codes, organization_id};
pub use validate::{validate, validate_all};
pub use vocab::{Kind, Origin, StakeholderGroup, Status};

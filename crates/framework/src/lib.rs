//! The WSIS framework every text in wsis-hub is mapped to.
//!
//! It holds the WSIS Action Lines C1–C11 (with C7's eight sub-lines), the 17
//! Sustainable Development Goals and their targets, the five objectives of the
//! Global Digital Compact, the crosswalk links between them, and the countries
//! with their UN M49 regions, development groups and World Bank income groups.
//!
//! The data files in the repository's `data/` folder are compiled into the
//! binary, so a deployment needs nothing beside the executable. Loading is
//! done once and checked: a broken data file is a build-time mistake that the
//! test suite reports, never a run-time surprise for a user.
#![forbid(unsafe_code)]

mod code;
mod country;
mod error;
mod model;

pub use code::{CodeKind, classify_code};
pub use country::Country;
pub use error::{Error, Result};
pub use model::{ActionLine, Framework, GdcObjective, Link, Sdg, Target};

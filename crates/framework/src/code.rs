//! The three code systems and how to tell them apart by their spelling.

use serde::Serialize;

/// Which part of the framework a code belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum CodeKind {
    /// A WSIS Action Line (`C1`…`C11`) or a C7 sub-line (`C7.e-health`).
    ActionLine,
    /// A Sustainable Development Goal (`SDG1`…`SDG17`).
    Sdg,
    /// An objective of the Global Digital Compact (`GDC1`…`GDC5`).
    Gdc,
}

impl CodeKind {
    /// The name used in URLs, facets and the API (`action_line`, `sdg`, `gdc`).
    pub fn facet(self) -> &'static str {
        match self {
            CodeKind::ActionLine => "action_line",
            CodeKind::Sdg => "sdg",
            CodeKind::Gdc => "gdc",
        }
    }
}

/// Tells which code system a code is spelled in, without checking that the
/// framework defines it (see [`crate::Framework::has_code`] for that).
///
/// ```
/// use wsis_framework::{classify_code, CodeKind};
/// assert_eq!(classify_code("C7.e-health"), Some(CodeKind::ActionLine));
/// assert_eq!(classify_code("SDG5"), Some(CodeKind::Sdg));
/// assert_eq!(classify_code("GDC2"), Some(CodeKind::Gdc));
/// assert_eq!(classify_code("X1"), None);
/// ```
pub fn classify_code(code: &str) -> Option<CodeKind> {
    if code.starts_with("SDG") {
        Some(CodeKind::Sdg)
    } else if code.starts_with("GDC") {
        Some(CodeKind::Gdc)
    } else if code.starts_with('C') {
        Some(CodeKind::ActionLine)
    } else {
        None
    }
}

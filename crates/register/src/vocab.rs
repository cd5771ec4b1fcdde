//! The closed vocabularies of the register: stakeholder groups, kinds, statuses, origins.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

/// Declares a closed vocabulary as an enum whose variants are spelled in
/// kebab-case in files, URLs and the database, with parsing that lists the
/// allowed values when it fails (so an import error tells the user the fix).
macro_rules! vocabulary {
    ($(#[$meta:meta])* $name:ident { $($(#[$vmeta:meta])* $variant:ident = $text:literal,)+ }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, utoipa::ToSchema)]
        pub enum $name {
            $($(#[$vmeta])* #[serde(rename = $text)] $variant,)+
        }

        impl $name {
            /// Every value, in the order they are listed.
            pub const ALL: &'static [$name] = &[$($name::$variant,)+];

            /// The spelling used in files, URLs and the database.
            pub fn as_str(self) -> &'static str {
                match self { $($name::$variant => $text,)+ }
            }

            /// The allowed spellings, comma-separated, for error messages.
            pub fn allowed() -> String {
                [$($text,)+].join(", ")
            }
        }

        impl FromStr for $name {
            type Err = String;
            fn from_str(s: &str) -> Result<Self, String> {
                match s.trim() {
                    $($text => Ok($name::$variant),)+
                    other => Err(format!("`{other}` is not one of: {}", $name::allowed())),
                }
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.as_str())
            }
        }
    };
}

vocabulary! {
    /// The six stakeholder groups of the WSIS process.
    StakeholderGroup {
        /// National or local government.
        Government = "government",
        /// International or regional organization.
        InternationalOrganization = "international-organization",
        /// Business and industry.
        PrivateSector = "private-sector",
        /// Civil society and non-governmental organizations.
        CivilSociety = "civil-society",
        /// Universities and research institutes.
        Academia = "academia",
        /// The technical community (standards bodies, registries, operators' groups).
        TechnicalCommunity = "technical-community",
    }
}

vocabulary! {
    /// What kind of initiative a record describes.
    Kind {
        /// A project with a defined scope.
        Project = "project",
        /// A programme of several projects or a lasting activity.
        Programme = "programme",
        /// A training or capacity-building offer.
        Training = "training",
        /// A platform, tool or service.
        Platform = "platform",
        /// A policy, strategy, law or guideline.
        Policy = "policy",
        /// An event or series of events.
        Event = "event",
        /// A report, study or other publication.
        Publication = "publication",
    }
}

vocabulary! {
    /// Where an initiative stands.
    Status {
        /// Not started yet.
        Planned = "planned",
        /// Running.
        Ongoing = "ongoing",
        /// Finished.
        Completed = "completed",
    }
}

vocabulary! {
    /// Who put a code on a record. Codes of different origins are kept side by
    /// side: a suggestion never overwrites what the submitter declared, and a
    /// reviewer's decision never erases the suggestion it was about.
    Origin {
        /// Declared by the submitter.
        Declared = "declared",
        /// Suggested by the mapping engine, with a score and evidence.
        Suggested = "suggested",
        /// Confirmed by a reviewer.
        Confirmed = "confirmed",
        /// Rejected by a reviewer (kept so the engine can learn from it).
        Rejected = "rejected",
    }
}

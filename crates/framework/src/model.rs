//! The framework's items and the loader that reads them from `data/`.

use std::collections::HashMap;
use std::sync::OnceLock;

use serde::{Deserialize, Serialize};

use crate::code::{CodeKind, classify_code};
use crate::country::Country;
use crate::error::{Error, Result};

const ACTION_LINES: &str = include_str!("../../../data/framework/action_lines.json");
const SDGS: &str = include_str!("../../../data/framework/sdgs.json");
const GDC: &str = include_str!("../../../data/framework/gdc.json");
const CROSSWALK: &str = include_str!("../../../data/framework/crosswalk.json");
const COUNTRIES: &str = include_str!("../../../data/geo/countries.csv");

/// A WSIS Action Line of the Geneva Plan of Action, or one of C7's sub-lines.
#[derive(Debug, Clone, Serialize, Deserialize, utoipa::ToSchema)]
pub struct ActionLine {
    /// `C1`…`C11`, or `C7.e-government` and the other C7 sub-lines.
    pub code: String,
    /// `C7` for a sub-line, none for a main action line.
    pub parent: Option<String>,
    /// The action line's number (7 for every C7 sub-line).
    pub number: u8,
    /// Official title.
    pub title: String,
    /// Introductory paragraph of the Plan of Action, empty where none was found.
    pub intro: String,
    /// Action items of the Plan of Action, verbatim.
    pub paragraphs: Vec<String>,
    /// Facilitating UN agencies.
    pub facilitators: Vec<String>,
    /// Where the text comes from.
    pub source: String,
}

/// One target of a Sustainable Development Goal.
#[derive(Debug, Clone, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Target {
    /// Target number, e.g. `5.b`.
    pub code: String,
    /// Official text of the target.
    pub text: String,
}

/// A Sustainable Development Goal (A/RES/70/1).
#[derive(Debug, Clone, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Sdg {
    /// `SDG1`…`SDG17`.
    pub code: String,
    /// Goal number.
    pub number: u8,
    /// Official title, e.g. "End poverty in all its forms everywhere".
    pub title: String,
    /// Short name, e.g. "No poverty".
    pub short: String,
    /// The goal's targets.
    pub targets: Vec<Target>,
    /// Where the text comes from.
    pub source: String,
}

/// An objective of the Global Digital Compact (annex I to A/RES/79/1).
#[derive(Debug, Clone, Serialize, Deserialize, utoipa::ToSchema)]
pub struct GdcObjective {
    /// `GDC1`…`GDC5`.
    pub code: String,
    /// Objective number.
    pub number: u8,
    /// Official title.
    pub title: String,
    /// A paragraph describing the objective, empty where none was found.
    #[serde(default)]
    pub text: String,
    /// Paragraphs of the Compact that belong to this objective.
    #[serde(default)]
    pub paragraphs: Vec<String>,
    /// Where the text comes from.
    pub source: String,
}

/// A crosswalk link between two framework codes, with its reason and source.
#[derive(Debug, Clone, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Link {
    /// The code the link starts from (an action line or a GDC objective).
    pub from: String,
    /// The code the link points to (an SDG or an action line).
    pub to: String,
    /// SDG targets named by the link, if any.
    #[serde(default)]
    pub targets: Vec<String>,
    /// Why the two are linked.
    #[serde(default)]
    pub rationale: String,
    /// Who made the link.
    pub source: String,
    /// `wsis-sdg-matrix` or `gdc-action-line`.
    pub kind: String,
}

#[derive(Deserialize)]
struct Items<T> {
    items: Vec<T>,
}

#[derive(Deserialize)]
struct Links {
    links: Vec<Link>,
}

/// The whole framework: codes, texts, crosswalks and countries.
#[derive(Debug)]
pub struct Framework {
    /// C1–C11 followed by the C7 sub-lines.
    pub action_lines: Vec<ActionLine>,
    /// SDG1–SDG17.
    pub sdgs: Vec<Sdg>,
    /// GDC1–GDC5.
    pub gdc: Vec<GdcObjective>,
    /// Crosswalk links between the code systems.
    pub links: Vec<Link>,
    /// Countries and areas with an ISO 3166-1 code.
    pub countries: Vec<Country>,
    titles: HashMap<String, String>,
    by_iso3: HashMap<String, usize>,
}

static EMBEDDED: OnceLock<Framework> = OnceLock::new();

impl Framework {
    /// The framework compiled into this binary from `data/`.
    ///
    /// # Panics
    /// Panics if the shipped data files are malformed; the crate's tests load
    /// them, so a release cannot carry such files.
    pub fn embedded() -> &'static Framework {
        EMBEDDED.get_or_init(|| match Framework::parse() {
            Ok(f) => f,
            Err(e) => panic!("the framework data shipped in data/ is broken: {e}"),
        })
    }

    /// Parses and checks the embedded data files.
    pub fn parse() -> Result<Framework> {
        let action_lines = json::<Items<ActionLine>>("action_lines.json", ACTION_LINES)?.items;
        let sdgs = json::<Items<Sdg>>("sdgs.json", SDGS)?.items;
        let gdc = json::<Items<GdcObjective>>("gdc.json", GDC)?.items;
        let links = json::<Links>("crosswalk.json", CROSSWALK)?.links;
        let countries = csv::Reader::from_reader(COUNTRIES.as_bytes())
            .deserialize()
            .collect::<std::result::Result<Vec<Country>, _>>()
            .map_err(|source| Error::Csv {
                file: "countries.csv",
                source,
            })?;
        let mut titles = HashMap::new();
        titles.extend(
            action_lines
                .iter()
                .map(|a| (a.code.clone(), a.title.clone())),
        );
        titles.extend(sdgs.iter().map(|s| (s.code.clone(), s.title.clone())));
        titles.extend(gdc.iter().map(|g| (g.code.clone(), g.title.clone())));
        for l in &links {
            if !titles.contains_key(&l.from) || !titles.contains_key(&l.to) {
                return Err(Error::UnknownLinkCode {
                    from: l.from.clone(),
                    to: l.to.clone(),
                });
            }
        }
        let by_iso3 = countries
            .iter()
            .enumerate()
            .map(|(i, c)| (c.iso3.clone(), i))
            .collect();
        Ok(Framework {
            action_lines,
            sdgs,
            gdc,
            links,
            countries,
            titles,
            by_iso3,
        })
    }

    /// Whether the framework defines this code.
    pub fn has_code(&self, code: &str) -> bool {
        self.titles.contains_key(code)
    }

    /// The official title of a code, if the framework defines it.
    pub fn title(&self, code: &str) -> Option<&str> {
        self.titles.get(code).map(String::as_str)
    }

    /// The code system of a defined code.
    pub fn kind(&self, code: &str) -> Option<CodeKind> {
        self.has_code(code).then(|| classify_code(code)).flatten()
    }

    /// Every defined code, action lines first, then SDGs, then GDC objectives.
    pub fn codes(&self) -> impl Iterator<Item = &str> {
        let al = self.action_lines.iter().map(|a| a.code.as_str());
        let sdg = self.sdgs.iter().map(|s| s.code.as_str());
        al.chain(sdg)
            .chain(self.gdc.iter().map(|g| g.code.as_str()))
    }

    /// The action line with this code.
    pub fn action_line(&self, code: &str) -> Option<&ActionLine> {
        self.action_lines.iter().find(|a| a.code == code)
    }

    /// The SDG with this code.
    pub fn sdg(&self, code: &str) -> Option<&Sdg> {
        self.sdgs.iter().find(|s| s.code == code)
    }

    /// The GDC objective with this code.
    pub fn gdc_objective(&self, code: &str) -> Option<&GdcObjective> {
        self.gdc.iter().find(|g| g.code == code)
    }

    /// The country with this ISO 3166-1 alpha-3 code.
    pub fn country(&self, iso3: &str) -> Option<&Country> {
        self.by_iso3.get(iso3).map(|&i| &self.countries[i])
    }

    /// Crosswalk links that touch a code, in either direction.
    pub fn links_of<'a>(&'a self, code: &'a str) -> impl Iterator<Item = &'a Link> + 'a {
        self.links
            .iter()
            .filter(move |l| l.from == code || l.to == code)
    }
}

fn json<T: for<'de> Deserialize<'de>>(file: &'static str, text: &str) -> Result<T> {
    serde_json::from_str(text).map_err(|source| Error::Json { file, source })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn framework_counts_match_the_official_texts() {
        let f = Framework::parse().expect("data files parse");
        let main = f.action_lines.iter().filter(|a| a.parent.is_none()).count();
        assert_eq!(main, 11, "C1–C11");
        let c7 = f
            .action_lines
            .iter()
            .filter(|a| a.parent.as_deref() == Some("C7"));
        assert_eq!(c7.count(), 8, "C7 sub-lines");
        assert_eq!(f.sdgs.len(), 17);
        assert_eq!(f.gdc.len(), 5);
        assert!(f.sdgs.iter().map(|s| s.targets.len()).sum::<usize>() >= 160);
        for a in &f.action_lines {
            assert!(!a.title.is_empty(), "{} has a title", a.code);
        }
        for code in ["C1", "C11", "C7.e-health", "SDG1", "SDG17", "GDC1", "GDC5"] {
            assert!(f.has_code(code), "{code} defined");
        }
        assert!(!f.has_code("C12") && !f.has_code("SDG18"));
    }

    #[test]
    fn every_main_action_line_has_facilitators_and_crosswalk_links() {
        let f = Framework::parse().expect("data files parse");
        for a in f
            .action_lines
            .iter()
            .filter(|a| a.parent.is_none() && a.code != "C7")
        {
            assert!(!a.facilitators.is_empty(), "{} facilitators", a.code);
        }
        for g in &f.gdc {
            assert!(
                f.links_of(&g.code).next().is_some(),
                "{} has action-line links",
                g.code
            );
        }
        assert!(f.links.iter().any(|l| l.kind == "wsis-sdg-matrix"));
    }

    #[test]
    fn countries_carry_regions_and_groups() {
        let f = Framework::parse().expect("data files parse");
        assert!(f.countries.len() >= 240);
        let ken = f.country("KEN").expect("Kenya");
        assert_eq!(ken.region, "Africa");
        assert!(f.countries.iter().filter(|c| c.ldc).count() >= 40);
        assert!(f.countries.iter().filter(|c| c.sids).count() >= 50);
        assert!(f.countries.iter().any(|c| c.income_group == "High income"));
    }
}

//! Each method of the shipped engine on small known texts: the published
//! query systems, the WSIS lexicon, explicit references, the learned model.

use wsis_classify::features::{Analyzer, SHIPPED_SYSTEMS};
use wsis_classify::{Engine, Scope};

fn analyzer() -> Analyzer {
    Analyzer::new(&SHIPPED_SYSTEMS).expect("shipped systems compile")
}

fn clause_codes(a: &Analyzer, text: &str, system: &str) -> Vec<String> {
    let sys = a
        .queries()
        .systems()
        .iter()
        .position(|s| s == system)
        .expect("system shipped");
    let mut v: Vec<String> = a
        .analyze(text)
        .hits
        .iter()
        .filter(|h| h.system == sys)
        .map(|h| wsis_classify::codes::CODES[h.code].to_string())
        .collect();
    v.dedup();
    v
}

#[test]
fn aurora_queries_find_sdg1() {
    let codes = clause_codes(
        &analyzer(),
        "Policies to eradicate poverty among rural households.",
        "aurora",
    );
    assert!(codes.contains(&"SDG1".into()), "{codes:?}");
}

#[test]
fn osdg_ontology_finds_sdg14() {
    let codes = clause_codes(
        &analyzer(),
        "Overfishing and ocean acidification harm coral reefs.",
        "sdgo",
    );
    assert!(codes.contains(&"SDG14".into()), "{codes:?}");
}

#[test]
fn wsis_lexicon_finds_e_health_and_gdc5() {
    let a = analyzer();
    let codes = clause_codes(&a, "Telemedicine for remote clinics.", "wsis-lexicon");
    assert!(codes.contains(&"C7.e-health".into()), "{codes:?}");
    let codes = clause_codes(
        &a,
        "International governance of artificial intelligence.",
        "wsis-lexicon",
    );
    assert!(codes.contains(&"GDC5".into()), "{codes:?}");
}

#[test]
fn explicit_references_decide_action_lines() {
    let e = Engine::embedded().expect("embedded model loads");
    let c = e.classify(
        "Facilitation meeting on WSIS Action Line C10 with stakeholders.",
        Scope::ActionLines,
        false,
    );
    let c10 = c
        .codes
        .iter()
        .find(|c| c.code == "C10")
        .expect("C10 decided");
    assert!(
        c10.evidence.iter().any(|e| e.contains("C10")),
        "{:?}",
        c10.evidence
    );
    let c = e.classify(
        "Session on C7 e-agriculture for smallholders.",
        Scope::ActionLines,
        false,
    );
    let got: Vec<&str> = c.codes.iter().map(|c| c.code.as_str()).collect();
    assert!(
        got.contains(&"C7.e-agriculture") && got.contains(&"C7"),
        "{got:?}"
    );
}

#[test]
fn learned_model_maps_plain_texts() {
    let e = Engine::embedded().expect("embedded model loads");
    let cases = [
        (
            "Gender-based violence against women and girls, and equal pay for women.",
            "SDG5",
        ),
        (
            "Primary school enrolment, teacher training and literacy of children.",
            "SDG4",
        ),
        (
            "Reducing greenhouse gas emissions and adapting to climate change.",
            "SDG13",
        ),
    ];
    for (text, want) in cases {
        let c = e.classify(text, Scope::Sdgs, false);
        assert_eq!(
            c.codes.first().map(|c| c.code.as_str()),
            Some(want),
            "{text}: {c:?}"
        );
    }
}

#[test]
fn scope_limits_the_codes() {
    let e = Engine::embedded().expect("embedded model loads");
    let text = "WSIS Action Line C7 e-health: telemedicine to cut maternal mortality.";
    let sdgs = e.classify(text, Scope::Sdgs, false);
    assert!(
        sdgs.codes.iter().all(|c| c.code.starts_with("SDG")),
        "{sdgs:?}"
    );
    let als = e.classify(text, Scope::ActionLines, false);
    assert!(
        !als.codes.is_empty() && als.codes.iter().all(|c| c.code.starts_with('C')),
        "{als:?}"
    );
}

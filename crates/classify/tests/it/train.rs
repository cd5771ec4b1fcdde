//! Training: determinism, provenance, and a model learned from a small
//! fixture that generalises to unseen wording.

use wsis_classify::codes::{Family, index};
use wsis_classify::features::{Analyzer, SHIPPED_SYSTEMS, shipped_system_info};
use wsis_classify::model::Input;
use wsis_classify::train::{Example, TrainConfig, train};
use wsis_classify::{Engine, Scope};

/// A small labelled corpus: water texts (SDG6), energy texts (SDG7), and
/// rejected rows, written here so the tests need no external data.
pub fn fixture() -> Vec<Example> {
    let water = [
        "Access to safe drinking water and sanitation in rural villages",
        "Wastewater treatment plants reduce pollution of rivers and lakes",
        "Groundwater depletion threatens irrigation and drinking water supply",
        "Hygiene and sanitation facilities in schools improve health of girls",
        "Water scarcity and integrated water resources management in river basins",
        "Household water treatment and safe storage against cholera",
    ];
    let energy = [
        "Solar panels and wind turbines expand renewable energy capacity",
        "Energy efficiency standards for buildings cut electricity demand",
        "Clean cooking fuels replace charcoal in poor households",
        "Rural electrification with mini-grids and solar home systems",
        "Renewable power auctions lowered the cost of wind electricity",
        "Access to modern energy services and electricity grids",
    ];
    let rejected = [
        "Bibliography of economic papers, volume three, pages 10 to 20",
        "The committee met in Geneva and adopted its agenda",
    ];
    let sdg = |n: &str| index(n).unwrap_or(0);
    let mut ex = Vec::new();
    for t in water {
        ex.push(Example::new(
            t,
            vec![sdg("SDG6")],
            vec![],
            &[Family::Sdg],
            true,
        ));
    }
    for t in energy {
        ex.push(Example::new(
            t,
            vec![sdg("SDG7")],
            vec![],
            &[Family::Sdg],
            true,
        ));
    }
    for (i, t) in rejected.iter().enumerate() {
        let code = if i == 0 { "SDG6" } else { "SDG7" };
        ex.push(Example::new(
            t,
            vec![],
            vec![sdg(code)],
            &[Family::Sdg],
            true,
        ));
    }
    ex
}

fn model_bytes(seed: u64) -> Vec<u8> {
    let an = Analyzer::new(&SHIPPED_SYSTEMS).expect("systems compile");
    let cfg = TrainConfig {
        seed,
        min_df: 1,
        tune_folds: 0,
        ..TrainConfig::default()
    };
    let input = Input {
        role: "fixture".into(),
        name: "fixture".into(),
        xxh3: "0".into(),
        rows: 14,
    };
    let mf = train(&an, &fixture(), vec![input], &cfg, &shipped_system_info()).expect("trains");
    serde_json::to_vec(&mf).expect("serialises")
}

#[test]
fn same_data_and_seed_give_identical_bytes() {
    let a = model_bytes(7);
    assert_eq!(a, model_bytes(7));
    assert_ne!(
        a,
        model_bytes(8),
        "the seed must matter (it orders the SGD passes)"
    );
}

#[test]
fn model_records_what_it_was_trained_on() {
    let v: serde_json::Value = serde_json::from_slice(&model_bytes(7)).expect("json");
    assert_eq!(v["seed"], 7);
    assert_eq!(v["inputs"][0]["rows"], 14);
    assert_eq!(
        v["systems"].as_array().map(Vec::len),
        Some(SHIPPED_SYSTEMS.len())
    );
}

#[test]
fn learned_model_generalises_to_new_wording() {
    let engine = Engine::from_bytes(&model_bytes(7), "fixture").expect("loads");
    let codes = |t: &str| -> Vec<String> {
        engine
            .classify(t, Scope::Sdgs, false)
            .codes
            .into_iter()
            .map(|c| c.code)
            .collect()
    };
    let w = codes("New sanitation and drinking water pipes for the villages");
    assert!(w.contains(&"SDG6".to_string()), "{w:?}");
    assert!(!w.contains(&"SDG7".to_string()), "{w:?}");
    let e = codes("Wind and solar electricity for households");
    assert!(e.contains(&"SDG7".to_string()), "{e:?}");
    assert!(codes("The committee adopted the bibliography").is_empty());
}

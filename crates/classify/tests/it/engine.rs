//! The engine's contract: thread safety, batch = single, evidence drawn from
//! the text for every decided code, near misses only with explain, loading.

use wsis_classify::{Engine, Scope};

const TEXTS: [&str; 6] = [
    "Gender-based violence against women and girls remains pervasive.",
    "Broadband connectivity and digital skills for rural schools, under WSIS Action Line C2.",
    "Data governance and artificial intelligence: interoperable frameworks that protect personal data.",
    "Overfishing and plastic pollution threaten marine ecosystems and coastal livelihoods.",
    "Smallholder farmers use mobile phones to get market prices and weather forecasts.",
    "",
];

#[test]
fn engine_is_send_and_sync() {
    fn check<T: Send + Sync>() {}
    check::<Engine>();
}

#[test]
fn every_decided_code_has_evidence_from_the_text() {
    let e = Engine::embedded().expect("loads");
    let mut decided = 0;
    for t in TEXTS {
        for c in e.classify(t, Scope::All, false).codes {
            decided += 1;
            assert!(!c.evidence.is_empty(), "{t}: {} has no evidence", c.code);
            for ev in &c.evidence {
                assert!(
                    t.contains(ev.as_str()),
                    "{t}: evidence {ev:?} of {} is not in the text",
                    c.code
                );
            }
            assert!(c.score >= 0.0 && c.score <= 1.0);
        }
    }
    assert!(
        decided >= 5,
        "only {decided} codes decided over the sample texts"
    );
}

/// A text that says the same words many times shows them once: an excerpt
/// whose words an earlier one shows is left out, wherever in the text it is.
#[test]
fn evidence_shows_repeated_words_once_issue3() {
    let e = Engine::embedded().expect("loads");
    let t = "Gender-based violence against women. Women and girls: ending violence, \
             women's shelters, violence against women online.";
    let c = e.classify(t, Scope::All, false);
    let sdg5 = c
        .codes
        .iter()
        .find(|c| c.code == "SDG5")
        .expect("SDG5 decided");
    let mut lower: Vec<String> = sdg5.evidence.iter().map(|x| x.to_lowercase()).collect();
    lower.sort();
    lower.dedup();
    assert_eq!(lower.len(), sdg5.evidence.len(), "{:?}", sdg5.evidence);
    assert!(
        !lower.contains(&"violence".to_string()),
        "{:?}",
        sdg5.evidence
    );
}

#[test]
fn batch_equals_one_by_one_and_is_ordered() {
    let e = Engine::embedded().expect("loads");
    let batch = e.classify_batch(&TEXTS, Scope::All, true);
    for (t, b) in TEXTS.iter().zip(&batch) {
        assert_eq!(&e.classify(t, Scope::All, true), b);
    }
}

#[test]
fn near_misses_only_with_explain_and_codes_best_first() {
    let e = Engine::embedded().expect("loads");
    let t = TEXTS[2];
    assert!(e.classify(t, Scope::All, false).near_misses.is_empty());
    let c = e.classify(t, Scope::All, true);
    assert!(!c.near_misses.is_empty());
    assert!(c.codes.windows(2).all(|w| w[0].score >= w[1].score));
    let json = serde_json::to_string(&e.classify(t, Scope::All, false)).expect("json");
    assert!(!json.contains("near_misses"));
}

#[test]
fn empty_text_decides_nothing() {
    let e = Engine::embedded().expect("loads");
    assert!(e.classify("", Scope::All, false).codes.is_empty());
}

#[test]
fn version_names_the_model() {
    let e = Engine::embedded().expect("loads");
    assert!(
        e.version().starts_with("wsis-classify 0.1"),
        "{}",
        e.version()
    );
    assert!(e.version().contains(" model "));
}

#[test]
fn model_files_load_and_bad_ones_fail() {
    let dir = tempfile::tempdir().expect("tempdir");
    let bad = dir.path().join("bad.model");
    std::fs::write(&bad, b"{\"format\": \"something else\"}").expect("write");
    let err = Engine::from_file(&bad)
        .expect_err("not a model")
        .to_string();
    assert!(err.contains("bad.model"), "{err}");
    assert!(Engine::from_file(&dir.path().join("missing.model")).is_err());
    let good = dir.path().join("copy.model");
    std::fs::copy(
        concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../data/models/wsis-classify.model"
        ),
        &good,
    )
    .expect("copy shipped model");
    let e = Engine::from_file(&good).expect("loads");
    assert_eq!(e.version(), Engine::embedded().expect("loads").version());
}

#[test]
fn long_repetitive_text_stays_bounded() {
    // 40,000 words with thousands of proximity candidates: without the span
    // cap the W/n checks would be quadratic in the occurrences.
    let e = Engine::embedded().expect("loads");
    let text = "poverty will reduce hunger and poverty ends. ".repeat(5000);
    let t = std::time::Instant::now();
    let c = e.classify(&text, Scope::All, true);
    assert!(t.elapsed().as_secs() < 20, "took {:?}", t.elapsed());
    assert!(c.codes.iter().any(|c| c.code == "SDG1"), "{c:?}");
}

/// The shipped model file as a JSON value.
fn shipped_model() -> serde_json::Value {
    let bytes = std::fs::read(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../data/models/wsis-classify.model"
    ))
    .expect("read shipped model");
    serde_json::from_slice(&bytes).expect("shipped model is JSON")
}

/// Model format 2 writes each head's weights as hex; files of format 1,
/// with integer arrays, must load and score exactly as before.
#[test]
fn format_1_model_files_still_load_and_score_the_same() {
    let mut v = shipped_model();
    assert_eq!(v["format"], "wsis-classify-model/2");
    v["format"] = "wsis-classify-model/1".into();
    for head in v["heads"].as_array_mut().expect("heads") {
        let hex = head["weights"].as_str().expect("hex weights").to_string();
        let ints: Vec<i16> = hex
            .as_bytes()
            .chunks(4)
            .map(|q| {
                let q = std::str::from_utf8(q).expect("ascii");
                u16::from_str_radix(q, 16).expect("hex digits") as i16
            })
            .collect();
        head["weights"] = serde_json::json!(ints);
    }
    let old = Engine::from_bytes(&serde_json::to_vec(&v).expect("writes"), "old.model")
        .expect("format 1 loads");
    let new = Engine::embedded().expect("loads");
    for t in TEXTS {
        assert_eq!(old.probabilities(t), new.probabilities(t), "{t}");
        assert_eq!(
            old.classify(t, Scope::All, true),
            new.classify(t, Scope::All, true),
            "{t}"
        );
    }
}

/// A damaged weight string is refused, with the file and the weight named.
#[test]
fn a_damaged_weight_is_named_and_refused() {
    let mut v = shipped_model();
    let head = &mut v["heads"][3];
    let mut hex = head["weights"].as_str().expect("hex weights").to_string();
    hex.replace_range(8..9, "x");
    head["weights"] = hex.clone().into();
    let bytes = serde_json::to_vec(&v).expect("writes");
    let err = Engine::from_bytes(&bytes, "damaged.model")
        .expect_err("damaged weights")
        .to_string();
    assert!(err.contains("damaged.model"), "{err}");
    assert!(
        err.contains("weight 2: not four lower-case hex digits"),
        "{err}"
    );
    hex.pop();
    v["heads"][3]["weights"] = hex.into();
    let err = Engine::from_bytes(&serde_json::to_vec(&v).expect("writes"), "short.model")
        .expect_err("short weights")
        .to_string();
    assert!(err.contains("not a multiple of four"), "{err}");
}

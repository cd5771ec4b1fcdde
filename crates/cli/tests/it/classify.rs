//! The `classify`, `train` and `eval` contract of the `wsis-hub` binary:
//! JSONL and CSV in, one JSON line per text out, evidence from the text,
//! malformed input named by line with a non-zero exit, deterministic training,
//! evaluation output.

use std::io::Write;
use std::process::{Command, Output, Stdio};

fn hub(args: &[&str], stdin: Option<&str>) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_wsis-hub"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("wsis-hub runs");
    if let Some(s) = stdin {
        child
            .stdin
            .take()
            .expect("stdin")
            .write_all(s.as_bytes())
            .expect("write stdin");
    }
    drop(child.stdin.take());
    child.wait_with_output().expect("wsis-hub finishes")
}

fn lines(out: &Output) -> Vec<serde_json::Value> {
    assert!(
        out.status.success(),
        "failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).expect("each output line is JSON"))
        .collect()
}

const GBV: &str = "Gender-based violence against women and girls, and equal pay for women.";
const AL: &str =
    "Facilitation meeting for WSIS Action Line C7 e-health: telemedicine in rural clinics.";

fn check_codes(v: &serde_json::Value, text: &str) {
    for c in v["codes"].as_array().expect("codes array") {
        let ev = c["evidence"].as_array().expect("evidence array");
        assert!(!ev.is_empty(), "{c}");
        assert!(
            ev.iter()
                .all(|e| text.contains(e.as_str().unwrap_or("\u{0}"))),
            "{c}"
        );
        assert!(
            c["score"]
                .as_f64()
                .is_some_and(|s| (0.0..=1.0).contains(&s))
        );
    }
}

fn has(v: &serde_json::Value, code: &str) -> bool {
    v["codes"]
        .as_array()
        .is_some_and(|a| a.iter().any(|c| c["code"] == code))
}

#[test]
fn classify_jsonl_file() {
    let dir = tempfile::tempdir().expect("tempdir");
    let p = dir.path().join("in.jsonl");
    let body = format!(
        "{}\n\n{}\n",
        serde_json::json!({"id": "a1", "text": GBV}),
        serde_json::json!({"id": 7, "text": AL})
    );
    std::fs::write(&p, body).expect("write");
    let out = lines(&hub(
        &["classify", "--input", p.to_str().expect("utf-8 path")],
        None,
    ));
    assert_eq!(out.len(), 2);
    assert_eq!(out[0]["id"], "a1");
    assert_eq!(out[1]["id"], 7);
    assert!(has(&out[0], "SDG5"), "{}", out[0]);
    assert!(
        has(&out[1], "C7.e-health") && has(&out[1], "C7"),
        "{}",
        out[1]
    );
    check_codes(&out[0], GBV);
    check_codes(&out[1], AL);
    assert!(out.iter().all(|v| v.get("near_misses").is_none()));
}

#[test]
fn classify_csv_file_with_framework_and_explain() {
    let dir = tempfile::tempdir().expect("tempdir");
    let p = dir.path().join("in.csv");
    let mut w = csv::Writer::from_path(&p).expect("csv");
    w.write_record(["id", "text", "other"]).expect("row");
    w.write_record(["x", AL, "ignored"]).expect("row");
    w.write_record(["y", GBV, ""]).expect("row");
    w.flush().expect("flush");
    let out = lines(&hub(
        &[
            "classify",
            "--input",
            p.to_str().expect("utf-8 path"),
            "--framework",
            "action-lines",
            "--explain",
        ],
        None,
    ));
    assert_eq!(out.len(), 2);
    assert_eq!(out[0]["id"], "x");
    let all_al = |v: &serde_json::Value, key: &str| {
        v[key].as_array().is_none_or(|a| {
            a.iter()
                .all(|c| c["code"].as_str().is_some_and(|s| s.starts_with('C')))
        })
    };
    assert!(
        all_al(&out[0], "codes") && all_al(&out[0], "near_misses"),
        "{}",
        out[0]
    );
    assert!(has(&out[0], "C7.e-health"));
    assert!(
        out[1]["near_misses"].is_array(),
        "--explain adds near misses: {}",
        out[1]
    );
}

#[test]
fn classify_stdin_defaults_to_jsonl_and_format_overrides() {
    let out = lines(&hub(
        &["classify", "--framework", "sdgs"],
        Some(&format!("{}\n", serde_json::json!({"id": 1, "text": GBV}))),
    ));
    assert_eq!(out.len(), 1);
    assert!(has(&out[0], "SDG5"));
    let out = lines(&hub(
        &["classify", "--format", "csv"],
        Some(&format!("id,text\n1,\"{GBV}\"\n")),
    ));
    assert!(has(&out[0], "SDG5"));
}

#[test]
fn malformed_line_is_named_and_fails() {
    let input = format!(
        "{}\n{{\"id\": 2, \"text\": \n",
        serde_json::json!({"id": 1, "text": GBV})
    );
    let out = hub(&["classify"], Some(&input));
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("line 2"), "{err}");
    let out = hub(&["classify"], Some("{\"id\": 1, \"body\": \"no text\"}\n"));
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("line 1"));
}

fn write_training_files(dir: &std::path::Path) -> (String, String) {
    let sdg = dir.join("sdg.csv");
    let mut w = csv::Writer::from_path(&sdg).expect("csv");
    w.write_record(["id", "text", "sdg", "label"]).expect("row");
    let rows = [
        (
            "1",
            "Access to safe drinking water and sanitation in villages",
            "6",
            "True",
        ),
        (
            "2",
            "Wastewater treatment reduces river pollution",
            "6",
            "True",
        ),
        (
            "3",
            "Solar and wind electricity for rural households",
            "7",
            "True",
        ),
        (
            "4",
            "Energy efficiency of buildings and clean cooking fuels",
            "SDG7",
            "1",
        ),
        (
            "5",
            "The committee adopted its agenda in Geneva",
            "6",
            "False",
        ),
        ("6", "List of references and page numbers", "7", "0"),
    ];
    for r in rows {
        w.write_record([r.0, r.1, r.2, r.3]).expect("row");
    }
    w.flush().expect("flush");
    let al = dir.join("al.jsonl");
    std::fs::write(&al, format!("{}\n", serde_json::json!({"text": "Telemedicine and e-health records", "labels": ["C7", "C7.e-health"]})))
        .expect("write");
    (
        sdg.to_string_lossy().into_owned(),
        al.to_string_lossy().into_owned(),
    )
}

#[test]
fn train_is_deterministic_and_its_model_classifies() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (sdg, al) = write_training_files(dir.path());
    let m1 = dir.path().join("m1.model");
    let m2 = dir.path().join("m2.model");
    for m in [&m1, &m2] {
        let out = hub(
            &[
                "train",
                "--sdg-data",
                &sdg,
                "--action-line-data",
                &al,
                "--seed",
                "3",
                "--output",
                m.to_str().expect("path"),
            ],
            None,
        );
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    let (b1, b2) = (
        std::fs::read(&m1).expect("m1"),
        std::fs::read(&m2).expect("m2"),
    );
    assert_eq!(b1, b2, "same data and seed must give identical model files");
    let v: serde_json::Value = serde_json::from_slice(&b1).expect("json model");
    let names: Vec<&str> = v["inputs"]
        .as_array()
        .expect("inputs")
        .iter()
        .filter_map(|i| i["name"].as_str())
        .collect();
    assert!(
        names.contains(&"sdg.csv") && names.contains(&"al.jsonl"),
        "{names:?}"
    );
    assert_eq!(v["seed"], 3);
    let out = lines(&hub(
        &["classify", "--model", m1.to_str().expect("path")],
        Some("{\"id\":1,\"text\":\"drinking water\"}\n"),
    ));
    assert_eq!(out.len(), 1);
}

#[test]
fn bad_training_row_is_named() {
    let dir = tempfile::tempdir().expect("tempdir");
    let sdg = dir.path().join("bad.csv");
    std::fs::write(
        &sdg,
        "id,text,sdg,label\n1,water,6,True\n2,energy,42,True\n",
    )
    .expect("write");
    let out = hub(
        &[
            "train",
            "--sdg-data",
            sdg.to_str().expect("path"),
            "--output",
            dir.path().join("m").to_str().expect("path"),
        ],
        None,
    );
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("line 3"));
}

#[test]
fn eval_prints_metrics() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (sdg, al) = write_training_files(dir.path());
    let out = hub(&["eval", &sdg, "--json"], None);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json report");
    assert_eq!(v["rows"], 6);
    assert!(
        v["accuracy"]
            .as_f64()
            .is_some_and(|a| (0.0..=1.0).contains(&a))
    );
    let out = hub(&["eval", &al, "--format", "action-lines"], None);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("top-1 accuracy") && text.contains("macro"),
        "{text}"
    );
    let out = hub(&["eval", &sdg, "--cv", "2"], None);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(String::from_utf8_lossy(&out.stdout).contains("rows 6"));
}

/// Issue 3 regression: JSONL records are read into a typed struct, with the
/// general JSON form only to explain a bad line. Both must keep the contract:
/// a missing id becomes the line number, an explicit null id stays null,
/// other fields are ignored, a repeated key takes its last value, and a text
/// that is not a string or a line that is not an object is named and refused.
#[test]
fn issue3_jsonl_records_keep_their_forms() {
    let input = [
        serde_json::json!({"text": GBV}).to_string(),
        serde_json::json!({"id": null, "text": GBV, "lang": "en"}).to_string(),
        format!(
            "{{\"id\": \"r3\", \"text\": \"draft\", \"text\": {}}}",
            serde_json::json!(GBV)
        ),
    ]
    .join("\n");
    let out = lines(&hub(&["classify", "--framework", "sdgs"], Some(&input)));
    assert_eq!(out.len(), 3);
    assert_eq!(out[0]["id"], 1);
    assert!(out[1]["id"].is_null(), "{}", out[1]);
    assert_eq!(out[2]["id"], "r3");
    for v in &out {
        assert!(has(v, "SDG5"), "{v}");
        check_codes(v, GBV);
    }
    for (bad, message) in [
        ("{\"id\": 1, \"text\": 5}", "line 2: no \"text\" string"),
        ("[\"not\", \"an object\"]", "line 2: not a JSON object"),
    ] {
        let input = format!("{}\n{bad}\n", serde_json::json!({"id": 1, "text": GBV}));
        let out = hub(&["classify"], Some(&input));
        assert!(!out.status.success(), "{bad}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains(message), "{bad}: {err}");
        assert!(out.stdout.is_empty(), "nothing is written for a bad input");
    }
}

/// Files saved by Windows tools begin with a byte-order mark and end their
/// lines with CR LF. The JSONL readers once refused line 1 of such a file
/// as "not a JSON object"; the CSV reader already skipped the mark.
#[test]
fn jsonl_from_a_windows_tool_is_read_issue3() {
    let dir = tempfile::tempdir().expect("tempdir");
    let p = dir.path().join("bom.jsonl");
    let body = format!(
        "\u{feff}{}\r\n{}\r\n",
        serde_json::json!({"id": "a1", "text": GBV}),
        serde_json::json!({"id": "a2", "text": AL})
    );
    std::fs::write(&p, body).expect("write");
    let out = lines(&hub(
        &["classify", "--input", p.to_str().expect("utf-8 path")],
        None,
    ));
    assert_eq!(out.len(), 2);
    assert_eq!((&out[0]["id"], &out[1]["id"]), (&"a1".into(), &"a2".into()));
    assert!(has(&out[0], "SDG5"), "{}", out[0]);
    let al = dir.path().join("bom-labels.jsonl");
    let line = serde_json::json!({"text": AL, "labels": ["C7", "C7.e-health"]});
    std::fs::write(&al, format!("\u{feff}{line}\r\n")).expect("write");
    let out = hub(
        &[
            "eval",
            al.to_str().expect("utf-8 path"),
            "--format",
            "action-lines",
        ],
        None,
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(String::from_utf8_lossy(&out.stdout).contains("top-1 accuracy"));
}

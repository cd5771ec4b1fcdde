//! The import, export and serve commands, on SQLite and PostgreSQL.

use std::io::{BufRead, BufReader, Read, Write};
use std::path::Path;
use std::process::{Command, Output, Stdio};

use wsis_store::testing::{self, TestDb};

fn wsis_hub(db: &TestDb, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_wsis-hub"))
        .args(args)
        .env("WSIS_HUB_DATABASE", &db.url)
        .output()
        .expect("run wsis-hub")
}

fn ok(out: &Output) -> String {
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "wsis-hub failed: {stderr}");
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn failed(out: &Output) -> String {
    assert!(!out.status.success(), "wsis-hub should have failed");
    String::from_utf8_lossy(&out.stderr).into_owned()
}

const HEADER: &str = "id,title,description,organization,stakeholder_group,organization_country,\
kind,countries,start_date,end_date,status,links,codes_declared";

fn write(dir: &Path, name: &str, text: &str) -> String {
    let path = dir.join(name);
    std::fs::write(&path, text).expect("write fixture");
    path.display().to_string()
}

#[tokio::test]
async fn export_import_export_gives_the_same_file_in_both_formats() {
    let demo = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../data/demo/initiatives.json"
    );
    for format in ["json", "csv"] {
        for (source, target) in [
            (testing::sqlite().await, testing::postgres().await),
            (testing::postgres().await, testing::sqlite().await),
        ] {
            let dir = tempfile::tempdir().expect("tmp");
            ok(&wsis_hub(&source, &["import", "initiatives", demo]));
            let first = dir.path().join(format!("first.{format}"));
            let first = first.to_str().expect("path");
            ok(&wsis_hub(
                &source,
                &[
                    "export",
                    "initiatives",
                    "--format",
                    format,
                    "--output",
                    first,
                ],
            ));
            ok(&wsis_hub(&target, &["import", "initiatives", first]));
            let second = ok(&wsis_hub(
                &target,
                &["export", "initiatives", "--format", format],
            ));
            let first_text = std::fs::read_to_string(first).expect("read export");
            assert_eq!(
                first_text, second,
                "{format}: {} → {}",
                source.name, target.name
            );
            assert!(first_text.len() > 10_000);
        }
    }
}

#[tokio::test]
async fn a_bad_row_names_its_line_and_field_and_imports_nothing() {
    for db in testing::both().await {
        let dir = tempfile::tempdir().expect("tmp");
        let good = write(
            dir.path(),
            "good.csv",
            &format!(
                "{HEADER}\n\
            g-1,Radio schools,Lessons by radio,Farm Radio,civil-society,CAN,project,GHA;KEN,2019,,ongoing,https://example.org,C3;SDG4\n"
            ),
        );
        ok(&wsis_hub(&db, &["import", "initiatives", &good]));
        let bad = write(
            dir.path(),
            "bad.csv",
            &format!(
                "{HEADER}\n\
            b-1,Fine row,Text,Org A,academia,,training,FRA,2020,,completed,,C4\n\
            b-2,\"Quoted, fine\",Text,Org B,government,KEN,policy,KEN,2021-05,,planned,,SDG9\n\
            b-3,Broken row,Text,Org C,academia,,training,XXX,2020,,completed,,C4\n"
            ),
        );
        let err = failed(&wsis_hub(&db, &["import", "initiatives", &bad]));
        assert!(
            err.contains("line 4") && err.contains("countries") && err.contains("XXX"),
            "{err}"
        );
        let json = ok(&wsis_hub(
            &db,
            &["export", "initiatives", "--format", "json"],
        ));
        let items: serde_json::Value = serde_json::from_str(&json).expect("json");
        assert_eq!(
            items.as_array().map(Vec::len),
            Some(1),
            "only the first import ({})",
            db.name
        );
        let again = failed(&wsis_hub(&db, &["import", "initiatives", &good]));
        assert!(
            again.contains("line 2") && again.contains("g-1") && again.contains("already exists"),
            "{again}"
        );
        let codes = write(
            dir.path(),
            "codes.csv",
            &format!("{HEADER}\nc-1,T,D,O,academia,,training,,,,ongoing,,C12\n"),
        );
        let err = failed(&wsis_hub(&db, &["import", "initiatives", &codes]));
        assert!(
            err.contains("line 2") && err.contains("codes") && err.contains("C12"),
            "{err}"
        );
    }
}

#[tokio::test]
async fn bad_json_and_unknown_formats_get_clear_errors() {
    let db = testing::sqlite().await;
    let dir = tempfile::tempdir().expect("tmp");
    let json = write(
        dir.path(),
        "x.json",
        r#"[{"title": "T", "description": "D",
        "organization": {"name": "O", "stakeholder_group": "academia", "country": null},
        "kind": "webinar", "status": "ongoing"}]"#,
    );
    let err = failed(&wsis_hub(&db, &["import", "initiatives", &json]));
    assert!(
        err.contains("element 1") && err.contains("webinar"),
        "{err}"
    );
    let txt = write(dir.path(), "x.txt", "hello");
    let err = failed(&wsis_hub(&db, &["import", "initiatives", &txt]));
    assert!(err.contains("--format"), "{err}");
    let header = write(dir.path(), "h.csv", "title,colour\nT,red\n");
    let err = failed(&wsis_hub(&db, &["import", "initiatives", &header]));
    assert!(err.contains("line 1") && err.contains("colour"), "{err}");
}

/// `serve --demo` loads the demo into an empty database and prints its URL.
#[tokio::test]
async fn serve_demo_prints_its_url_and_answers() {
    for db in testing::both().await {
        let mut child = Command::new(env!("CARGO_BIN_EXE_wsis-hub"))
            .args(["serve", "--demo", "--addr", "127.0.0.1:0"])
            .env("WSIS_HUB_DATABASE", &db.url)
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("start server");
        let mut line = String::new();
        let stdout = child.stdout.take().expect("stdout");
        BufReader::new(stdout)
            .read_line(&mut line)
            .expect("read URL");
        let url = line
            .split_whitespace()
            .find(|w| w.starts_with("http://"))
            .expect("URL printed");
        let host = url.trim_start_matches("http://").trim_end_matches('/');
        let body = http_get(host, "/api/v1/initiatives?per_page=1");
        child.kill().ok();
        child.wait().ok();
        assert!(body.starts_with("HTTP/1.1 200"), "{body}");
        let json = &body[body.find("\r\n\r\n").expect("headers end") + 4..];
        let page: serde_json::Value = serde_json::from_str(json).expect("json");
        assert!(
            page["total"].as_i64().unwrap_or(0) >= 40,
            "demo loaded ({})",
            db.name
        );
    }
}

fn http_get(host: &str, path: &str) -> String {
    let mut s = std::net::TcpStream::connect(host).expect("connect");
    write!(
        s,
        "GET {path} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n"
    )
    .expect("send");
    let mut out = String::new();
    s.read_to_string(&mut out).expect("read");
    out
}

/// Issue 3: imported initiatives get suggested codes with evidence and the
/// engine's version; `remap` redoes them without touching declared codes;
/// `review` records a reviewer's decision beside the suggestion.
#[tokio::test]
async fn imports_are_mapped_and_remap_and_review_keep_origins_apart() {
    for db in testing::both().await {
        let dir = tempfile::tempdir().expect("tmp");
        let file = write(
            dir.path(),
            "m.csv",
            &format!(
                "{HEADER}\n\
            m-1,Telemedicine for rural clinics,\"Nurses in rural health clinics use telemedicine and mobile health \
            records to reach patients, reduce maternal mortality and fight malaria.\",Health Net,civil-society,,project,KEN,2022,,ongoing,,C4\n"
            ),
        );
        ok(&wsis_hub(&db, &["import", "initiatives", &file]));
        let export = || {
            let text = ok(&wsis_hub(
                &db,
                &["export", "initiatives", "--format", "json"],
            ));
            serde_json::from_str::<serde_json::Value>(&text).expect("json")[0]["codes"].clone()
        };
        let codes = export();
        let codes = codes.as_array().expect("codes").clone();
        let suggested: Vec<&serde_json::Value> = codes
            .iter()
            .filter(|c| c["origin"] == "suggested")
            .collect();
        assert!(!suggested.is_empty(), "mapped on import ({})", db.name);
        assert!(
            suggested.iter().any(|c| c["code"] == "SDG3"),
            "a health text maps to SDG3: {codes:?}"
        );
        for c in &suggested {
            let ev = c["evidence"].as_array().expect("evidence");
            assert!(!ev.is_empty(), "every suggestion has evidence: {c}");
            assert!(c["engine_version"].as_str().is_some_and(|v| !v.is_empty()));
        }
        assert!(
            codes
                .iter()
                .any(|c| c["code"] == "C4" && c["origin"] == "declared")
        );
        ok(&wsis_hub(&db, &["review", "m-1", "SDG3", "--confirm"]));
        ok(&wsis_hub(&db, &["remap"]));
        let after = export();
        let after = after.as_array().expect("codes");
        assert!(
            after
                .iter()
                .any(|c| c["code"] == "C4" && c["origin"] == "declared"),
            "{}",
            db.name
        );
        assert!(
            after
                .iter()
                .any(|c| c["code"] == "SDG3" && c["origin"] == "confirmed")
        );
        assert!(
            after
                .iter()
                .any(|c| c["code"] == "SDG3" && c["origin"] == "suggested")
        );
        // Confirmed codes become training data; suggestions do not.
        let training = dir.path().join("confirmed.jsonl");
        let training_arg = training.display().to_string();
        ok(&wsis_hub(
            &db,
            &["export", "training", "--output", &training_arg],
        ));
        let (rows, _) =
            wsis_classify::data::read_labelled_jsonl(&training).expect("train reads the export");
        assert_eq!(
            rows.len(),
            1,
            "{}: one initiative has a confirmed code",
            db.name
        );
        let sdg3 = wsis_classify::codes::index("SDG3").expect("SDG3");
        assert_eq!(rows[0].labels, [sdg3], "{}", db.name);
        assert!(rows[0].text.starts_with("Telemedicine for rural clinics"));
        ok(&wsis_hub(&db, &["review", "m-1", "SDG3", "--reject"]));
        let none = ok(&wsis_hub(&db, &["export", "training"]));
        assert_eq!(
            none, "",
            "{}: a rejected confirmation trains nothing",
            db.name
        );
        let err = failed(&wsis_hub(&db, &["review", "m-1", "SDG99", "--confirm"]));
        assert!(err.contains("SDG99"), "{err}");
        let err = failed(&wsis_hub(&db, &["review", "nope", "SDG3", "--reject"]));
        assert!(err.contains("nope"), "{err}");
    }
}

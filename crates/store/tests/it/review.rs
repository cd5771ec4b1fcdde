//! Suggestions and reviews sit beside declared codes and never overwrite them.

use wsis_register::Origin;
use wsis_store::Filter;
use wsis_store::testing;

use crate::fixtures::{futures_join, initiative, suggested};

#[tokio::test]
async fn suggestions_and_reviews_are_kept_side_by_side() {
    for db in testing::both().await {
        let item = initiative("r-1", "Telemedicine", &["C7.e-health"]);
        db.store
            .import_initiatives(&[item], &mut |_| {})
            .await
            .expect("import");
        let s = vec![
            suggested("SDG3", 0.9, &["telemedicine"]),
            suggested("C7.e-health", 0.8, &["clinic"]),
        ];
        db.store
            .replace_suggestions("r-1", s)
            .await
            .expect("suggest");
        db.store
            .review_code("r-1", "SDG3", false, "test")
            .await
            .expect("reject");
        db.store
            .review_code("r-1", "C7.e-health", true, "test")
            .await
            .expect("confirm");
        let got = db
            .store
            .get_initiative("r-1")
            .await
            .expect("get")
            .expect("found");
        let has = |code: &str, origin: Origin| {
            got.codes
                .iter()
                .any(|c| c.code == code && c.origin == origin)
        };
        assert!(has("C7.e-health", Origin::Declared), "{}", db.name);
        assert!(has("C7.e-health", Origin::Suggested));
        assert!(has("C7.e-health", Origin::Confirmed));
        assert!(has("SDG3", Origin::Suggested) && has("SDG3", Origin::Rejected));
        let ev = got
            .codes
            .iter()
            .find(|c| c.code == "SDG3" && c.origin == Origin::Suggested);
        assert_eq!(ev.expect("kept").evidence, ["telemedicine"]);
        let sdg3 = Filter {
            sdg: Some("SDG3".into()),
            page: 1,
            per_page: 10,
            ..Filter::default()
        };
        let page = db.store.list_initiatives(&sdg3).await.expect("filter");
        assert_eq!(
            page.total, 0,
            "a rejected suggestion files nothing ({})",
            db.name
        );
        db.store
            .review_code("r-1", "SDG3", true, "test")
            .await
            .expect("change of mind");
        assert_eq!(
            db.store
                .list_initiatives(&sdg3)
                .await
                .expect("filter")
                .total,
            1
        );
        let err = db.store.review_code("missing", "SDG3", true, "test").await;
        assert!(err.is_err());
    }
}

/// Two reviewers deciding on the same initiative at once: both decisions are
/// kept (neither transaction works from a stale read of the other's codes).
#[tokio::test]
async fn simultaneous_reviews_do_not_overwrite_each_other() {
    for db in testing::both().await {
        let item = initiative("c-1", "Concurrent reviews", &["C1"]);
        db.store
            .import_initiatives(&[item], &mut |_| {})
            .await
            .expect("import");
        for round in 0..5 {
            let codes = ["SDG1", "SDG2", "SDG3", "SDG4", "SDG5", "SDG6"];
            let reviews = codes
                .iter()
                .map(|c| db.store.review_code("c-1", c, round % 2 == 0, "test"));
            for r in futures_join(reviews).await {
                r.expect("review");
            }
            let got = db
                .store
                .get_initiative("c-1")
                .await
                .expect("get")
                .expect("found");
            let origin = if round % 2 == 0 {
                Origin::Confirmed
            } else {
                Origin::Rejected
            };
            for c in codes {
                assert!(
                    got.codes.iter().any(|x| x.code == c && x.origin == origin),
                    "round {round}: {c} kept ({})",
                    db.name
                );
            }
        }
    }
}

/// A re-mapping batch replaces suggestions only: declared and reviewed codes
/// stay, and the facets follow the new suggestions.
#[tokio::test]
async fn remapping_a_batch_keeps_declared_and_reviewed_codes() {
    for db in testing::both().await {
        let items = [
            initiative("b-1", "One", &["C1"]),
            initiative("b-2", "Two", &["C2"]),
        ];
        db.store
            .import_initiatives(&items, &mut |_| {})
            .await
            .expect("import");
        db.store
            .replace_suggestions("b-1", vec![suggested("SDG9", 0.7, &["one"])])
            .await
            .expect("s");
        db.store
            .review_code("b-1", "SDG4", true, "test")
            .await
            .expect("confirm");
        let batch = vec![
            ("b-1".to_string(), vec![suggested("SDG5", 0.6, &["one"])]),
            ("b-2".to_string(), vec![suggested("SDG5", 0.8, &["two"])]),
        ];
        db.store
            .replace_suggestions_batch(batch)
            .await
            .expect("remap");
        let one = db
            .store
            .get_initiative("b-1")
            .await
            .expect("get")
            .expect("found");
        let has = |code: &str, origin: Origin| {
            one.codes
                .iter()
                .any(|c| c.code == code && c.origin == origin)
        };
        assert!(
            has("C1", Origin::Declared) && has("SDG4", Origin::Confirmed),
            "{}",
            db.name
        );
        assert!(has("SDG5", Origin::Suggested) && !has("SDG9", Origin::Suggested));
        let sdg = |code: &str| Filter {
            sdg: Some(code.into()),
            page: 1,
            per_page: 10,
            ..Filter::default()
        };
        assert_eq!(
            db.store
                .list_initiatives(&sdg("SDG5"))
                .await
                .expect("f")
                .total,
            2,
            "{}",
            db.name
        );
        assert_eq!(
            db.store
                .list_initiatives(&sdg("SDG9"))
                .await
                .expect("f")
                .total,
            0
        );
    }
}

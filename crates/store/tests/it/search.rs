//! Full-text search, filters, facets and pages.

use wsis_framework::Framework;
use wsis_register::{Kind, Status};
use wsis_store::testing;
use wsis_store::{Filter, SearchPage, Store};

use crate::fixtures::initiative;

async fn seed(store: &Store) {
    let fw = Framework::embedded();
    let mut items = vec![
        initiative(
            "s-1",
            "Telemedicine for rural clinics",
            &["C7.e-health", "SDG3"],
        ),
        initiative("s-2", "Digital literacy for women", &["C4", "SDG5", "GDC1"]),
        initiative(
            "s-3",
            "Cybersecurity awareness week",
            &["C5", "SDG16", "GDC3"],
        ),
        initiative(
            "s-4",
            "Open data portal for agriculture",
            &["C7.e-agriculture", "SDG2"],
        ),
    ];
    items[1].kind = Kind::Training;
    items[1].countries = vec!["FRA".into()];
    items[1].start_date = Some("2019".into());
    items[2].status = Status::Completed;
    items[3].description = "Farmers read market prices on their phones.".into();
    store
        .import_initiatives(&items, fw, &mut |_| {})
        .await
        .expect("seed");
}

fn ids(page: &SearchPage) -> Vec<&str> {
    page.items.iter().map(|i| i.id.as_str()).collect()
}

fn count(page: &SearchPage, facet: &str, value: &str) -> i64 {
    page.facets[facet]
        .iter()
        .find(|v| v.value == value)
        .map_or(0, |v| v.count)
}

fn filter() -> Filter {
    Filter {
        page: 1,
        per_page: 20,
        ..Filter::default()
    }
}

#[tokio::test]
async fn text_search_finds_stemmed_words_and_phrases() {
    for db in testing::both().await {
        seed(&db.store).await;
        let page = db
            .store
            .list_initiatives(&Filter {
                q: Some("clinic".into()),
                ..filter()
            })
            .await;
        assert_eq!(
            ids(&page.expect("search")),
            ["s-1"],
            "stemming ({})",
            db.name
        );
        let q = Some("\"digital literacy\"".into());
        let page = db
            .store
            .list_initiatives(&Filter { q, ..filter() })
            .await
            .expect("phrase");
        assert_eq!(ids(&page), ["s-2"], "{}", db.name);
        let q = Some("market prices".into());
        let page = db
            .store
            .list_initiatives(&Filter { q, ..filter() })
            .await
            .expect("body");
        assert_eq!(ids(&page), ["s-4"], "description is searched ({})", db.name);
        let q = Some("nothing-like-this".into());
        let page = db
            .store
            .list_initiatives(&Filter { q, ..filter() })
            .await
            .expect("none");
        assert_eq!(page.total, 0);
        let q = Some("AND ( \" -".into());
        let page = db.store.list_initiatives(&Filter { q, ..filter() }).await;
        assert!(
            page.is_ok(),
            "query syntax never fails a search ({})",
            db.name
        );
    }
}

#[tokio::test]
async fn filters_combine_and_facets_count_the_matches() {
    for db in testing::both().await {
        seed(&db.store).await;
        let all = db.store.list_initiatives(&filter()).await.expect("all");
        assert_eq!(all.total, 4);
        assert_eq!(
            count(&all, "action_line", "C7"),
            2,
            "sub-lines count under C7 ({})",
            db.name
        );
        assert_eq!(count(&all, "region", "Africa"), 3);
        assert_eq!(count(&all, "region", "Europe"), 1);
        assert_eq!(count(&all, "year", "2019"), 1);
        let c7 = Filter {
            action_line: Some("C7".into()),
            ..filter()
        };
        let page = db.store.list_initiatives(&c7).await.expect("C7");
        assert_eq!(page.total, 2, "{}", db.name);
        assert_eq!(count(&page, "sdg", "SDG3"), 1);
        assert_eq!(count(&page, "sdg", "SDG5"), 0);
        let narrow = Filter {
            kind: Some("training".into()),
            region: Some("Europe".into()),
            ..filter()
        };
        assert_eq!(
            ids(&db.store.list_initiatives(&narrow).await.expect("narrow")),
            ["s-2"]
        );
        let gdc = Filter {
            gdc: Some("GDC3".into()),
            status: Some("completed".into()),
            ..filter()
        };
        assert_eq!(
            ids(&db.store.list_initiatives(&gdc).await.expect("gdc")),
            ["s-3"]
        );
        let text_and_facet = Filter {
            q: Some("open data".into()),
            sdg: Some("SDG2".into()),
            ..filter()
        };
        let page = db
            .store
            .list_initiatives(&text_and_facet)
            .await
            .expect("both");
        assert_eq!(ids(&page), ["s-4"]);
        assert_eq!(count(&page, "country", "KEN"), 1, "{}", db.name);
    }
}

#[tokio::test]
async fn pages_split_the_results_and_totals_follow_writes() {
    let fw = Framework::embedded();
    for db in testing::both().await {
        seed(&db.store).await;
        let first = Filter {
            per_page: 3,
            ..filter()
        };
        let p1 = db.store.list_initiatives(&first).await.expect("p1");
        let p2 = db
            .store
            .list_initiatives(&Filter {
                page: 2,
                ..first.clone()
            })
            .await
            .expect("p2");
        assert_eq!((p1.items.len(), p2.items.len(), p1.total), (3, 1, 4));
        let more = initiative("s-5", "Another", &["C1"]);
        db.store
            .import_initiatives(&[more], fw, &mut |_| {})
            .await
            .expect("import");
        let after = db.store.list_initiatives(&filter()).await.expect("after");
        assert_eq!(
            after.total, 5,
            "the cached totals see the write ({})",
            db.name
        );
        assert_eq!(count(&after, "action_line", "C1"), 1);
    }
}

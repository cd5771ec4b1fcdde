//! Full-text search, filters, facets and pages.

use wsis_register::{Initiative, Kind, Status};
use wsis_store::testing;
use wsis_store::{Filter, SearchPage, Store};

use crate::fixtures::{initiative, suggested, walk_pages};

async fn seed(store: &Store) {
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
        .import_initiatives(&items, &mut |_| {})
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
        // PostgreSQL text cannot hold NUL: it failed the search there.
        let q = Some("clinic\0".into());
        let page = db.store.list_initiatives(&Filter { q, ..filter() }).await;
        assert_eq!(ids(&page.expect("NUL")), ["s-1"], "NUL ({})", db.name);
        let q = Some("\0".into());
        let page = db.store.list_initiatives(&Filter { q, ..filter() }).await;
        assert_eq!(
            page.expect("only NUL").total,
            4,
            "blank query ({})",
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
            .import_initiatives(&[more], &mut |_| {})
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

/// Text results come best first and are paged, alone and within facet
/// filters: the pages of a query together hold each match once.
#[tokio::test]
async fn text_results_are_ranked_and_paged_within_the_filters() {
    for db in testing::both().await {
        let mut items = vec![
            initiative("w-1", "Water, water and sanitation", &["SDG6"]),
            initiative("w-2", "Clean water for schools", &["SDG4"]),
            initiative("w-3", "Rural broadband", &["SDG6"]),
            initiative("w-4", "Coastal water monitoring", &["SDG14"]),
            initiative("w-5", "Mobile money", &["SDG6"]),
        ];
        items[0].description = "Water points, water tariffs and water quality.".into();
        items[2].description =
            "Fibre to villages, with a long note on the pipes that carry water past them.".into();
        db.store
            .import_initiatives(&items, &mut |_| {})
            .await
            .expect("seed");
        let water = |page: u32, per_page: u32, sdg: Option<&str>| Filter {
            q: Some("water".into()),
            sdg: sdg.map(str::to_string),
            page,
            per_page,
            ..Filter::default()
        };
        let mut seen = Vec::new();
        for n in 1..=3 {
            let page = db
                .store
                .list_initiatives(&water(n, 2, None))
                .await
                .expect("page");
            assert_eq!(page.total, 4, "{}", db.name);
            if n == 1 {
                assert_eq!(ids(&page)[0], "w-1", "most water first ({})", db.name);
            }
            seen.extend(ids(&page).into_iter().map(str::to_string));
        }
        seen.sort();
        assert_eq!(seen, ["w-1", "w-2", "w-3", "w-4"], "{}", db.name);
        let p1 = db
            .store
            .list_initiatives(&water(1, 1, Some("SDG6")))
            .await
            .expect("filtered");
        let p2 = db
            .store
            .list_initiatives(&water(2, 1, Some("SDG6")))
            .await
            .expect("filtered, page 2");
        assert_eq!((p1.total, p2.total), (2, 2), "{}", db.name);
        assert_eq!(
            (ids(&p1), ids(&p2)),
            (vec!["w-1"], vec!["w-3"]),
            "{}",
            db.name
        );
        assert_eq!(count(&p1, "sdg", "SDG6"), 2);
        assert_eq!(count(&p1, "sdg", "SDG4"), 0, "{}", db.name);
        let none = db
            .store
            .list_initiatives(&water(1, 5, Some("SDG14")))
            .await
            .expect("one");
        assert_eq!(ids(&none), ["w-4"], "{}", db.name);
        let past = db
            .store
            .list_initiatives(&water(9, 5, None))
            .await
            .expect("past the end");
        assert!(past.items.is_empty() && past.total == 4, "{}", db.name);
    }
}

/// Issue 2: an initiative whose title holds every search word comes before
/// any that has them only in its description, however often the description
/// repeats them; pages across the boundary of the two tiers hold each match
/// once; a title that holds only some of the words does not count.
#[tokio::test]
async fn title_matches_come_first_issue2() {
    for db in testing::both().await {
        let mut items = vec![
            initiative("t-1", "Solar schools", &["SDG4", "SDG7"]),
            initiative("t-2", "Community radio for solar villages", &["SDG7"]),
            initiative("t-3", "Rural clinics", &["SDG3", "SDG4"]),
            initiative("t-4", "Solar energy access in schools", &["SDG7"]),
            initiative("t-5", "Village libraries", &["SDG4"]),
            // Rows without the word, so that it is not in every row and
            // relevance scores are not all at their floor.
            initiative("x-1", "Digital libraries", &["SDG4"]),
            initiative("x-2", "Mobile clinics", &["SDG3"]),
            initiative("x-3", "Open data portal", &["SDG9"]),
        ];
        items[0].description = "Panels on school roofs.".into();
        items[1].description = "A radio network for remote villages and their schools.".into();
        items[2].description =
            "Solar power, solar lamps, solar fridges: solar everything for solar clinics.".into();
        items[3].description = "Energy for learning.".into();
        items[4].description = "Books carried by a solar bus to solar powered schools.".into();
        db.store
            .import_initiatives(&items, &mut |_| {})
            .await
            .expect("seed");
        let search = |q: &str, page: u32, per_page: u32| Filter {
            q: Some(q.into()),
            page,
            per_page,
            ..Filter::default()
        };
        let all = db
            .store
            .list_initiatives(&search("solar", 1, 10))
            .await
            .expect("all");
        let got = ids(&all);
        assert_eq!(got.len(), 5, "{}", db.name);
        let mut head: Vec<&str> = got[..3].to_vec();
        head.sort();
        assert_eq!(head, ["t-1", "t-2", "t-4"], "titles first ({})", db.name);
        let mut tail: Vec<&str> = got[3..].to_vec();
        tail.sort();
        assert_eq!(tail, ["t-3", "t-5"], "then descriptions ({})", db.name);
        // Within the tiers: the shortest title that holds the word (or, on
        // PostgreSQL, which does not weigh length, the first of equal
        // titles) and the description that repeats it most.
        assert_eq!((got[0], got[3]), ("t-1", "t-3"), "{}", db.name);
        let mut paged = Vec::new();
        for n in 1..=3 {
            let page = db
                .store
                .list_initiatives(&search("solar", n, 2))
                .await
                .expect("page");
            assert_eq!(page.total, 5, "{}", db.name);
            paged.extend(ids(&page).into_iter().map(str::to_string));
        }
        assert_eq!(paged, got, "pages follow the one-page order ({})", db.name);
        // Query syntax typed by a person reaches the tier queries only as
        // quoted words: it neither fails the search nor changes its sense.
        let typed = db
            .store
            .list_initiatives(&search("solar* :-( ) ^ {", 1, 10))
            .await
            .expect("syntax in the words");
        let mut typed_ids = ids(&typed);
        typed_ids.sort();
        assert_eq!(
            typed_ids,
            ["t-1", "t-2", "t-3", "t-4", "t-5"],
            "{}",
            db.name
        );
        let phrase = db
            .store
            .list_initiatives(&search("\"solar schools\"", 1, 10))
            .await
            .expect("phrase");
        assert_eq!(
            ids(&phrase),
            ["t-1"],
            "a phrase in the title tier ({})",
            db.name
        );
        // The same within a facet filter, where the first page holds the
        // one title match and is finished from the other tier.
        let in_sdg4 = |page: u32, per_page: u32| Filter {
            sdg: Some("SDG4".into()),
            ..search("solar", page, per_page)
        };
        let whole = db
            .store
            .list_initiatives(&in_sdg4(1, 10))
            .await
            .expect("filtered");
        assert_eq!(ids(&whole), ["t-1", "t-3", "t-5"], "{}", db.name);
        let filtered = walk_pages(&db.store, db.name, 2, 3, |n| in_sdg4(n, 2)).await;
        assert_eq!(filtered, ids(&whole), "{}", db.name);
        let both = db
            .store
            .list_initiatives(&search("solar schools", 1, 10))
            .await
            .expect("two words");
        let got = ids(&both);
        let mut head: Vec<&str> = got[..2].to_vec();
        head.sort();
        assert_eq!(
            head,
            ["t-1", "t-4"],
            "both words in the title ({})",
            db.name
        );
        let mut tail: Vec<&str> = got[2..].to_vec();
        tail.sort();
        assert_eq!(
            tail,
            ["t-2", "t-5"],
            "one word or none in the title ({})",
            db.name
        );
        // A minus sign does not mean "without" on either engine: the search
        // finds the initiatives that hold every word, as the same words do.
        let minus = db
            .store
            .list_initiatives(&search("solar -schools", 1, 10))
            .await
            .expect("minus sign");
        assert_eq!(ids(&minus), got, "{}", db.name);
        assert_eq!(minus.total, 4, "{}", db.name);
        // Later pages rank the second tier by itself; its order is the one
        // a first page gives it.
        let mut one_by_one = Vec::new();
        for n in 1..=4 {
            let page = db
                .store
                .list_initiatives(&search("solar schools", n, 1))
                .await
                .expect("page of one");
            one_by_one.extend(ids(&page).into_iter().map(str::to_string));
        }
        assert_eq!(one_by_one, got, "{}", db.name);
    }
}

/// A seeded register, a second server on it whose facet index is built, and
/// a filter on SDG9, under which nothing is filed yet.
async fn second_server(db: &testing::TestDb) -> (Store, Filter) {
    seed(&db.store).await;
    let other = Store::open(&db.url).await.expect("second server");
    let sdg9 = Filter {
        sdg: Some("SDG9".into()),
        ..filter()
    };
    let before = other.list_initiatives(&sdg9).await.expect("before");
    assert_eq!(before.total, 0, "{}", db.name);
    (other, sdg9)
}

/// Issue 2: several servers share one database. Each keeps its own facet
/// index; a write made through one server must show in the next search of
/// another, for new initiatives and for changed codes alike.
#[tokio::test]
async fn issue2_a_second_server_sees_every_write_at_its_next_search() {
    for db in testing::both().await {
        let (other, sdg9) = second_server(&db).await;
        // The machine suggests SDG9 for s-1 through the first server...
        let suggestion = suggested("SDG9", 0.8, &["clinics"]);
        db.store
            .replace_suggestions("s-1", vec![suggestion])
            .await
            .expect("suggest");
        let suggested_now = other.list_initiatives(&sdg9).await.expect("suggested");
        assert_eq!(ids(&suggested_now), ["s-1"], "{}", db.name);
        // ...a reviewer rejects it, and a new initiative under SDG9 arrives.
        db.store
            .review_code("s-1", "SDG9", false, "test")
            .await
            .expect("reject");
        let more = initiative("s-9", "Rural health broadband", &["SDG9"]);
        db.store
            .import_initiatives(&[more], &mut |_| {})
            .await
            .expect("import");
        let after = other.list_initiatives(&sdg9).await.expect("after");
        assert_eq!(ids(&after), ["s-9"], "{}", db.name);
        assert_eq!(count(&after, "sdg", "SDG9"), 1);
        let all = other.list_initiatives(&filter()).await.expect("all");
        assert_eq!(all.total, 5, "{}", db.name);
        // Words and filters together, on the second server.
        let text = Filter {
            q: Some("health".into()),
            sdg: Some("SDG9".into()),
            ..filter()
        };
        let found = other.list_initiatives(&text).await.expect("text");
        assert_eq!(ids(&found), ["s-9"], "{}", db.name);
        other.close().await;
    }
}

/// Issue 2: the change log keeps only recent history. A write prunes what
/// lies far behind, and a server whose index is that far behind rebuilds it
/// from the tables, so it still sees every write.
#[tokio::test]
async fn issue2_a_server_far_behind_the_pruned_change_log_rebuilds_its_index() {
    for db in testing::both().await {
        let (other, sdg9) = second_server(&db).await;
        // A write the second server has not read yet...
        let more = initiative("s-9", "Rural health broadband", &["SDG9"]);
        db.store
            .import_initiatives(&[more], &mut |_| {})
            .await
            .expect("import");
        // ...then a long history passes (the counter jumps), then one more
        // write, which prunes the first one's change from the log.
        let pool = sqlx::AnyPool::connect(&db.url).await.expect("raw pool");
        sqlx::query("UPDATE revision SET value = value + 250000 WHERE id = 1")
            .execute(&pool)
            .await
            .expect("age the register");
        let suggestion = suggested("SDG9", 0.8, &["clinics"]);
        db.store
            .replace_suggestions("s-1", vec![suggestion])
            .await
            .expect("suggest");
        let kept: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM initiative_changes")
            .fetch_one(&pool)
            .await
            .expect("count");
        assert_eq!(
            kept, 1,
            "only the last write's change is kept ({})",
            db.name
        );
        let after = other.list_initiatives(&sdg9).await.expect("after");
        assert_eq!(ids(&after), ["s-9", "s-1"], "{}", db.name);
        assert_eq!(
            other.list_initiatives(&filter()).await.expect("all").total,
            5
        );
        pool.close().await;
        other.close().await;
    }
}

/// Issue 2: the title tier follows titles edited after an import (both
/// engines keep titles in an index of their own, and PostgreSQL the words
/// of whole initiatives in a table of their own, kept up to date by
/// triggers; a deleted initiative leaves them too).
#[tokio::test]
async fn title_tier_follows_edited_titles_issue2() {
    for db in testing::both().await {
        let mut items = vec![
            initiative("e-1", "Village libraries", &["SDG4"]),
            initiative("e-2", "Solar schools", &["SDG7"]),
        ];
        items[0].description = "Books by a solar bus with solar lamps and solar panels.".into();
        items[1].description = "Solar panels on school roofs.".into();
        let before = seed_and_search(&db.store, &items, "solar").await;
        assert_eq!(before, ["e-2", "e-1"], "{}", db.name);
        let edits = [
            ("e-1", "Solar village libraries"),
            ("e-2", "Rooftop schools"),
        ];
        edit(&db.url, "title", &edits).await;
        let after = search(&db.store, "solar").await;
        assert_eq!(ids(&after), ["e-1", "e-2"], "edited titles ({})", db.name);
        // Page by page too: the second page counts the title tier and
        // ranks the rest on their own.
        for (page, want) in [(1, "e-1"), (2, "e-2")] {
            let filter = Filter {
                q: Some("solar".into()),
                page,
                per_page: 1,
                ..Filter::default()
            };
            let one = db.store.list_initiatives(&filter).await.expect("page");
            assert_eq!(ids(&one), [want], "page {page} ({})", db.name);
        }
        let rooftop = search(&db.store, "rooftop").await;
        assert_eq!(ids(&rooftop), ["e-2"], "{}", db.name);
        // The tables that serve the search follow the edit and the delete.
        let (titled, matched) = if db.name == "sqlite" {
            (
                "SELECT count(*) FROM initiative_titles_fts \
                 WHERE initiative_titles_fts MATCH 'rooftop'",
                "SELECT count(*) FROM initiatives_fts WHERE initiatives_fts MATCH 'rooftop'",
            )
        } else {
            (
                "SELECT count(*) FROM initiative_titles \
                 WHERE title @@ to_tsquery('english', 'rooftop')",
                "SELECT count(*) FROM initiative_matches \
                 WHERE search @@ to_tsquery('english', 'rooftop')",
            )
        };
        let pool = sqlx::AnyPool::connect(&db.url).await.expect("pool");
        let count = |q: &'static str| sqlx::query_scalar::<_, i64>(q).fetch_one(&pool);
        assert_eq!(count(titled).await.expect("count"), 1, "{}", db.name);
        assert_eq!(count(matched).await.expect("count"), 1, "{}", db.name);
        sqlx::query("DELETE FROM initiatives WHERE id = 'e-2'")
            .execute(&pool)
            .await
            .expect("delete");
        assert_eq!(count(titled).await.expect("count"), 0, "{}", db.name);
        assert_eq!(count(matched).await.expect("count"), 0, "{}", db.name);
        pool.close().await;
    }
}

/// Issue 2: an edited description reaches every table a search reads: its
/// new words are found and its old ones are not, and the second tier is
/// ranked on the new text (on PostgreSQL, from the table kept for ranking).
#[tokio::test]
async fn description_edits_reach_the_search_issue2() {
    for db in testing::both().await {
        let mut items = vec![
            initiative("d-1", "Village libraries", &["SDG4"]),
            initiative("d-2", "Rural clinics", &["SDG3"]),
            initiative("d-3", "Open data portal", &["SDG9"]),
        ];
        items[0].description = "Reading rooms with solar lamps.".into();
        items[1].description = "Clinics with solar fridges, solar lamps and solar panels.".into();
        items[2].description = "Budgets and contracts in open formats.".into();
        let before = seed_and_search(&db.store, &items, "solar").await;
        assert_eq!(before, ["d-2", "d-1"], "{}", db.name);
        let edits = [
            (
                "d-1",
                "Solar lamps, solar radios and solar chargers for solar reading rooms.",
            ),
            ("d-2", "Clinics with wind pumps and solar lamps."),
        ];
        edit(&db.url, "description", &edits).await;
        let after = search(&db.store, "solar").await;
        let (name, after) = (db.name, ids(&after));
        assert_eq!(after, ["d-1", "d-2"], "ranked on the new text ({name})");
        let wind = search(&db.store, "wind").await;
        assert_eq!(ids(&wind), ["d-2"], "{}", db.name);
        let gone = search(&db.store, "fridges").await;
        assert_eq!(gone.total, 0, "{}", db.name);
    }
}

/// The first page of a search for `q`.
async fn search(store: &Store, q: &str) -> SearchPage {
    let filter = Filter {
        q: Some(q.into()),
        ..Filter::default()
    };
    store.list_initiatives(&filter).await.expect("search")
}

/// Imports `items` and returns the ids a search for `q` then finds.
async fn seed_and_search(store: &Store, items: &[Initiative], q: &str) -> Vec<String> {
    store
        .import_initiatives(items, &mut |_| {})
        .await
        .expect("seed");
    let page = search(store, q).await;
    ids(&page).into_iter().map(str::to_string).collect()
}

/// Sets the `title` or `description` of initiatives, by id, straight in the
/// database (past the store, as another program's edit would be), so that
/// only the database's triggers can bring the search up to date.
async fn edit(url: &str, column: &str, edits: &[(&str, &str)]) {
    let statement = match column {
        "title" => "UPDATE initiatives SET title = $1 WHERE id = $2",
        _ => "UPDATE initiatives SET description = $1 WHERE id = $2",
    };
    let pool = sqlx::AnyPool::connect(url).await.expect("pool");
    for (id, value) in edits {
        sqlx::query(statement)
            .bind(*value)
            .bind(*id)
            .execute(&pool)
            .await
            .expect("edit");
    }
    pool.close().await;
}

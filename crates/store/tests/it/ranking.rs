//! Ranking of text matches: a page is the same however the search runs.

use wsis_register::Initiative;
use wsis_store::testing;
use wsis_store::{Filter, SearchPage, Store};

use crate::fixtures::{futures_join, initiative, walk_pages};

/// How often the word occurs in the description of `rest-NN`.
fn repeats(n: usize) -> usize {
    1 + n % 9
}

fn search(page: u32, per_page: u32) -> Filter {
    Filter {
        q: Some("beacon".into()),
        page,
        per_page,
        ..Filter::default()
    }
}

fn ids(page: &SearchPage) -> Vec<String> {
    page.items.iter().map(|i| i.id.clone()).collect()
}

/// Three initiatives with the word in their title, 45 with it only in
/// their description, [`repeats`] times, all filed under `code`, with ids
/// that start with `prefix`.
fn beacons(prefix: &str, code: &str) -> Vec<Initiative> {
    let mut items = Vec::new();
    for n in 0..3 {
        items.push(initiative(
            &format!("{prefix}title-{n}"),
            &format!("Beacon network {n}"),
            &[code],
        ));
    }
    for n in 0..45 {
        let mut item = initiative(
            &format!("{prefix}rest-{n:02}"),
            &format!("Lighthouse project {n}"),
            &[code],
        );
        // Descriptions of one length, so that only the repeats rank them.
        let mut words = vec!["beacon"; repeats(n)];
        words.resize(12, "harbour");
        item.description = words.join(" ");
        items.push(item);
    }
    items
}

/// Checks that the searches `filter` makes (by page and page size) give
/// the [`beacons`] without prefix in one ranking: the title tier first,
/// then the most repeats first; pages of 7 that follow the order of one
/// page of 100; and the same pages when 24 searches run at once, more than
/// the PostgreSQL pool's 8 connections, so that some run on one.
async fn assert_one_ranking(db: &testing::TestDb, filter: impl Fn(u32, u32) -> Filter) {
    let whole = db
        .store
        .list_initiatives(&filter(1, 100))
        .await
        .expect("whole");
    assert_eq!(whole.total, 48, "{}", db.name);
    let order = ids(&whole);
    let mut titles = order[..3].to_vec();
    titles.sort();
    assert_eq!(titles, ["title-0", "title-1", "title-2"], "{}", db.name);
    let counts: Vec<usize> = order[3..]
        .iter()
        .map(|id| repeats(id["rest-".len()..].parse().expect("rest id")))
        .collect();
    assert!(
        counts.windows(2).all(|w| w[0] >= w[1]),
        "most repeats first ({}): {counts:?}",
        db.name
    );
    let paged = walk_pages(&db.store, db.name, 7, 48, |page| filter(page, 7)).await;
    assert_eq!(
        paged, order,
        "pages follow the one-page order ({})",
        db.name
    );
    let at_once = futures_join((0..24u32).map(|n| {
        let page = 1 + n % 7;
        let (store, f) = (&db.store, filter(page, 7));
        async move { (page, store.list_initiatives(&f).await) }
    }))
    .await;
    for (page, got) in at_once {
        let got = got.expect("search at once");
        let from = (page as usize - 1) * 7;
        let want = &order[from..(from + 7).min(order.len())];
        assert_eq!(ids(&got), want, "page {page} at once ({})", db.name);
    }
}

/// Regression test for issue 2. On PostgreSQL a search ranks the matches
/// whose title lacks the words on two connections, each the keys of one
/// parity, and merges the two lists, when the pool has an idle connection,
/// and on one connection when it has none. Either way, and on SQLite, the
/// order must be one ranking.
#[tokio::test]
async fn issue2_pages_rank_alike_on_one_connection_or_two() {
    for db in testing::both().await {
        let mut items = beacons("", "SDG9");
        for n in 0..10 {
            items.push(initiative(
                &format!("other-{n}"),
                "Port authority",
                &["SDG14"],
            ));
        }
        db.store
            .import_initiatives(&items, &mut |_| {})
            .await
            .expect("seed");
        assert_one_ranking(&db, search).await;
    }
}

/// Regression test for issue 2. A search with facet filters on PostgreSQL
/// lists every match of its words and ranks every title that holds them
/// on two connections, and keeps those within the filters itself; on one
/// connection it hands the filters' keys to one statement. Either way, and
/// on SQLite, the page must be the one ranking of the matches within the
/// filters, here 48 initiatives under SDG9 beside the same texts under SDG5.
#[tokio::test]
async fn issue2_filtered_pages_rank_alike_on_one_connection_or_two() {
    for db in testing::both().await {
        let mut items = beacons("", "SDG9");
        items.extend(beacons("x-", "SDG5"));
        db.store
            .import_initiatives(&items, &mut |_| {})
            .await
            .expect("seed");
        let within = |page, per_page| Filter {
            sdg: Some("SDG9".into()),
            ..search(page, per_page)
        };
        assert_one_ranking(&db, within).await;
        // Filters nothing is filed under find nothing, words or not.
        let none = Filter {
            sdg: Some("SDG1".into()),
            ..search(1, 7)
        };
        let got = db.store.list_initiatives(&none).await.expect("no match");
        assert_eq!((got.total, got.items.len()), (0, 0), "{}", db.name);
        assert!(got.facets.values().all(|v| v.is_empty()), "{}", db.name);
    }
}

/// Regression test for issue 2: a search on PostgreSQL takes an idle
/// connection for its second half without waiting, and so without the
/// pool's check that it still works; when the server has closed the idle
/// connections, the search still answers, on one connection.
#[tokio::test]
async fn issue2_a_search_survives_closed_idle_connections() {
    let db = testing::postgres().await;
    let items: Vec<_> = (0..30)
        .map(|n| {
            initiative(
                &format!("beacon-{n:02}"),
                &format!("Beacon network {n}"),
                &["SDG9"],
            )
        })
        .collect();
    db.store
        .import_initiatives(&items, &mut |_| {})
        .await
        .expect("seed");
    let before = db
        .store
        .list_initiatives(&search(1, 7))
        .await
        .expect("first search");
    // Searches at once leave the pool holding several idle connections, so
    // that one of them is still there, closed, when the search below takes
    // its second connection.
    let filter = search(1, 7);
    for page in futures_join((0..8).map(|_| db.store.list_initiatives(&filter))).await {
        page.expect("searches at once");
    }
    let admin = sqlx::AnyPool::connect(&db.url).await.expect("admin pool");
    let closed: i64 = sqlx::query_scalar(
        "SELECT count(*) FROM (SELECT pg_terminate_backend(pid) FROM pg_stat_activity \
         WHERE datname = current_database() AND pid <> pg_backend_pid()) AS t",
    )
    .fetch_one(&admin)
    .await
    .expect("close the store's connections");
    admin.close().await;
    assert!(closed >= 3, "the store kept {closed} idle connections");
    let after = db
        .store
        .list_initiatives(&search(1, 7))
        .await
        .expect("search after");
    assert_eq!(ids(&after), ids(&before));
    assert_eq!(after.total, 30);
}

/// Regression test for issue 2. On PostgreSQL the title tier is ranked in
/// two halves, the even keys and the odd (migration 0007), on two
/// connections, and merged by rank. Titles that repeat the word more rank
/// higher; here the best titles alternate between the halves, and a page
/// of one at a time must walk them in one ranking on both engines. Each
/// half's tables hold only keys of its parity.
#[tokio::test]
async fn issue2_the_title_tier_merges_its_halves_in_one_ranking() {
    for db in testing::both().await {
        // Keys are handed out in order, so neighbours land in different
        // halves: title-5 (five beacons) first, then title-4, and so on.
        let items: Vec<_> = (1..=5)
            .rev()
            .map(|n| {
                let mut words = vec!["beacon"; n];
                words.resize(6, "relay");
                initiative(&format!("title-{n}"), &words.join(" "), &["SDG9"])
            })
            .collect();
        db.store
            .import_initiatives(&items, &mut |_| {})
            .await
            .expect("seed");
        let walked = walk_pages(&db.store, db.name, 6, 5, |page| search(page, 1)).await;
        assert_eq!(
            walked,
            ["title-5", "title-4", "title-3", "title-2", "title-1"],
            "{}",
            db.name
        );
        if db.name == "postgres" {
            let pool = sqlx::AnyPool::connect(&db.url).await.expect("pool");
            let strays: i64 = sqlx::query_scalar(
                "SELECT (SELECT count(*) FROM initiative_matches_even WHERE seq % 2 <> 0) \
                 + (SELECT count(*) FROM initiative_matches_odd WHERE seq % 2 <> 1) \
                 + (SELECT count(*) FROM initiative_titles_even WHERE seq % 2 <> 0) \
                 + (SELECT count(*) FROM initiative_titles_odd WHERE seq % 2 <> 1)",
            )
            .fetch_one(&pool)
            .await
            .expect("halves");
            assert_eq!(strays, 0, "a key in the other parity's half");
            let (even, odd): (i64, i64) = sqlx::query_as(
                "SELECT (SELECT count(*) FROM initiative_titles_even), \
                 (SELECT count(*) FROM initiative_titles_odd)",
            )
            .fetch_one(&pool)
            .await
            .expect("halves");
            assert_eq!((even.min(odd), even + odd), (2, 5));
            pool.close().await;
        }
    }
}

/// Regression test for issue 2: a PostgreSQL register that was filled
/// before migration 0007 split the search tables in halves keeps every
/// match and title through it. The database is migrated to 0006, filled
/// by plain inserts (the triggers of 0006 write the search tables), then
/// opened by the store, which applies 0007; every initiative is then
/// found, in the right half, and ranked as before.
#[tokio::test]
async fn issue2_migration_0007_keeps_every_match_in_its_half() {
    let url = testing::unmigrated_postgres().await;
    let pool = sqlx::PgPool::connect(&url).await.expect("pool");
    sqlx::migrate!("./migrations/postgres")
        .run_to(6, &pool)
        .await
        .expect("migrate to 0006");
    // Beacon 1 to 9: the more often a title says "beacon", the higher it
    // ranks, and neighbours fall in different halves after the split.
    sqlx::raw_sql(
        "INSERT INTO organizations (id, name, stakeholder_group, country) \
         VALUES ('o', 'Harbour office', 'government', NULL); \
         INSERT INTO initiatives (id, title, description, organization_id, kind, status) \
         SELECT 'old-' || n, repeat('beacon ', n) || 'relay', 'A harbour light', 'o', \
         'project', 'ongoing' FROM generate_series(1, 9) AS n",
    )
    .execute(&pool)
    .await
    .expect("fill at 0006");
    pool.close().await;
    let store = Store::open(&url).await.expect("open");
    store.migrate().await.expect("migrate to 0007");
    let found = store
        .list_initiatives(&search(1, 20))
        .await
        .expect("search");
    assert_eq!(found.total, 9);
    let want: Vec<String> = (1..=9).rev().map(|n| format!("old-{n}")).collect();
    assert_eq!(ids(&found), want);
    let pool = sqlx::PgPool::connect(&url).await.expect("pool");
    let (even, odd): (i64, i64) = sqlx::query_as(
        "SELECT (SELECT count(*) FROM initiative_matches_even WHERE seq % 2 = 0) \
         + (SELECT count(*) FROM initiative_titles_even WHERE seq % 2 = 0), \
         (SELECT count(*) FROM initiative_matches_odd WHERE seq % 2 = 1) \
         + (SELECT count(*) FROM initiative_titles_odd WHERE seq % 2 = 1)",
    )
    .fetch_one(&pool)
    .await
    .expect("halves");
    assert_eq!(
        (even, odd),
        (8, 10),
        "4 even and 5 odd keys, in both tables"
    );
    pool.close().await;
    store.close().await;
}

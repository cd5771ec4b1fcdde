//! Rate-limit attempts are counted across parallel requests.

use std::sync::Arc;

use wsis_store::{Store, testing};

/// Makes one attempt per key in `keys`, all at once, and counts those allowed.
async fn burst(store: &Arc<Store>, keys: Vec<String>) -> usize {
    let tries: Vec<_> = keys
        .into_iter()
        .map(|key| {
            let store = store.clone();
            tokio::spawn(async move { store.allow_attempt("sign-in", &key, 3, 600).await })
        })
        .collect();
    let mut allowed = 0;
    for t in tries {
        allowed += usize::from(t.await.expect("join").expect("attempt"));
    }
    allowed
}

/// Checks one store: a first burst on keys of their own opens the pool's
/// connections, so that the attempts after it start together rather than
/// one by one as connections open.
async fn check(store: &Arc<Store>, name: &str) {
    let warm = burst(store, (0..8).map(|n| format!("warm-{n}")).collect()).await;
    assert_eq!(warm, 8, "{name}");
    let allowed = burst(store, vec![format!("burst-{name}"); 12]).await;
    assert_eq!(allowed, 3, "{name}");
    // Another key has a limit of its own.
    let calm = format!("calm-{name}");
    let other = store.allow_attempt("sign-in", &calm, 3, 600).await;
    assert!(other.expect("attempt"), "{name}");
}

/// Issue 4: attempts made at the same moment, as from several servers or
/// several connections of one, go ahead only up to the limit. On
/// PostgreSQL each attempt used to count before the others inserted, so a
/// burst could pass the limit by up to the number of connections; the same
/// holds when the database's default isolation level is REPEATABLE READ,
/// where a snapshot taken before the wait would miss the others' inserts.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn parallel_attempts_stay_within_the_limit_issue4() {
    for db in testing::both().await {
        check(&db.store, db.name).await;
        if db.name == "postgres" {
            let pool = sqlx::AnyPool::connect(&db.url).await.expect("pool");
            let database = db.url.rsplit('/').next().expect("database name");
            let set = format!(
                "ALTER DATABASE {database} SET default_transaction_isolation = 'repeatable read'"
            );
            sqlx::raw_sql(sqlx::AssertSqlSafe(set))
                .execute(&pool)
                .await
                .expect("set isolation");
            pool.close().await;
            // A new pool, whose connections start with the new default.
            let store = Arc::new(Store::open(&db.url).await.expect("open"));
            check(&store, "postgres, repeatable read").await;
        }
    }
}

//! Rate-limit attempts are counted across parallel requests.

use wsis_store::testing;

/// Issue 4: attempts made at the same moment, as from several servers or
/// several connections of one, go ahead only up to the limit. On
/// PostgreSQL each attempt used to count before the others inserted, so a
/// burst could pass the limit by up to the number of connections.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn parallel_attempts_stay_within_the_limit_issue4() {
    for db in testing::both().await {
        // A first burst on keys of their own opens the pool's connections,
        // so that the attempts below start together rather than one by one
        // as connections open.
        let burst = |keys: Vec<String>| {
            let tries: Vec<_> = keys
                .into_iter()
                .map(|key| {
                    let store = db.store.clone();
                    tokio::spawn(async move { store.allow_attempt("sign-in", &key, 3, 600).await })
                })
                .collect();
            async move {
                let mut allowed = 0;
                for t in tries {
                    allowed += usize::from(t.await.expect("join").expect("attempt"));
                }
                allowed
            }
        };
        let warm = burst((0..8).map(|n| format!("warm-{n}")).collect()).await;
        assert_eq!(warm, 8, "{}", db.name);
        let key = format!("burst-{}", db.name);
        let allowed = burst(vec![key; 12]).await;
        assert_eq!(allowed, 3, "{}", db.name);
        // Another key has a limit of its own.
        let other = db.store.allow_attempt("sign-in", "calm", 3, 600).await;
        assert!(other.expect("attempt"), "{}", db.name);
    }
}

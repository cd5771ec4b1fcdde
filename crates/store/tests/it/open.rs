//! Opening a database: what goes wrong is said at once, in the engine's words.

use wsis_store::{Store, testing};

/// A PostgreSQL server that refuses the connection, or a database it does
/// not have, was reported after the pool's 30-second wait as only "pool
/// timed out". The error now carries PostgreSQL's own reason.
#[tokio::test]
async fn opening_postgres_says_why_it_cannot_connect_issue2() {
    // A port nothing listens on: bound, then released.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .expect("a free port")
        .port();
    let refused = Store::open(&format!("postgres://postgres@127.0.0.1:{port}/x"))
        .await
        .err()
        .expect("nothing listens there");
    assert!(refused.to_string().contains("refused"), "{refused}");

    let admin = testing::postgres_url();
    let base = admin.rsplit_once('/').map_or(admin.as_str(), |(b, _)| b);
    let name = format!("no_such_db_{}", std::process::id());
    let missing = Store::open(&format!("{base}/{name}"))
        .await
        .err()
        .expect("the server has no such database");
    let message = missing.to_string();
    assert!(
        message.contains(&name) && message.contains("does not exist"),
        "{message}"
    );

    let store = Store::open(&admin).await.expect("the test server opens");
    store.ping().await.expect("and answers");
}

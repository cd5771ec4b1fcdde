//! Fresh, empty databases on both engines, for tests.
//!
//! Every test gets its own SQLite file and its own PostgreSQL database, so
//! tests run in parallel without seeing each other's rows. The PostgreSQL
//! server is the one `scripts/with-postgres.sh` starts; its URL comes in
//! `WSIS_HUB_TEST_POSTGRES`.

use std::sync::Arc;
use std::sync::atomic::{AtomicU32, Ordering};

use sqlx::{AssertSqlSafe, Connection};

use crate::{Engine, Store};

/// A store for a test, with what keeps it alive.
pub struct TestDb {
    /// The migrated, empty store.
    pub store: Arc<Store>,
    /// Its URL, for commands that open it themselves.
    pub url: String,
    /// The engine's name, for messages.
    pub name: &'static str,
    /// The temporary folder of a SQLite database, deleted when dropped.
    pub dir: Option<tempfile::TempDir>,
}

static COUNTER: AtomicU32 = AtomicU32::new(0);

/// The URL of the test PostgreSQL server.
///
/// # Panics
/// Without `WSIS_HUB_TEST_POSTGRES`: the test suite must run on both engines,
/// so a run without PostgreSQL is a failed run, not a silently shorter one.
pub fn postgres_url() -> String {
    std::env::var("WSIS_HUB_TEST_POSTGRES").unwrap_or_else(|_| {
        panic!("WSIS_HUB_TEST_POSTGRES is not set: run the tests with scripts/test.sh")
    })
}

/// An empty migrated SQLite database in a temporary folder.
pub async fn sqlite() -> TestDb {
    let dir = tempfile::tempdir().expect("temp dir");
    let url = format!("sqlite://{}", dir.path().join("test.db").display());
    let store = Store::open(&url).await.expect("open sqlite");
    store.migrate().await.expect("migrate sqlite");
    TestDb {
        store: Arc::new(store),
        url,
        name: "sqlite",
        dir: Some(dir),
    }
}

/// The URL of a new database of its own on the test PostgreSQL server,
/// with no tables: for a test that migrates it step by step.
pub async fn unmigrated_postgres() -> String {
    let admin = postgres_url();
    let name = format!(
        "t{}_{}_{}",
        std::process::id(),
        COUNTER.fetch_add(1, Ordering::Relaxed),
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.subsec_nanos())
    );
    let mut conn = sqlx::PgConnection::connect(&admin)
        .await
        .expect("connect to test postgres");
    let create = format!("CREATE DATABASE {name}");
    sqlx::raw_sql(AssertSqlSafe(create))
        .execute(&mut conn)
        .await
        .expect("create database");
    conn.close().await.ok();
    let base = admin.rsplit_once('/').map_or(admin.as_str(), |(b, _)| b);
    format!("{base}/{name}")
}

/// An empty migrated database of its own on the test PostgreSQL server.
pub async fn postgres() -> TestDb {
    let url = unmigrated_postgres().await;
    let store = Store::open(&url).await.expect("open postgres");
    assert_eq!(store.engine(), Engine::Postgres);
    store.migrate().await.expect("migrate postgres");
    TestDb {
        store: Arc::new(store),
        url,
        name: "postgres",
        dir: None,
    }
}

/// One fresh database per engine: SQLite first, then PostgreSQL.
pub async fn both() -> Vec<TestDb> {
    vec![sqlite().await, postgres().await]
}

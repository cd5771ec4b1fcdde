//! The database of wsis-hub.
//!
//! One code path serves two engines through sqlx's `Any` driver: SQLite, the
//! embedded default (one file, WAL mode), and PostgreSQL, for deployments of
//! several stateless servers sharing one database. SQL lives in `sql.rs` as
//! constants with `$N` placeholders; where the engines differ (full-text
//! search, JSON row sets), each has its own constant and `Store::pick`
//! chooses. Full-text search uses each engine's own index (FTS5, tsvector +
//! GIN); facets are counted in memory by each server over an index derived
//! from the database and refreshed by its revision counter, so nothing
//! outside the database has to be kept in sync.
#![forbid(unsafe_code)]

mod accounts;
mod audit;
mod calls;
mod error;
mod facets;
mod index;
mod read;
mod review;
mod rows;
mod search;
mod sql;
mod sql_calls;
mod submissions;
#[cfg(feature = "testing")]
pub mod testing;
mod text_pg;
mod write;

use std::sync::Arc;
use std::time::Duration;

use sqlx::AnyPool;
use sqlx::any::AnyPoolOptions;

pub use error::{Error, Result};
pub use facets::{FACETS, derive_facets};
pub use read::Counts;
pub use search::{
    DEFAULT_PER_PAGE, FacetValue, Facets, Filter, MAX_PER_PAGE, MAX_QUERY_CHARS, SearchPage,
    query_fits,
};
pub use submissions::{Moderation, NewSubmission, decide_code};

/// Which database engine a store runs on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Engine {
    /// Embedded SQLite file.
    Sqlite,
    /// PostgreSQL server.
    Postgres,
}

/// The database seam: every method is one use case of the platform.
pub struct Store {
    pool: AnyPool,
    engine: Engine,
    /// This server's facet index, refreshed to the database's revision at
    /// each search; see `index/`.
    index: tokio::sync::Mutex<Arc<index::FacetIndex>>,
}

/// How long opening a PostgreSQL database waits for its first connection.
const FIRST_CONNECTION: Duration = Duration::from_secs(10);

/// Connects once to a PostgreSQL URL, so that a server that is down, a
/// wrong password or a database that does not exist is reported at once
/// and in PostgreSQL's words. A pool retries a failed connection until its
/// acquire timeout and then reports only that it timed out: 34 s and "pool
/// timed out" for a server that refused the connection at once.
async fn first_connection(url: &str) -> Result<()> {
    use sqlx::Connection;
    let connect = sqlx::AnyConnection::connect(url);
    match tokio::time::timeout(FIRST_CONNECTION, connect).await {
        Ok(Ok(conn)) => conn.close().await.map_err(Error::Connect),
        Ok(Err(e)) => Err(Error::Connect(e)),
        Err(_) => Err(Error::Connect(sqlx::Error::PoolTimedOut)),
    }
}

impl Store {
    /// Opens a database by URL: `sqlite://PATH` (created if missing) or
    /// `postgres://USER@HOST:PORT/DB`.
    pub async fn open(url: &str) -> Result<Store> {
        sqlx::any::install_default_drivers();
        let (engine, url) = if let Some(path) = url.strip_prefix("sqlite://") {
            let path = path.split('?').next().unwrap_or(path);
            (Engine::Sqlite, format!("sqlite://{path}?mode=rwc"))
        } else if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            (Engine::Postgres, url.to_string())
        } else {
            return Err(Error::BadUrl(url.to_string()));
        };
        let options = AnyPoolOptions::new().acquire_timeout(Duration::from_secs(30));
        let pool = match engine {
            // SQLite serialises writers anyway; a few connections serve
            // concurrent readers, and WAL lets them read while one writes.
            Engine::Sqlite => options
                .max_connections(4)
                .after_connect(|conn, _| {
                    Box::pin(async move {
                        sqlx::raw_sql(sql::SQLITE_PRAGMAS).execute(conn).await?;
                        Ok(())
                    })
                })
                .connect(&url)
                .await
                .map_err(Error::Connect)?,
            // Two at least: a text search lists its matches on one
            // connection while it ranks its page on a second that is idle.
            Engine::Postgres => {
                first_connection(&url).await?;
                options
                    .max_connections(8)
                    .min_connections(2)
                    .after_connect(|conn, _| {
                        Box::pin(async move {
                            sqlx::raw_sql(sql::PG_SESSION).execute(conn).await?;
                            Ok(())
                        })
                    })
                    .connect(&url)
                    .await
                    .map_err(Error::Connect)?
            }
        };
        Ok(Store {
            pool,
            engine,
            index: tokio::sync::Mutex::new(Arc::new(index::FacetIndex::unbuilt())),
        })
    }

    /// Applies the engine's migrations that have not run yet.
    pub async fn migrate(&self) -> Result<()> {
        let migrator = match self.engine {
            Engine::Sqlite => sqlx::migrate!("./migrations/sqlite"),
            Engine::Postgres => sqlx::migrate!("./migrations/postgres"),
        };
        migrator.run(&self.pool).await?;
        Ok(())
    }

    /// The engine behind this store.
    pub fn engine(&self) -> Engine {
        self.engine
    }

    /// Closes every connection, waiting for running queries.
    pub async fn close(&self) {
        self.pool.close().await;
    }

    /// Whether the database answers.
    pub async fn ping(&self) -> Result<()> {
        sqlx::query(sql::PING).execute(&self.pool).await?;
        Ok(())
    }

    /// Chooses the SQL text for this store's engine.
    fn pick(&self, sqlite: &'static str, postgres: &'static str) -> &'static str {
        match self.engine {
            Engine::Sqlite => sqlite,
            Engine::Postgres => postgres,
        }
    }
}

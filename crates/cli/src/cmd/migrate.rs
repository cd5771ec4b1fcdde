//! `wsis-hub migrate`: apply the schema migrations of the database's engine.

use anyhow::Context;
use wsis_store::Store;

/// Opens the database and brings its schema up to date.
pub async fn open(database: &str) -> anyhow::Result<Store> {
    let store = Store::open(database)
        .await
        .with_context(|| format!("opening {database}"))?;
    store.migrate().await.context("migrating the database")?;
    Ok(store)
}

/// Runs the command.
pub async fn run(database: &str) -> anyhow::Result<()> {
    let store = open(database).await?;
    store.close().await;
    eprintln!("{database}: schema up to date");
    Ok(())
}

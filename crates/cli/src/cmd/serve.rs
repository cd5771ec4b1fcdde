//! `wsis-hub serve`: run the web server.

use std::net::SocketAddr;
use std::sync::Arc;

use anyhow::Context;
use wsis_calls::call::{CallDraft, CallStatus, Question};
use wsis_framework::Framework;
use wsis_register::interchange;
use wsis_store::Store;
use wsis_web::{AppState, Mapper, router};

use crate::cmd::migrate;
use crate::mapping;

/// The demo data set, compiled in so that `serve --demo` works from the
/// binary alone.
const DEMO: &str = include_str!("../../../../data/demo/initiatives.json");

/// How to serve.
#[derive(clap::Args, Debug)]
pub struct Args {
    /// Address to listen on (port 0 picks a free port).
    #[arg(long, default_value = "127.0.0.1:8080", env = "WSIS_HUB_ADDR")]
    pub addr: SocketAddr,
    /// Load the demo data set if the database is empty.
    #[arg(long)]
    pub demo: bool,
    /// A shared administrator token for the code-review API routes (besides
    /// the tokens of administrator accounts made by `token create`).
    #[arg(long, env = "WSIS_HUB_ADMIN_TOKEN", hide_env_values = true)]
    pub admin_token: Option<String>,
    /// Mark session cookies `Secure` (serve behind HTTPS).
    #[arg(long, env = "WSIS_HUB_SECURE_COOKIES")]
    pub secure_cookies: bool,
}

/// Runs the command until Ctrl-C or SIGTERM.
pub async fn run(database: &str, args: Args) -> anyhow::Result<()> {
    let store = Arc::new(migrate::open(database).await?);
    let engine = Arc::new(wsis_classify::Engine::embedded().context("loading the mapping engine")?);
    if args.demo {
        load_demo(&store, &engine).await?;
    }
    // Build the facet index before the first visitor, who would otherwise
    // wait for it (about a second at 100,000 initiatives).
    store.prepare_search().await?;
    let listener = tokio::net::TcpListener::bind(args.addr)
        .await
        .with_context(|| format!("listening on {}", args.addr))?;
    let addr = listener.local_addr()?;
    println!("wsis-hub is running at http://{addr}/ (database {database})");
    let mapper: Mapper = Arc::new(move |text: &str| mapping::text_suggestions(&engine, text));
    let state = AppState::new(Arc::clone(&store))
        .with_admin_token(args.admin_token)
        .with_mapper(mapper)
        .with_secure_cookies(args.secure_cookies);
    let app = router(state);
    axum::serve(
        listener,
        app.into_make_service_with_connect_info::<SocketAddr>(),
    )
    .with_graceful_shutdown(shutdown())
    .await
    .context("serving")?;
    store.close().await;
    Ok(())
}

/// Imports the demo initiatives into an empty register, and opens a sample
/// call for inputs when there is none.
async fn load_demo(store: &Store, engine: &wsis_classify::Engine) -> anyhow::Result<()> {
    if store.list_calls(true).await?.is_empty() {
        let draft = CallDraft {
            title: "Sample call: WSIS+20 review of the action lines".into(),
            description: "A sample call for inputs, part of the demo data: it shows how \
                stakeholders answer a call and how facilitators publish inputs. It is not \
                an official consultation."
                .into(),
            questions: vec![
                Question {
                    text: "What has your organization done to implement the WSIS action lines?"
                        .into(),
                    word_limit: Some(500),
                },
                Question {
                    text: "What should the WSIS+20 review recommend?".into(),
                    word_limit: Some(300),
                },
            ],
            deadline: "2030-12-31T23:59:59Z".into(),
            status: CallStatus::Open,
            languages: wsis_calls::call::UN_LANGUAGES.map(String::from).to_vec(),
        }
        .validate()?;
        store.create_call(&draft, "demo").await?;
    }
    if store.counts().await?.initiatives > 0 {
        return Ok(());
    }
    let fw = Framework::embedded();
    let mut batch = interchange::read_json(DEMO.as_bytes(), fw).context("the shipped demo data")?;
    mapping::map_unmapped(engine, &mut batch.items);
    let n = store.import_initiatives(&batch.items, &mut |_| {}).await?;
    eprintln!("loaded {n} demo initiatives");
    Ok(())
}

async fn shutdown() {
    let ctrl_c = async {
        tokio::signal::ctrl_c().await.ok();
    };
    #[cfg(unix)]
    let term = async {
        if let Ok(mut s) = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())
        {
            s.recv().await;
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = term => {},
    }
}

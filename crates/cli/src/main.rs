//! `wsis-hub`: one binary that serves the platform and runs its chores.
//!
//! The binary parses flags and glues the library crates together; the logic
//! lives in those crates. Errors are reported once, at the top, with their
//! chain of causes, and turn into a non-zero exit status.
#![forbid(unsafe_code)]

mod cmd;
mod mapping;

use std::io::IsTerminal;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

/// mimalloc rather than the system allocator: the mapping engine and the web
/// server make many small, short-lived allocations, which it serves from
/// per-thread free lists without the system allocator's bin maintenance.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// The default database: a SQLite file in the working folder.
const DEFAULT_DATABASE: &str = "sqlite://wsis-hub.db";

/// wsis-hub: the WSIS stocktaking register, calls for inputs and mapping to
/// the WSIS Action Lines, the SDGs and the Global Digital Compact.
#[derive(Parser, Debug)]
#[command(name = "wsis-hub", version, about)]
struct Cli {
    /// Database URL: sqlite://PATH or postgres://USER@HOST:PORT/DB.
    #[arg(long, global = true, env = "WSIS_HUB_DATABASE", default_value = DEFAULT_DATABASE)]
    database: String,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Run the web server (HTML pages and the JSON API).
    Serve(cmd::serve::Args),
    /// Bring the database schema up to date.
    Migrate,
    /// Import records from a file (all or nothing).
    Import(cmd::import::Args),
    /// Export records to a file or standard output.
    Export(cmd::export::Args),
    /// Map texts to action lines, SDGs and GDC objectives, with evidence.
    Classify(cmd::classify::Args),
    /// Train the mapping engine's model from labelled data.
    Train(cmd::train::Args),
    /// Measure the mapping engine on a labelled file.
    Eval(cmd::eval::Args),
    /// Re-map every initiative (after an engine or model change).
    Remap(cmd::remap::Args),
    /// Confirm or reject a code on an initiative.
    Review(cmd::review::Args),
    /// Manage accounts (`user add`).
    #[command(subcommand)]
    User(cmd::user::UserCommand),
    /// Manage API tokens (`token create`).
    #[command(subcommand)]
    Token(cmd::user::TokenCommand),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_env("WSIS_HUB_LOG")
                .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("warn,wsis=info")),
        )
        .with_writer(std::io::stderr)
        // Colours only for a person at a terminal, not in a log file.
        .with_ansi(std::io::stderr().is_terminal())
        .init();
    match run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e:#}");
            ExitCode::FAILURE
        }
    }
}

fn run(cli: Cli) -> anyhow::Result<()> {
    // Only the commands that use the store or serve need an async runtime;
    // `classify`, `train` and `eval` do not start its threads.
    let runtime = || {
        tokio::runtime::Builder::new_multi_thread()
            .enable_all()
            .build()
    };
    let db = cli.database;
    match cli.command {
        Command::Serve(args) => runtime()?.block_on(cmd::serve::run(&db, args)),
        Command::Migrate => runtime()?.block_on(cmd::migrate::run(&db)),
        Command::Import(args) => runtime()?.block_on(cmd::import::run(&db, args)),
        Command::Export(args) => runtime()?.block_on(cmd::export::run(&db, args)),
        Command::Classify(args) => cmd::classify::run(args),
        Command::Train(args) => cmd::train::run(args),
        Command::Eval(args) => cmd::eval::run(args),
        Command::Remap(args) => runtime()?.block_on(cmd::remap::run(&db, args)),
        Command::Review(args) => runtime()?.block_on(cmd::review::run(&db, args)),
        Command::User(c) => runtime()?.block_on(cmd::user::run_user(&db, c)),
        Command::Token(c) => runtime()?.block_on(cmd::user::run_token(&db, c)),
    }
}

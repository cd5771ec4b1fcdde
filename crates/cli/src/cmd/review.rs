//! `wsis-hub review ID CODE --confirm|--reject`: a reviewer's decision on a code.

use anyhow::Context;
use wsis_framework::Framework;

use crate::cmd::migrate;

/// The decision.
#[derive(clap::Args, Debug)]
#[command(group(clap::ArgGroup::new("decision").required(true).args(["confirm", "reject"])))]
pub struct Args {
    /// The initiative's id.
    pub id: String,
    /// The framework code (e.g. SDG5, C7.e-health).
    pub code: String,
    /// Confirm the code.
    #[arg(long)]
    pub confirm: bool,
    /// Reject the code.
    #[arg(long)]
    pub reject: bool,
}

/// Runs the command.
pub async fn run(database: &str, args: Args) -> anyhow::Result<()> {
    let fw = Framework::embedded();
    if !fw.has_code(&args.code) {
        anyhow::bail!("`{}` is not a framework code", args.code);
    }
    let store = migrate::open(database).await?;
    let result = store
        .review_code(&args.id, &args.code, args.confirm, "command line")
        .await;
    store.close().await;
    result.with_context(|| format!("reviewing {} on {}", args.code, args.id))?;
    let verb = if args.confirm {
        "confirmed"
    } else {
        "rejected"
    };
    eprintln!("{verb} {} on {}", args.code, args.id);
    Ok(())
}

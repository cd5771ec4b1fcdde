//! `wsis-hub user add` and `wsis-hub token create`: bootstrap accounts and
//! API tokens from the command line (the audit log names `cli` as actor).

use std::io::Read;

use anyhow::{Context, bail};
use wsis_calls::account::{self, NewUser, Role};
use wsis_calls::secret;
use wsis_framework::Framework;
use wsis_register::Organization;

use crate::cmd::migrate;

/// The audit log's name for changes made with this command.
const ACTOR: &str = "cli";

/// Account commands.
#[derive(clap::Subcommand, Debug)]
pub enum UserCommand {
    /// Create an account; the password is read from standard input.
    Add(AddArgs),
}

/// Token commands.
#[derive(clap::Subcommand, Debug)]
pub enum TokenCommand {
    /// Create an API token for an account and print it (shown only once).
    Create(TokenArgs),
}

/// A new account.
#[derive(clap::Args, Debug)]
pub struct AddArgs {
    /// Sign-in e-mail.
    #[arg(long)]
    pub email: String,
    /// `admin`, `facilitator` or `stakeholder`.
    #[arg(long)]
    pub role: Role,
    /// The action lines a facilitator moderates, comma-separated (`C5,C7.e-health`).
    #[arg(long, value_delimiter = ',')]
    pub action_lines: Vec<String>,
    /// The person's name (defaults to the e-mail).
    #[arg(long)]
    pub name: Option<String>,
    /// A stakeholder's organization.
    #[arg(long)]
    pub organization: Option<String>,
    /// The organization's stakeholder group.
    #[arg(long)]
    pub group: Option<String>,
    /// The organization's country (ISO alpha-3).
    #[arg(long)]
    pub country: Option<String>,
}

/// Whose token.
#[derive(clap::Args, Debug)]
pub struct TokenArgs {
    /// The account's e-mail.
    #[arg(long)]
    pub email: String,
}

/// Runs `user …`.
pub async fn run_user(database: &str, cmd: UserCommand) -> anyhow::Result<()> {
    let UserCommand::Add(args) = cmd;
    let fw = Framework::embedded();
    let email = account::normalize_email(&args.email)?;
    let lines: Vec<String> = args
        .action_lines
        .iter()
        .map(|l| l.trim().to_string())
        .collect();
    account::check_action_lines(args.role, &lines, fw)?;
    let organization = match (args.role, &args.organization) {
        (Role::Stakeholder, None) => bail!("a stakeholder needs --organization and --group"),
        (_, None) => None,
        (_, Some(name)) => {
            let group = args
                .group
                .as_deref()
                .context("--organization needs --group")?
                .parse()
                .map_err(anyhow::Error::msg)?;
            if let Some(c) = &args.country {
                fw.country(c)
                    .with_context(|| format!("`{c}` is not a country code"))?;
            }
            Some(Organization {
                name: name.clone(),
                stakeholder_group: group,
                country: args.country.clone(),
            })
        }
    };
    let mut password = String::new();
    std::io::stdin()
        .read_to_string(&mut password)
        .context("reading the password from standard input")?;
    // One line is the password; the line break a shell adds is not part of it.
    let password = password.lines().next().unwrap_or("").to_string();
    account::check_password(&password)?;
    let new = NewUser {
        name: args.name.unwrap_or_else(|| email.clone()),
        email,
        password_hash: secret::hash_password(&password)?,
        role: args.role,
        action_lines: lines,
        organization,
    };
    let store = migrate::open(database).await?;
    let user = store.create_user(&new, ACTOR).await;
    store.close().await;
    let user = user?;
    eprintln!(
        "created {} account {} (id {})",
        user.role, user.email, user.id
    );
    Ok(())
}

/// Runs `token …`.
pub async fn run_token(database: &str, cmd: TokenCommand) -> anyhow::Result<()> {
    let TokenCommand::Create(args) = cmd;
    let email = account::normalize_email(&args.email)?;
    let store = migrate::open(database).await?;
    let result = async {
        let (user, _) = store
            .user_by_email(&email)
            .await?
            .with_context(|| format!("no account with the e-mail {email}"))?;
        let token = secret::new_token()?;
        store
            .create_api_token(&user, &secret::token_hash(&token), ACTOR)
            .await?;
        anyhow::Ok((user, token))
    }
    .await;
    store.close().await;
    let (user, token) = result?;
    eprintln!(
        "API token for {} ({}); it is shown only once:",
        user.email, user.role
    );
    println!("{token}");
    Ok(())
}

//! Accounts, sessions, API tokens and rate-limit attempts.

use sqlx::Row;
use sqlx::any::AnyRow;
use wsis_calls::account::{NewUser, User};
use wsis_calls::audit::NewAuditEntry;
use wsis_calls::time;
use wsis_register::Organization;

use crate::error::{Error, Result};
use crate::{Store, sql_calls as sql};

/// Reads a row selected with `user_columns!`: the user and its password hash.
fn user_row(row: &AnyRow) -> Result<(User, String)> {
    let org: Option<String> = row.try_get(5)?;
    let group: Option<String> = row.try_get(6)?;
    let organization = match (org, group) {
        (Some(name), Some(group)) => Some(Organization {
            name,
            stakeholder_group: group.parse().map_err(Error::Corrupt)?,
            country: row.try_get(7)?,
        }),
        _ => None,
    };
    let user = User {
        id: row.try_get(0)?,
        email: row.try_get(1)?,
        name: row.try_get(2)?,
        role: row
            .try_get::<String, _>(3)?
            .parse()
            .map_err(Error::Corrupt)?,
        action_lines: serde_json::from_str(&row.try_get::<String, _>(4)?)
            .map_err(|e| Error::Corrupt(format!("action lines: {e}")))?,
        organization,
    };
    Ok((user, row.try_get(8)?))
}

impl Store {
    /// Creates an account, and records it in the audit log. Fails with
    /// [`Error::Taken`] when the e-mail has an account already.
    pub async fn create_user(&self, new: &NewUser, actor: &str) -> Result<User> {
        let mut tx = self.pool.begin().await?;
        if sqlx::query(sql::USER_BY_EMAIL)
            .bind(&new.email)
            .fetch_optional(&mut *tx)
            .await?
            .is_some()
        {
            return Err(Error::Taken(new.email.clone()));
        }
        let org = new.organization.as_ref();
        let id: i64 = sqlx::query(sql::INSERT_USER)
            .bind(&new.email)
            .bind(&new.name)
            .bind(&new.password_hash)
            .bind(new.role.as_str())
            .bind(crate::calls::to_json(&new.action_lines)?)
            .bind(org.map(|o| o.name.clone()))
            .bind(org.map(|o| o.stakeholder_group.to_string()))
            .bind(org.and_then(|o| o.country.clone()))
            .bind(time::format(time::now()))
            .fetch_one(&mut *tx)
            .await
            .map_err(|e| match e {
                sqlx::Error::Database(d) if d.is_unique_violation() => {
                    Error::Taken(new.email.clone())
                }
                e => Error::Sql(e),
            })?
            .try_get(0)?;
        let user = User {
            id,
            email: new.email.clone(),
            name: new.name.clone(),
            role: new.role,
            action_lines: new.action_lines.clone(),
            organization: new.organization.clone(),
        };
        let entry = NewAuditEntry {
            actor: actor.to_string(),
            action: "user.create".into(),
            subject: format!("user:{id}"),
            before: None,
            after: Some(serde_json::to_value(&user).map_err(|e| Error::Corrupt(e.to_string()))?),
        };
        crate::audit::record(&mut tx, &entry).await?;
        tx.commit().await?;
        Ok(user)
    }

    /// An account and its password hash, by e-mail (already normalised).
    pub async fn user_by_email(&self, email: &str) -> Result<Option<(User, String)>> {
        let row = sqlx::query(sql::USER_BY_EMAIL)
            .bind(email)
            .fetch_optional(&self.pool)
            .await?;
        row.as_ref().map(user_row).transpose()
    }

    /// Opens a session: stores the hash of its token, its CSRF token and
    /// when it expires. Expired sessions are swept on the way.
    pub async fn create_session(
        &self,
        user_id: i64,
        token_hash: &str,
        csrf: &str,
        expires: i64,
    ) -> Result<()> {
        sqlx::query(sql::DELETE_EXPIRED_SESSIONS)
            .bind(time::now())
            .execute(&self.pool)
            .await?;
        sqlx::query(sql::INSERT_SESSION)
            .bind(token_hash)
            .bind(user_id)
            .bind(csrf)
            .bind(expires)
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    /// The account of an unexpired session, with the session's CSRF token.
    pub async fn session_user(&self, token_hash: &str) -> Result<Option<(User, String)>> {
        let Some(row) = sqlx::query(sql::USER_BY_SESSION)
            .bind(token_hash)
            .bind(time::now())
            .fetch_optional(&self.pool)
            .await?
        else {
            return Ok(None);
        };
        let (user, _) = user_row(&row)?;
        let csrf: String = sqlx::query(sql::SESSION_CSRF)
            .bind(token_hash)
            .fetch_one(&self.pool)
            .await?
            .try_get(0)?;
        Ok(Some((user, csrf)))
    }

    /// Ends a session.
    pub async fn delete_session(&self, token_hash: &str) -> Result<()> {
        sqlx::query(sql::DELETE_SESSION)
            .bind(token_hash)
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    /// Stores the hash of a new API token for an account, with an audit entry.
    pub async fn create_api_token(&self, user: &User, token_hash: &str, actor: &str) -> Result<()> {
        let mut tx = self.pool.begin().await?;
        sqlx::query(sql::INSERT_TOKEN)
            .bind(token_hash)
            .bind(user.id)
            .bind(time::format(time::now()))
            .execute(&mut *tx)
            .await?;
        let entry = NewAuditEntry {
            actor: actor.to_string(),
            action: "token.create".into(),
            subject: format!("user:{}", user.id),
            before: None,
            after: Some(serde_json::json!({ "email": user.email })),
        };
        crate::audit::record(&mut tx, &entry).await?;
        tx.commit().await?;
        Ok(())
    }

    /// The account an API token belongs to.
    pub async fn token_user(&self, token_hash: &str) -> Result<Option<User>> {
        let row = sqlx::query(sql::USER_BY_TOKEN)
            .bind(token_hash)
            .fetch_optional(&self.pool)
            .await?;
        Ok(row.as_ref().map(user_row).transpose()?.map(|(u, _)| u))
    }

    /// Counts an attempt at a rate-limited action and says whether it may
    /// go ahead: at most `max` attempts per `key` in the last `window`
    /// seconds. A refused attempt is not counted, so waiting always helps.
    pub async fn allow_attempt(
        &self,
        bucket: &str,
        key: &str,
        max: i64,
        window: i64,
    ) -> Result<bool> {
        let now = time::now();
        let mut tx = self.pool.begin().await?;
        // Each attempt counts those before it, and no other may slip in
        // between its count and its insert. On SQLite the delete comes
        // first, so the transaction holds the database's write lock before
        // it counts; on PostgreSQL, whose row locks would not stop a
        // parallel insert, a lock on the action and key does.
        if self.engine == crate::Engine::Postgres {
            sqlx::query(sql::READ_COMMITTED_PG)
                .execute(&mut *tx)
                .await?;
            sqlx::query(sql::LOCK_ATTEMPTS_PG)
                .bind(bucket)
                .bind(key)
                .execute(&mut *tx)
                .await?;
        }
        sqlx::query(sql::FORGET_ATTEMPTS)
            .bind(bucket)
            .bind(key)
            .bind(now - window)
            .execute(&mut *tx)
            .await?;
        let n: i64 = sqlx::query(sql::COUNT_ATTEMPTS)
            .bind(bucket)
            .bind(key)
            .fetch_one(&mut *tx)
            .await?
            .try_get(0)?;
        if n >= max {
            tx.commit().await?;
            return Ok(false);
        }
        sqlx::query(sql::INSERT_ATTEMPT)
            .bind(bucket)
            .bind(key)
            .bind(now)
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok(true)
    }
}

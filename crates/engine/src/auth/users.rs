//! Users and their grants in the database.

use super::{passwords, split_login, Actor};
use crate::store::now_ms;
use sqlx::AnyPool;
use storage_model::rules::permissions::{Grant, Role};

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct UserRow {
    pub id: String,
    pub name: String,
    pub profile: String,
    pub password_hash: String,
}

impl UserRow {
    pub fn login(&self) -> String {
        format!("{}@{}", self.name, self.profile)
    }
}

pub async fn by_login(pool: &AnyPool, login: &str) -> anyhow::Result<Option<UserRow>> {
    let (name, profile) = split_login(login);
    Ok(sqlx::query_as(
        "SELECT id, name, profile, password_hash FROM users WHERE name = $1 AND profile = $2",
    )
    .bind(name)
    .bind(profile)
    .fetch_optional(pool)
    .await?)
}

pub async fn by_id(pool: &AnyPool, id: &str) -> anyhow::Result<Option<UserRow>> {
    Ok(
        sqlx::query_as("SELECT id, name, profile, password_hash FROM users WHERE id = $1")
            .bind(id)
            .fetch_optional(pool)
            .await?,
    )
}

pub async fn grants(pool: &AnyPool, user_id: &str) -> anyhow::Result<Vec<Grant>> {
    let rows: Vec<(String, Option<String>)> =
        sqlx::query_as("SELECT role, storage_domain_id FROM permissions WHERE user_id = $1")
            .bind(user_id)
            .fetch_all(pool)
            .await?;
    Ok(rows
        .into_iter()
        .filter_map(|(role, domain)| {
            Some(Grant {
                role: role.parse().ok()?,
                storage_domain: domain,
            })
        })
        .collect())
}

pub async fn actor(pool: &AnyPool, user: &UserRow) -> anyhow::Result<Actor> {
    Ok(Actor {
        user_id: user.id.clone(),
        login: user.login(),
        grants: grants(pool, &user.id).await?,
    })
}

/// Creates a user; fails if the login exists.
pub async fn create(pool: &AnyPool, login: &str, password: &str) -> anyhow::Result<String> {
    let (name, profile) = split_login(login);
    if by_login(pool, login).await?.is_some() {
        anyhow::bail!("user {name}@{profile} already exists");
    }
    let id = uuid::Uuid::new_v4().to_string();
    sqlx::query(
        "INSERT INTO users (id, name, profile, password_hash, created_at) VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(&id)
    .bind(&name)
    .bind(&profile)
    .bind(passwords::hash(password)?)
    .bind(now_ms())
    .execute(pool)
    .await?;
    Ok(id)
}

pub async fn set_password(pool: &AnyPool, login: &str, password: &str) -> anyhow::Result<()> {
    let user = by_login(pool, login)
        .await?
        .ok_or_else(|| anyhow::anyhow!("no user {login}"))?;
    sqlx::query("UPDATE users SET password_hash = $1 WHERE id = $2")
        .bind(passwords::hash(password)?)
        .bind(&user.id)
        .execute(pool)
        .await?;
    // A new password ends every session of the old one.
    sqlx::query("DELETE FROM tokens WHERE user_id = $1")
        .bind(&user.id)
        .execute(pool)
        .await?;
    Ok(())
}

pub async fn grant(
    pool: &AnyPool,
    login: &str,
    role: Role,
    storage_domain: Option<&str>,
) -> anyhow::Result<()> {
    let user = by_login(pool, login)
        .await?
        .ok_or_else(|| anyhow::anyhow!("no user {login}"))?;
    sqlx::query(
        "INSERT INTO permissions (id, user_id, role, storage_domain_id) VALUES ($1, $2, $3, $4) \
         ON CONFLICT DO NOTHING",
    )
    .bind(uuid::Uuid::new_v4().to_string())
    .bind(&user.id)
    .bind(role.as_str())
    .bind(storage_domain)
    .execute(pool)
    .await?;
    Ok(())
}

/// Makes sure `admin@internal` exists with SuperUser. Returns the password when one had to be
/// generated (the caller prints it once).
pub async fn ensure_admin(
    tx: &mut sqlx::Transaction<'static, sqlx::Any>,
    password: Option<&str>,
) -> anyhow::Result<Option<String>> {
    let exists: Option<String> =
        sqlx::query_scalar("SELECT id FROM users WHERE name = 'admin' AND profile = 'internal'")
            .fetch_optional(&mut **tx)
            .await?;
    if exists.is_some() {
        return Ok(None);
    }
    let (password, generated) = match password.filter(|p| !p.is_empty()) {
        Some(p) => (p.to_string(), false),
        None => (passwords::generate(), true),
    };
    let id = uuid::Uuid::new_v4().to_string();
    sqlx::query(
        "INSERT INTO users (id, name, profile, password_hash, created_at) \
         VALUES ($1, 'admin', 'internal', $2, $3)",
    )
    .bind(&id)
    .bind(passwords::hash(&password)?)
    .bind(now_ms())
    .execute(&mut **tx)
    .await?;
    sqlx::query("INSERT INTO permissions (id, user_id, role) VALUES ($1, $2, $3)")
        .bind(uuid::Uuid::new_v4().to_string())
        .bind(&id)
        .bind(Role::SuperUser.as_str())
        .execute(&mut **tx)
        .await?;
    Ok(generated.then_some(password))
}

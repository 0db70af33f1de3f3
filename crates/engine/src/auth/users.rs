//! Users and their grants in the database.

use super::{passwords, split_login, Actor};
use crate::store::{self, now_ms};
use sqlx::AnyPool;
use storage_model::rules::permissions::{Grant, Role};

pub use crate::store::users::UserRow;

pub async fn by_login(pool: &AnyPool, login: &str) -> anyhow::Result<Option<UserRow>> {
    let (name, profile) = split_login(login);
    store::users::by_name(pool, &name, &profile).await
}

pub async fn by_id(pool: &AnyPool, id: &str) -> anyhow::Result<Option<UserRow>> {
    store::users::by_id(pool, id).await
}

pub async fn grants(pool: &AnyPool, user_id: &str) -> anyhow::Result<Vec<Grant>> {
    Ok(store::users::grants_of(pool, user_id)
        .await?
        .into_iter()
        .filter_map(|r| {
            Some(Grant {
                role: r.role.parse().ok()?,
                storage_domain: r.storage_domain_id,
            })
        })
        .collect())
}

pub async fn actor(pool: &AnyPool, user: &UserRow) -> anyhow::Result<Actor> {
    Ok(Actor {
        user_id: user.id.as_str().into(),
        login: user.login().into(),
        grants: grants(pool, &user.id).await?.into(),
    })
}

/// Creates a user; fails if the login exists.
pub async fn create(pool: &AnyPool, login: &str, password: &str) -> anyhow::Result<String> {
    let (name, profile) = split_login(login);
    if by_login(pool, login).await?.is_some() {
        anyhow::bail!("user {name}@{profile} already exists");
    }
    let id = uuid::Uuid::new_v4().to_string();
    let hash = passwords::hash(password)?;
    store::users::insert(pool, &id, &name, &profile, &hash, now_ms()).await?;
    Ok(id)
}

pub async fn set_password(pool: &AnyPool, login: &str, password: &str) -> anyhow::Result<()> {
    let user = by_login(pool, login)
        .await?
        .ok_or_else(|| anyhow::anyhow!("no user {login}"))?;
    // A new password ends every session of the old one.
    store::users::set_password_hash(pool, &user.id, &passwords::hash(password)?).await
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
    store::users::insert_grant(pool, &user.id, role.as_str(), storage_domain).await
}

/// Makes sure `admin@internal` exists with SuperUser. Returns the password when one had to be
/// generated (the caller prints it once).
pub async fn ensure_admin(
    tx: &mut crate::store::WriteTx,
    password: Option<&str>,
) -> anyhow::Result<Option<String>> {
    if store::users::by_name(&mut **tx, "admin", "internal")
        .await?
        .is_some()
    {
        return Ok(None);
    }
    let (password, generated) = match password.filter(|p| !p.is_empty()) {
        Some(p) => (p.to_string(), false),
        None => (passwords::generate(), true),
    };
    let id = uuid::Uuid::new_v4().to_string();
    let hash = passwords::hash(&password)?;
    store::users::insert(&mut **tx, &id, "admin", "internal", &hash, now_ms()).await?;
    store::users::insert_grant(&mut **tx, &id, Role::SuperUser.as_str(), None).await?;
    Ok(generated.then_some(password))
}

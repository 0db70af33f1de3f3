//! Users, their grants, and the grants' listings (`auth::users` hashes passwords and decides).

use sqlx::{Any, AnyPool, Executor};

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

/// A grant as stored: `storage_domain_id` is `None` for a system-wide one.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct PermissionRow {
    pub id: String,
    pub user_id: String,
    pub role: String,
    pub storage_domain_id: Option<String>,
}

pub async fn by_name<'e, E>(db: E, name: &str, profile: &str) -> anyhow::Result<Option<UserRow>>
where
    E: Executor<'e, Database = Any>,
{
    Ok(sqlx::query_as(
        "SELECT id, name, profile, password_hash FROM users WHERE name = $1 AND profile = $2",
    )
    .bind(name)
    .bind(profile)
    .fetch_optional(db)
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

pub async fn insert<'e, E>(
    db: E,
    id: &str,
    name: &str,
    profile: &str,
    password_hash: &str,
    created_at: i64,
) -> anyhow::Result<()>
where
    E: Executor<'e, Database = Any>,
{
    sqlx::query(
        "INSERT INTO users (id, name, profile, password_hash, created_at) VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(id)
    .bind(name)
    .bind(profile)
    .bind(password_hash)
    .bind(created_at)
    .execute(db)
    .await?;
    Ok(())
}

/// A new password hash; every session of the old password ends with it (one transaction).
pub async fn set_password_hash(pool: &AnyPool, id: &str, hash: &str) -> anyhow::Result<()> {
    let mut tx = super::begin_write(pool).await?;
    sqlx::query("UPDATE users SET password_hash = $1 WHERE id = $2")
        .bind(hash)
        .bind(id)
        .execute(&mut *tx)
        .await?;
    sqlx::query("DELETE FROM tokens WHERE user_id = $1")
        .bind(id)
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    Ok(())
}

/// Grants a role (once: an existing identical grant is kept).
pub async fn insert_grant<'e, E>(
    db: E,
    user_id: &str,
    role: &str,
    storage_domain: Option<&str>,
) -> anyhow::Result<()>
where
    E: Executor<'e, Database = Any>,
{
    sqlx::query(
        "INSERT INTO permissions (id, user_id, role, storage_domain_id) VALUES ($1, $2, $3, $4) \
         ON CONFLICT DO NOTHING",
    )
    .bind(uuid::Uuid::new_v4().to_string())
    .bind(user_id)
    .bind(role)
    .bind(storage_domain)
    .execute(db)
    .await?;
    Ok(())
}

/// A user's grants.
pub async fn grants_of(pool: &AnyPool, user_id: &str) -> anyhow::Result<Vec<PermissionRow>> {
    Ok(sqlx::query_as(
        "SELECT id, user_id, role, storage_domain_id FROM permissions WHERE user_id = $1 ORDER BY role",
    )
    .bind(user_id)
    .fetch_all(pool)
    .await?)
}

/// The grants on a domain and the system-wide ones that apply to it.
pub async fn grants_on_domain(pool: &AnyPool, domain: &str) -> anyhow::Result<Vec<PermissionRow>> {
    Ok(sqlx::query_as(
        "SELECT id, user_id, role, storage_domain_id FROM permissions \
         WHERE storage_domain_id = $1 OR storage_domain_id IS NULL ORDER BY storage_domain_id IS NULL, role",
    )
    .bind(domain)
    .fetch_all(pool)
    .await?)
}

/// Every user with each of their grants (one row per grant; `None` role when they have none).
pub async fn all_with_grants(
    pool: &AnyPool,
) -> anyhow::Result<Vec<(String, String, Option<String>, Option<String>)>> {
    Ok(sqlx::query_as(
        "SELECT u.name, u.profile, p.role, p.storage_domain_id FROM users u \
         LEFT JOIN permissions p ON p.user_id = u.id ORDER BY u.name, p.role",
    )
    .fetch_all(pool)
    .await?)
}

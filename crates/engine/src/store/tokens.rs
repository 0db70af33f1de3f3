//! Bearer tokens, stored only as their SHA-256 hashes (`auth::tokens` makes and hashes them).

use sqlx::AnyPool;

pub async fn insert(
    pool: &AnyPool,
    hash: &str,
    user_id: &str,
    created_at: i64,
    expires_at: i64,
) -> anyhow::Result<()> {
    sqlx::query(
        "INSERT INTO tokens (token_hash, user_id, created_at, expires_at) VALUES ($1, $2, $3, $4)",
    )
    .bind(hash)
    .bind(user_id)
    .bind(created_at)
    .bind(expires_at)
    .execute(pool)
    .await?;
    Ok(())
}

pub async fn delete_expired(pool: &AnyPool, now: i64) -> anyhow::Result<()> {
    sqlx::query("DELETE FROM tokens WHERE expires_at < $1")
        .bind(now)
        .execute(pool)
        .await?;
    Ok(())
}

/// The user and expiry of a token that has not expired.
pub async fn find(pool: &AnyPool, hash: &str, now: i64) -> anyhow::Result<Option<(String, i64)>> {
    Ok(sqlx::query_as(
        "SELECT user_id, expires_at FROM tokens WHERE token_hash = $1 AND expires_at > $2",
    )
    .bind(hash)
    .bind(now)
    .fetch_optional(pool)
    .await?)
}

/// Whether a token was there to delete.
pub async fn delete(pool: &AnyPool, hash: &str) -> anyhow::Result<bool> {
    Ok(sqlx::query("DELETE FROM tokens WHERE token_hash = $1")
        .bind(hash)
        .execute(pool)
        .await?
        .rows_affected()
        > 0)
}

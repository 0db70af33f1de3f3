//! Failed sign-ins per key (`auth::throttle` holds the policy).

use sqlx::AnyPool;

pub async fn blocked_until(pool: &AnyPool, key: &str) -> anyhow::Result<Option<i64>> {
    Ok(
        sqlx::query_scalar("SELECT blocked_until FROM login_failures WHERE throttle_key = $1")
            .bind(key)
            .fetch_optional(pool)
            .await?,
    )
}

/// The failures counted for a key and when the count started.
pub async fn failures(pool: &AnyPool, key: &str) -> anyhow::Result<Option<(i64, i64)>> {
    Ok(
        sqlx::query_as("SELECT failures, first_at FROM login_failures WHERE throttle_key = $1")
            .bind(key)
            .fetch_optional(pool)
            .await?,
    )
}

pub async fn save(
    pool: &AnyPool,
    key: &str,
    failures: i64,
    first_at: i64,
    blocked_until: i64,
) -> anyhow::Result<()> {
    sqlx::query(
        "INSERT INTO login_failures (throttle_key, failures, first_at, blocked_until) \
         VALUES ($1, $2, $3, $4) ON CONFLICT (throttle_key) DO UPDATE SET \
         failures = excluded.failures, first_at = excluded.first_at, \
         blocked_until = excluded.blocked_until",
    )
    .bind(key)
    .bind(failures)
    .bind(first_at)
    .bind(blocked_until)
    .execute(pool)
    .await?;
    Ok(())
}

pub async fn clear(pool: &AnyPool, key: &str) -> anyhow::Result<()> {
    sqlx::query("DELETE FROM login_failures WHERE throttle_key = $1")
        .bind(key)
        .execute(pool)
        .await?;
    Ok(())
}

//! Throttling of failed sign-ins, per user name and per client address. After `FREE` failures
//! in a window, each further failure blocks the key for a doubling time, capped at `MAX_BLOCK`,
//! so a guesser slows to a crawl while the real admin is never locked out for long.

use crate::store::now_ms;
use sqlx::AnyPool;

const FREE: i64 = 5;
const WINDOW_MS: i64 = 15 * 60 * 1000;
const FIRST_BLOCK_MS: i64 = 30 * 1000;
const MAX_BLOCK_MS: i64 = 15 * 60 * 1000;

pub fn user_key(login: &str) -> String {
    format!("user:{}", login.to_ascii_lowercase())
}

pub fn addr_key(addr: &str) -> String {
    format!("addr:{addr}")
}

/// Seconds to wait when any key is blocked.
pub async fn blocked(pool: &AnyPool, keys: &[String]) -> anyhow::Result<Option<i64>> {
    let now = now_ms();
    let mut wait = None;
    for k in keys {
        let until: Option<i64> =
            sqlx::query_scalar("SELECT blocked_until FROM login_failures WHERE throttle_key = $1")
                .bind(k)
                .fetch_optional(pool)
                .await?;
        if let Some(u) = until.filter(|u| *u > now) {
            let secs = (u - now + 999) / 1000;
            wait = Some(wait.map_or(secs, |w: i64| w.max(secs)));
        }
    }
    Ok(wait)
}

pub async fn record_failure(pool: &AnyPool, keys: &[String]) -> anyhow::Result<()> {
    let now = now_ms();
    for k in keys {
        let row: Option<(i64, i64)> =
            sqlx::query_as("SELECT failures, first_at FROM login_failures WHERE throttle_key = $1")
                .bind(k)
                .fetch_optional(pool)
                .await?;
        let (failures, first_at) = match row {
            Some((f, first)) if now - first < WINDOW_MS => (f + 1, first),
            _ => (1, now),
        };
        let blocked_until = if failures > FREE {
            let doublings = u32::try_from((failures - FREE - 1).min(10)).unwrap_or(10);
            now + (FIRST_BLOCK_MS << doublings).min(MAX_BLOCK_MS)
        } else {
            0
        };
        sqlx::query(
            "INSERT INTO login_failures (throttle_key, failures, first_at, blocked_until) \
             VALUES ($1, $2, $3, $4) ON CONFLICT (throttle_key) DO UPDATE SET \
             failures = excluded.failures, first_at = excluded.first_at, \
             blocked_until = excluded.blocked_until",
        )
        .bind(k)
        .bind(failures)
        .bind(first_at)
        .bind(blocked_until)
        .execute(pool)
        .await?;
    }
    Ok(())
}

pub async fn clear(pool: &AnyPool, key: &str) -> anyhow::Result<()> {
    sqlx::query("DELETE FROM login_failures WHERE throttle_key = $1")
        .bind(key)
        .execute(pool)
        .await?;
    Ok(())
}

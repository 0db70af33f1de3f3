//! Throttling of failed sign-ins, per user name and per client address. After `FREE` failures
//! in a window, each further failure blocks the key for a doubling time, capped at `MAX_BLOCK`,
//! so a guesser slows to a crawl while the real admin is never locked out for long.

use crate::store::{self, now_ms};
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
        let until = store::throttle::blocked_until(pool, k).await?;
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
        let (failures, first_at) = match store::throttle::failures(pool, k).await? {
            Some((f, first)) if now - first < WINDOW_MS => (f + 1, first),
            _ => (1, now),
        };
        let blocked_until = if failures > FREE {
            let doublings = u32::try_from((failures - FREE - 1).min(10)).unwrap_or(10);
            now + (FIRST_BLOCK_MS << doublings).min(MAX_BLOCK_MS)
        } else {
            0
        };
        store::throttle::save(pool, k, failures, first_at, blocked_until).await?;
    }
    Ok(())
}

pub async fn clear(pool: &AnyPool, key: &str) -> anyhow::Result<()> {
    store::throttle::clear(pool, key).await
}

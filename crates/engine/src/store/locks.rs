//! Exclusive locks held in the database, so that two commands — in one engine or in two engines on
//! one database — never change the same object at once.

use super::now_ms;
use sqlx::AnyPool;
use std::time::Duration;

/// The objects a command locks.
pub mod key {
    pub fn connection(id: &str) -> String {
        format!("connection:{id}")
    }
    /// The connection's details (so two adds of the same target cannot race).
    pub fn details(details: &str) -> String {
        format!("connection-details:{details}")
    }
    pub fn domain(id: &str) -> String {
        format!("storage-domain:{id}")
    }
    pub fn disk(id: &str) -> String {
        format!("disk:{id}")
    }
    pub fn lun(id: &str) -> String {
        format!("lun:{id}")
    }
    pub fn data_center(id: &str) -> String {
        format!("data-center:{id}")
    }
}

/// Held locks. Release them with [`Locks::release`]; if a command ends early (an error, a panic)
/// dropping the guard releases them in the background.
#[must_use = "locks are released when the guard is released or dropped"]
pub struct Locks {
    pool: AnyPool,
    owner: String,
    released: bool,
}

/// Some key is held by another command.
#[derive(Debug)]
pub struct Busy;

impl Locks {
    /// Takes every key or none. Expired locks (of a crashed owner) are taken over.
    pub async fn acquire(
        pool: &AnyPool,
        owner: &str,
        keys: &[String],
        lease: Duration,
    ) -> anyhow::Result<Result<Locks, Busy>> {
        let mut tx = crate::store::begin_write(pool).await?;
        if take(&mut tx, owner, keys, lease).await?.is_err() {
            tx.rollback().await?;
            return Ok(Err(Busy));
        }
        tx.commit().await?;
        Ok(Ok(Locks::held(pool, owner)))
    }

    /// The guard of locks `take` wrote in a transaction that has since committed.
    pub fn held(pool: &AnyPool, owner: &str) -> Locks {
        Locks {
            pool: pool.clone(),
            owner: owner.to_string(),
            released: false,
        }
    }

    pub fn owner(&self) -> &str {
        &self.owner
    }

    pub async fn release(mut self) -> anyhow::Result<()> {
        self.released = true;
        release(&self.pool, &self.owner).await
    }

    /// Releases at the end of a command. If the database refuses (disk full, read-only), the
    /// locks simply expire with their lease; the command's own outcome is what the client
    /// must hear, so this never replaces it.
    pub async fn release_or_expire(self) {
        let owner = self.owner.clone();
        if let Err(e) = self.release().await {
            tracing::warn!(
                owner,
                error = format!("{e:#}"),
                "could not release locks; they expire with their lease"
            );
        }
    }
}

/// Takes every key for `owner` inside the caller's writing transaction, or none (`Busy`: the
/// caller rolls back). Lets a command load what it decides on and lock it in one transaction.
pub async fn take(
    tx: &mut crate::store::WriteTx,
    owner: &str,
    keys: &[String],
    lease: Duration,
) -> anyhow::Result<Result<(), Busy>> {
    let now = now_ms();
    let expires = now + i64::try_from(lease.as_millis()).unwrap_or(i64::MAX / 2);
    for k in keys {
        drop_expired(tx, k, now).await?;
        let inserted = sqlx::query(
            "INSERT INTO locks (lock_key, owner, expires_at) VALUES ($1, $2, $3) \
             ON CONFLICT (lock_key) DO NOTHING",
        )
        .bind(k)
        .bind(owner)
        .bind(expires)
        .execute(&mut **tx)
        .await?
        .rows_affected();
        if inserted == 0 {
            return Ok(Err(Busy));
        }
    }
    Ok(Ok(()))
}

/// Deletes `key`'s lock if its lease ran out before `now` (its owner died): it can be taken.
async fn drop_expired(tx: &mut crate::store::WriteTx, key: &str, now: i64) -> anyhow::Result<()> {
    sqlx::query("DELETE FROM locks WHERE lock_key = $1 AND expires_at < $2")
        .bind(key)
        .bind(now)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

/// Whether another command holds any of `keys` (a lease not yet run out; expired ones are
/// removed). For a command that does all its work inside one writing transaction: writers are
/// serialized, so nothing can take a key between this check and its commit, and it needs no lock
/// rows of its own.
pub async fn any_held(tx: &mut crate::store::WriteTx, keys: &[String]) -> anyhow::Result<bool> {
    let now = now_ms();
    for k in keys {
        // What a dead owner left is cleared, as `take` takes it over.
        drop_expired(tx, k, now).await?;
        let held: Option<i64> =
            sqlx::query_scalar("SELECT 1 FROM locks WHERE lock_key = $1 AND expires_at >= $2")
                .bind(k)
                .bind(now)
                .fetch_optional(&mut **tx)
                .await?;
        if held.is_some() {
            return Ok(true);
        }
    }
    Ok(false)
}

async fn release(pool: &AnyPool, owner: &str) -> anyhow::Result<()> {
    sqlx::query("DELETE FROM locks WHERE owner = $1")
        .bind(owner)
        .execute(pool)
        .await?;
    Ok(())
}

impl Drop for Locks {
    fn drop(&mut self) {
        if self.released {
            return;
        }
        let pool = self.pool.clone();
        let owner = std::mem::take(&mut self.owner);
        if let Ok(handle) = tokio::runtime::Handle::try_current() {
            handle.spawn(async move {
                if let Err(e) = release(&pool, &owner).await {
                    tracing::warn!(
                        error = format!("{e:#}"),
                        owner,
                        "releasing locks failed; they expire with their lease"
                    );
                }
            });
        }
    }
}

/// Extends the leases of every lock of a running engine (`owner_prefix` is its instance id), so
/// that only a dead engine's locks run out, however long its commands take.
pub async fn renew(pool: &AnyPool, owner_prefix: &str, lease: Duration) -> anyhow::Result<()> {
    // Looked at first: a write with nothing to change still tells every engine's change watcher
    // that something changed (PostgreSQL's statement triggers), emptying their read caches.
    let held: Option<i64> = sqlx::query_scalar("SELECT 1 FROM locks WHERE owner LIKE $1 LIMIT 1")
        .bind(format!("{owner_prefix}/%"))
        .fetch_optional(pool)
        .await?;
    if held.is_none() {
        return Ok(());
    }
    sqlx::query("UPDATE locks SET expires_at = $1 WHERE owner LIKE $2")
        .bind(now_ms() + i64::try_from(lease.as_millis()).unwrap_or(i64::MAX / 2))
        .bind(format!("{owner_prefix}/%"))
        .execute(pool)
        .await?;
    Ok(())
}

/// Deletes locks whose lease has run out.
pub async fn sweep_expired(pool: &AnyPool) -> anyhow::Result<u64> {
    let now = now_ms();
    // (Looked at first, as in `renew`.)
    let expired: Option<i64> =
        sqlx::query_scalar("SELECT 1 FROM locks WHERE expires_at < $1 LIMIT 1")
            .bind(now)
            .fetch_optional(pool)
            .await?;
    if expired.is_none() {
        return Ok(0);
    }
    Ok(sqlx::query("DELETE FROM locks WHERE expires_at < $1")
        .bind(now)
        .execute(pool)
        .await?
        .rows_affected())
}

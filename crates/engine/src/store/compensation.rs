//! Compensation records: how to undo the intermediate state of a multi-step command (domains set
//! to `locked` during a connection update) if the engine dies before finishing it.

use super::now_ms;
use serde::{Deserialize, Serialize};
use sqlx::AnyPool;
use std::time::Duration;

/// A domain's status in one data center before the command changed it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, sqlx::FromRow)]
pub struct StatusSnapshot {
    pub storage_domain_id: String,
    pub data_center_id: String,
    pub status: String,
}

/// Writes a compensation record inside the transaction that makes the change it undoes.
pub async fn record(
    tx: &mut super::WriteTx,
    id: &str,
    owner: &str,
    lease: Duration,
    command: &str,
    snapshot: &[StatusSnapshot],
) -> anyhow::Result<()> {
    let expires = now_ms() + i64::try_from(lease.as_millis()).unwrap_or(i64::MAX / 2);
    sqlx::query(
        "INSERT INTO compensations (id, owner, expires_at, command, snapshot) VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(id)
    .bind(owner)
    .bind(expires)
    .bind(command)
    .bind(serde_json::to_string(snapshot)?)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// Drops a record once its command has finished (inside the finishing transaction). False when
/// it was already gone: the owner's lease ran out and a survivor restored the snapshot, so the
/// command must not finish (its caller rolls back).
pub async fn clear(tx: &mut super::WriteTx, id: &str) -> anyhow::Result<bool> {
    Ok(sqlx::query("DELETE FROM compensations WHERE id = $1")
        .bind(id)
        .execute(&mut **tx)
        .await?
        .rows_affected()
        > 0)
}

/// Extends the leases of every record of a running engine (`owner_prefix` is its instance id).
pub async fn renew(pool: &AnyPool, owner_prefix: &str, lease: Duration) -> anyhow::Result<()> {
    // Looked at first: a write with nothing to change still tells every engine's change watcher
    // that something changed (PostgreSQL's statement triggers), emptying their read caches.
    let held: Option<i64> =
        sqlx::query_scalar("SELECT 1 FROM compensations WHERE owner LIKE $1 LIMIT 1")
            .bind(format!("{owner_prefix}/%"))
            .fetch_optional(pool)
            .await?;
    if held.is_none() {
        return Ok(());
    }
    sqlx::query("UPDATE compensations SET expires_at = $1 WHERE owner LIKE $2")
        .bind(now_ms() + i64::try_from(lease.as_millis()).unwrap_or(i64::MAX / 2))
        .bind(format!("{owner_prefix}/%"))
        .execute(pool)
        .await?;
    Ok(())
}

/// Restores the snapshot of one record and deletes it, in one transaction.
pub async fn compensate(pool: &AnyPool, id: &str) -> anyhow::Result<()> {
    compensate_expired_before(pool, id, i64::MAX)
        .await
        .map(drop)
}

/// As `compensate`, if the record's lease ran out before `before` (checked under the write lock:
/// its owner may have renewed it since it was listed). True when it was restored.
async fn compensate_expired_before(pool: &AnyPool, id: &str, before: i64) -> anyhow::Result<bool> {
    let mut tx = crate::store::begin_write(pool).await?;
    let snapshot: Option<String> =
        sqlx::query_scalar("SELECT snapshot FROM compensations WHERE id = $1 AND expires_at < $2")
            .bind(id)
            .bind(before)
            .fetch_optional(&mut *tx)
            .await?;
    let restored = snapshot.is_some();
    if let Some(snapshot) = snapshot {
        let rows: Vec<StatusSnapshot> = serde_json::from_str(&snapshot)?;
        for r in rows {
            sqlx::query(
                "UPDATE storage_domain_data_centers SET status = $1 \
                 WHERE storage_domain_id = $2 AND data_center_id = $3",
            )
            .bind(&r.status)
            .bind(&r.storage_domain_id)
            .bind(&r.data_center_id)
            .execute(&mut *tx)
            .await?;
        }
        clear(&mut tx, id).await?;
    }
    tx.commit().await?;
    Ok(restored)
}

/// Compensates every record whose owner's lease has run out (a crashed command). Returns how
/// many were restored.
pub async fn recover_expired(pool: &AnyPool) -> anyhow::Result<usize> {
    let now = now_ms();
    let ids: Vec<String> = sqlx::query_scalar("SELECT id FROM compensations WHERE expires_at < $1")
        .bind(now)
        .fetch_all(pool)
        .await?;
    let mut restored = 0;
    for id in &ids {
        if compensate_expired_before(pool, id, now).await? {
            restored += 1;
            tracing::warn!(
                compensation = id,
                "restored domain statuses left by an interrupted command"
            );
        }
    }
    Ok(restored)
}

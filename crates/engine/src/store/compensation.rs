//! Compensation records: how to undo the intermediate state of a multi-step command (domains set
//! to `locked` during a connection update) if the engine dies before finishing it.

use super::now_ms;
use serde::{Deserialize, Serialize};
use sqlx::{Any, AnyPool, Transaction};
use std::time::Duration;

/// A domain's status in one data center before the command changed it.
#[derive(Debug, Clone, Serialize, Deserialize, sqlx::FromRow)]
pub struct StatusSnapshot {
    pub storage_domain_id: String,
    pub data_center_id: String,
    pub status: String,
}

/// Writes a compensation record inside the transaction that makes the change it undoes.
pub async fn record(
    tx: &mut Transaction<'_, Any>,
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

/// Drops a record once its command has finished (inside the finishing transaction).
pub async fn clear(tx: &mut Transaction<'_, Any>, id: &str) -> anyhow::Result<()> {
    sqlx::query("DELETE FROM compensations WHERE id = $1")
        .bind(id)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

/// Restores the snapshot of one record and deletes it, in one transaction.
pub async fn compensate(pool: &AnyPool, id: &str) -> anyhow::Result<()> {
    let mut tx = crate::store::begin_write(pool).await?;
    let snapshot: Option<String> =
        sqlx::query_scalar("SELECT snapshot FROM compensations WHERE id = $1")
            .bind(id)
            .fetch_optional(&mut *tx)
            .await?;
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
    Ok(())
}

/// Compensates every record whose owner's lease has run out (a crashed command). Returns how
/// many were restored.
pub async fn recover_expired(pool: &AnyPool) -> anyhow::Result<usize> {
    let ids: Vec<String> = sqlx::query_scalar("SELECT id FROM compensations WHERE expires_at < $1")
        .bind(now_ms())
        .fetch_all(pool)
        .await?;
    for id in &ids {
        compensate(pool, id).await?;
        tracing::warn!(
            compensation = id,
            "restored domain statuses left by an interrupted command"
        );
    }
    Ok(ids.len())
}

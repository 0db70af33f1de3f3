//! Storage switches: the plan-and-progress document of each, and the lease of the engine that
//! runs it. Every write of a running switch is conditional on this engine still holding the
//! lease, inside the transaction that changes the domains, so two engines never both advance it.

use super::{now_ms, WriteTx};
use sqlx::AnyPool;
use std::time::Duration;
use storage_model::{StorageSwitch, SwitchStatus};

fn lease_end(lease: Duration) -> i64 {
    now_ms() + i64::try_from(lease.as_millis()).unwrap_or(i64::MAX / 2)
}

fn decode(document: &str) -> anyhow::Result<StorageSwitch> {
    serde_json::from_str(document)
        .map_err(|e| anyhow::anyhow!("storage_switches.document holds an invalid plan: {e}"))
}

fn status_of(s: &StorageSwitch) -> &'static str {
    s.status.unwrap_or(SwitchStatus::Planned).as_str()
}

/// Stores a new (planned) switch.
pub async fn insert(pool: &AnyPool, id: &str, s: &StorageSwitch) -> anyhow::Result<()> {
    let mut tx = super::begin_write(pool).await?;
    sqlx::query(
        "INSERT INTO storage_switches (id, status, document, owner, expires_at, created_at) \
         VALUES ($1, $2, $3, NULL, NULL, $4)",
    )
    .bind(id)
    .bind(status_of(s))
    .bind(serde_json::to_string(s)?)
    .bind(now_ms())
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(())
}

pub async fn get<'e, E>(db: E, id: &str) -> anyhow::Result<Option<StorageSwitch>>
where
    E: sqlx::Executor<'e, Database = sqlx::Any>,
{
    let doc: Option<String> =
        sqlx::query_scalar("SELECT document FROM storage_switches WHERE id = $1")
            .bind(id)
            .fetch_optional(db)
            .await?;
    doc.as_deref().map(decode).transpose()
}

/// Newest first.
pub async fn list(pool: &AnyPool) -> anyhow::Result<Vec<StorageSwitch>> {
    let docs: Vec<String> =
        sqlx::query_scalar("SELECT document FROM storage_switches ORDER BY created_at DESC, id")
            .fetch_all(pool)
            .await?;
    docs.iter().map(|d| decode(d)).collect()
}

/// Takes the switch for `owner` when nobody holds it or its holder's lease ran out. True when
/// taken: from here on only `owner` advances it.
pub async fn claim(
    tx: &mut WriteTx,
    id: &str,
    owner: &str,
    lease: Duration,
) -> anyhow::Result<bool> {
    Ok(sqlx::query(
        "UPDATE storage_switches SET owner = $1, expires_at = $2 \
         WHERE id = $3 AND (owner IS NULL OR owner = $1 OR expires_at < $4)",
    )
    .bind(owner)
    .bind(lease_end(lease))
    .bind(id)
    .bind(now_ms())
    .execute(&mut **tx)
    .await?
    .rows_affected()
        == 1)
}

/// Writes the document of a switch `owner` holds (and lets it go when `release`). False when
/// `owner` no longer holds it (its lease ran out and another engine took it): nothing written.
pub async fn save_held(
    tx: &mut WriteTx,
    id: &str,
    owner: &str,
    s: &StorageSwitch,
    release: bool,
) -> anyhow::Result<bool> {
    let sql = if release {
        "UPDATE storage_switches SET status = $1, document = $2, owner = NULL, expires_at = NULL \
         WHERE id = $3 AND owner = $4"
    } else {
        "UPDATE storage_switches SET status = $1, document = $2 WHERE id = $3 AND owner = $4"
    };
    Ok(sqlx::query(sql)
        .bind(status_of(s))
        .bind(serde_json::to_string(s)?)
        .bind(id)
        .bind(owner)
        .execute(&mut **tx)
        .await?
        .rows_affected()
        == 1)
}

/// Writes the document of a switch nobody runs (a plan, or a finished switch being marked).
/// False when some engine holds it.
pub async fn save_idle(tx: &mut WriteTx, id: &str, s: &StorageSwitch) -> anyhow::Result<bool> {
    Ok(sqlx::query(
        "UPDATE storage_switches SET status = $1, document = $2 \
         WHERE id = $3 AND (owner IS NULL OR expires_at < $4)",
    )
    .bind(status_of(s))
    .bind(serde_json::to_string(s)?)
    .bind(id)
    .bind(now_ms())
    .execute(&mut **tx)
    .await?
    .rows_affected()
        == 1)
}

/// Extends the leases of every switch this engine runs (`owner_prefix` is its instance id).
pub async fn renew(pool: &AnyPool, owner_prefix: &str, lease: Duration) -> anyhow::Result<()> {
    let held: Option<i64> =
        sqlx::query_scalar("SELECT 1 FROM storage_switches WHERE owner LIKE $1 LIMIT 1")
            .bind(format!("{owner_prefix}/%"))
            .fetch_optional(pool)
            .await?;
    if held.is_none() {
        return Ok(());
    }
    sqlx::query("UPDATE storage_switches SET expires_at = $1 WHERE owner LIKE $2")
        .bind(lease_end(lease))
        .bind(format!("{owner_prefix}/%"))
        .execute(pool)
        .await?;
    Ok(())
}

/// Running switches whose engine's lease ran out (it died): for a survivor to take over.
pub async fn abandoned(pool: &AnyPool) -> anyhow::Result<Vec<String>> {
    Ok(sqlx::query_scalar(
        "SELECT id FROM storage_switches WHERE owner IS NOT NULL AND expires_at < $1 \
         ORDER BY created_at",
    )
    .bind(now_ms())
    .fetch_all(pool)
    .await?)
}

/// Asks a running switch to stop after its current step (read by whichever engine runs it).
pub async fn request_cancel(pool: &AnyPool, id: &str) -> anyhow::Result<bool> {
    let mut tx = super::begin_write(pool).await?;
    let n = sqlx::query(
        "UPDATE storage_switches SET cancel_requested = 1 WHERE id = $1 AND status = $2",
    )
    .bind(id)
    .bind(SwitchStatus::Running.as_str())
    .execute(&mut *tx)
    .await?
    .rows_affected();
    tx.commit().await?;
    Ok(n == 1)
}

pub async fn cancel_requested<'e, E>(db: E, id: &str) -> anyhow::Result<bool>
where
    E: sqlx::Executor<'e, Database = sqlx::Any>,
{
    let v: Option<i64> =
        sqlx::query_scalar("SELECT cancel_requested FROM storage_switches WHERE id = $1")
            .bind(id)
            .fetch_optional(db)
            .await?;
    Ok(v.unwrap_or(0) != 0)
}

/// Clears the cancel request when a switch is started again (a rollback of a cancelled one).
pub async fn clear_cancel(tx: &mut WriteTx, id: &str) -> anyhow::Result<()> {
    sqlx::query("UPDATE storage_switches SET cancel_requested = 0 WHERE id = $1")
        .bind(id)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

//! Storage switches: the plan of each, its steps' progress, and the lease of the engine that
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
        .map_err(|e| anyhow::anyhow!("storage_switch_plans.document holds an invalid plan: {e}"))
}

fn status_of(s: &StorageSwitch) -> &'static str {
    s.status.unwrap_or(SwitchStatus::Planned).as_str()
}

/// The document without its steps (they have rows of their own).
fn document(s: &StorageSwitch) -> anyhow::Result<String> {
    Ok(serde_json::to_string(&StorageSwitch {
        steps: Vec::new(),
        ..s.clone()
    })?)
}

/// Stores a new (planned) switch with its steps.
pub async fn insert(pool: &AnyPool, id: &str, s: &StorageSwitch) -> anyhow::Result<()> {
    let mut tx = super::begin_write(pool).await?;
    sqlx::query(
        "INSERT INTO storage_switches (id, status, owner, expires_at, created_at) \
         VALUES ($1, $2, NULL, NULL, $3)",
    )
    .bind(id)
    .bind(status_of(s))
    .bind(now_ms())
    .execute(&mut *tx)
    .await?;
    sqlx::query("INSERT INTO storage_switch_plans (switch_id, document) VALUES ($1, $2)")
        .bind(id)
        .bind(document(s)?)
        .execute(&mut *tx)
        .await?;
    replace_steps(&mut tx, id, &s.steps).await?;
    tx.commit().await?;
    Ok(())
}

/// Writes a switch's steps anew (its plan re-made at start).
pub async fn replace_steps(
    tx: &mut WriteTx,
    id: &str,
    steps: &[storage_model::switch::SwitchStep],
) -> anyhow::Result<()> {
    sqlx::query("DELETE FROM storage_switch_steps WHERE switch_id = $1")
        .bind(id)
        .execute(&mut **tx)
        .await?;
    for (i, step) in steps.iter().enumerate() {
        sqlx::query("INSERT INTO storage_switch_steps (switch_id, idx, step) VALUES ($1, $2, $3)")
            .bind(id)
            .bind(i64::try_from(i)?)
            .bind(serde_json::to_string(step)?)
            .execute(&mut **tx)
            .await?;
    }
    Ok(())
}

/// Writes one step's progress (in the transaction that made it).
pub async fn save_step(
    tx: &mut WriteTx,
    id: &str,
    index: usize,
    step: &storage_model::switch::SwitchStep,
) -> anyhow::Result<()> {
    sqlx::query("UPDATE storage_switch_steps SET step = $1 WHERE switch_id = $2 AND idx = $3")
        .bind(serde_json::to_string(step)?)
        .bind(id)
        .bind(i64::try_from(index)?)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

/// Whether `owner` still holds the switch, checked with the row locked until `tx` ends (a
/// survivor's claim waits for it, or it waits for the claim and sees it lost).
pub async fn holds(tx: &mut WriteTx, id: &str, owner: &str) -> anyhow::Result<bool> {
    Ok(sqlx::query(
        "UPDATE storage_switches SET expires_at = expires_at WHERE id = $1 AND owner = $2",
    )
    .bind(id)
    .bind(owner)
    .execute(&mut **tx)
    .await?
    .rows_affected()
        == 1)
}

pub async fn get(db: &mut sqlx::AnyConnection, id: &str) -> anyhow::Result<Option<StorageSwitch>> {
    let doc: Option<String> =
        sqlx::query_scalar("SELECT document FROM storage_switch_plans WHERE switch_id = $1")
            .bind(id)
            .fetch_optional(&mut *db)
            .await?;
    let Some(doc) = doc else {
        return Ok(None);
    };
    let mut s = decode(&doc)?;
    let steps: Vec<String> = sqlx::query_scalar(
        "SELECT step FROM storage_switch_steps WHERE switch_id = $1 ORDER BY idx",
    )
    .bind(id)
    .fetch_all(&mut *db)
    .await?;
    s.steps = steps
        .iter()
        .map(|t| serde_json::from_str(t))
        .collect::<Result<_, _>>()
        .map_err(|e| anyhow::anyhow!("storage_switch_steps.step holds an invalid step: {e}"))?;
    Ok(Some(s))
}

/// One switch, read outside any transaction.
pub async fn load(pool: &AnyPool, id: &str) -> anyhow::Result<Option<StorageSwitch>> {
    let mut conn = pool.acquire().await?;
    get(&mut conn, id).await
}

/// Newest first, each with its steps.
pub async fn list(pool: &AnyPool) -> anyhow::Result<Vec<StorageSwitch>> {
    let rows: Vec<(String, String)> = sqlx::query_as(
        "SELECT s.id, p.document FROM storage_switches s \
             JOIN storage_switch_plans p ON p.switch_id = s.id ORDER BY s.created_at DESC, s.id",
    )
    .fetch_all(pool)
    .await?;
    let steps: Vec<(String, String)> =
        sqlx::query_as("SELECT switch_id, step FROM storage_switch_steps ORDER BY switch_id, idx")
            .fetch_all(pool)
            .await?;
    let mut by_switch: std::collections::HashMap<String, Vec<storage_model::switch::SwitchStep>> =
        std::collections::HashMap::new();
    for (id, step) in steps {
        by_switch
            .entry(id)
            .or_default()
            .push(serde_json::from_str(&step)?);
    }
    rows.iter()
        .map(|(id, d)| {
            let mut s = decode(d)?;
            s.steps = by_switch.remove(id).unwrap_or_default();
            Ok(s)
        })
        .collect()
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

/// Writes the plan (not the steps) of a switch `owner` holds, and lets it go when `release`.
/// False when `owner` no longer holds it (its lease ran out and another engine took it):
/// nothing written.
pub async fn save_held(
    tx: &mut WriteTx,
    id: &str,
    owner: &str,
    s: &StorageSwitch,
    release: bool,
) -> anyhow::Result<bool> {
    let sql = if release {
        "UPDATE storage_switches SET status = $1, owner = NULL, expires_at = NULL \
         WHERE id = $2 AND owner = $3"
    } else {
        "UPDATE storage_switches SET status = $1 WHERE id = $2 AND owner = $3"
    };
    let held = sqlx::query(sql)
        .bind(status_of(s))
        .bind(id)
        .bind(owner)
        .execute(&mut **tx)
        .await?
        .rows_affected()
        == 1;
    if held {
        save_plan(tx, id, s).await?;
    }
    Ok(held)
}

async fn save_plan(tx: &mut WriteTx, id: &str, s: &StorageSwitch) -> anyhow::Result<()> {
    sqlx::query("UPDATE storage_switch_plans SET document = $1 WHERE switch_id = $2")
        .bind(document(s)?)
        .bind(id)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

/// Writes the plan of a switch nobody runs (a plan being cancelled). False when some engine
/// holds it.
pub async fn save_idle(tx: &mut WriteTx, id: &str, s: &StorageSwitch) -> anyhow::Result<bool> {
    let idle = sqlx::query(
        "UPDATE storage_switches SET status = $1 WHERE id = $2 AND (owner IS NULL OR expires_at < $3)",
    )
    .bind(status_of(s))
    .bind(id)
    .bind(now_ms())
    .execute(&mut **tx)
    .await?
    .rows_affected()
        == 1;
    if idle {
        save_plan(tx, id, s).await?;
    }
    Ok(idle)
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

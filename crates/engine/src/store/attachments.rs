//! A storage domain's attachment to a data center: its status there and whether it is the
//! master. Statuses are bound through the model's enum.

use super::Flag;
use sqlx::{Any, Executor};
use storage_model::StorageDomainStatus;

/// The domain's status in the data center and whether it is the master; `None` when it is not
/// attached there.
pub async fn status_in<'e, E>(
    db: E,
    data_center: &str,
    domain: &str,
) -> anyhow::Result<Option<(String, bool)>>
where
    E: Executor<'e, Database = Any>,
{
    let row: Option<(String, Flag)> = sqlx::query_as(
        "SELECT status, is_master FROM storage_domain_data_centers \
         WHERE data_center_id = $1 AND storage_domain_id = $2",
    )
    .bind(data_center)
    .bind(domain)
    .fetch_optional(db)
    .await?;
    Ok(row.map(|(s, m)| (s, m.0)))
}

/// The status of the data center's master domain, if it has one.
pub async fn master_status<'e, E>(db: E, data_center: &str) -> anyhow::Result<Option<String>>
where
    E: Executor<'e, Database = Any>,
{
    Ok(sqlx::query_scalar(
        "SELECT status FROM storage_domain_data_centers WHERE data_center_id = $1 AND is_master = 1",
    )
    .bind(data_center)
    .fetch_optional(db)
    .await?)
}

pub async fn set_status<'e, E>(
    db: E,
    data_center: &str,
    domain: &str,
    status: StorageDomainStatus,
) -> anyhow::Result<()>
where
    E: Executor<'e, Database = Any>,
{
    sqlx::query(
        "UPDATE storage_domain_data_centers SET status = $1 \
         WHERE data_center_id = $2 AND storage_domain_id = $3",
    )
    .bind(status.as_str())
    .bind(data_center)
    .bind(domain)
    .execute(db)
    .await?;
    Ok(())
}

/// Activates the domain there, making it the master when `master`.
pub async fn activate<'e, E>(
    db: E,
    data_center: &str,
    domain: &str,
    master: bool,
) -> anyhow::Result<()>
where
    E: Executor<'e, Database = Any>,
{
    sqlx::query(
        "UPDATE storage_domain_data_centers SET status = $1, \
         is_master = CASE WHEN $2 = 1 THEN 1 ELSE is_master END \
         WHERE data_center_id = $3 AND storage_domain_id = $4",
    )
    .bind(StorageDomainStatus::Active.as_str())
    .bind(i64::from(master))
    .bind(data_center)
    .bind(domain)
    .execute(db)
    .await?;
    Ok(())
}

/// The active data domain (first by name) that would take the master role over from `domain`.
pub async fn master_successor<'e, E>(
    db: E,
    data_center: &str,
    domain: &str,
) -> anyhow::Result<Option<String>>
where
    E: Executor<'e, Database = Any>,
{
    Ok(sqlx::query_scalar(
        "SELECT a.storage_domain_id FROM storage_domain_data_centers a \
         JOIN storage_domains d ON d.id = a.storage_domain_id \
         WHERE a.data_center_id = $1 AND a.storage_domain_id <> $2 AND a.status = $3 \
           AND d.domain_type = 'data' ORDER BY d.name LIMIT 1",
    )
    .bind(data_center)
    .bind(domain)
    .bind(StorageDomainStatus::Active.as_str())
    .fetch_optional(db)
    .await?)
}

/// Makes `domain` the data center's only master.
pub async fn make_master<'e, E>(db: E, data_center: &str, domain: &str) -> anyhow::Result<()>
where
    E: Executor<'e, Database = Any>,
{
    sqlx::query(
        "UPDATE storage_domain_data_centers SET is_master = \
         CASE WHEN storage_domain_id = $1 THEN 1 ELSE 0 END WHERE data_center_id = $2",
    )
    .bind(domain)
    .bind(data_center)
    .execute(db)
    .await?;
    Ok(())
}

/// How many other domains of the data center are attached, and how many of them are active.
pub async fn others<'e, E>(db: E, data_center: &str, domain: &str) -> anyhow::Result<(i64, i64)>
where
    E: Executor<'e, Database = Any>,
{
    Ok(sqlx::query_as(
        "SELECT COUNT(*), COALESCE(SUM(CASE WHEN status = $3 THEN 1 ELSE 0 END), 0) \
         FROM storage_domain_data_centers WHERE data_center_id = $1 AND storage_domain_id <> $2",
    )
    .bind(data_center)
    .bind(domain)
    .bind(StorageDomainStatus::Active.as_str())
    .fetch_one(db)
    .await?)
}

/// How many data centers the domain is attached to.
pub async fn count_of<'e, E>(db: E, domain: &str) -> anyhow::Result<i64>
where
    E: Executor<'e, Database = Any>,
{
    Ok(sqlx::query_scalar(
        "SELECT COUNT(*) FROM storage_domain_data_centers WHERE storage_domain_id = $1",
    )
    .bind(domain)
    .fetch_one(db)
    .await?)
}

/// Attaches the domain, active (and the master when `master`).
pub async fn attach<'e, E>(
    db: E,
    domain: &str,
    data_center: &str,
    master: bool,
) -> anyhow::Result<()>
where
    E: Executor<'e, Database = Any>,
{
    sqlx::query(
        "INSERT INTO storage_domain_data_centers (storage_domain_id, data_center_id, status, is_master) \
         VALUES ($1, $2, $3, $4)",
    )
    .bind(domain)
    .bind(data_center)
    .bind(StorageDomainStatus::Active.as_str())
    .bind(i64::from(master))
    .execute(db)
    .await?;
    Ok(())
}

pub async fn detach<'e, E>(db: E, data_center: &str, domain: &str) -> anyhow::Result<()>
where
    E: Executor<'e, Database = Any>,
{
    sqlx::query(
        "DELETE FROM storage_domain_data_centers WHERE data_center_id = $1 AND storage_domain_id = $2",
    )
    .bind(data_center)
    .bind(domain)
    .execute(db)
    .await?;
    Ok(())
}

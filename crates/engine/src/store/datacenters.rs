//! Data center rows.

use sqlx::{AnyPool, FromRow};

#[derive(Debug, Clone, FromRow)]
pub struct DataCenterRow {
    pub id: String,
    pub name: String,
    pub description: Option<String>,
    #[sqlx(try_from = "crate::store::Flag")]
    pub is_local: bool,
    pub status: String,
    pub storage_format: String,
    pub version_major: i64,
    pub version_minor: i64,
}

const COLUMNS: &str =
    "id, name, description, is_local, status, storage_format, version_major, version_minor";

pub async fn list(pool: &AnyPool) -> anyhow::Result<Vec<DataCenterRow>> {
    let sql = format!("SELECT {COLUMNS} FROM data_centers ORDER BY name");
    Ok(sqlx::query_as(&sql).fetch_all(pool).await?)
}

pub async fn get(pool: &AnyPool, id: &str) -> anyhow::Result<Option<DataCenterRow>> {
    let sql = format!("SELECT {COLUMNS} FROM data_centers WHERE id = $1");
    Ok(sqlx::query_as(&sql).bind(id).fetch_optional(pool).await?)
}

/// Whether a host in the data center is up (activation and attachment need one).
pub async fn has_up_host<'e, E>(db: E, data_center: &str) -> anyhow::Result<bool>
where
    E: sqlx::Executor<'e, Database = sqlx::Any>,
{
    let n: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM hosts WHERE data_center_id = $1 AND status = 'up'",
    )
    .bind(data_center)
    .fetch_one(db)
    .await?;
    Ok(n > 0)
}

/// Whether the data center has a master storage domain.
pub async fn has_master<'e, E>(db: E, data_center: &str) -> anyhow::Result<bool>
where
    E: sqlx::Executor<'e, Database = sqlx::Any>,
{
    let n: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM storage_domain_data_centers WHERE data_center_id = $1 AND is_master = 1",
    )
    .bind(data_center)
    .fetch_one(db)
    .await?;
    Ok(n > 0)
}

/// Every (data center id, storage domain name) attachment: the `storage` cross reference of a
/// data center search.
pub async fn attached_domain_names(pool: &AnyPool) -> anyhow::Result<Vec<(String, String)>> {
    Ok(sqlx::query_as(
        "SELECT a.data_center_id, d.name FROM storage_domain_data_centers a \
         JOIN storage_domains d ON d.id = a.storage_domain_id",
    )
    .fetch_all(pool)
    .await?)
}

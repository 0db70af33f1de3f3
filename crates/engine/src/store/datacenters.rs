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
    let n: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM hosts WHERE data_center_id = $1 AND status = $2")
            .bind(data_center)
            .bind(storage_model::HostStatus::Up.as_str())
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

/// The domains attached to a data center (name, status there, master), for its removal.
pub async fn attached(
    conn: &mut sqlx::AnyConnection,
    id: &str,
) -> anyhow::Result<Vec<(String, String, crate::store::Flag)>> {
    Ok(sqlx::query_as(
        "SELECT d.name, a.status, a.is_master FROM storage_domain_data_centers a \
         JOIN storage_domains d ON d.id = a.storage_domain_id WHERE a.data_center_id = $1 \
         ORDER BY d.name",
    )
    .bind(id)
    .fetch_all(conn)
    .await?)
}

pub async fn exists(conn: &mut sqlx::AnyConnection, id: &str) -> anyhow::Result<bool> {
    let found: Option<i64> = sqlx::query_scalar("SELECT 1 FROM data_centers WHERE id = $1")
        .bind(id)
        .fetch_optional(conn)
        .await?;
    Ok(found.is_some())
}

/// Removes a data center: its domains are left unattached, its clusters and hosts without one.
pub async fn remove(conn: &mut sqlx::AnyConnection, id: &str) -> anyhow::Result<()> {
    for sql in [
        "DELETE FROM storage_domain_data_centers WHERE data_center_id = $1",
        "UPDATE clusters SET data_center_id = NULL WHERE data_center_id = $1",
        "UPDATE hosts SET data_center_id = NULL, spm = 0 WHERE data_center_id = $1",
        "DELETE FROM data_centers WHERE id = $1",
    ] {
        sqlx::query(sql).bind(id).execute(&mut *conn).await?;
    }
    Ok(())
}

/// Whether the database holds no data center yet (a new site, which `--demo` may seed).
pub async fn none_yet(conn: &mut sqlx::AnyConnection) -> anyhow::Result<bool> {
    let n: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM data_centers")
        .fetch_one(conn)
        .await?;
    Ok(n == 0)
}

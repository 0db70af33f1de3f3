//! Host rows, with the names of their cluster and data center (what searches compare).

use sqlx::{AnyPool, FromRow};

#[derive(Debug, Clone, FromRow)]
pub struct HostRow {
    pub id: String,
    pub name: String,
    pub address: String,
    pub status: String,
    pub data_center_id: Option<String>,
    #[sqlx(try_from = "crate::store::Flag")]
    pub spm: bool,
    pub cluster_id: Option<String>,
    pub cluster_name: Option<String>,
    pub data_center_name: Option<String>,
}

const SELECT: &str = "SELECT h.id, h.name, h.address, h.status, h.data_center_id, h.spm, \
     h.cluster_id, c.name AS cluster_name, d.name AS data_center_name FROM hosts h \
     LEFT JOIN clusters c ON c.id = h.cluster_id LEFT JOIN data_centers d ON d.id = h.data_center_id";

pub async fn list(pool: &AnyPool) -> anyhow::Result<Vec<HostRow>> {
    let sql = format!("{SELECT} ORDER BY h.name");
    Ok(sqlx::query_as(&sql).fetch_all(pool).await?)
}

/// One host, from the pool or inside a transaction.
pub async fn get<'e, E>(db: E, id: &str) -> anyhow::Result<Option<HostRow>>
where
    E: sqlx::Executor<'e, Database = sqlx::Any>,
{
    let sql = format!("{SELECT} WHERE h.id = $1");
    Ok(sqlx::query_as(&sql).bind(id).fetch_optional(db).await?)
}

pub async fn get_by_name(pool: &AnyPool, name: &str) -> anyhow::Result<Option<HostRow>> {
    let sql = format!("{SELECT} WHERE h.name = $1");
    Ok(sqlx::query_as(&sql).bind(name).fetch_optional(pool).await?)
}

/// The hosts of a data center (for the SPM hand-over), inside a writing transaction.
pub async fn in_data_center(
    conn: &mut sqlx::AnyConnection,
    data_center: &str,
) -> anyhow::Result<Vec<HostRow>> {
    let sql = format!("{SELECT} WHERE h.data_center_id = $1 ORDER BY h.name");
    Ok(sqlx::query_as(&sql)
        .bind(data_center)
        .fetch_all(conn)
        .await?)
}

pub async fn set_status(
    conn: &mut sqlx::AnyConnection,
    id: &str,
    status: storage_model::HostStatus,
) -> anyhow::Result<()> {
    sqlx::query("UPDATE hosts SET status = $1 WHERE id = $2")
        .bind(status.as_str())
        .bind(id)
        .execute(conn)
        .await?;
    Ok(())
}

/// Makes `id` the SPM (and no other host), or nobody when `None`, among `from`'s data center.
pub async fn set_spm(
    conn: &mut sqlx::AnyConnection,
    from: &str,
    to: Option<&str>,
) -> anyhow::Result<()> {
    sqlx::query("UPDATE hosts SET spm = 0 WHERE id = $1")
        .bind(from)
        .execute(&mut *conn)
        .await?;
    if let Some(to) = to {
        sqlx::query("UPDATE hosts SET spm = 1 WHERE id = $1")
            .bind(to)
            .execute(&mut *conn)
            .await?;
    }
    Ok(())
}

pub async fn remove(conn: &mut sqlx::AnyConnection, id: &str) -> anyhow::Result<()> {
    sqlx::query("DELETE FROM hosts WHERE id = $1")
        .bind(id)
        .execute(conn)
        .await?;
    Ok(())
}

//! Cluster rows: each belongs to one data center; hosts and VMs belong to a cluster.

use sqlx::{AnyPool, FromRow};

#[derive(Debug, Clone, FromRow)]
pub struct ClusterRow {
    pub id: String,
    pub name: String,
    pub description: Option<String>,
    pub data_center_id: Option<String>,
    pub data_center_name: Option<String>,
}

const SELECT: &str = "SELECT c.id, c.name, c.description, c.data_center_id, \
     d.name AS data_center_name FROM clusters c LEFT JOIN data_centers d ON d.id = c.data_center_id";

pub async fn list(pool: &AnyPool) -> anyhow::Result<Vec<ClusterRow>> {
    Ok(sqlx::query_as(&format!("{SELECT} ORDER BY c.name"))
        .fetch_all(pool)
        .await?)
}

pub async fn get(pool: &AnyPool, id: &str) -> anyhow::Result<Option<ClusterRow>> {
    Ok(sqlx::query_as(&format!("{SELECT} WHERE c.id = $1"))
        .bind(id)
        .fetch_optional(pool)
        .await?)
}

/// How many hosts and VMs a cluster holds.
pub async fn contents(conn: &mut sqlx::AnyConnection, id: &str) -> anyhow::Result<(i64, i64)> {
    Ok(sqlx::query_as(
        "SELECT (SELECT COUNT(*) FROM hosts WHERE cluster_id = $1), \
         (SELECT COUNT(*) FROM vms WHERE cluster_id = $1)",
    )
    .bind(id)
    .fetch_one(conn)
    .await?)
}

pub async fn exists(conn: &mut sqlx::AnyConnection, id: &str) -> anyhow::Result<bool> {
    let found: Option<i64> = sqlx::query_scalar("SELECT 1 FROM clusters WHERE id = $1")
        .bind(id)
        .fetch_optional(conn)
        .await?;
    Ok(found.is_some())
}

pub async fn remove(conn: &mut sqlx::AnyConnection, id: &str) -> anyhow::Result<()> {
    sqlx::query("DELETE FROM clusters WHERE id = $1")
        .bind(id)
        .execute(conn)
        .await?;
    Ok(())
}

//! Cluster rows: each belongs to one data center; hosts and VMs belong to a cluster.

use sqlx::{AnyPool, FromRow};

#[derive(Debug, Clone, FromRow)]
pub struct ClusterRow {
    pub id: String,
    pub name: String,
    pub description: Option<String>,
    pub data_center_id: String,
    pub data_center_name: String,
}

const SELECT: &str = "SELECT c.id, c.name, c.description, c.data_center_id, \
     d.name AS data_center_name FROM clusters c JOIN data_centers d ON d.id = c.data_center_id";

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

//! Host rows.

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
}

const COLUMNS: &str = "id, name, address, status, data_center_id, spm";

pub async fn list(pool: &AnyPool) -> anyhow::Result<Vec<HostRow>> {
    let sql = format!("SELECT {COLUMNS} FROM hosts ORDER BY name");
    Ok(sqlx::query_as(&sql).fetch_all(pool).await?)
}

pub async fn get(pool: &AnyPool, id: &str) -> anyhow::Result<Option<HostRow>> {
    let sql = format!("SELECT {COLUMNS} FROM hosts WHERE id = $1");
    Ok(sqlx::query_as(&sql).bind(id).fetch_optional(pool).await?)
}

pub async fn get_by_name(pool: &AnyPool, name: &str) -> anyhow::Result<Option<HostRow>> {
    let sql = format!("SELECT {COLUMNS} FROM hosts WHERE name = $1");
    Ok(sqlx::query_as(&sql).bind(name).fetch_optional(pool).await?)
}

//! Data center rows.

use sqlx::{FromRow, SqlitePool};

#[derive(Debug, Clone, FromRow)]
pub struct DataCenterRow {
    pub id: String,
    pub name: String,
    pub description: Option<String>,
    pub is_local: bool,
    pub status: String,
    pub storage_format: String,
    pub version_major: i64,
    pub version_minor: i64,
}

const COLUMNS: &str =
    "id, name, description, is_local, status, storage_format, version_major, version_minor";

pub async fn list(pool: &SqlitePool) -> anyhow::Result<Vec<DataCenterRow>> {
    let sql = format!("SELECT {COLUMNS} FROM data_centers ORDER BY name");
    Ok(sqlx::query_as(&sql).fetch_all(pool).await?)
}

pub async fn get(pool: &SqlitePool, id: &str) -> anyhow::Result<Option<DataCenterRow>> {
    let sql = format!("SELECT {COLUMNS} FROM data_centers WHERE id = ?");
    Ok(sqlx::query_as(&sql).bind(id).fetch_optional(pool).await?)
}

//! Disks (direct-LUN disks here) and the connections their LUNs are reached through.

use super::connections::ConnectionRow;
use sqlx::{AnyPool, FromRow};
use std::collections::HashMap;

#[derive(Debug, Clone, FromRow)]
pub struct DiskRow {
    pub id: String,
    pub alias: String,
    pub storage_type: String,
    pub lun_id: Option<String>,
    pub provisioned_size: i64,
    pub lun_size: Option<i64>,
}

const SELECT: &str = "SELECT k.id, k.alias, k.storage_type, k.lun_id, k.provisioned_size, \
     l.size_bytes AS lun_size FROM disks k LEFT JOIN luns l ON l.id = k.lun_id";

const CONNECTION_COLUMNS: &str = "c.id, c.storage_type, c.address, c.path, c.port, c.target, \
     c.username, c.password, c.portal, c.mount_options, c.vfs_type, c.nfs_version, c.nfs_timeo, \
     c.nfs_retrans";

pub async fn list(pool: &AnyPool) -> anyhow::Result<Vec<DiskRow>> {
    Ok(sqlx::query_as(&format!("{SELECT} ORDER BY k.alias"))
        .fetch_all(pool)
        .await?)
}

pub async fn get(pool: &AnyPool, id: &str) -> anyhow::Result<Option<DiskRow>> {
    Ok(sqlx::query_as(&format!("{SELECT} WHERE k.id = $1"))
        .bind(id)
        .fetch_optional(pool)
        .await?)
}

#[derive(FromRow)]
struct LunConnection {
    lun_id: String,
    #[sqlx(flatten)]
    connection: ConnectionRow,
}

/// The connections of one LUN, or of every LUN that backs a disk (`None`), in one query, in the
/// order they were added.
pub async fn lun_connections(
    pool: &AnyPool,
    lun: Option<&str>,
) -> anyhow::Result<HashMap<String, Vec<ConnectionRow>>> {
    let sql = format!(
        "SELECT lc.lun_id, {CONNECTION_COLUMNS} FROM storage_connections c \
         JOIN lun_connections lc ON lc.connection_id = c.id \
         WHERE ($1 IS NULL AND lc.lun_id IN (SELECT lun_id FROM disks)) OR lc.lun_id = $1 \
         ORDER BY lc.lun_id, c.rowid"
    );
    let rows: Vec<LunConnection> = sqlx::query_as(&sql).bind(lun).fetch_all(pool).await?;
    let mut by_lun: HashMap<String, Vec<ConnectionRow>> = HashMap::new();
    for r in rows {
        by_lun.entry(r.lun_id).or_default().push(r.connection);
    }
    Ok(by_lun)
}

//! Virtual machine rows (the subset the storage rules look at) and their disk attachments.

use sqlx::{AnyPool, FromRow};
use storage_model::VmStatus;

#[derive(Debug, Clone, FromRow)]
pub struct VmRow {
    pub id: String,
    pub name: String,
    pub status: String,
    pub cluster_id: Option<String>,
    pub cluster_name: Option<String>,
    pub data_center_name: Option<String>,
}

#[derive(Debug, Clone, FromRow)]
pub struct AttachmentRow {
    pub vm_id: String,
    pub disk_id: String,
    #[sqlx(try_from = "crate::store::Flag")]
    pub active: bool,
}

const SELECT: &str = "SELECT v.id, v.name, v.status, v.cluster_id, c.name AS cluster_name, \
     d.name AS data_center_name FROM vms v LEFT JOIN clusters c ON c.id = v.cluster_id \
     LEFT JOIN data_centers d ON d.id = c.data_center_id";

pub async fn list(pool: &AnyPool) -> anyhow::Result<Vec<VmRow>> {
    Ok(sqlx::query_as(&format!("{SELECT} ORDER BY v.name"))
        .fetch_all(pool)
        .await?)
}

pub async fn get(pool: &AnyPool, id: &str) -> anyhow::Result<Option<VmRow>> {
    Ok(sqlx::query_as(&format!("{SELECT} WHERE v.id = $1"))
        .bind(id)
        .fetch_optional(pool)
        .await?)
}

/// Disk attachments of one VM, or of every VM (`None`), in one query.
pub async fn attachments(pool: &AnyPool, vm: Option<&str>) -> anyhow::Result<Vec<AttachmentRow>> {
    Ok(sqlx::query_as(
        "SELECT vm_id, disk_id, active FROM disk_attachments \
         WHERE ($1 IS NULL OR vm_id = $1) ORDER BY vm_id, disk_id",
    )
    .bind(vm)
    .fetch_all(pool)
    .await?)
}

pub async fn set_status(pool: &AnyPool, id: &str, status: VmStatus) -> anyhow::Result<()> {
    sqlx::query("UPDATE vms SET status = $1 WHERE id = $2")
        .bind(status.as_str())
        .bind(id)
        .execute(pool)
        .await?;
    Ok(())
}

/// One VM's name and status, read inside a writing transaction.
pub async fn name_and_status(
    conn: &mut sqlx::AnyConnection,
    id: &str,
) -> anyhow::Result<Option<(String, String)>> {
    Ok(sqlx::query_as("SELECT name, status FROM vms WHERE id = $1")
        .bind(id)
        .fetch_optional(conn)
        .await?)
}

/// Removes a VM and the disks only it used (a direct LUN disk's LUN and connections stay: they
/// belong to the storage, not to the VM).
pub async fn remove(conn: &mut sqlx::AnyConnection, id: &str) -> anyhow::Result<()> {
    let disks: Vec<String> = sqlx::query_scalar(
        "SELECT a.disk_id FROM disk_attachments a WHERE a.vm_id = $1 AND NOT EXISTS \
         (SELECT 1 FROM disk_attachments o WHERE o.disk_id = a.disk_id AND o.vm_id <> $1)",
    )
    .bind(id)
    .fetch_all(&mut *conn)
    .await?;
    sqlx::query("DELETE FROM disk_attachments WHERE vm_id = $1")
        .bind(id)
        .execute(&mut *conn)
        .await?;
    for disk in disks {
        sqlx::query("DELETE FROM disks WHERE id = $1")
            .bind(disk)
            .execute(&mut *conn)
            .await?;
    }
    sqlx::query("DELETE FROM vms WHERE id = $1")
        .bind(id)
        .execute(&mut *conn)
        .await?;
    Ok(())
}

/// VMs running in a data center's clusters.
pub async fn running_in_data_center(
    conn: &mut sqlx::AnyConnection,
    data_center: &str,
) -> anyhow::Result<i64> {
    Ok(sqlx::query_scalar(
        "SELECT COUNT(*) FROM vms v JOIN clusters c ON c.id = v.cluster_id \
         WHERE c.data_center_id = $1 AND v.status <> $2",
    )
    .bind(data_center)
    .bind(VmStatus::Down.as_str())
    .fetch_one(conn)
    .await?)
}

/// A VM's name by id (what the audit trail names).
pub async fn name_of(pool: &AnyPool, id: &str) -> anyhow::Result<Option<String>> {
    Ok(sqlx::query_scalar("SELECT name FROM vms WHERE id = $1")
        .bind(id)
        .fetch_optional(pool)
        .await?)
}

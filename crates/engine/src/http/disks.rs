//! `/disks`: direct-LUN disks with their connections.

use super::connections;
use super::params::Params;
use super::search::Selection;
use crate::error::{guid, ApiError};
use crate::store::{self, parse_column};
use crate::AppState;
use axum::extract::{Path, State};
use axum::Json;
use sqlx::FromRow;
use storage_model::search::{fields, Searchable, Val};
use storage_model::{
    Disk, Disks, HostStorage, LogicalUnit, LogicalUnits, StorageConnections, API_BASE,
};

#[derive(FromRow)]
struct DiskRow {
    id: String,
    alias: String,
    storage_type: String,
    lun_id: Option<String>,
    provisioned_size: i64,
    lun_size: Option<i64>,
}

async fn disk_to_wire(state: &AppState, row: &DiskRow) -> Result<Disk, ApiError> {
    let lun_storage = match &row.lun_id {
        Some(lun) => {
            let conns: Vec<store::connections::ConnectionRow> = sqlx::query_as(
                "SELECT c.id, c.storage_type, c.address, c.path, c.port, c.target, c.username, \
                 c.password, c.portal, c.mount_options, c.vfs_type, c.nfs_version, c.nfs_timeo, \
                 c.nfs_retrans FROM storage_connections c \
                 JOIN lun_connections lc ON lc.connection_id = c.id WHERE lc.lun_id = $1 ORDER BY c.rowid",
            )
            .bind(lun)
            .fetch_all(&state.store.pool)
            .await?;
            let units = conns
                .iter()
                .map(|c| LogicalUnit {
                    id: Some(lun.clone()),
                    address: c.address.clone(),
                    port: c.port.and_then(|p| i32::try_from(p).ok()),
                    target: c.target.clone(),
                    username: c.username.clone(),
                    size: row.lun_size,
                    paths: i32::try_from(conns.len()).ok(),
                    disk_id: Some(row.id.clone()),
                    ..Default::default()
                })
                .collect();
            Some(HostStorage {
                storage_type: Some(storage_model::StorageType::Iscsi),
                logical_units: Some(LogicalUnits {
                    logical_unit: units,
                }),
                ..Default::default()
            })
        }
        None => None,
    };
    let href = format!("{API_BASE}/disks/{}", row.id);
    Ok(Disk {
        link: Some(vec![storage_model::Link {
            href: format!("{href}/storageconnections"),
            rel: "storageconnections".into(),
        }]),
        href: Some(href),
        id: Some(row.id.clone()),
        name: Some(row.alias.clone()),
        alias: Some(row.alias.clone()),
        storage_type: Some(parse_column("disks", "storage_type", &row.storage_type)?),
        provisioned_size: Some(row.provisioned_size),
        lun_storage,
    })
}

const DISK_SQL: &str = "SELECT k.id, k.alias, k.storage_type, k.lun_id, k.provisioned_size, \
     l.size_bytes AS lun_size FROM disks k LEFT JOIN luns l ON l.id = k.lun_id";

impl Searchable for DiskRow {
    fn values(&self, field: &str) -> Vec<Val<'_>> {
        match field {
            "alias" | "name" => vec![Val::Text(&self.alias)],
            "description" => vec![Val::Text("")],
            "provisioned_size" => vec![Val::Int(self.provisioned_size / storage_model::GIB)],
            "disk_type" => vec![Val::Text(&self.storage_type)],
            // Direct LUN disks (the only ones here) live on no storage domain.
            "datacenter" => Vec::new(),
            "id" => vec![Val::Text(&self.id)],
            _ => Vec::new(),
        }
    }
}

/// `GET /disks[?search=…]`
pub async fn list(State(state): State<AppState>, params: Params) -> Result<Json<Disks>, ApiError> {
    let selection = Selection::read(&fields::DISKS, &params)?;
    let rows: Vec<DiskRow> = sqlx::query_as(&format!("{DISK_SQL} ORDER BY k.alias"))
        .fetch_all(&state.store.pool)
        .await?;
    let rows = selection.apply(rows);
    let mut disks = Vec::with_capacity(rows.len());
    for r in &rows {
        disks.push(disk_to_wire(&state, r).await?);
    }
    Ok(Json(disks.into()))
}

async fn disk_row(state: &AppState, id: &str) -> Result<DiskRow, ApiError> {
    let id = guid(id)?;
    sqlx::query_as(&format!("{DISK_SQL} WHERE k.id = $1"))
        .bind(&id)
        .fetch_optional(&state.store.pool)
        .await?
        .ok_or(ApiError::NotFound)
}

pub async fn get(
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> Result<Json<Disk>, ApiError> {
    let row = disk_row(&state, &id).await?;
    Ok(Json(disk_to_wire(&state, &row).await?))
}

/// `GET /disks/{id}/storageconnections`: the connections a direct-LUN disk is reached through.
pub async fn connections(
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> Result<Json<StorageConnections>, ApiError> {
    let row = disk_row(&state, &id).await?;
    let rows: Vec<store::connections::ConnectionRow> = sqlx::query_as(
        "SELECT c.id, c.storage_type, c.address, c.path, c.port, c.target, c.username, \
         c.password, c.portal, c.mount_options, c.vfs_type, c.nfs_version, c.nfs_timeo, \
         c.nfs_retrans FROM storage_connections c \
         JOIN lun_connections lc ON lc.connection_id = c.id WHERE lc.lun_id = $1 ORDER BY c.rowid",
    )
    .bind(row.lun_id.unwrap_or_default())
    .fetch_all(&state.store.pool)
    .await?;
    Ok(Json(connections::to_wire_all(&rows)?))
}

//! `/disks`: direct-LUN disks with their connections.

use super::connections;
use super::params::Params;
use super::search::Selection;
use crate::error::{guid, ApiError};
use crate::store::{self, parse_column};
use crate::AppState;
use axum::extract::{Path, State};
use axum::Json;
use storage_model::search::{fields, Searchable, Val};
use storage_model::{
    Disk, Disks, HostStorage, LogicalUnit, LogicalUnits, StorageConnections, API_BASE,
};

use crate::store::disks::DiskRow;

/// A disk as the API shows it, with the connections of its LUN (from one bulk lookup).
fn disk_to_wire(
    row: &DiskRow,
    conns: &[store::connections::ConnectionRow],
) -> Result<Disk, ApiError> {
    let lun_storage = match &row.lun_id {
        Some(lun) => {
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
    let rows = selection.apply(store::disks::list(&state.store.pool).await?);
    let by_lun = store::disks::lun_connections(&state.store.pool, None).await?;
    let disks = rows
        .iter()
        .map(|r| {
            let conns = r.lun_id.as_ref().and_then(|l| by_lun.get(l));
            disk_to_wire(r, conns.map_or(&[][..], Vec::as_slice))
        })
        .collect::<Result<Vec<_>, _>>()?;
    Ok(Json(disks.into()))
}

/// The connections of one disk's LUN (none for a disk without one).
async fn lun_connections_of(
    state: &AppState,
    row: &DiskRow,
) -> Result<Vec<store::connections::ConnectionRow>, ApiError> {
    let Some(lun) = row.lun_id.as_deref() else {
        return Ok(Vec::new());
    };
    let mut by_lun = store::disks::lun_connections(&state.store.pool, Some(lun)).await?;
    Ok(by_lun.remove(lun).unwrap_or_default())
}

async fn disk_row(state: &AppState, id: &str) -> Result<DiskRow, ApiError> {
    let id = guid(id)?;
    store::disks::get(&state.store.pool, &id)
        .await?
        .ok_or(ApiError::NotFound)
}

pub async fn get(
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> Result<Json<Disk>, ApiError> {
    let row = disk_row(&state, &id).await?;
    let conns = lun_connections_of(&state, &row).await?;
    Ok(Json(disk_to_wire(&row, &conns)?))
}

/// `GET /disks/{id}/storageconnections`: the connections a direct-LUN disk is reached through.
pub async fn connections(
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> Result<Json<StorageConnections>, ApiError> {
    let row = disk_row(&state, &id).await?;
    let rows = lun_connections_of(&state, &row).await?;
    Ok(Json(connections::to_wire_all(&rows)?))
}

//! `/datacenters` and a data center's attached storage domains (with their per-DC status).

use super::domains::{self, Seen};
use super::error::{guid, ApiError};
use crate::store::{self, datacenters::DataCenterRow, domains::Scope, parse_column};
use crate::AppState;
use axum::extract::{Path, State};
use axum::Json;
use storage_model::{DataCenter, DataCenters, Link, StorageDomains, Version, API_BASE};

fn to_wire(row: &DataCenterRow) -> anyhow::Result<DataCenter> {
    let href = format!("{API_BASE}/datacenters/{}", row.id);
    Ok(DataCenter {
        link: Some(vec![Link {
            href: format!("{href}/storagedomains"),
            rel: "storagedomains".into(),
        }]),
        href: Some(href),
        id: Some(row.id.clone()),
        name: Some(row.name.clone()),
        description: row.description.clone(),
        local: Some(row.is_local),
        status: Some(parse_column("data_centers", "status", &row.status)?),
        storage_format: Some(parse_column(
            "data_centers",
            "storage_format",
            &row.storage_format,
        )?),
        version: Some(Version {
            major: i32::try_from(row.version_major).ok(),
            minor: i32::try_from(row.version_minor).ok(),
        }),
    })
}

pub async fn list(State(state): State<AppState>) -> Result<Json<DataCenters>, ApiError> {
    let rows = store::datacenters::list(&state.store.pool).await?;
    Ok(Json(
        rows.iter()
            .map(to_wire)
            .collect::<anyhow::Result<Vec<_>>>()?
            .into(),
    ))
}

pub async fn get(
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> Result<Json<DataCenter>, ApiError> {
    let id = guid(&id)?;
    let row = store::datacenters::get(&state.store.pool, &id)
        .await?
        .ok_or(ApiError::NotFound)?;
    Ok(Json(to_wire(&row)?))
}

/// `GET /datacenters/{dc}/storagedomains`: the domains attached to the data center, each with
/// its status there.
pub async fn storage_domains(
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> Result<Json<StorageDomains>, ApiError> {
    let id = guid(&id)?;
    store::datacenters::get(&state.store.pool, &id)
        .await?
        .ok_or(ApiError::NotFound)?;
    let views = store::domains::load(&state.store.pool, Scope::DataCenter(&id)).await?;
    Ok(Json(domains::to_wire_all(&views, Seen::InDataCenter(&id))?))
}

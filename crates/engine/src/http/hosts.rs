//! `/hosts`

use crate::error::{guid, ApiError};
use crate::store::{self, hosts::HostRow, parse_column};
use crate::AppState;
use axum::extract::{Path, State};
use axum::Json;
use storage_model::{Host, Hosts, Ref, API_BASE};

fn to_wire(row: &HostRow) -> anyhow::Result<Host> {
    Ok(Host {
        href: Some(format!("{API_BASE}/hosts/{}", row.id)),
        id: Some(row.id.clone()),
        name: Some(row.name.clone()),
        description: None,
        address: Some(row.address.clone()),
        status: Some(parse_column("hosts", "status", &row.status)?),
        spm: Some(row.spm),
        data_center: row
            .data_center_id
            .as_deref()
            .map(|dc| Ref::to("datacenters", dc)),
    })
}

pub async fn list(State(state): State<AppState>) -> Result<Json<Hosts>, ApiError> {
    let rows = store::hosts::list(&state.store.pool).await?;
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
) -> Result<Json<Host>, ApiError> {
    let id = guid(&id)?;
    let row = store::hosts::get(&state.store.pool, &id)
        .await?
        .ok_or(ApiError::NotFound)?;
    Ok(Json(to_wire(&row)?))
}

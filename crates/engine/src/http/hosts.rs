//! `/hosts`, searchable with the real engine's host fields.

use super::params::Params;
use super::responses::ActionResult;
use super::search::Selection;
use crate::error::{guid, ApiError};
use crate::store::{self, hosts::HostRow, parse_column};
use crate::AppState;
use axum::extract::{Path, State};
use axum::Json;
use storage_model::search::{fields, Searchable, Val};
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
        cluster: row.cluster_id.as_deref().map(|c| Ref::to("clusters", c)),
    })
}

impl Searchable for HostRow {
    fn values(&self, field: &str) -> Vec<Val<'_>> {
        match field {
            "name" => vec![Val::Text(&self.name)],
            "status" => vec![Val::Text(&self.status)],
            "cluster" => Val::opt(&self.cluster_name),
            "datacenter" => Val::opt(&self.data_center_name),
            "address" => vec![Val::Text(&self.address)],
            // The SPM has SPM id 1 here; the other hosts 0.
            "spm_id" => vec![Val::Int(i64::from(self.spm))],
            "comment" => vec![Val::Text("")],
            "id" => vec![Val::Text(&self.id)],
            _ => Vec::new(),
        }
    }
}

/// `GET /hosts[?search=…]`
pub async fn list(State(state): State<AppState>, params: Params) -> Result<Json<Hosts>, ApiError> {
    let selection = Selection::read(&fields::HOSTS, &params)?;
    let rows = selection.apply(store::hosts::list(&state.store.pool).await?);
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

/// `POST /hosts/{id}/deactivate`: to maintenance (the SPM hands over).
pub async fn deactivate(State(state): State<AppState>, Path(id): Path<String>) -> ActionResult {
    ActionResult(match guid(&id) {
        Ok(id) => crate::commands::deactivate_host::run(&state, &id).await,
        Err(e) => Err(e),
    })
}

/// `POST /hosts/{id}/activate`: out of maintenance.
pub async fn activate(State(state): State<AppState>, Path(id): Path<String>) -> ActionResult {
    ActionResult(match guid(&id) {
        Ok(id) => crate::commands::activate_host::run(&state, &id).await,
        Err(e) => Err(e),
    })
}

/// `DELETE /hosts/{id}`: a host in maintenance.
pub async fn remove(
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> Result<axum::response::Response, ApiError> {
    let id = guid(&id)?;
    crate::commands::remove_host::run(&state, &id).await?;
    Ok(super::responses::complete())
}

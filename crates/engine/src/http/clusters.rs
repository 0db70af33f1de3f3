//! `/clusters`: every data center has at least one; hosts and VMs belong to one.

use super::params::Params;
use super::search::Selection;
use crate::error::{guid, ApiError};
use crate::store::{self, clusters::ClusterRow};
use crate::AppState;
use axum::extract::{Path, State};
use axum::Json;
use storage_model::search::{fields, Searchable, Val};
use storage_model::{Cluster, Clusters, Ref, API_BASE};

fn to_wire(row: &ClusterRow) -> Cluster {
    Cluster {
        href: Some(format!("{API_BASE}/clusters/{}", row.id)),
        id: Some(row.id.clone()),
        name: Some(row.name.clone()),
        description: row.description.clone(),
        data_center: row
            .data_center_id
            .as_deref()
            .map(|dc| Ref::to("datacenters", dc)),
    }
}

/// A cluster with the names of its hosts (the `host` cross reference).
struct Found {
    row: ClusterRow,
    hosts: Vec<String>,
}

impl Searchable for Found {
    fn values(&self, field: &str) -> Vec<Val<'_>> {
        let row = &self.row;
        match field {
            "name" => vec![Val::Text(&row.name)],
            "description" => vec![Val::Text(row.description.as_deref().unwrap_or(""))],
            "comment" => vec![Val::Text("")],
            "datacenter" => Val::opt(&row.data_center_name),
            "host" => Val::texts(&self.hosts),
            "id" => vec![Val::Text(&row.id)],
            _ => Vec::new(),
        }
    }
}

/// `GET /clusters[?search=…]`
pub async fn list(
    State(state): State<AppState>,
    params: Params,
) -> Result<Json<Clusters>, ApiError> {
    let selection = Selection::read(&fields::CLUSTERS, &params)?;
    let hosts = if selection.uses("host") {
        store::hosts::list(&state.store.pool).await?
    } else {
        Vec::new()
    };
    let found = store::clusters::list(&state.store.pool)
        .await?
        .into_iter()
        .map(|row| Found {
            hosts: hosts
                .iter()
                .filter(|h| h.cluster_id.as_deref() == Some(row.id.as_str()))
                .map(|h| h.name.clone())
                .collect(),
            row,
        })
        .collect();
    Ok(Json(
        selection
            .apply(found)
            .iter()
            .map(|f| to_wire(&f.row))
            .collect::<Vec<_>>()
            .into(),
    ))
}

/// `GET /clusters/{id}`
pub async fn get(
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> Result<Json<Cluster>, ApiError> {
    let id = guid(&id)?;
    let row = store::clusters::get(&state.store.pool, &id)
        .await?
        .ok_or(ApiError::NotFound)?;
    Ok(Json(to_wire(&row)))
}

/// `DELETE /clusters/{id}`: an empty cluster.
pub async fn remove(
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> Result<axum::response::Response, ApiError> {
    let id = guid(&id)?;
    crate::commands::remove_cluster::run(&state, &id).await?;
    Ok(super::responses::complete())
}

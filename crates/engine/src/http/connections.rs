//! `/storageconnections` and the wire form of a stored connection.

use super::body::Body;
use super::params::Params;
use super::responses;
use crate::auth::Actor;
use crate::commands::{self, Subject};
use crate::error::{guid, ApiError};
use crate::store::{self, connections::ConnectionRow};
use crate::AppState;
use axum::extract::{Path, State};
use axum::http::HeaderMap;
use axum::response::Response;
use axum::Extension;
use axum::Json;
use storage_model::{StorageConnection, StorageConnections, StorageType};

/// The output form of a stored connection, field by field as the engine's mapper writes it.
/// Secrets (`password`) and input-only fields (`portal`) are never written.
pub fn to_wire(row: &ConnectionRow) -> anyhow::Result<StorageConnection> {
    let storage_type = row.storage_type()?;
    let mut c = StorageConnection {
        href: Some(format!(
            "{}/storageconnections/{}",
            storage_model::API_BASE,
            row.id
        )),
        id: Some(row.id.clone()),
        storage_type: Some(storage_type),
        ..Default::default()
    };
    match storage_type {
        StorageType::Iscsi => {
            c.address = row.address.clone();
            c.port = row.port.and_then(|p| i32::try_from(p).ok());
            c.target = row.target.clone();
            c.username = row.username.clone();
        }
        t if t.is_file() => {
            c.address = row.address.clone();
            c.path = row.path.clone();
            match t {
                StorageType::Nfs => {
                    c.nfs_version = row.nfs_version()?;
                    c.nfs_timeo = row.nfs_timeo.and_then(|v| i32::try_from(v).ok());
                    c.nfs_retrans = row.nfs_retrans.and_then(|v| i32::try_from(v).ok());
                    c.mount_options = row.mount_options.clone();
                }
                StorageType::Posixfs | StorageType::Glusterfs => {
                    c.mount_options = row.mount_options.clone();
                    c.vfs_type = row.vfs_type.clone();
                }
                _ => {}
            }
        }
        _ => {}
    }
    Ok(c)
}

pub fn to_wire_all(rows: &[ConnectionRow]) -> anyhow::Result<StorageConnections> {
    Ok(rows
        .iter()
        .map(to_wire)
        .collect::<anyhow::Result<Vec<_>>>()?
        .into())
}

pub async fn list(State(state): State<AppState>) -> Result<Response, ApiError> {
    let json = state
        .caches
        .connection_list
        .get_or_load((), || async {
            let rows = store::connections::list(&state.store.pool).await?;
            Ok(Some(serde_json::to_vec(&to_wire_all(&rows)?)?.into()))
        })
        .await?
        .ok_or(ApiError::NotFound)?;
    Ok(responses::json_bytes(json))
}

pub async fn get(
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> Result<Response, ApiError> {
    // (Keyed by the UUID itself: its text is made only when the database is asked.)
    let key = crate::error::uuid_of(&id)?;
    let json = state
        .caches
        .connections
        .get_or_load(key, || async {
            let id = crate::error::hyphenated(key);
            match store::connections::get(&state.store.pool, &id).await? {
                Some(row) => Ok(Some(serde_json::to_vec(&to_wire(&row)?)?.into())),
                None => Ok(None),
            }
        })
        .await?
        .ok_or(ApiError::NotFound)?;
    Ok(responses::json_bytes(json))
}

/// `POST /storageconnections`: 201 with `Location` and the new connection.
pub async fn add(
    State(state): State<AppState>,
    Extension(actor): Extension<Actor>,
    subject: Subject,
    headers: HeaderMap,
    Body(input): Body<StorageConnection>,
) -> Result<Response, ApiError> {
    let row = commands::add_connection::run(&state, &actor, &subject, input).await?;
    let wire = to_wire(&row)?;
    let href = wire.href.clone().unwrap_or_default();
    Ok(responses::created(
        &headers,
        state.settings.tls,
        &href,
        wire,
    ))
}

/// `PUT /storageconnections/{id}`: a partial update; answers the connection as stored.
pub async fn update(
    State(state): State<AppState>,
    Extension(actor): Extension<Actor>,
    subject: Subject,
    Path(id): Path<String>,
    params: Params,
    Body(input): Body<StorageConnection>,
) -> Result<Json<StorageConnection>, ApiError> {
    let id = guid(&id)?;
    let options = commands::update_connection::Options {
        // In the body, or as `;host=` (oVirt's SDKs send it either way).
        host: input
            .host
            .clone()
            .filter(|r| !r.names_nothing())
            .or_else(|| params.get("host").map(commands::host_param)),
        force: params.flag("force"),
    };
    let row =
        commands::update_connection::run(&state, &actor, &subject, &id, input, options).await?;
    Ok(Json(to_wire(&row)?))
}

/// `DELETE /storageconnections/{id}[;host=…]`
pub async fn remove(
    State(state): State<AppState>,
    Extension(actor): Extension<Actor>,
    subject: Subject,
    Path(id): Path<String>,
    params: Params,
) -> Result<Response, ApiError> {
    let id = guid(&id)?;
    let host = params.get("host").map(commands::host_param);
    commands::remove_connection::run(&state, &actor, &subject, &id, host).await?;
    Ok(responses::complete())
}

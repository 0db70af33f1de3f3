//! `/storageswitches`: a whole site re-pointed to its replica (this project's extension; see
//! `commands::plan_switch` and `commands::run_switch`).

use super::body::Body;
use super::responses;
use crate::auth::Actor;
use crate::commands::plan_switch::without_secrets;
use crate::commands::run_switch;
use crate::error::{guid, ApiError};
use crate::AppState;
use axum::extract::{Path, State};
use axum::http::{header, HeaderMap};
use axum::response::{IntoResponse, Response};
use axum::{Extension, Json};
use storage_model::{StorageSwitch, StorageSwitches};

/// The switch as answered: its link, and no secret.
fn wire(mut s: StorageSwitch) -> StorageSwitch {
    s.href =
        s.id.as_ref()
            .map(|id| format!("{}/storageswitches/{id}", storage_model::API_BASE));
    without_secrets(s)
}

pub async fn list(State(state): State<AppState>) -> Result<Json<StorageSwitches>, ApiError> {
    let all = crate::store::switches::list(&state.store.pool).await?;
    Ok(Json(StorageSwitches {
        storage_switch: all.into_iter().map(wire).collect(),
    }))
}

pub async fn get(
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> Result<Json<StorageSwitch>, ApiError> {
    let id = guid(&id)?;
    let s = crate::store::switches::load(&state.store.pool, &id)
        .await?
        .ok_or(ApiError::NotFound)?;
    Ok(Json(wire(s)))
}

/// `POST /storageswitches`: 201 with the plan (nothing else changes).
pub async fn plan(
    State(state): State<AppState>,
    Extension(actor): Extension<Actor>,
    headers: HeaderMap,
    Body(input): Body<StorageSwitch>,
) -> Result<Response, ApiError> {
    let s = wire(run_switch::plan(&state, &actor, input).await?);
    let href = s.href.clone().unwrap_or_default();
    Ok(responses::created(&headers, state.settings.tls, &href, s))
}

pub async fn start(
    State(state): State<AppState>,
    Extension(actor): Extension<Actor>,
    Path(id): Path<String>,
) -> Result<Json<StorageSwitch>, ApiError> {
    Ok(Json(wire(
        run_switch::start(&state, &actor, &guid(&id)?).await?,
    )))
}

pub async fn cancel(
    State(state): State<AppState>,
    Extension(actor): Extension<Actor>,
    Path(id): Path<String>,
) -> Result<Json<StorageSwitch>, ApiError> {
    Ok(Json(wire(
        run_switch::cancel(&state, &actor, &guid(&id)?).await?,
    )))
}

pub async fn rollback(
    State(state): State<AppState>,
    Extension(actor): Extension<Actor>,
    Path(id): Path<String>,
) -> Result<Json<StorageSwitch>, ApiError> {
    Ok(Json(wire(
        run_switch::rollback(&state, &actor, &guid(&id)?).await?,
    )))
}

/// `POST …/{id}/failback`: 201 with the inverse plan.
pub async fn failback(
    State(state): State<AppState>,
    Extension(actor): Extension<Actor>,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> Result<Response, ApiError> {
    let s = wire(run_switch::failback(&state, &actor, &guid(&id)?).await?);
    let href = s.href.clone().unwrap_or_default();
    Ok(responses::created(&headers, state.settings.tls, &href, s))
}

/// `GET …/{id}/drmapping`: the switch as the oVirt disaster-recovery role's mapping file.
pub async fn dr_mapping(
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> Result<Response, ApiError> {
    let id = guid(&id)?;
    let s = crate::store::switches::load(&state.store.pool, &id)
        .await?
        .ok_or(ApiError::NotFound)?;
    let yaml = crate::dr_mapping::export(&state, &s).await?;
    Ok(([(header::CONTENT_TYPE, "application/yaml")], yaml).into_response())
}

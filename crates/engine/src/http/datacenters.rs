//! `/datacenters` and a data center's attached storage domains (with their per-DC status).

use super::body::{parse_action, Body};
use super::domains::{self, Seen};
use super::params::Params;
use super::responses::{self, ActionResult};
use super::search::Selection;
use crate::auth::Actor;
use crate::commands;
use crate::commands::Subject;
use crate::error::{guid, ApiError};
use crate::store::{self, datacenters::DataCenterRow, domains::Scope, parse_column};
use crate::AppState;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::HeaderMap;
use axum::response::Response;
use axum::Extension;
use axum::Json;
use storage_model::search::{fields, Searchable, Val};
use storage_model::{
    DataCenter, DataCenters, Link, StorageDomain, StorageDomains, Version, API_BASE,
};

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
            ..Default::default()
        }),
    })
}

/// A data center with the names of what it holds (the `storage`, `cluster` and `host` cross
/// references of its search).
struct Found {
    row: DataCenterRow,
    storage: Vec<String>,
    clusters: Vec<String>,
    hosts: Vec<String>,
}

impl Searchable for Found {
    fn values(&self, field: &str) -> Vec<Val<'_>> {
        match field {
            "name" => vec![Val::Text(&self.row.name)],
            "description" => vec![Val::Text(self.row.description.as_deref().unwrap_or(""))],
            "comment" => vec![Val::Text("")],
            "status" => vec![Val::Text(&self.row.status)],
            "storage" => Val::texts(&self.storage),
            "cluster" => Val::texts(&self.clusters),
            "host" => Val::texts(&self.hosts),
            "id" => vec![Val::Text(&self.row.id)],
            _ => Vec::new(),
        }
    }
}

/// `GET /datacenters[?search=…]`
pub async fn list(
    State(state): State<AppState>,
    params: Params,
) -> Result<Json<DataCenters>, ApiError> {
    let selection = Selection::read(&fields::DATA_CENTERS, &params)?;
    let pool = &state.store.pool;
    let storage = if selection.uses("storage") {
        store::datacenters::attached_domain_names(pool).await?
    } else {
        Vec::new()
    };
    let clusters = if selection.uses("cluster") {
        store::clusters::list(pool).await?
    } else {
        Vec::new()
    };
    let hosts = if selection.uses("host") {
        store::hosts::list(pool).await?
    } else {
        Vec::new()
    };
    let found = store::datacenters::list(pool)
        .await?
        .into_iter()
        .map(|row| {
            let here = |dc: Option<&str>| dc == Some(row.id.as_str());
            Found {
                storage: storage
                    .iter()
                    .filter(|(dc, _)| here(Some(dc)))
                    .map(|(_, n)| n.clone())
                    .collect(),
                clusters: clusters
                    .iter()
                    .filter(|c| here(c.data_center_id.as_deref()))
                    .map(|c| c.name.clone())
                    .collect(),
                hosts: hosts
                    .iter()
                    .filter(|h| here(h.data_center_id.as_deref()))
                    .map(|h| h.name.clone())
                    .collect(),
                row,
            }
        })
        .collect();
    Ok(Json(
        selection
            .apply(found)
            .iter()
            .map(|f| to_wire(&f.row))
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

/// `GET /datacenters/{dc}/storagedomains/{sd}`
pub async fn storage_domain(
    State(state): State<AppState>,
    Path((dc, sd)): Path<(String, String)>,
) -> Result<Json<StorageDomain>, ApiError> {
    let (dc, sd) = (guid(&dc)?, guid(&sd)?);
    let views = store::domains::load(&state.store.pool, Scope::One(&sd)).await?;
    let view = views
        .first()
        .filter(|v| v.attachments.iter().any(|a| a.data_center_id == dc))
        .ok_or(ApiError::NotFound)?;
    Ok(Json(domains::to_wire(view, Seen::InDataCenter(&dc))?))
}

/// `POST /datacenters/{dc}/storagedomains` with `{"id":…}` or `{"name":…}`: attach.
pub async fn attach(
    State(state): State<AppState>,
    Extension(actor): Extension<Actor>,
    subject: Subject,
    Path(dc): Path<String>,
    headers: HeaderMap,
    Body(input): Body<StorageDomain>,
) -> Result<Response, ApiError> {
    let dc = guid(&dc)?;
    store::datacenters::get(&state.store.pool, &dc)
        .await?
        .ok_or(ApiError::NotFound)?;
    let sd = match (input.id.as_deref(), input.name.as_deref()) {
        (Some(id), _) if !id.is_empty() => guid(id).map_err(|_| ApiError::entity_not_found(id))?,
        (_, Some(name)) if !name.is_empty() => store::domains::id_by_name(&state.store.pool, name)
            .await?
            .ok_or_else(|| ApiError::entity_not_found(name))?,
        _ => return Err(ApiError::incomplete("StorageDomain", &["id|name"], "add")),
    };
    commands::name_domain(&state, &subject, &sd).await?;
    commands::attach_domain::run(&state, &actor, &dc, &sd).await?;
    let views = store::domains::load(&state.store.pool, Scope::One(&sd)).await?;
    let view = views.first().ok_or(ApiError::NotFound)?;
    let wire = domains::to_wire(view, Seen::InDataCenter(&dc))?;
    let href = wire.href.clone().unwrap_or_default();
    Ok(responses::created(
        &headers,
        state.settings.tls,
        &href,
        wire,
    ))
}

/// `DELETE /datacenters/{dc}/storagedomains/{sd}`: detach.
pub async fn detach(
    State(state): State<AppState>,
    Extension(actor): Extension<Actor>,
    subject: Subject,
    Path((dc, sd)): Path<(String, String)>,
) -> Result<Response, ApiError> {
    let (dc, sd) = (guid(&dc)?, guid(&sd)?);
    commands::name_domain(&state, &subject, &sd).await?;
    commands::detach_domain::run(&state, &actor, &dc, &sd).await?;
    Ok(responses::complete())
}

/// `POST /datacenters/{dc}/storagedomains/{sd}/activate`
pub async fn activate(
    State(state): State<AppState>,
    Extension(actor): Extension<Actor>,
    subject: Subject,
    Path((dc, sd)): Path<(String, String)>,
    body: Bytes,
) -> ActionResult {
    ActionResult(
        async {
            let (dc, sd) = (guid(&dc)?, guid(&sd)?);
            commands::name_domain(&state, &subject, &sd).await?;
            parse_action(&body)?;
            commands::activate_domain::run(&state, &actor, &dc, &sd).await
        }
        .await,
    )
}

/// `POST /datacenters/{dc}/storagedomains/{sd}/deactivate`
pub async fn deactivate(
    State(state): State<AppState>,
    Extension(actor): Extension<Actor>,
    subject: Subject,
    Path((dc, sd)): Path<(String, String)>,
    body: Bytes,
) -> ActionResult {
    ActionResult(
        async {
            let (dc, sd) = (guid(&dc)?, guid(&sd)?);
            commands::name_domain(&state, &subject, &sd).await?;
            parse_action(&body)?;
            commands::deactivate_domain::run(&state, &actor, &dc, &sd).await
        }
        .await,
    )
}

/// `DELETE /datacenters/{id}[?force=true]`
pub async fn remove(
    State(state): State<AppState>,
    Path(id): Path<String>,
    params: Params,
) -> Result<Response, ApiError> {
    let id = guid(&id)?;
    commands::remove_data_center::run(&state, &id, params.flag("force")).await?;
    Ok(responses::complete())
}

//! `/storagedomains` and the wire form of a stored domain.

use super::body::Body;
use super::connections;
use super::params::Params;
use super::responses;
use super::search::Selection;
use crate::auth::Actor;
use crate::commands;
use crate::commands::Subject;
use crate::error::{guid, ApiError};
use crate::store::{
    self,
    domains::{DomainView, Scope},
    parse_column,
};
use crate::AppState;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use axum::Extension;
use axum::Json;
use std::collections::HashMap;
use storage_model::search::{fields, Searchable, Val};
use storage_model::{
    HostStorage, Link, LogicalUnit, LogicalUnits, Ref, RefList, StorageConnection,
    StorageConnections, StorageDomain, StorageDomainStatus, StorageDomainType, StorageDomains,
    StorageType, VolumeGroup, API_BASE, GIB,
};

/// Where a domain is being shown from, which decides its `status`.
#[derive(Clone, Copy)]
pub enum Seen<'a> {
    /// Top-level `/storagedomains`: `status` is only ever `unattached` (or absent).
    TopLevel,
    /// `/datacenters/{dc}/storagedomains`: the domain's status in that data center.
    InDataCenter(&'a str),
}

pub fn to_wire(view: &DomainView, seen: Seen<'_>) -> anyhow::Result<StorageDomain> {
    let row = &view.row;
    let storage_type: StorageType =
        parse_column("storage_domains", "storage_type", &row.storage_type)?;
    let domain_type: StorageDomainType =
        parse_column("storage_domains", "domain_type", &row.domain_type)?;

    let (status, master) = match seen {
        Seen::TopLevel => (
            view.attachments
                .is_empty()
                .then_some(StorageDomainStatus::Unattached),
            view.attachments.iter().any(|a| a.is_master),
        ),
        Seen::InDataCenter(dc) => {
            let a = view.attachments.iter().find(|a| a.data_center_id == dc);
            (
                a.map(|a| parse_column("storage_domain_data_centers", "status", &a.status))
                    .transpose()?,
                a.is_some_and(|a| a.is_master),
            )
        }
    };

    let mut storage = HostStorage {
        storage_type: Some(storage_type),
        ..Default::default()
    };
    if let Some(c) = &view.connection {
        let wire = connections::to_wire(c)?;
        storage.address = wire.address;
        storage.path = wire.path;
        storage.mount_options = wire.mount_options;
        storage.vfs_type = wire.vfs_type;
        storage.nfs_version = wire.nfs_version;
        storage.nfs_timeo = wire.nfs_timeo;
        storage.nfs_retrans = wire.nfs_retrans;
    }
    if storage_type.is_block() {
        let units = view
            .luns
            .iter()
            .map(|l| LogicalUnit {
                id: Some(l.id.clone()),
                address: l.address.clone(),
                port: l.port.and_then(|p| i32::try_from(p).ok()),
                target: l.target.clone(),
                username: l.username.clone(),
                size: Some(l.size_bytes),
                paths: i32::try_from(l.paths).ok(),
                serial: l.serial.clone(),
                vendor_id: l.vendor_id.clone(),
                product_id: l.product_id.clone(),
                volume_group_id: l.volume_group_id.clone(),
                storage_domain_id: Some(row.id.clone()),
                ..Default::default()
            })
            .collect();
        storage.volume_group = Some(VolumeGroup {
            id: row.volume_group_id.clone(),
            logical_units: Some(LogicalUnits {
                logical_unit: units,
            }),
        });
    }

    let href = format!("{API_BASE}/storagedomains/{}", row.id);
    let mut links = vec![];
    if domain_type != StorageDomainType::Image {
        links.push(Link {
            href: format!("{href}/storageconnections"),
            rel: "storageconnections".into(),
        });
    }

    Ok(StorageDomain {
        href: Some(match seen {
            Seen::TopLevel => href,
            Seen::InDataCenter(dc) => {
                format!("{API_BASE}/datacenters/{dc}/storagedomains/{}", row.id)
            }
        }),
        id: Some(row.id.clone()),
        name: Some(row.name.clone()),
        description: row.description.clone(),
        comment: row.comment.clone(),
        domain_type: Some(domain_type),
        status,
        external_status: Some(parse_column(
            "storage_domains",
            "external_status",
            &row.external_status,
        )?),
        master: Some(master),
        storage: Some(storage),
        available: row.available_bytes,
        used: row.used_bytes,
        committed: row.committed_bytes,
        storage_format: Some(parse_column(
            "storage_domains",
            "storage_format",
            &row.storage_format,
        )?),
        wipe_after_delete: Some(row.wipe_after_delete),
        discard_after_delete: Some(row.discard_after_delete),
        supports_discard: Some(false),
        backup: Some(row.backup),
        warning_low_space_indicator: i32::try_from(row.warning_low_space_indicator).ok(),
        critical_space_action_blocker: i32::try_from(row.critical_space_action_blocker).ok(),
        block_size: i32::try_from(row.block_size).ok(),
        data_center: None,
        data_centers: (!view.attachments.is_empty()).then(|| RefList {
            data_center: view
                .attachments
                .iter()
                .map(|a| Ref::to("datacenters", &a.data_center_id))
                .collect(),
        }),
        host: None,
        actions: match seen {
            Seen::TopLevel => None,
            Seen::InDataCenter(dc) => Some(storage_model::Actions {
                link: ["activate", "deactivate"]
                    .iter()
                    .map(|a| Link {
                        href: format!("{API_BASE}/datacenters/{dc}/storagedomains/{}/{a}", row.id),
                        rel: (*a).to_string(),
                    })
                    .collect(),
            }),
        },
        link: Some(links),
        storage_connections: None,
    })
}

pub fn to_wire_all(views: &[DomainView], seen: Seen<'_>) -> anyhow::Result<StorageDomains> {
    Ok(views
        .iter()
        .map(|v| to_wire(v, seen))
        .collect::<anyhow::Result<Vec<_>>>()?
        .into())
}

pub async fn get(
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> Result<Json<StorageDomain>, ApiError> {
    let id = guid(&id)?;
    let views = store::domains::load(&state.store.pool, Scope::One(&id)).await?;
    let view = views.first().ok_or(ApiError::NotFound)?;
    Ok(Json(to_wire(view, Seen::TopLevel)?))
}

/// `GET /storagedomains/{id}/storageconnections`
pub async fn connections(
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> Result<Json<StorageConnections>, ApiError> {
    let id = guid(&id)?;
    if !store::domains::exists(&state.store.pool, &id).await? {
        return Err(ApiError::NotFound);
    }
    let rows = store::connections::for_domain(&state.store.pool, &id).await?;
    Ok(Json(connections::to_wire_all(&rows)?))
}

/// `GET /storagedomains[?search=…&max=…&case_sensitive=…]`: oVirt's search language with the
/// real engine's storage fields (`storage_model::search::fields::STORAGE_DOMAINS`).
pub async fn list(
    State(state): State<AppState>,
    params: Params,
) -> Result<Json<StorageDomains>, ApiError> {
    let selection = Selection::read(&fields::STORAGE_DOMAINS, &params)?;
    let views = store::domains::load(&state.store.pool, Scope::All).await?;
    let dc_names: HashMap<String, String> = if selection.uses("datacenter") {
        store::datacenters::list(&state.store.pool)
            .await?
            .into_iter()
            .map(|dc| (dc.id, dc.name))
            .collect()
    } else {
        HashMap::new()
    };
    let found = views
        .into_iter()
        .map(|view| Found {
            data_centers: view
                .attachments
                .iter()
                .filter_map(|a| dc_names.get(&a.data_center_id).cloned())
                .collect(),
            view,
        })
        .collect();
    let selected: Vec<DomainView> = selection.apply(found).into_iter().map(|f| f.view).collect();
    let mut wire = to_wire_all(&selected, Seen::TopLevel)?;
    // `follow=storage_connections`: each domain's connections inline, so a client listing what
    // uses each connection needs one request instead of one per domain.
    let follow = params.get("follow").unwrap_or("");
    if follow.split(',').any(|f| f.trim() == "storage_connections") {
        let mut by_domain: HashMap<String, Vec<StorageConnection>> = HashMap::new();
        for pair in store::connections::for_all_domains(&state.store.pool).await? {
            by_domain
                .entry(pair.domain_id)
                .or_default()
                .push(connections::to_wire(&pair.connection)?);
        }
        for d in &mut wire.storage_domain {
            let list =
                d.id.as_ref()
                    .and_then(|id| by_domain.remove(id))
                    .unwrap_or_default();
            d.storage_connections = Some(StorageConnections {
                storage_connection: list,
            });
        }
    }
    Ok(Json(wire))
}

/// A domain as the search sees it: its row, attachments and the names of its data centers.
struct Found {
    view: DomainView,
    data_centers: Vec<String>,
}

impl Searchable for Found {
    fn values(&self, field: &str) -> Vec<Val<'_>> {
        let row = &self.view.row;
        let gib = |b: Option<i64>| b.map(|b| Val::Int(b / GIB)).into_iter().collect();
        match field {
            "name" => vec![Val::Text(&row.name)],
            "status" if self.view.attachments.is_empty() => vec![Val::Text("unattached")],
            "status" => self
                .view
                .attachments
                .iter()
                .map(|a| Val::Text(&a.status))
                .collect(),
            "datacenter" => Val::texts(&self.data_centers),
            "type" => vec![Val::Text(&row.storage_type)],
            "size" => gib(row.available_bytes),
            "used" => gib(row.used_bytes),
            "committed" => gib(row.committed_bytes),
            "comment" => vec![Val::Text(row.comment.as_deref().unwrap_or(""))],
            "description" => vec![Val::Text(row.description.as_deref().unwrap_or(""))],
            "wipe_after_delete" => vec![Val::Bool(row.wipe_after_delete)],
            "id" => vec![Val::Text(&row.id)],
            _ => Vec::new(),
        }
    }
}

/// `POST /storagedomains`: 201 with the new (unattached) domain.
pub async fn add(
    State(state): State<AppState>,
    Extension(actor): Extension<Actor>,
    subject: Subject,
    headers: HeaderMap,
    Body(input): Body<StorageDomain>,
) -> Result<Response, ApiError> {
    let id = commands::add_domain::run(&state, &actor, input).await?;
    let views = store::domains::load(&state.store.pool, Scope::One(&id)).await?;
    let view = views.first().ok_or(ApiError::NotFound)?;
    let wire = to_wire(view, Seen::TopLevel)?;
    if let Some(name) = &wire.name {
        subject.name(name.clone(), Some(&id));
    }
    let href = wire.href.clone().unwrap_or_default();
    Ok(responses::created(
        &headers,
        state.settings.tls,
        &href,
        wire,
    ))
}

/// `PUT /storagedomains/{id}`
pub async fn update(
    State(state): State<AppState>,
    Extension(actor): Extension<Actor>,
    subject: Subject,
    Path(id): Path<String>,
    Body(input): Body<StorageDomain>,
) -> Result<Json<StorageDomain>, ApiError> {
    let id = guid(&id)?;
    commands::name_domain(&state, &subject, &id).await?;
    if let Some(given) = input.id.as_deref().filter(|s| !s.is_empty()) {
        if guid(given).ok().as_deref() != Some(id.as_str()) {
            return Err(ApiError::fault(
                StatusCode::CONFLICT,
                "Broken immutability constraint",
                "Attempt to set immutable field: id",
            ));
        }
    }
    commands::update_domain::run(&state, &actor, &id, input).await?;
    let views = store::domains::load(&state.store.pool, Scope::One(&id)).await?;
    let view = views.first().ok_or(ApiError::NotFound)?;
    Ok(Json(to_wire(view, Seen::TopLevel)?))
}

/// `DELETE /storagedomains/{id}?host=…&format=…&destroy=…`
pub async fn remove(
    State(state): State<AppState>,
    Extension(actor): Extension<Actor>,
    subject: Subject,
    Path(id): Path<String>,
    params: Params,
) -> Result<Response, ApiError> {
    let id = guid(&id)?;
    commands::name_domain(&state, &subject, &id).await?;
    let options = commands::remove_domain::Options {
        host: params.get("host").map(commands::host_param),
        destroy: params.flag("destroy"),
    };
    commands::remove_domain::run(&state, &actor, &id, options).await?;
    Ok(responses::complete())
}

/// `GET /storagedomains/{id}/storageconnections/{conn}`
pub async fn connection(
    State(state): State<AppState>,
    Path((id, conn)): Path<(String, String)>,
) -> Result<Json<StorageConnection>, ApiError> {
    let id = guid(&id)?;
    let conn = guid(&conn)?;
    let rows = store::connections::for_domain(&state.store.pool, &id).await?;
    let row = rows
        .iter()
        .find(|r| r.id == conn)
        .ok_or(ApiError::NotFound)?;
    Ok(Json(connections::to_wire(row)?))
}

/// `POST /storagedomains/{id}/storageconnections` with `{"id":…}`: 200 with an action.
pub async fn attach_connection(
    State(state): State<AppState>,
    Extension(actor): Extension<Actor>,
    subject: Subject,
    Path(id): Path<String>,
    Body(input): Body<StorageConnection>,
) -> Result<Response, ApiError> {
    let id = guid(&id)?;
    commands::name_domain(&state, &subject, &id).await?;
    let Some(conn) = input.id.as_deref().filter(|s| !s.is_empty()) else {
        return Err(ApiError::incomplete("StorageConnection", &["id"], "add"));
    };
    let conn = guid(conn).map_err(|_| {
        ApiError::fault(
            StatusCode::BAD_REQUEST,
            "Operation failed",
            format!("Invalid UUID string: {conn}"),
        )
    })?;
    if !store::domains::exists(&state.store.pool, &id).await? {
        return Err(ApiError::NotFound);
    }
    commands::attach_connection::run(&state, &actor, &id, &conn).await?;
    Ok(responses::complete())
}

/// `DELETE /storagedomains/{id}/storageconnections/{conn}`
pub async fn detach_connection(
    State(state): State<AppState>,
    Extension(actor): Extension<Actor>,
    subject: Subject,
    Path((id, conn)): Path<(String, String)>,
) -> Result<Response, ApiError> {
    let id = guid(&id)?;
    let conn = guid(&conn)?;
    let Some(row) = store::connections::get(&state.store.pool, &conn).await? else {
        return Err(ApiError::NotFound);
    };
    let domain = store::domains::name_of(&state.store.pool, &id).await?;
    subject.name(
        format!(
            "{} on {}",
            row.details()?.summary(),
            domain.unwrap_or_default()
        ),
        Some(&id),
    );
    commands::detach_connection::run(&state, &actor, &id, &conn).await?;
    Ok(responses::complete())
}

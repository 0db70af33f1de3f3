//! Connectivity: testing connections (stored or not yet saved), iSCSI discovery and login
//! through a host, and NFS export listing. Test and export endpoints are extensions; the real
//! engine has none, and oVirt clients never call them.

use super::body::Body;
use super::params::Params;
use crate::auth::Actor;
use crate::commands::Subject;
use crate::commands::{
    check_permission, normalize, refuse, require_up_host, resolve_host, ActionGroup,
};
use crate::error::{guid, ApiError};
use crate::probe::iscsi::Chap;
use crate::store;
use crate::AppState;
use axum::extract::{Path, State};
use axum::{Extension, Json};
use serde::{Deserialize, Serialize};
use storage_model::probe::{DiscoveredTargets, IscsiAction, IscsiDetails, ProbeReport};
use storage_model::rules::messages::{self as m, Verb};
use storage_model::{Ref, StorageConnection};

fn may_probe(actor: &Actor, verb: Verb) -> Result<(), ApiError> {
    check_permission(
        actor,
        ActionGroup::CreateStorageDomain,
        None,
        verb,
        "Storage Connection",
    )
}

/// `POST /storageconnections/test`: tests details that are not saved (a dialog's input).
pub async fn test_unsaved(
    State(state): State<AppState>,
    Extension(actor): Extension<Actor>,
    Body(c): Body<StorageConnection>,
) -> Result<Json<ProbeReport>, ApiError> {
    may_probe(&actor, Verb::Edit)?;
    let mut c = normalize(c);
    // Editing a stored connection: a password left empty means the stored one.
    if c.password.is_none() {
        if let Some(id) = c.id.as_deref().and_then(|i| guid(i).ok()) {
            if let Some(row) = store::connections::get(&state.store.pool, &id).await? {
                c.password = row.password;
            }
        }
    }
    Ok(Json(state.agent.test(&c).await))
}

/// `POST /storageconnections/{id}/test`: tests a stored connection.
pub async fn test_stored(
    State(state): State<AppState>,
    Extension(actor): Extension<Actor>,
    subject: Subject,
    Path(id): Path<String>,
) -> Result<Json<ProbeReport>, ApiError> {
    let id = guid(&id)?;
    let row = store::connections::get(&state.store.pool, &id)
        .await?
        .ok_or(ApiError::NotFound)?;
    subject.name(row.details()?.summary(), None);
    may_probe(&actor, Verb::Edit)?;
    Ok(Json(state.agent.test(&row.details()?).await))
}

async fn up_host(state: &AppState, id: &str, verb: Verb) -> Result<String, ApiError> {
    let host = resolve_host(
        state,
        &Ref {
            id: Some(id.to_string()),
            ..Default::default()
        },
    )
    .await?;
    if host.is_none() {
        return Err(ApiError::NotFound);
    }
    Ok(require_up_host(host, verb, "Host")?.name)
}

fn portal(details: &IscsiDetails) -> Result<(String, u16), ApiError> {
    let address = details.address.clone().filter(|a| !a.trim().is_empty());
    let Some(address) = address else {
        return Err(ApiError::incomplete(
            "IscsiDetails",
            &["address"],
            "discoverIscsi",
        ));
    };
    let port = details.port.unwrap_or(3260);
    let port = u16::try_from(port)
        .ok()
        .filter(|p| *p > 0)
        .ok_or_else(|| refuse(Verb::Attach, "Host", m::invalid_port()))?;
    Ok((address.trim().to_string(), port))
}

fn chap(d: &IscsiDetails) -> Option<Chap<'_>> {
    match (d.username.as_deref(), d.password.as_deref()) {
        (Some(u), Some(p)) if !u.is_empty() => Some(Chap { user: u, secret: p }),
        _ => None,
    }
}

fn probe_failed(what: &str, reason: &str) -> ApiError {
    ApiError::fault(
        axum::http::StatusCode::BAD_REQUEST,
        "Operation Failed",
        format!("[Cannot {what}. {reason}]"),
    )
}

/// `POST /hosts/{id}/discoveriscsi`: SendTargets discovery on a portal, through the host.
pub async fn discover(
    State(state): State<AppState>,
    Extension(actor): Extension<Actor>,
    Path(id): Path<String>,
    Body(action): Body<IscsiAction>,
) -> Result<Json<IscsiAction>, ApiError> {
    let id = guid(&id)?;
    may_probe(&actor, Verb::Attach)?;
    let host = up_host(&state, &id, Verb::Attach).await?;
    let details = action.iscsi.unwrap_or_default();
    let (address, port) = portal(&details)?;
    let targets = state
        .agent
        .discover(&address, port, chap(&details))
        .await
        .map_err(|e| probe_failed("discover iSCSI targets", &format!("Host {host}: {e}")))?;
    Ok(Json(IscsiAction {
        status: Some("complete".into()),
        iscsi: None,
        discovered_targets: Some(DiscoveredTargets {
            iscsi_details: targets
                .into_iter()
                .map(|t| IscsiDetails {
                    address: Some(t.address),
                    port: Some(i32::from(t.port)),
                    portal: Some(t.portal_group),
                    target: Some(t.name),
                    ..Default::default()
                })
                .collect(),
        }),
    }))
}

/// `POST /hosts/{id}/iscsilogin`: logs the host in to one target (and out again).
pub async fn login(
    State(state): State<AppState>,
    Extension(actor): Extension<Actor>,
    Path(id): Path<String>,
    Body(action): Body<IscsiAction>,
) -> Result<Json<storage_model::Action>, ApiError> {
    let id = guid(&id)?;
    may_probe(&actor, Verb::Attach)?;
    let host = up_host(&state, &id, Verb::Attach).await?;
    let details = action.iscsi.unwrap_or_default();
    let (address, port) = portal(&details)?;
    let Some(target) = details.target.clone().filter(|t| !t.trim().is_empty()) else {
        return Err(ApiError::incomplete(
            "IscsiDetails",
            &["target"],
            "iscsiLogin",
        ));
    };
    state
        .agent
        .login(&address, port, target.trim(), chap(&details))
        .await
        .map_err(|e| probe_failed("log in to the iSCSI target", &format!("Host {host}: {e}")))?;
    Ok(Json(storage_model::Action::complete()))
}

#[derive(Serialize, Deserialize, Default, schemars::JsonSchema)]
#[serde(default)]
pub struct Exports {
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub export: Vec<Export>,
}

#[derive(Serialize, Deserialize, Default, schemars::JsonSchema)]
#[serde(default)]
pub struct Export {
    pub path: String,
}

/// `GET /hosts/{id}/nfsexports?address=server`: the exports an NFS server offers.
pub async fn exports(
    State(state): State<AppState>,
    Extension(actor): Extension<Actor>,
    Path(id): Path<String>,
    params: Params,
) -> Result<Json<Exports>, ApiError> {
    let id = guid(&id)?;
    may_probe(&actor, Verb::Attach)?;
    let host = up_host(&state, &id, Verb::Attach).await?;
    let Some(address) = params.get("address").filter(|a| !a.is_empty()) else {
        return Err(ApiError::incomplete("Host", &["address"], "nfsExports"));
    };
    let list = state
        .agent
        .exports(address)
        .await
        .map_err(|e| probe_failed("list the NFS exports", &format!("Host {host}: {e}")))?;
    Ok(Json(Exports {
        export: list.into_iter().map(|path| Export { path }).collect(),
    }))
}

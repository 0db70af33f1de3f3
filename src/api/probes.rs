//! Connectivity: test a connection, discover iSCSI targets and log in to them through a host.

use super::{post_json, ApiError};
use storage_model::probe::{IscsiAction, IscsiDetails, ProbeReport};
use storage_model::{Action, StorageConnection};

pub async fn test(c: &StorageConnection) -> Result<ProbeReport, ApiError> {
    post_json("/storageconnections/test", c).await
}

pub async fn discover(host: &str, portal: &IscsiDetails) -> Result<Vec<IscsiDetails>, ApiError> {
    let body = IscsiAction {
        iscsi: Some(portal.clone()),
        ..Default::default()
    };
    let answer: IscsiAction = post_json(&format!("/hosts/{host}/discoveriscsi"), &body).await?;
    Ok(answer
        .discovered_targets
        .map(|d| d.iscsi_details)
        .unwrap_or_default())
}

pub async fn login(host: &str, target: &IscsiDetails) -> Result<Action, ApiError> {
    let body = IscsiAction {
        iscsi: Some(target.clone()),
        ..Default::default()
    };
    post_json(&format!("/hosts/{host}/iscsilogin"), &body).await
}

#[derive(serde::Deserialize, Default)]
#[serde(default)]
struct Exports {
    export: Vec<Export>,
}

#[derive(serde::Deserialize, Default)]
#[serde(default)]
struct Export {
    path: String,
}

/// The exports of an NFS server, listed through the first host that is up.
pub async fn exports(address: &str) -> Result<Vec<String>, ApiError> {
    let hosts = super::datacenters::hosts().await?;
    let host = hosts
        .into_iter()
        .find(|h| h.status == Some(storage_model::HostStatus::Up))
        .and_then(|h| h.id)
        .unwrap_or_default();
    let e: Exports = super::get_json(&format!(
        "/hosts/{host}/nfsexports?address={}",
        super::enc(address)
    ))
    .await?;
    Ok(e.export.into_iter().map(|x| x.path).collect())
}

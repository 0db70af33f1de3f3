//! Data centers, hosts, disks: the objects around the storage.

use super::{delete, get_json, post_json, ApiError};
use storage_model::{Action, DataCenter, DataCenters, Disk, Disks, Host, Hosts, StorageDomain};

pub async fn list() -> Result<Vec<DataCenter>, ApiError> {
    Ok(get_json::<DataCenters>("/datacenters").await?.data_center)
}

pub async fn hosts() -> Result<Vec<Host>, ApiError> {
    Ok(get_json::<Hosts>("/hosts").await?.host)
}

pub async fn disks() -> Result<Vec<Disk>, ApiError> {
    Ok(get_json::<Disks>("/disks").await?.disk)
}

pub async fn activate(dc: &str, domain: &str) -> Result<Action, ApiError> {
    post_json(
        &format!("/datacenters/{dc}/storagedomains/{domain}/activate"),
        &Action::default(),
    )
    .await
}

pub async fn deactivate(dc: &str, domain: &str) -> Result<Action, ApiError> {
    post_json(
        &format!("/datacenters/{dc}/storagedomains/{domain}/deactivate"),
        &Action::default(),
    )
    .await
}

pub async fn attach(dc: &str, domain: &str) -> Result<StorageDomain, ApiError> {
    let body = StorageDomain {
        id: Some(domain.to_string()),
        ..Default::default()
    };
    post_json(&format!("/datacenters/{dc}/storagedomains"), &body).await
}

pub async fn detach(dc: &str, domain: &str) -> Result<Action, ApiError> {
    delete(&format!("/datacenters/{dc}/storagedomains/{domain}")).await
}

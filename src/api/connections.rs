//! Storage connections.

use super::{delete, enc, get_json, post_json, put_json, ApiError};
use storage_model::{Action, StorageConnection, StorageConnections};

pub async fn list() -> Result<Vec<StorageConnection>, ApiError> {
    Ok(get_json::<StorageConnections>("/storageconnections")
        .await?
        .storage_connection)
}

pub async fn of_domain(domain: &str) -> Result<Vec<StorageConnection>, ApiError> {
    Ok(
        get_json::<StorageConnections>(&format!("/storagedomains/{domain}/storageconnections"))
            .await?
            .storage_connection,
    )
}

pub async fn add(c: &StorageConnection) -> Result<StorageConnection, ApiError> {
    post_json("/storageconnections", c).await
}

/// Updates a connection; `host` (a host id) makes that host connect to the new details.
pub async fn update(
    id: &str,
    c: &StorageConnection,
    host: Option<&str>,
) -> Result<StorageConnection, ApiError> {
    let path = match host {
        Some(h) => format!("/storageconnections/{id};host={}", enc(h)),
        None => format!("/storageconnections/{id}"),
    };
    put_json(&path, c).await
}

pub async fn remove(id: &str) -> Result<Action, ApiError> {
    delete(&format!("/storageconnections/{id}")).await
}

pub async fn attach(domain: &str, connection: &str) -> Result<Action, ApiError> {
    let body = StorageConnection {
        id: Some(connection.to_string()),
        ..Default::default()
    };
    post_json(
        &format!("/storagedomains/{domain}/storageconnections"),
        &body,
    )
    .await
}

pub async fn detach(domain: &str, connection: &str) -> Result<Action, ApiError> {
    delete(&format!(
        "/storagedomains/{domain}/storageconnections/{connection}"
    ))
    .await
}

//! Storage connections.

use super::{get_json, ApiError};
use storage_model::{StorageConnection, StorageConnections};

pub async fn list() -> Result<Vec<StorageConnection>, ApiError> {
    Ok(get_json::<StorageConnections>("/storageconnections")
        .await?
        .storage_connection)
}

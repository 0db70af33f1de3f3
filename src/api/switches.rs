//! Storage switches (`/storageswitches`, this project's extension): plan, run, follow, undo.

use super::{get_json, get_text, post_json, ApiError};
use storage_model::{Action, StorageSwitch};

/// Plans a switch: the engine answers the plan and changes nothing.
pub async fn plan(request: &StorageSwitch) -> Result<StorageSwitch, ApiError> {
    post_json("/storageswitches", request).await
}

pub async fn get(id: &str) -> Result<StorageSwitch, ApiError> {
    get_json(&format!("/storageswitches/{id}")).await
}

/// `start`, `cancel`, `rollback` or `failback` (the inverse plan) on a switch.
pub async fn act(id: &str, verb: &str) -> Result<StorageSwitch, ApiError> {
    post_json(&format!("/storageswitches/{id}/{verb}"), &Action::default()).await
}

/// The switch as the oVirt disaster-recovery role's mapping file (YAML).
pub async fn dr_mapping(id: &str) -> Result<String, ApiError> {
    get_text(&format!("/storageswitches/{id}/drmapping")).await
}

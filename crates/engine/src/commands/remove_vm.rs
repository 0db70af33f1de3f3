//! `RemoveVm`: a VM that is down leaves, with the disks only it used.

use super::{refuse, Subject};
use crate::error::ApiError;
use crate::store;
use crate::AppState;
use storage_model::rules::infrastructure;
use storage_model::rules::messages::Verb;

pub async fn run(state: &AppState, subject: &Subject, id: &str) -> Result<(), ApiError> {
    let mut tx = store::begin_write(&state.store.pool).await?;
    let (name, status) = store::vms::name_and_status(&mut tx, id)
        .await?
        .ok_or(ApiError::NotFound)?;
    subject.name(name, None);
    let status = store::parse_column("vms", "status", &status)?;
    infrastructure::remove_vm(status).map_err(|m| refuse(Verb::Remove, "VM", m))?;
    store::vms::remove(&mut tx, id).await?;
    tx.commit().await?;
    Ok(())
}

//! `ActivateVds`: a host in maintenance is up again (the embedded agent is always reachable);
//! it becomes the SPM when its data center has none.

use super::refuse;
use crate::error::ApiError;
use crate::store;
use crate::AppState;
use storage_model::rules::infrastructure;
use storage_model::rules::messages::Verb;
use storage_model::HostStatus;

pub async fn run(state: &AppState, id: &str) -> Result<(), ApiError> {
    let mut tx = store::begin_write(&state.store.pool).await?;
    let host = store::hosts::get(&mut *tx, id)
        .await?
        .ok_or(ApiError::NotFound)?;
    let status = store::parse_column("hosts", "status", &host.status)?;
    let changes =
        infrastructure::activate_host(status).map_err(|m| refuse(Verb::Activate, "Host", m))?;
    if !changes {
        return Ok(());
    }
    store::hosts::set_status(&mut tx, id, HostStatus::Up).await?;
    if let Some(dc) = &host.data_center_id {
        let hosts = store::hosts::in_data_center(&mut tx, dc).await?;
        if !hosts.iter().any(|h| h.spm) {
            store::hosts::set_spm(&mut tx, id, Some(id)).await?;
        }
    }
    tx.commit().await?;
    Ok(())
}

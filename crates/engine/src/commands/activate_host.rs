//! `ActivateVds`: a host in maintenance is up again (the embedded agent is always reachable);
//! it becomes the SPM when its data center has none.

use super::refuse;
use crate::error::ApiError;
use crate::store;
use crate::AppState;
use storage_model::rules::messages::{ErrorType, Message, Verb};
use storage_model::HostStatus;

pub async fn run(state: &AppState, id: &str) -> Result<(), ApiError> {
    let mut tx = store::begin_write(&state.store.pool).await?;
    let host = store::hosts::get_in(&mut tx, id)
        .await?
        .ok_or(ApiError::NotFound)?;
    let status: HostStatus = store::parse_column("hosts", "status", &host.status)?;
    if status == HostStatus::Up {
        return Ok(());
    }
    if status != HostStatus::Maintenance {
        return Err(refuse(
            Verb::Activate,
            "Host",
            Message {
                key: "VDS_CANNOT_ACTIVATE_VDS_NOT_IN_MAINTENANCE",
                kind: ErrorType::Conflict,
                prefixed: true,
                field: None,
                text: format!("The host is {status}; only a host in maintenance is activated."),
            },
        ));
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

//! `MaintenanceVds`: a host goes to maintenance; when it was the SPM, another host of its data
//! center that is up takes the role over.

use super::refuse;
use crate::error::ApiError;
use crate::store::{self, hosts::HostRow};
use crate::AppState;
use storage_model::rules::infrastructure::{self, HostFacts};
use storage_model::rules::messages::Verb;
use storage_model::HostStatus;

fn facts(h: &HostRow) -> anyhow::Result<HostFacts> {
    Ok(HostFacts {
        id: h.id.clone(),
        status: store::parse_column("hosts", "status", &h.status)?,
        spm: h.spm,
    })
}

pub async fn run(state: &AppState, id: &str) -> Result<(), ApiError> {
    let mut tx = store::begin_write(&state.store.pool).await?;
    let host = store::hosts::get(&mut *tx, id)
        .await?
        .ok_or(ApiError::NotFound)?;
    let others = match &host.data_center_id {
        Some(dc) => store::hosts::in_data_center(&mut tx, dc).await?,
        None => Vec::new(),
    };
    let others = others
        .iter()
        .map(facts)
        .collect::<anyhow::Result<Vec<_>>>()?;
    let plan = infrastructure::deactivate_host(&facts(&host)?, &others)
        .map_err(|m| refuse(Verb::Deactivate, "Host", m))?;
    if !plan.already {
        store::hosts::set_status(&mut tx, id, HostStatus::Maintenance).await?;
        if host.spm {
            store::hosts::set_spm(&mut tx, id, plan.new_spm.as_deref()).await?;
        }
    }
    tx.commit().await?;
    Ok(())
}

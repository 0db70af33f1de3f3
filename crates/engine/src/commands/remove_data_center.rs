//! `RemoveStoragePool`: a data center with only its master domain left, not active, and no VM
//! running goes; its master is left unattached, its clusters and hosts without a data center.
//! `force` removes it whatever it holds.

use crate::error::ApiError;
use crate::store;
use crate::AppState;
use storage_model::rules::infrastructure::{self, AttachedDomain};
use storage_model::rules::messages::Verb;

pub async fn run(state: &AppState, id: &str, force: bool) -> Result<(), ApiError> {
    let mut tx = store::begin_write(&state.store.pool).await?;
    if !store::datacenters::exists(&mut tx, id).await? {
        return Err(ApiError::NotFound);
    }
    let domains = store::datacenters::attached(&mut tx, id)
        .await?
        .into_iter()
        .map(|(name, status, master)| {
            Ok(AttachedDomain {
                name,
                status: store::parse_column("storage_domain_data_centers", "status", &status)?,
                master: master.0,
            })
        })
        .collect::<anyhow::Result<Vec<_>>>()?;
    let running = store::vms::running_in_data_center(&mut tx, id).await?;
    infrastructure::remove_data_center(
        &domains,
        usize::try_from(running).unwrap_or(usize::MAX),
        force,
    )
    .map_err(|m| ApiError::refused(Verb::Remove, "Data Center", m))?;
    store::datacenters::remove(&mut tx, id).await?;
    tx.commit().await?;
    Ok(())
}

//! `RemoveVds`: a host in maintenance leaves the site.

use super::refuse;
use crate::error::ApiError;
use crate::store;
use crate::AppState;
use storage_model::rules::infrastructure;
use storage_model::rules::messages::Verb;

pub async fn run(state: &AppState, id: &str) -> Result<(), ApiError> {
    let mut tx = store::begin_write(&state.store.pool).await?;
    let host = store::hosts::get(&mut *tx, id)
        .await?
        .ok_or(ApiError::NotFound)?;
    let status = store::parse_column("hosts", "status", &host.status)?;
    infrastructure::remove_host(status).map_err(|m| refuse(Verb::Remove, "Host", m))?;
    store::hosts::remove(&mut tx, id).await?;
    tx.commit().await?;
    Ok(())
}

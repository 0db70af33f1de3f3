//! `RemoveCluster`: an empty cluster leaves.

use crate::error::ApiError;
use crate::store;
use crate::AppState;
use storage_model::rules::infrastructure;
use storage_model::rules::messages::Verb;

pub async fn run(state: &AppState, id: &str) -> Result<(), ApiError> {
    let mut tx = store::begin_write(&state.store.pool).await?;
    if !store::clusters::exists(&mut tx, id).await? {
        return Err(ApiError::NotFound);
    }
    let (hosts, vms) = store::clusters::contents(&mut tx, id).await?;
    let count = |n: i64| usize::try_from(n).unwrap_or(usize::MAX);
    infrastructure::remove_cluster(count(hosts), count(vms))
        .map_err(|m| ApiError::refused(Verb::Remove, "Cluster", m))?;
    store::clusters::remove(&mut tx, id).await?;
    tx.commit().await?;
    Ok(())
}

//! `DetachStorageConnectionFromStorageDomain`: drop one iSCSI target (path) of a block domain.

use super::attach_connection::validate_pair;
use super::{check_permission, refuse, with_locks, ActionGroup, CONNECTION};
use crate::auth::Actor;
use crate::error::ApiError;
use crate::store::locks::key;
use crate::AppState;
use storage_model::rules::domain_state;
use storage_model::rules::messages::Verb;

const VERB: Verb = Verb::Detach;

pub async fn run(
    state: &AppState,
    actor: &Actor,
    domain_id: &str,
    connection_id: &str,
) -> Result<(), ApiError> {
    let pool = &state.store.pool;
    check_permission(
        actor,
        ActionGroup::ManipulateStorageDomain,
        Some(domain_id),
        VERB,
        CONNECTION,
    )?;
    // The engine takes no lock here; taking them keeps a detach from racing an attach or edit.
    with_locks(
        state,
        &[key::connection(connection_id), key::domain(domain_id)],
        VERB,
        CONNECTION,
        async {
            validate_pair(state, VERB, domain_id, connection_id).await?;
            let paths: Vec<String> = crate::store::connections::for_domain(pool, domain_id)
                .await?
                .into_iter()
                .map(|c| c.id)
                .collect();
            domain_state::detach_path(&paths, connection_id)
                .map_err(|msg| refuse(VERB, CONNECTION, msg))?;

            let mut tx = crate::store::begin_write(pool).await?;
            crate::store::luns::remove_domain_path(&mut tx, domain_id, connection_id).await?;
            tx.commit().await?;
            Ok::<_, ApiError>(())
        },
    )
    .await
}

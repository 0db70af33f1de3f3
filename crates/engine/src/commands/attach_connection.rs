//! `AttachStorageConnectionToStorageDomain`: an extra iSCSI target (path) for a block domain.

use super::{check_permission, refuse, with_locks, ActionGroup, CONNECTION};
use crate::auth::Actor;
use crate::error::ApiError;
use crate::store::{self, locks::key, usage};
use crate::AppState;
use storage_model::rules::actions::connection_editable;
use storage_model::rules::messages::{self as m, Verb};
use storage_model::StorageType;

const VERB: Verb = Verb::Attach;

/// Checks shared by attach and detach: the connection and domain exist, the domain is in
/// maintenance or unattached, and both are iSCSI.
pub(super) async fn validate_pair(
    state: &AppState,
    verb: Verb,
    domain_id: &str,
    connection_id: &str,
) -> Result<(), ApiError> {
    let pool = &state.store.pool;
    let Some(conn) = store::connections::get(pool, connection_id).await? else {
        return Err(refuse(verb, CONNECTION, m::connection_not_exist()));
    };
    let domain: Option<(String, String)> =
        crate::store::domains::name_and_storage_type(pool, domain_id).await?;
    let Some((name, domain_type)) = domain else {
        return Err(refuse(verb, CONNECTION, m::domain_not_exist()));
    };
    if !connection_editable(&usage::statuses_of(pool, domain_id).await?) {
        return Err(refuse(
            verb,
            CONNECTION,
            m::domain_must_be_in_maintenance_or_unattached(&name),
        ));
    }
    let conn_type = conn.storage_type()?;
    if conn_type.as_str() != domain_type {
        return Err(refuse(verb, CONNECTION, m::not_same_storage_type()));
    }
    if conn_type != StorageType::Iscsi {
        return Err(refuse(verb, CONNECTION, m::only_iscsi_domains()));
    }
    Ok(())
}

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
    with_locks(
        state,
        &[key::connection(connection_id), key::domain(domain_id)],
        VERB,
        CONNECTION,
        async {
            validate_pair(state, VERB, domain_id, connection_id).await?;
            let paths = crate::store::connections::for_domain(pool, domain_id).await?;
            if paths.iter().any(|c| c.id == connection_id) {
                return Err(refuse(
                    VERB,
                    CONNECTION,
                    m::connection_for_domain_already_exists(),
                ));
            }

            let mut tx = crate::store::begin_write(pool).await?;
            let luns = crate::store::luns::of_domain(&mut tx, domain_id).await?;
            let luns = if luns.is_empty() {
                // A domain without known LUNs gets a placeholder LUN to carry its connections, as the
                // engine does.
                vec![crate::store::luns::add_placeholder(&mut tx, domain_id).await?]
            } else {
                luns
            };
            for lun in luns {
                crate::store::luns::add_path(&mut tx, &lun, connection_id).await?;
            }
            tx.commit().await?;
            Ok::<_, ApiError>(())
        },
    )
    .await
}

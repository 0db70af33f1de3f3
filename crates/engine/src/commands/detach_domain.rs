//! `DetachStorageDomainFromPool`: a domain in maintenance leaves its data center (unattached).

use super::activate_domain::{status_in, wrong_status};
use super::{check_permission, refuse, with_locks, ActionGroup, DOMAIN};
use crate::auth::Actor;
use crate::error::ApiError;
use crate::store::attachments;
use crate::store::locks::key;
use crate::AppState;
use storage_model::rules::messages::{self as m, Verb};
use storage_model::StorageDomainStatus;

const VERB: Verb = Verb::Detach;

pub async fn run(
    state: &AppState,
    actor: &Actor,
    data_center: &str,
    domain: &str,
) -> Result<(), ApiError> {
    let pool = &state.store.pool;
    status_in(state, data_center, domain).await?;
    check_permission(
        actor,
        ActionGroup::ManipulateStorageDomain,
        Some(domain),
        VERB,
        DOMAIN,
    )?;
    with_locks(
        state,
        &[key::domain(domain), key::data_center(data_center)],
        VERB,
        DOMAIN,
        async {
            let (status, master) = status_in(state, data_center, domain).await?;
            if status != StorageDomainStatus::Maintenance {
                return Err(wrong_status(VERB, status));
            }
            if master {
                let (others, _) = attachments::others(pool, data_center, domain).await?;
                if others > 0 {
                    return Err(refuse(VERB, DOMAIN, m::cannot_detach_master()));
                }
            }
            attachments::detach(pool, data_center, domain).await?;
            Ok::<_, ApiError>(())
        },
    )
    .await
}

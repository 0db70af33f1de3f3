//! `ActivateStorageDomain` in a data center.

use super::{check_permission, refuse, with_locks, ActionGroup, DOMAIN};
use crate::auth::Actor;
use crate::error::ApiError;
use crate::store::attachments;
use crate::store::locks::key;
use crate::AppState;
use storage_model::rules::messages::{self as m, Verb};
use storage_model::{StorageDomainStatus, StorageDomainType};

const VERB: Verb = Verb::Activate;

/// The domain's status in the data center; 404 when it is not attached there.
pub(super) async fn status_in(
    state: &AppState,
    data_center: &str,
    domain: &str,
) -> Result<(StorageDomainStatus, bool), ApiError> {
    let (status, master) = attachments::status_in(&state.store.pool, data_center, domain)
        .await?
        .ok_or(ApiError::NotFound)?;
    let status = crate::store::parse_column("storage_domain_data_centers", "status", &status)?;
    Ok((status, master))
}

/// The refusal for a status the action does not start from.
pub(super) fn wrong_status(verb: Verb, status: StorageDomainStatus) -> ApiError {
    if status.is_in_process() {
        refuse(verb, DOMAIN, m::object_locked())
    } else {
        refuse(verb, DOMAIN, m::domain_status_illegal(status.label()))
    }
}

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
    with_locks(state, &[key::domain(domain)], VERB, DOMAIN, async {
        let (status, master) = status_in(state, data_center, domain).await?;
        use StorageDomainStatus::*;
        if !matches!(
            status,
            Inactive | Unknown | Maintenance | PreparingForMaintenance
        ) {
            return Err(wrong_status(VERB, status));
        }
        if !master {
            let master_status = attachments::master_status(pool, data_center).await?;
            if master_status
                .as_deref()
                .is_some_and(|s| s != StorageDomainStatus::Active.as_str())
            {
                return Err(refuse(VERB, DOMAIN, m::master_not_active()));
            }
        }
        if !crate::store::datacenters::has_up_host(pool, data_center).await? {
            return Err(refuse(VERB, DOMAIN, m::no_host_in_pool()));
        }

        let mut tx = crate::store::begin_write(pool).await?;
        // A data center without a master takes the first data domain activated as its master.
        let has_master = crate::store::datacenters::has_master(&mut *tx, data_center).await?;
        let is_data = crate::store::domains::domain_type(&mut *tx, domain)
            .await?
            .is_some_and(|t| t == StorageDomainType::Data.as_str());
        attachments::activate(&mut *tx, data_center, domain, !has_master && is_data).await?;
        tx.commit().await?;
        Ok::<_, ApiError>(())
    })
    .await
}

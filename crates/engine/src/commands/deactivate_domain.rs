//! `DeactivateStorageDomainWithOvfUpdate`: put a domain into maintenance in a data center.

use super::activate_domain::{status_in, wrong_status};
use super::{check_permission, refuse, with_locks, ActionGroup, DOMAIN};
use crate::auth::Actor;
use crate::error::ApiError;
use crate::store::attachments;
use crate::store::locks::key;
use crate::AppState;
use storage_model::rules::messages::{self as m, Verb};
use storage_model::StorageDomainStatus;

const VERB: Verb = Verb::Deactivate;

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
            if !matches!(
                status,
                StorageDomainStatus::Active | StorageDomainStatus::Inactive
            ) {
                return Err(wrong_status(VERB, status));
            }

            let mut tx = crate::store::begin_write(pool).await?;
            if master {
                // The master role moves to another active data domain; without one, the master may go
                // only when nothing else in the data center is active.
                match attachments::master_successor(&mut *tx, data_center, domain).await? {
                    Some(next) => attachments::make_master(&mut *tx, data_center, &next).await?,
                    None => {
                        let (_, others_active) =
                            attachments::others(&mut *tx, data_center, domain).await?;
                        if others_active > 0 {
                            return Err(refuse(VERB, DOMAIN, m::master_with_non_data_domains()));
                        }
                    }
                }
            }
            attachments::set_status(
                &mut *tx,
                data_center,
                domain,
                StorageDomainStatus::Maintenance,
            )
            .await?;
            tx.commit().await?;
            Ok::<_, ApiError>(())
        },
    )
    .await
}

//! `DeactivateStorageDomainWithOvfUpdate`: put a domain into maintenance in a data center.

use super::activate_domain::{status_in, wrong_status};
use super::{check_permission, refuse, with_locks, ActionGroup, DOMAIN};
use crate::auth::Actor;
use crate::error::ApiError;
use crate::store::attachments;
use crate::store::locks::key;
use crate::AppState;
use storage_model::rules::domain_state::{self, MasterHandOver};
use storage_model::rules::messages::Verb;
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
            // The master role moves to another active data domain (the rule:
            // model::rules::domain_state).
            let (successor, others_active) = if master {
                let next = attachments::master_successor(&mut *tx, data_center, domain).await?;
                (
                    next,
                    attachments::others(&mut *tx, data_center, domain).await?.1,
                )
            } else {
                (None, 0)
            };
            match domain_state::master_hand_over(master, successor, others_active)
                .map_err(|msg| refuse(VERB, DOMAIN, msg))?
            {
                MasterHandOver::To(next) => {
                    attachments::make_master(&mut *tx, data_center, &next).await?
                }
                MasterHandOver::NotMaster | MasterHandOver::Last => {}
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

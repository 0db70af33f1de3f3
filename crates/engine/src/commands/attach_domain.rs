//! `AttachStorageDomainToPool`: attach an unattached domain to a data center; it comes up active.

use super::{check_permission, refuse, with_locks, ActionGroup, DOMAIN};
use crate::auth::Actor;
use crate::error::ApiError;
use crate::store::attachments;
use crate::store::locks::key;
use crate::AppState;
use storage_model::rules::messages::{self as m, Verb};
use storage_model::StorageDomainType;

const VERB: Verb = Verb::Attach;

pub async fn run(
    state: &AppState,
    actor: &Actor,
    data_center: &str,
    domain: &str,
) -> Result<(), ApiError> {
    let pool = &state.store.pool;
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
            let domain_type: Option<String> =
                crate::store::domains::domain_type(pool, domain).await?;
            let Some(domain_type) = domain_type else {
                return Err(refuse(VERB, DOMAIN, m::domain_not_exist()));
            };
            let attached = attachments::count_of(pool, domain).await?;
            if attached > 0 {
                return Err(refuse(VERB, DOMAIN, m::domain_already_attached()));
            }
            if !crate::store::datacenters::has_up_host(pool, data_center).await? {
                return Err(refuse(VERB, DOMAIN, m::no_host_in_pool()));
            }

            let mut tx = crate::store::begin_write(pool).await?;
            let has_master = crate::store::datacenters::has_master(&mut *tx, data_center).await?;
            let master = !has_master && domain_type == StorageDomainType::Data.as_str();
            attachments::attach(&mut *tx, domain, data_center, master).await?;
            tx.commit().await?;
            Ok::<_, ApiError>(())
        },
    )
    .await
}

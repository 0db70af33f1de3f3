//! `AttachStorageDomainToPool`: attach an unattached domain to a data center; it comes up active.

use super::{check_permission, lock, refuse, ActionGroup, DOMAIN};
use crate::auth::Actor;
use crate::error::ApiError;
use crate::store::locks::key;
use crate::AppState;
use storage_model::rules::messages::{self as m, Verb};

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
    let locks = lock(
        state,
        &[key::domain(domain), key::data_center(data_center)],
        VERB,
        DOMAIN,
    )
    .await?;
    let outcome: Result<_, ApiError> = async {

    let domain_type: Option<String> =
        sqlx::query_scalar("SELECT domain_type FROM storage_domains WHERE id = $1")
            .bind(domain)
            .fetch_optional(pool)
            .await?;
    let Some(domain_type) = domain_type else {
        return Err(refuse(VERB, DOMAIN, m::domain_not_exist()));
    };
    let attached: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM storage_domain_data_centers WHERE storage_domain_id = $1",
    )
    .bind(domain)
    .fetch_one(pool)
    .await?;
    if attached > 0 {
        return Err(refuse(VERB, DOMAIN, m::domain_already_attached()));
    }
    if !crate::store::datacenters::has_up_host(pool, data_center).await? {
        return Err(refuse(VERB, DOMAIN, m::no_host_in_pool()));
    }

    let mut tx = crate::store::begin_write(pool).await?;
    let has_master = crate::store::datacenters::has_master(&mut *tx, data_center).await?;
    sqlx::query(
        "INSERT INTO storage_domain_data_centers (storage_domain_id, data_center_id, status, is_master) \
         VALUES ($1, $2, 'active', $3)",
    )
    .bind(domain)
    .bind(data_center)
    .bind(i64::from(!has_master && domain_type == "data"))
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(())
    }
    .await;
    locks.release_or_expire().await;
    outcome
}

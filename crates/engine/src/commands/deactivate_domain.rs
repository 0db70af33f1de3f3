//! `DeactivateStorageDomainWithOvfUpdate`: put a domain into maintenance in a data center.

use super::activate_domain::{status_in, wrong_status};
use super::{check_permission, lock, refuse, ActionGroup, DOMAIN};
use crate::auth::Actor;
use crate::error::ApiError;
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
    let locks = lock(
        state,
        &[key::domain(domain), key::data_center(data_center)],
        VERB,
        DOMAIN,
    )
    .await?;
    let outcome: Result<_, ApiError> = async {
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
            let successor: Option<String> = sqlx::query_scalar(
                "SELECT a.storage_domain_id FROM storage_domain_data_centers a \
             JOIN storage_domains d ON d.id = a.storage_domain_id \
             WHERE a.data_center_id = $1 AND a.storage_domain_id <> $2 AND a.status = 'active' \
               AND d.domain_type = 'data' ORDER BY d.name LIMIT 1",
            )
            .bind(data_center)
            .bind(domain)
            .fetch_optional(&mut *tx)
            .await?;
            match successor {
                Some(next) => {
                    sqlx::query(
                    "UPDATE storage_domain_data_centers SET is_master = CASE WHEN storage_domain_id = $1 THEN 1 ELSE 0 END \
                     WHERE data_center_id = $2",
                )
                .bind(&next)
                .bind(data_center)
                .execute(&mut *tx)
                .await?;
                }
                None => {
                    let others_active: i64 = sqlx::query_scalar(
                        "SELECT COUNT(*) FROM storage_domain_data_centers \
                     WHERE data_center_id = $1 AND storage_domain_id <> $2 AND status = 'active'",
                    )
                    .bind(data_center)
                    .bind(domain)
                    .fetch_one(&mut *tx)
                    .await?;
                    if others_active > 0 {
                        return Err(refuse(VERB, DOMAIN, m::master_with_non_data_domains()));
                    }
                }
            }
        }
        sqlx::query(
            "UPDATE storage_domain_data_centers SET status = 'maintenance' \
         WHERE data_center_id = $1 AND storage_domain_id = $2",
        )
        .bind(data_center)
        .bind(domain)
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(())
    }
    .await;
    locks.release_or_expire().await;
    outcome
}

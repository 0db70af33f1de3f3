//! Update a storage domain's own fields: name (only while it is active), description, comment,
//! and the space thresholds.

use super::{check_permission, with_locks, ActionGroup, DOMAIN};
use crate::auth::Actor;
use crate::error::ApiError;
use crate::store::{locks::key, usage};
use crate::AppState;
use storage_model::rules::actions::name_editable;
use storage_model::rules::domain::{
    validate_critical_space, validate_name, validate_warning_low_space,
};
use storage_model::rules::messages::{self as m, Verb};
use storage_model::{StorageDomain, GIB};

const VERB: Verb = Verb::Edit;

pub async fn run(
    state: &AppState,
    actor: &Actor,
    id: &str,
    body: StorageDomain,
) -> Result<(), ApiError> {
    let pool = &state.store.pool;
    let current = crate::store::domains::name_and_space(pool, id).await?;
    let (name, available, used) = current.ok_or(ApiError::NotFound)?;
    check_permission(
        actor,
        ActionGroup::ManipulateStorageDomain,
        Some(id),
        VERB,
        DOMAIN,
    )?;
    with_locks(state, &[key::domain(id)], VERB, DOMAIN, async {
        let mut problems = Vec::new();
        let new_name = body.name.clone().filter(|n| *n != name);
        if let Some(n) = &new_name {
            if let Err(msg) = validate_name(n) {
                problems.push(msg);
            } else {
                if !name_editable(&usage::statuses_of(pool, id).await?) {
                    problems.push(m::storage_domain_name_not_editable());
                } else {
                    if crate::store::domains::name_taken(pool, n, id).await? {
                        problems.push(m::storage_domain_name_in_use());
                    }
                }
            }
        }
        if let Some(v) = body.warning_low_space_indicator {
            if let Err(msg) = validate_warning_low_space(v) {
                problems.push(msg);
            }
        }
        if let Some(v) = body.critical_space_action_blocker {
            let total = available.zip(used).map(|(a, u)| (a + u) / GIB);
            if let Err(msg) = validate_critical_space(v, total) {
                problems.push(msg);
            }
        }
        if !problems.is_empty() {
            return Err(ApiError::refused(VERB, DOMAIN, problems));
        }

        crate::store::domains::update_fields(pool, id, new_name.as_deref(), &body).await?;
        Ok::<_, ApiError>(())
    })
    .await
}

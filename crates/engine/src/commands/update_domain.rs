//! Update a storage domain's own fields: name (only while it is active), description, comment,
//! and the space thresholds.

use super::{check_permission, lock, ActionGroup, DOMAIN};
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
    let current: Option<(String, Option<i64>, Option<i64>)> = sqlx::query_as(
        "SELECT name, available_bytes, used_bytes FROM storage_domains WHERE id = $1",
    )
    .bind(id)
    .fetch_optional(pool)
    .await?;
    let (name, available, used) = current.ok_or(ApiError::NotFound)?;
    check_permission(
        actor,
        ActionGroup::ManipulateStorageDomain,
        Some(id),
        VERB,
        DOMAIN,
    )?;
    let locks = lock(state, &[key::domain(id)], VERB, DOMAIN).await?;
    let outcome: Result<_, ApiError> = async {
        let mut problems = Vec::new();
        let new_name = body.name.clone().filter(|n| *n != name);
        if let Some(n) = &new_name {
            if let Err(msg) = validate_name(n) {
                problems.push(msg);
            } else {
                if !name_editable(&usage::statuses_of(pool, id).await?) {
                    problems.push(m::storage_domain_name_not_editable());
                } else {
                    let taken: i64 = sqlx::query_scalar(
                        "SELECT COUNT(*) FROM storage_domains WHERE name = $1 AND id <> $2",
                    )
                    .bind(n)
                    .bind(id)
                    .fetch_one(pool)
                    .await?;
                    if taken > 0 {
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

        sqlx::query(
            "UPDATE storage_domains SET name = COALESCE($1, name), \
         description = COALESCE($2, description), comment = COALESCE($3, comment), \
         warning_low_space_indicator = COALESCE($4, warning_low_space_indicator), \
         critical_space_action_blocker = COALESCE($5, critical_space_action_blocker), \
         wipe_after_delete = COALESCE($6, wipe_after_delete), \
         discard_after_delete = COALESCE($7, discard_after_delete), backup = COALESCE($8, backup) \
         WHERE id = $9",
        )
        .bind(new_name)
        .bind(&body.description)
        .bind(&body.comment)
        .bind(body.warning_low_space_indicator)
        .bind(body.critical_space_action_blocker)
        .bind(body.wipe_after_delete.map(i64::from))
        .bind(body.discard_after_delete.map(i64::from))
        .bind(body.backup.map(i64::from))
        .bind(id)
        .execute(pool)
        .await?;
        Ok(())
    }
    .await;
    locks.release_or_expire().await;
    outcome
}

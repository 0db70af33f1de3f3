//! `AddStorageServerConnection`: a new connection, optionally connected through a host first.

use super::{
    check_permission, details_key, locked, normalize, refuse, require_up_host, resolve_host,
    with_locks, ActionGroup, Subject, CONNECTION,
};
use crate::auth::Actor;
use crate::error::ApiError;
use crate::store::connections::ConnectionRow;
use crate::store::locks::{self, key};
use crate::store::{self, usage};
use crate::AppState;
use storage_model::rules::connection::duplicate_field;
use storage_model::rules::messages::{self as m, Verb};
use storage_model::rules::{required, validate_connection};
use storage_model::StorageConnection;

const VERB: Verb = Verb::Add;

/// Adds the connection and answers it as stored.
pub async fn run(
    state: &AppState,
    actor: &Actor,
    subject: &Subject,
    input: StorageConnection,
) -> Result<ConnectionRow, ApiError> {
    // REST layer: required fields, then the host reference.
    let missing = required::missing_for_add(&input);
    if !missing.is_empty() {
        return Err(ApiError::incomplete("StorageConnection", &missing, "add"));
    }
    let host = match input.host.as_ref().filter(|r| !r.names_nothing()) {
        Some(r) => Some(resolve_host(state, r).await?),
        None => None,
    };

    check_permission(
        actor,
        ActionGroup::CreateStorageDomain,
        None,
        VERB,
        CONNECTION,
    )?;
    let c = normalize(input);
    let subject_name = c.summary();
    let data_center = host
        .as_ref()
        .and_then(|h| h.as_ref())
        .and_then(|h| h.data_center_id.clone());
    let id = uuid::Uuid::new_v4().to_string();
    let lock = [key::details(&details_key(&c))];

    let Some(host) = host else {
        // Nothing to connect: check and insert in one writing transaction (one commit).
        let mut tx = store::begin_write(&state.store.pool).await?;
        if locks::any_held(&mut tx, &lock).await? {
            return Err(locked(VERB, CONNECTION));
        }
        check(&mut tx, &c, data_center.as_deref()).await?;
        store::connections::insert(&mut *tx, &id, &c).await?;
        tx.commit().await?;
        subject.name(subject_name, None);
        return Ok(ConnectionRow::of(&id, &c));
    };
    with_locks(state, &lock, VERB, CONNECTION, async {
        check(
            &mut *state.store.pool.acquire().await?,
            &c,
            data_center.as_deref(),
        )
        .await?;
        // The engine reads a bad host's data center before checking the host and fails with a
        // general error; here a bad host is reported as such.
        let h = require_up_host(host, VERB, CONNECTION)?;
        state
            .agent
            .connect(&h.name, &c)
            .await
            .map_err(|reason| refuse(VERB, CONNECTION, m::host_cannot_connect(&h.name, &reason)))?;
        store::connections::insert(&state.store.pool, &id, &c).await?;
        Ok::<_, ApiError>(())
    })
    .await?;
    subject.name(subject_name, None);
    Ok(ConnectionRow::of(&id, &c))
}

/// The checks of `validate()`, in the engine's order: no id may be given, the details must be
/// valid and not another connection's.
async fn check(
    db: &mut sqlx::AnyConnection,
    c: &StorageConnection,
    data_center: Option<&str>,
) -> Result<(), ApiError> {
    if c.id.as_deref().is_some_and(|s| !s.is_empty()) {
        return Err(refuse(VERB, CONNECTION, m::connection_id_not_empty()));
    }
    validate_connection(c).map_err(|msgs| ApiError::refused(VERB, CONNECTION, msgs))?;
    if let Some((id, domain)) = usage::find_duplicate(db, c, None, data_center).await? {
        return Err(refuse(
            VERB,
            CONNECTION,
            m::connection_already_exists(&id, &domain).on(duplicate_field(c)),
        ));
    }
    Ok(())
}

//! `AddStorageServerConnection`: a new connection, optionally connected through a host first.

use super::{
    check_permission, details_key, normalize, refuse, require_up_host, resolve_host, with_locks,
    ActionGroup, CONNECTION,
};
use crate::auth::Actor;
use crate::error::ApiError;
use crate::store::{self, locks::key, usage};
use crate::AppState;
use storage_model::rules::connection::duplicate_field;
use storage_model::rules::messages::{self as m, Verb};
use storage_model::rules::{required, validate_connection};
use storage_model::StorageConnection;

const VERB: Verb = Verb::Add;

/// Adds the connection and returns its new id.
pub async fn run(
    state: &AppState,
    actor: &Actor,
    input: StorageConnection,
) -> Result<String, ApiError> {
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

    with_locks(
        state,
        &[key::details(&details_key(&c))],
        VERB,
        CONNECTION,
        async {
            if c.id.as_deref().is_some_and(|s| !s.is_empty()) {
                return Err(refuse(VERB, CONNECTION, m::connection_id_not_empty()));
            }
            validate_connection(&c).map_err(|msgs| ApiError::refused(VERB, CONNECTION, msgs))?;
            let data_center = host
                .as_ref()
                .and_then(|h| h.as_ref())
                .and_then(|h| h.data_center_id.clone());
            if let Some((id, domain)) =
                usage::find_duplicate(&state.store.pool, &c, None, data_center.as_deref()).await?
            {
                return Err(refuse(
                    VERB,
                    CONNECTION,
                    m::connection_already_exists(&id, &domain).on(duplicate_field(&c)),
                ));
            }
            // The engine reads a bad host's data center before checking the host and fails with a
            // general error; here a bad host is reported as such.
            let host = host
                .map(|h| require_up_host(h, VERB, CONNECTION))
                .transpose()?;

            if let Some(h) = &host {
                state.agent.connect(&h.name, &c).await.map_err(|reason| {
                    refuse(VERB, CONNECTION, m::host_cannot_connect(&h.name, &reason))
                })?;
            }
            let id = uuid::Uuid::new_v4().to_string();
            store::connections::insert(&state.store.pool, &id, &c).await?;
            Ok::<_, ApiError>(id)
        },
    )
    .await
}

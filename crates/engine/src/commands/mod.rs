//! Engine commands. Each runs in the real engine's order:
//! permission → input validation → locks → validate → execute,
//! and leaves nothing half-done: single-step changes are one transaction, multi-step ones write a
//! compensation record first.

pub mod activate_domain;
pub mod activate_host;
pub mod add_connection;
pub mod add_domain;
pub mod attach_connection;
pub mod attach_domain;
pub mod deactivate_domain;
pub mod deactivate_host;
pub mod detach_connection;
pub mod detach_domain;
pub mod plan_switch;
pub mod remove_cluster;
pub mod remove_connection;
pub mod remove_data_center;
pub mod remove_domain;
pub mod remove_host;
pub mod remove_vm;
pub mod run_switch;
pub mod subject;
pub mod switch_step;
pub mod update_connection;
pub mod update_domain;

use crate::auth::Actor;
use crate::error::ApiError;
use crate::store::hosts::{self, HostRow};
use crate::store::locks::Locks;
use crate::AppState;
use storage_model::rules::messages::{self as m, Message, Verb};
use storage_model::{Ref, StorageConnection, StorageType};

/// Object names used in the "Cannot {verb} {object}." prefix.
pub const CONNECTION: &str = "Storage Connection";
pub const DOMAIN: &str = "Storage";

pub use storage_model::rules::permissions::ActionGroup;
pub use subject::Subject;

/// The permission step of every command: the actor's roles must include `group`, system-wide or
/// (for domain manipulation) on `domain`. Refused with `USER_NOT_AUTHORIZED_TO_PERFORM_ACTION`.
pub fn check_permission(
    actor: &Actor,
    group: ActionGroup,
    domain: Option<&str>,
    verb: Verb,
    object: &'static str,
) -> Result<(), ApiError> {
    if storage_model::rules::permissions::allows(&actor.grants, group, domain) {
        Ok(())
    } else {
        Err(refuse(verb, object, m::not_authorized()))
    }
}

/// Names the storage domain `id` as what a command acts on, for its audit event (an unknown id
/// still ties the event to it).
pub async fn name_domain(state: &AppState, subject: &Subject, id: &str) -> Result<(), ApiError> {
    match crate::store::domains::name_of(&state.store.pool, id).await? {
        Some(name) => subject.name(name, Some(id)),
        None => subject.concerns_domain(id),
    }
    Ok(())
}

/// A refusal of `verb` on `object` with one message.
pub fn refuse(verb: Verb, object: &'static str, message: Message) -> ApiError {
    ApiError::refused(verb, object, vec![message])
}

/// The one skeleton of a locked command: takes the locks (or refuses with
/// `ACTION_TYPE_FAILED_OBJECT_LOCKED`), runs `body` (validate, then execute), and releases the
/// locks whatever happened. `body` does not start before the locks are held.
pub async fn with_locks<T>(
    state: &AppState,
    keys: &[String],
    verb: Verb,
    object: &'static str,
    body: impl std::future::Future<Output = Result<T, ApiError>>,
) -> Result<T, ApiError> {
    let locks = lock_as(state, &lock_owner(state), keys, verb, object).await?;
    let outcome = body.await;
    locks.release_or_expire().await;
    outcome
}

/// A new owner name for a command's locks: this engine's instance and a fresh id.
pub fn lock_owner(state: &AppState) -> String {
    format!("{}/{}", state.instance, uuid::Uuid::new_v4())
}

/// The refusal of a command that met another command's lock (`ACTION_TYPE_FAILED_OBJECT_LOCKED`),
/// counted in `engine_lock_busy_total` whichever way the lock was met.
pub fn locked(verb: Verb, object: &'static str) -> ApiError {
    metrics::counter!("engine_lock_busy_total").increment(1);
    refuse(verb, object, m::object_locked())
}

/// Takes the command's locks under `owner`, or refuses with `ACTION_TYPE_FAILED_OBJECT_LOCKED`.
async fn lock_as(
    state: &AppState,
    owner: &str,
    keys: &[String],
    verb: Verb,
    object: &'static str,
) -> Result<Locks, ApiError> {
    let started = std::time::Instant::now();
    let taken = Locks::acquire(&state.store.pool, owner, keys, state.settings.lock_lease).await?;
    metrics::histogram!("engine_lock_wait_seconds").record(started.elapsed().as_secs_f64());
    match taken {
        Ok(locks) => Ok(locks),
        Err(_) => Err(locked(verb, object)),
    }
}

/// A host named in a request: by id (unknown → `None`, for `VDS_INVALID_SERVER_ID`) or by
/// name (unknown → 404 `Entity not found`).
pub async fn resolve_host(state: &AppState, r: &Ref) -> Result<Option<HostRow>, ApiError> {
    if let Some(id) = r.id.as_deref().filter(|s| !s.is_empty()) {
        let Ok(id) = uuid::Uuid::parse_str(id) else {
            return Ok(None);
        };
        return Ok(hosts::get(&state.store.pool, &id.hyphenated().to_string()).await?);
    }
    if let Some(name) = r.name.as_deref().filter(|s| !s.is_empty()) {
        return match hosts::get_by_name(&state.store.pool, name).await? {
            Some(h) => Ok(Some(h)),
            None => Err(ApiError::entity_not_found(name)),
        };
    }
    Ok(None)
}

/// A host named for a removal (`;host=`): it must exist, by id or by name (404 `Entity not found`
/// naming it otherwise).
pub async fn named_host(state: &AppState, r: &Ref) -> Result<HostRow, ApiError> {
    resolve_host(state, r).await?.ok_or_else(|| {
        ApiError::entity_not_found(r.id.as_deref().or(r.name.as_deref()).unwrap_or(""))
    })
}

/// Starts a connection command: its writing transaction, and in it the connection and what uses
/// it (404 when there is none), named as the command's subject.
pub async fn load_connection(
    state: &AppState,
    subject: &Subject,
    id: &str,
) -> Result<
    (
        crate::store::WriteTx,
        crate::store::usage::ConnectionInUse,
        StorageConnection,
    ),
    ApiError,
> {
    let mut tx = crate::store::begin_write(&state.store.pool).await?;
    let in_use = crate::store::usage::connection_in_use(&mut tx, id)
        .await?
        .ok_or(ApiError::NotFound)?;
    let details = in_use.row.details()?;
    subject.name(details.summary(), in_use.first_domain());
    Ok((tx, in_use, details))
}

/// A host given as a URL parameter (`?host=` / `;host=`): a GUID is an id, anything else a name.
pub fn host_param(value: &str) -> Ref {
    if uuid::Uuid::parse_str(value).is_ok() {
        Ref {
            id: Some(value.to_string()),
            ..Default::default()
        }
    } else {
        Ref {
            name: Some(value.to_string()),
            ..Default::default()
        }
    }
}

/// The host a command uses: it must exist and be up.
pub fn require_up_host(
    host: Option<HostRow>,
    verb: Verb,
    object: &'static str,
) -> Result<HostRow, ApiError> {
    let Some(h) = host else {
        return Err(refuse(verb, object, m::invalid_host_id()));
    };
    if h.status != storage_model::HostStatus::Up.as_str() {
        return Err(refuse(verb, object, m::host_must_be_up()));
    }
    Ok(h)
}

/// The lock key for a connection's details (file: address and path; block: portal, target,
/// port and user).
pub fn details_key(c: &StorageConnection) -> String {
    match c.storage_type {
        Some(t) if t.is_block() => format!(
            "{};{};{};{}",
            c.address.as_deref().unwrap_or(""),
            c.target.as_deref().unwrap_or(""),
            c.port.map(|p| p.to_string()).unwrap_or_default(),
            c.username.as_deref().unwrap_or("")
        ),
        _ => format!(
            "{}:{}",
            c.address.as_deref().unwrap_or(""),
            c.path.as_deref().unwrap_or("")
        ),
    }
}

/// Empty strings mean "not set" for the fields the engine's setters null out, and surrounding
/// blanks are never meaningful in addresses, paths or names.
pub fn normalize(mut c: StorageConnection) -> StorageConnection {
    fn clean(v: &mut Option<String>) {
        if let Some(s) = v.as_mut() {
            let t = s.trim();
            if t.len() != s.len() {
                *s = t.to_string();
            }
        }
        if v.as_deref().is_some_and(str::is_empty) {
            *v = None;
        }
    }
    for f in [
        &mut c.address,
        &mut c.path,
        &mut c.target,
        &mut c.username,
        &mut c.portal,
        &mut c.vfs_type,
        &mut c.mount_options,
    ] {
        clean(f);
    }
    if c.password.as_deref().is_some_and(str::is_empty) {
        c.password = None;
    }
    if c.storage_type == Some(StorageType::Iscsi) && c.portal.is_none() {
        c.portal = Some("1".into());
    }
    c
}

/// Names joined the engine's way.
pub fn names<I, S>(items: I) -> String
where
    I: IntoIterator<Item = S>,
    S: AsRef<str>,
{
    items
        .into_iter()
        .map(|s| s.as_ref().to_string())
        .collect::<Vec<_>>()
        .join(", ")
}

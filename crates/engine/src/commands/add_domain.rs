//! Add a storage domain: with an embedded `storage` (a new connection is added first, by the
//! connection rules) or with `storage.id` naming an existing, unused file connection.

use super::{
    add_connection, check_permission, lock, refuse, require_up_host, resolve_host, ActionGroup,
    CONNECTION, DOMAIN,
};
use crate::error::ApiError;
use crate::store::{self, locks::key, usage};
use crate::AppState;
use storage_model::rules::domain::validate_name;
use storage_model::rules::messages::{self as m, Verb};
use storage_model::{StorageConnection, StorageDomain, StorageDomainType, StorageType};

const VERB: Verb = Verb::Add;

pub async fn run(state: &AppState, input: StorageDomain) -> Result<String, ApiError> {
    let pool = &state.store.pool;
    let storage = input.storage.clone().unwrap_or_default();
    let existing_id = storage.id.clone().filter(|s| !s.is_empty());

    // REST layer: required fields.
    let mut missing = Vec::new();
    if input.name.as_deref().is_none_or(str::is_empty) {
        missing.push("name");
    }
    if input.domain_type.is_none() {
        missing.push("type");
    }
    if existing_id.is_none() && storage.storage_type.is_none() {
        missing.push("storage.type");
    }
    let host_ref = input
        .host
        .clone()
        .filter(|h| h.id.is_some() || h.name.is_some());
    if host_ref.is_none() {
        missing.push("host.id|name");
    }
    if !missing.is_empty() {
        return Err(ApiError::incomplete("StorageDomain", &missing, "add"));
    }
    let host = match host_ref.as_ref() {
        Some(r) => resolve_host(state, r).await?,
        None => None,
    };
    check_permission(state, ActionGroup::CreateStorageDomain)?;

    let name = input.name.clone().unwrap_or_default();
    let domain_type = input.domain_type.unwrap_or(StorageDomainType::Data);
    validate_name(&name).map_err(|msg| refuse(VERB, DOMAIN, msg))?;
    let host = require_up_host(host, VERB, DOMAIN)?;
    let taken: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM storage_domains WHERE name = ?")
        .bind(&name)
        .fetch_one(pool)
        .await?;
    if taken > 0 {
        return Err(refuse(VERB, DOMAIN, m::storage_domain_name_in_use()));
    }

    // The connection: an existing one, or a new one added by the connection rules.
    let (connection_id, created) = match existing_id {
        Some(id) => {
            let id = uuid::Uuid::parse_str(&id)
                .map(|u| u.hyphenated().to_string())
                .map_err(|_| refuse(VERB, DOMAIN, m::connection_not_exist()))?;
            let Some(row) = store::connections::get(pool, &id).await? else {
                return Err(refuse(VERB, DOMAIN, m::connection_not_exist()));
            };
            if !row.storage_type()?.is_file() {
                return Err(refuse(
                    VERB,
                    DOMAIN,
                    m::unsupported_action_for_storage_type(),
                ));
            }
            let users = usage::file_domains_using(pool, &id).await?;
            if let Some(d) = users.first() {
                return Err(refuse(
                    VERB,
                    DOMAIN,
                    m::connection_in_use_by_another_domain(&d.name),
                ));
            }
            (id, false)
        }
        None => {
            if storage.storage_type.is_some_and(|t| t.is_block()) {
                return Err(refuse(
                    VERB,
                    DOMAIN,
                    m::unsupported_action_for_storage_type(),
                ));
            }
            let c = StorageConnection {
                storage_type: storage.storage_type,
                address: storage.address.clone(),
                path: storage.path.clone(),
                mount_options: storage.mount_options.clone(),
                vfs_type: storage.vfs_type.clone(),
                nfs_version: storage.nfs_version,
                nfs_timeo: storage.nfs_timeo,
                nfs_retrans: storage.nfs_retrans,
                host: Some(storage_model::Ref {
                    id: Some(host.id.clone()),
                    ..Default::default()
                }),
                ..Default::default()
            };
            (add_connection::run(state, c).await?, true)
        }
    };

    let outcome = insert_domain(
        state,
        &name,
        &input,
        domain_type,
        &connection_id,
        &host.name,
    )
    .await;
    if outcome.is_err() && created {
        // Nothing half-done: the connection added for this domain goes with it.
        let _ = store::connections::delete(pool, &connection_id).await;
    }
    outcome
}

async fn insert_domain(
    state: &AppState,
    name: &str,
    input: &StorageDomain,
    domain_type: StorageDomainType,
    connection_id: &str,
    host: &str,
) -> Result<String, ApiError> {
    let pool = &state.store.pool;
    let locks = lock(state, &[key::connection(connection_id)], VERB, CONNECTION).await?;
    let outcome: Result<_, ApiError> = async {
        let row = store::connections::get(pool, connection_id)
            .await?
            .ok_or_else(|| refuse(VERB, DOMAIN, m::connection_not_exist()))?;
        let details = row.details()?;
        // The engine connects the host when creating a domain (the connection may have been added
        // without one).
        state
            .agent
            .connect(host, &details)
            .await
            .map_err(|reason| refuse(VERB, DOMAIN, m::host_cannot_connect(host, &reason)))?;
        let space = state.agent.space(&details).await;
        let id = uuid::Uuid::new_v4().to_string();
        let storage_type = details.storage_type.unwrap_or(StorageType::Nfs);
        sqlx::query(
        "INSERT INTO storage_domains (id, name, description, comment, domain_type, storage_type, \
         connection_id, storage_format, available_bytes, used_bytes, committed_bytes, \
         wipe_after_delete, discard_after_delete, backup, warning_low_space_indicator, \
         critical_space_action_blocker) \
         VALUES (?, ?, ?, ?, ?, ?, ?, 'v5', ?, ?, 0, ?, ?, ?, ?, ?)",
    )
    .bind(&id)
    .bind(name)
    .bind(&input.description)
    .bind(&input.comment)
    .bind(domain_type.as_str())
    .bind(storage_type.as_str())
    .bind(connection_id)
    .bind(space.map(|s| s.available))
    .bind(space.map(|s| s.used))
    .bind(input.wipe_after_delete.unwrap_or(false))
    .bind(input.discard_after_delete.unwrap_or(false))
    .bind(input.backup.unwrap_or(false))
    .bind(input.warning_low_space_indicator.unwrap_or(10))
    .bind(input.critical_space_action_blocker.unwrap_or(5))
    .execute(pool)
    .await?;
        Ok(id)
    }
    .await;
    locks.release().await?;
    outcome
}

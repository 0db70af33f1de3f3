//! Add a storage domain: with an embedded `storage` (a new connection is added first, by the
//! connection rules) or with `storage.id` naming an existing, unused file connection.

use super::{
    add_connection, check_permission, refuse, require_up_host, resolve_host, with_locks,
    ActionGroup, Subject, CONNECTION, DOMAIN,
};
use crate::auth::Actor;
use crate::error::ApiError;
use crate::store::{self, locks::key, usage};
use crate::AppState;
use storage_model::rules::domain::validate_name;
use storage_model::rules::messages::{self as m, Verb};
use storage_model::rules::validate_connection;
use storage_model::{
    HostStorage, StorageConnection, StorageDomain, StorageDomainType, StorageType,
};

const VERB: Verb = Verb::Add;

pub async fn run(
    state: &AppState,
    actor: &Actor,
    input: StorageDomain,
) -> Result<String, ApiError> {
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
    let host_ref = input.host.clone().filter(|h| !h.names_nothing());
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
    check_permission(actor, ActionGroup::CreateStorageDomain, None, VERB, DOMAIN)?;

    let name = input.name.clone().unwrap_or_default();
    let domain_type = input.domain_type.unwrap_or(StorageDomainType::Data);
    validate_name(&name).map_err(|msg| refuse(VERB, DOMAIN, msg))?;
    let host = require_up_host(host, VERB, DOMAIN)?;
    if store::domains::name_taken(pool, &name, "").await? {
        return Err(refuse(VERB, DOMAIN, m::storage_domain_name_in_use()));
    }

    if storage.storage_type == Some(StorageType::Iscsi) {
        return add_block_domain(state, &name, &input, domain_type, &host.name, &storage).await;
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
            (
                add_connection::run(state, actor, &Subject::default(), c)
                    .await?
                    .id,
                true,
            )
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
    with_locks(
        state,
        &[key::connection(connection_id)],
        VERB,
        CONNECTION,
        async {
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
            store::domains::insert(
                pool,
                &store::domains::NewDomain {
                    available_bytes: space.map(|s| s.available),
                    used_bytes: space.map(|s| s.used),
                    connection_id: Some(connection_id),
                    ..new_domain(&id, name, input, domain_type, storage_type)
                },
            )
            .await?;
            Ok::<_, ApiError>(id)
        },
    )
    .await
}

/// An iSCSI domain over the given LUNs: each LUN's connection is reused when one with the same
/// portal and target exists, or added; the LUNs join the domain's new volume group.
async fn add_block_domain(
    state: &AppState,
    name: &str,
    input: &StorageDomain,
    domain_type: StorageDomainType,
    host: &str,
    storage: &HostStorage,
) -> Result<String, ApiError> {
    let pool = &state.store.pool;
    let units = storage
        .logical_units
        .clone()
        .or_else(|| {
            storage
                .volume_group
                .as_ref()
                .and_then(|vg| vg.logical_units.clone())
        })
        .map(|l| l.logical_unit)
        .unwrap_or_default();
    if units.is_empty() {
        return Err(ApiError::incomplete(
            "StorageDomain",
            &["storage.logical_units"],
            "add",
        ));
    }
    let mut wanted = Vec::new();
    for lu in &units {
        let c = super::normalize(StorageConnection {
            storage_type: Some(StorageType::Iscsi),
            address: lu.address.clone().or_else(|| storage.address.clone()),
            port: lu.port.or(storage.port),
            target: lu.target.clone().or_else(|| storage.target.clone()),
            username: lu.username.clone().or_else(|| storage.username.clone()),
            password: lu.password.clone().or_else(|| storage.password.clone()),
            ..Default::default()
        });
        let missing = storage_model::rules::required::missing_for_add(&c);
        let Some(lun_id) = lu.id.clone().filter(|s| !s.trim().is_empty()) else {
            return Err(ApiError::incomplete("LogicalUnit", &["id"], "add"));
        };
        if !missing.is_empty() {
            return Err(ApiError::incomplete("LogicalUnit", &missing, "add"));
        }
        if lun_id.chars().count() > storage_model::rules::limits::MAX_LUN_ID {
            let too_long = m::too_long("lun", storage_model::rules::limits::MAX_LUN_ID);
            return Err(ApiError::refused(VERB, DOMAIN, vec![too_long]));
        }
        validate_connection(&c).map_err(|msgs| ApiError::refused(VERB, DOMAIN, msgs))?;
        wanted.push((lun_id, lu.size.unwrap_or(0), c));
    }

    let mut keys: Vec<String> = wanted
        .iter()
        .flat_map(|(lun, _, c)| [key::lun(lun), key::details(&super::details_key(c))])
        .collect();
    keys.sort();
    keys.dedup();
    with_locks(state, &keys, VERB, DOMAIN, async {
        for (lun, _, _) in &wanted {
            let used = store::luns::user_of(pool, lun).await?;
            if let Some((domain, disk)) = used {
                if let Some(d) = domain {
                    return Err(refuse(VERB, DOMAIN, m::luns_already_used(lun, &d)));
                }
                if let Some(d) = disk {
                    return Err(refuse(VERB, DOMAIN, m::luns_already_used(lun, &d)));
                }
            }
        }
        let mut connection_ids = Vec::new();
        for (_, _, c) in &wanted {
            let existing = usage::find_duplicate(&mut *pool.acquire().await?, c, None, None)
                .await?
                .map(|(id, _)| id);
            state
                .agent
                .connect(host, c)
                .await
                .map_err(|reason| refuse(VERB, DOMAIN, m::host_cannot_connect(host, &reason)))?;
            connection_ids.push(existing);
        }

        let id = uuid::Uuid::new_v4().to_string();
        let vg = format!("vg-{}", uuid::Uuid::new_v4());
        let total: i64 = wanted.iter().map(|(_, size, _)| *size).sum();
        let mut tx = crate::store::begin_write(pool).await?;
        store::domains::insert(
            &mut *tx,
            &store::domains::NewDomain {
                available_bytes: Some(total),
                used_bytes: Some(0),
                volume_group_id: Some(&vg),
                ..new_domain(&id, name, input, domain_type, StorageType::Iscsi)
            },
        )
        .await?;
        for ((lun, size, c), existing) in wanted.iter().zip(connection_ids) {
            let conn_id = match existing {
                Some(cid) => cid,
                None => {
                    let cid = uuid::Uuid::new_v4().to_string();
                    store::connections::insert(&mut *tx, &cid, c).await?;
                    cid
                }
            };
            store::luns::claim(&mut tx, lun, &vg, &id, *size).await?;
            store::luns::add_path(&mut tx, lun, &conn_id).await?;
        }
        tx.commit().await?;
        Ok::<_, ApiError>(id)
    })
    .await
}

/// The fields every new domain takes from the request (the rest is set per storage kind).
fn new_domain<'a>(
    id: &'a str,
    name: &'a str,
    input: &'a StorageDomain,
    domain_type: StorageDomainType,
    storage_type: StorageType,
) -> store::domains::NewDomain<'a> {
    store::domains::NewDomain {
        id,
        name,
        description: input.description.as_deref(),
        comment: input.comment.as_deref(),
        domain_type,
        storage_type,
        connection_id: None,
        volume_group_id: None,
        available_bytes: None,
        used_bytes: None,
        wipe_after_delete: input.wipe_after_delete.unwrap_or(false),
        discard_after_delete: input.discard_after_delete.unwrap_or(false),
        backup: input.backup.unwrap_or(false),
        warning_low_space_indicator: input.warning_low_space_indicator.unwrap_or(10),
        critical_space_action_blocker: input.critical_space_action_blocker.unwrap_or(5),
    }
}

//! `UpdateStorageServerConnection`: re-point a connection. Domains using it must be in
//! maintenance or unattached (or `force`); LUN disks' VMs must be down. With a host, the domains
//! are locked while the host connects and their space is refreshed, then they are left in
//! maintenance; without a host only the stored record changes.

use super::{
    check_permission, details_key, host_param, lock_owner, normalize, refuse, require_up_host,
    resolve_host, with_locks_as, ActionGroup, CONNECTION,
};
use crate::auth::Actor;
use crate::error::ApiError;
use crate::http::params::Params;
use crate::store::compensation::{self, StatusSnapshot};
use crate::store::{self, locks::key, usage};
use crate::AppState;
use axum::http::StatusCode;
use storage_model::rules::connection::duplicate_field;
use storage_model::rules::connection_update::{self, DomainFacts, LunFacts, VmFacts};
use storage_model::rules::messages::{self as m, Verb};
use storage_model::rules::validate_connection;
use storage_model::StorageDomainStatus;
use storage_model::{StorageConnection, StorageType};

const VERB: Verb = Verb::Edit;

/// Merges `body` onto the stored details: every field given replaces the stored one; the id and
/// anything not given stay.
pub fn merge(stored: &StorageConnection, body: &StorageConnection) -> StorageConnection {
    fn pick<T: Clone>(new: &Option<T>, old: &Option<T>) -> Option<T> {
        new.clone().or_else(|| old.clone())
    }
    StorageConnection {
        href: None,
        id: stored.id.clone(),
        storage_type: pick(&body.storage_type, &stored.storage_type),
        address: pick(&body.address, &stored.address),
        path: pick(&body.path, &stored.path),
        port: pick(&body.port, &stored.port),
        target: pick(&body.target, &stored.target),
        username: pick(&body.username, &stored.username),
        password: pick(&body.password, &stored.password),
        portal: pick(&body.portal, &stored.portal),
        mount_options: pick(&body.mount_options, &stored.mount_options),
        vfs_type: pick(&body.vfs_type, &stored.vfs_type),
        nfs_version: pick(&body.nfs_version, &stored.nfs_version),
        nfs_timeo: pick(&body.nfs_timeo, &stored.nfs_timeo),
        nfs_retrans: pick(&body.nfs_retrans, &stored.nfs_retrans),
        host: None,
    }
}

pub async fn run(
    state: &AppState,
    actor: &Actor,
    id: &str,
    body: StorageConnection,
    params: &Params,
) -> Result<(), ApiError> {
    let pool = &state.store.pool;
    // REST layer: the connection exists, its id is immutable, the body merges onto it.
    let stored_row = store::connections::get(pool, id)
        .await?
        .ok_or(ApiError::NotFound)?;
    if let Some(given) = body.id.as_deref().filter(|s| !s.is_empty()) {
        let same = uuid::Uuid::parse_str(given).is_ok_and(|u| u.hyphenated().to_string() == id);
        if !same {
            return Err(ApiError::fault(
                StatusCode::CONFLICT,
                "Broken immutability constraint",
                "Attempt to set immutable field: id",
            ));
        }
    }
    let stored = stored_row.details()?;
    let merged = normalize(merge(&stored, &body));
    let host_ref = body
        .host
        .clone()
        .filter(|r| !r.names_nothing())
        .or_else(|| params.get("host").map(host_param))
        .filter(|r| !r.names_nothing());
    let host = match host_ref.as_ref() {
        Some(r) => Some(resolve_host(state, r).await?),
        None => None,
    };
    let force = params.flag("force");

    check_permission(
        actor,
        ActionGroup::CreateStorageDomain,
        None,
        VERB,
        CONNECTION,
    )?;

    // Locks: the domains and disks using the connection, its old and new details, its id.
    let file_domains = usage::file_domains_using(pool, id).await?;
    let luns = usage::luns_on(pool, id).await?;
    let mut keys: Vec<String> = file_domains.iter().map(|d| key::domain(&d.id)).collect();
    for l in &luns {
        if let Some(d) = &l.storage_domain_id {
            keys.push(key::domain(d));
        }
        if let Some(d) = &l.disk_id {
            keys.push(key::disk(d));
        }
    }
    keys.push(key::details(&details_key(&stored)));
    keys.push(key::details(&details_key(&merged)));
    keys.push(key::connection(id));
    keys.sort();
    keys.dedup();
    let owner = lock_owner(state);
    with_locks_as(state, &owner, &keys, VERB, CONNECTION, async {
        // Read before locking (the locks depend on it), so check that no other command changed
        // or removed the connection in between: the body must merge onto what is stored.
        match store::connections::get(pool, id).await? {
            None => return Err(ApiError::NotFound),
            Some(now) if now.details()? != stored => {
                return Err(refuse(VERB, CONNECTION, m::object_locked()))
            }
            Some(_) => {}
        }
        // validate(), in the engine's order.
        let Some(new_type) = merged.storage_type else {
            return Err(refuse(
                VERB,
                CONNECTION,
                m::unsupported_action_for_storage_type(),
            ));
        };
        if !(new_type.is_file() || new_type == StorageType::Iscsi) {
            return Err(refuse(
                VERB,
                CONNECTION,
                m::unsupported_action_for_storage_type(),
            ));
        }
        // The engine checks the new details before the type change, so an attempt to turn an
        // NFS connection into iSCSI would be answered "target name must not be empty"; saying
        // that the type cannot change is the answer that helps.
        if Some(new_type) != stored.storage_type {
            return Err(refuse(
                VERB,
                CONNECTION,
                m::unsupported_change_storage_type(),
            ));
        }
        validate_connection(&merged).map_err(|msgs| ApiError::refused(VERB, CONNECTION, msgs))?;
        let first_domain_dc = match file_domains.first() {
            Some(d) => usage::attachments_of(pool, &d.id)
                .await?
                .first()
                .map(|a| a.data_center_id.clone()),
            None => None,
        };
        if let Some((dup, domain)) =
            usage::find_duplicate(pool, &merged, Some(id), first_domain_dc.as_deref()).await?
        {
            return Err(refuse(
                VERB,
                CONNECTION,
                m::connection_already_exists(&dup, &domain).on(duplicate_field(&merged)),
            ));
        }

        // Who is affected, and may they be? (The facts here, the rules in the model.)
        let affected_domains = if new_type.is_file() {
            let mut facts = Vec::new();
            for d in &file_domains {
                facts.push(DomainFacts {
                    id: d.id.clone(),
                    name: d.name.clone(),
                    statuses: usage::statuses_of(pool, &d.id).await?,
                });
            }
            connection_update::file_edit(&facts, force)
        } else {
            let mut facts = Vec::new();
            for l in &luns {
                let domain = match (&l.storage_domain_id, &l.domain_name) {
                    (Some(id), Some(name)) => Some(DomainFacts {
                        id: id.clone(),
                        name: name.clone(),
                        statuses: usage::statuses_of(pool, id).await?,
                    }),
                    _ => None,
                };
                let mut vms = Vec::new();
                if let Some(disk) = &l.disk_id {
                    for vm in usage::vms_using_disk(pool, disk).await? {
                        vms.push(VmFacts {
                            status: store::parse_column("vms", "status", &vm.status)?,
                            name: vm.name,
                            active: vm.active,
                        });
                    }
                }
                facts.push(LunFacts { domain, vms });
            }
            connection_update::block_edit(&facts, force)
        }
        .map_err(|msg| refuse(VERB, CONNECTION, msg))?;
        let host = host
            .map(|h| require_up_host(h, VERB, CONNECTION))
            .transpose()?;

        // execute
        let mut snapshot: Vec<StatusSnapshot> = Vec::new();
        for d in &affected_domains {
            for a in usage::attachments_of(pool, d).await? {
                snapshot.push(StatusSnapshot {
                    storage_domain_id: a.storage_domain_id,
                    data_center_id: a.data_center_id,
                    status: a.status,
                });
            }
        }
        match host {
            Some(h) if !snapshot.is_empty() => {
                execute_with_host(
                    state,
                    id,
                    &merged,
                    &h.name,
                    &affected_domains,
                    &snapshot,
                    &owner,
                )
                .await?;
            }
            _ => {
                store::connections::update(pool, id, &merged).await?;
            }
        }
        Ok::<_, ApiError>(())
    })
    .await
}

/// The host connects to the new storage; the domains are locked (with a compensation record)
/// while their space is refreshed; then, in one transaction, the connection is saved and the
/// domains are left in maintenance.
async fn execute_with_host(
    state: &AppState,
    id: &str,
    merged: &StorageConnection,
    host: &str,
    domains: &[String],
    snapshot: &[StatusSnapshot],
    owner: &str,
) -> Result<(), ApiError> {
    let pool = &state.store.pool;
    state.agent.connect(host, merged).await.map_err(|reason| {
        refuse(
            VERB,
            CONNECTION,
            m::host_cannot_connect_on_update(host, &reason),
        )
    })?;

    let compensation_id = uuid::Uuid::new_v4().to_string();
    let mut tx = crate::store::begin_write(pool).await?;
    compensation::record(
        &mut tx,
        &compensation_id,
        owner,
        state.settings.lock_lease,
        "UpdateStorageServerConnection",
        snapshot,
    )
    .await?;
    for s in snapshot {
        set_status(&mut tx, s, StorageDomainStatus::Locked).await?;
    }
    tx.commit().await?;

    let finish = async {
        if let Some(pause) = state.settings.update_pause {
            tokio::time::sleep(pause).await;
        }
        let space = state.agent.space(merged).await;
        let mut tx = crate::store::begin_write(pool).await?;
        if !compensation::clear(&mut tx, &compensation_id).await? {
            // This engine lost its lease (stalled longer than it); another one has restored the
            // domains. Finishing now would overwrite what happened since.
            return Ok(Finished::Superseded);
        }
        store::connections::update(&mut *tx, id, merged).await?;
        if let Some(space) = space {
            for d in domains {
                store::domains::set_space(&mut tx, d, space.available, space.used).await?;
            }
        }
        for s in snapshot {
            set_status(&mut tx, s, StorageDomainStatus::Maintenance).await?;
        }
        tx.commit().await?;
        anyhow::Ok(Finished::Done)
    };
    let outcome = finish.await;
    if let Ok(Finished::Superseded) = outcome {
        state.agent.disconnect(host, merged).await;
        return Err(ApiError::fault(
            StatusCode::CONFLICT,
            "Operation Failed",
            "[Cannot edit Storage Connection. The update outlasted this engine's lock lease and \
             was undone by another engine; nothing was changed. Try again.]",
        ));
    }
    if let Err(e) = outcome {
        // Put the domains back as they were; the connection row was not changed.
        if let Err(c) = compensation::compensate(pool, &compensation_id).await {
            tracing::error!(
                error = format!("{c:#}"),
                "compensation failed; the sweeper retries it"
            );
        }
        return Err(e.into());
    }
    state.agent.disconnect(host, merged).await;
    Ok(())
}

enum Finished {
    Done,
    /// The compensation record was gone: the command was undone by a survivor.
    Superseded,
}

async fn set_status(
    tx: &mut sqlx::Transaction<'_, sqlx::Any>,
    s: &StatusSnapshot,
    status: StorageDomainStatus,
) -> anyhow::Result<()> {
    store::attachments::set_status(&mut **tx, &s.data_center_id, &s.storage_domain_id, status).await
}

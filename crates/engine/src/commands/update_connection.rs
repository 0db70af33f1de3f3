//! `UpdateStorageServerConnection`: re-point a connection. Domains using it must be in
//! maintenance or unattached (or `force`); LUN disks' VMs must be down. With a host, the domains
//! are locked while the host connects and their space is refreshed, then they are left in
//! maintenance; without a host only the stored record changes.

use super::{
    check_permission, details_key, load_connection, lock_owner, locked, normalize, refuse,
    require_up_host, resolve_host, ActionGroup, Subject, CONNECTION,
};
use crate::auth::Actor;
use crate::error::ApiError;
use crate::store::compensation::{self, StatusSnapshot};
use crate::store::connections::ConnectionRow;
use crate::store::locks::{self, key};
use crate::store::{self, usage};
use crate::AppState;
use axum::http::StatusCode;
use storage_model::rules::connection_update::{self, DomainFacts, LunFacts, VmFacts};
use storage_model::rules::messages::{self as m, Verb};
use storage_model::{Ref, StorageConnection, StorageDomainStatus};

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

/// How the edit is asked for, beyond the body: the host to connect from (`None`: save without
/// connecting) and `force` (edit even when its domains are not in maintenance).
#[derive(Debug, Clone, Default)]
pub struct Options {
    pub host: Option<Ref>,
    pub force: bool,
}

/// Load → decide → apply. One writing transaction loads the connection and everything using it,
/// looks for a duplicate, and decides (`rules::connection_update::decide`). Without a host (or
/// with nothing to refresh) the same transaction saves the connection: one commit. With a host
/// it takes the locks there too, and the connect and refresh run after it (`execute_with_host`).
/// Answers the connection as stored now.
pub async fn run(
    state: &AppState,
    actor: &Actor,
    subject: &Subject,
    id: &str,
    body: StorageConnection,
    options: Options,
) -> Result<ConnectionRow, ApiError> {
    let pool = &state.store.pool;
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
    let host = match options.host.as_ref().filter(|r| !r.names_nothing()) {
        Some(r) => Some(resolve_host(state, r).await?),
        None => None,
    };

    let (mut tx, in_use, stored) = load_connection(state, subject, id).await?;
    check_permission(
        actor,
        ActionGroup::CreateStorageDomain,
        None,
        VERB,
        CONNECTION,
    )?;
    let merged = normalize(merge(&stored, &body));
    let keys = lock_keys(id, &in_use, &stored, &merged);
    if locks::any_held(&mut tx, &keys).await? {
        return Err(locked(VERB, CONNECTION));
    }
    let data_center = in_use
        .file_domains
        .first()
        .and_then(|d| d.attachments.first())
        .map(|a| a.data_center_id.clone());
    let duplicate =
        usage::find_duplicate(&mut tx, &merged, Some(id), data_center.as_deref()).await?;
    let (file_domains, luns) = facts(&in_use)?;
    let affected = connection_update::decide(&connection_update::Edit {
        stored: &stored,
        merged: &merged,
        duplicate,
        file_domains: &file_domains,
        luns: &luns,
        force: options.force,
    })
    .map_err(|msgs| ApiError::refused(VERB, CONNECTION, msgs))?;
    let host = host
        .map(|h| require_up_host(h, VERB, CONNECTION))
        .transpose()?;

    // Apply. The domains' statuses now, to lock them and to put them back.
    let snapshot: Vec<StatusSnapshot> = in_use
        .file_domains
        .iter()
        .flat_map(|d| &d.attachments)
        .chain(in_use.luns.iter().flat_map(|l| &l.domain_attachments))
        .filter(|a| affected.contains(&a.storage_domain_id))
        .map(|a| StatusSnapshot {
            storage_domain_id: a.storage_domain_id.clone(),
            data_center_id: a.data_center_id.clone(),
            status: a.status.clone(),
        })
        .fold(Vec::new(), |mut all, s| {
            if !all.contains(&s) {
                all.push(s);
            }
            all
        });
    match host {
        Some(h) if !snapshot.is_empty() => {
            let owner = lock_owner(state);
            if locks::take(&mut tx, &owner, &keys, state.settings.lock_lease)
                .await?
                .is_err()
            {
                return Err(locked(VERB, CONNECTION));
            }
            tx.commit().await?;
            let held = locks::Locks::held(pool, &owner);
            let outcome =
                execute_with_host(state, id, &merged, &h.name, &affected, &snapshot, &owner).await;
            held.release_or_expire().await;
            outcome?;
        }
        _ => {
            store::connections::update(&mut *tx, id, &merged).await?;
            tx.commit().await?;
        }
    }
    Ok(ConnectionRow::of(id, &merged))
}

/// What the edit locks: the domains and disks using the connection, its old and new details,
/// its id.
fn lock_keys(
    id: &str,
    in_use: &usage::ConnectionInUse,
    stored: &StorageConnection,
    merged: &StorageConnection,
) -> Vec<String> {
    let mut keys: Vec<String> = in_use
        .file_domains
        .iter()
        .map(|d| key::domain(&d.id))
        .collect();
    for l in &in_use.luns {
        if let Some(d) = &l.lun.storage_domain_id {
            keys.push(key::domain(d));
        }
        if let Some(d) = &l.lun.disk_id {
            keys.push(key::disk(d));
        }
    }
    keys.push(key::details(&details_key(stored)));
    keys.push(key::details(&details_key(merged)));
    keys.push(key::connection(id));
    keys.sort();
    keys.dedup();
    keys
}

/// The loaded users of the connection, as the model's rules take them.
pub(super) fn facts(
    in_use: &usage::ConnectionInUse,
) -> anyhow::Result<(Vec<DomainFacts>, Vec<LunFacts>)> {
    let statuses = usage::statuses;
    let mut domains = Vec::new();
    for d in &in_use.file_domains {
        domains.push(DomainFacts {
            id: d.id.clone(),
            name: d.name.clone(),
            statuses: statuses(&d.attachments)?,
        });
    }
    let mut luns = Vec::new();
    for l in &in_use.luns {
        let domain = match (&l.lun.storage_domain_id, &l.lun.domain_name) {
            (Some(id), Some(name)) => Some(DomainFacts {
                id: id.clone(),
                name: name.clone(),
                statuses: statuses(&l.domain_attachments)?,
            }),
            _ => None,
        };
        let mut vms = Vec::new();
        for vm in &l.vms {
            vms.push(VmFacts {
                status: store::parse_column("vms", "status", &vm.status)?,
                name: vm.name.clone(),
                active: vm.active,
            });
        }
        luns.push(LunFacts { domain, vms });
    }
    Ok((domains, luns))
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
    tx: &mut crate::store::WriteTx,
    s: &StatusSnapshot,
    status: StorageDomainStatus,
) -> anyhow::Result<()> {
    store::attachments::set_status(&mut **tx, &s.data_center_id, &s.storage_domain_id, status).await
}

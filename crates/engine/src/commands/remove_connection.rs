//! `RemoveStorageServerConnection`: only a connection nothing uses can go. With a host, that host
//! disconnects from it.

use super::{
    check_permission, details_key, host_param, names, refuse, resolve_host, with_locks,
    ActionGroup, CONNECTION,
};
use crate::auth::Actor;
use crate::error::ApiError;
use crate::http::params::Params;
use crate::store::{self, locks::key, usage};
use crate::AppState;
use storage_model::rules::messages::{self as m, Verb};
use storage_model::StorageType;

const VERB: Verb = Verb::Remove;

pub async fn run(
    state: &AppState,
    actor: &Actor,
    id: &str,
    params: &Params,
) -> Result<(), ApiError> {
    let pool = &state.store.pool;
    let row = store::connections::get(pool, id)
        .await?
        .ok_or(ApiError::NotFound)?;
    let host = match params
        .get("host")
        .filter(|s| !host_param(s).names_nothing())
    {
        Some(h) => Some(
            resolve_host(state, &host_param(h))
                .await?
                .ok_or_else(|| ApiError::entity_not_found(h))?,
        ),
        None => None,
    };

    check_permission(
        actor,
        ActionGroup::CreateStorageDomain,
        None,
        VERB,
        CONNECTION,
    )?;
    let details = row.details()?;
    with_locks(
        state,
        &[key::details(&details_key(&details)), key::connection(id)],
        VERB,
        CONNECTION,
        async {
            // Read before locking: a concurrent removal or update in between means this one is
            // answered for what is stored now (two removals must not both succeed).
            match store::connections::get(pool, id).await? {
                None => return Err(ApiError::NotFound),
                Some(now) if now.details()? != details => {
                    return Err(refuse(VERB, CONNECTION, m::object_locked()))
                }
                Some(_) => {}
            }
            let storage_type = row.storage_type()?;
            if storage_type.is_file() {
                let domains = usage::file_domains_using(pool, id).await?;
                if !domains.is_empty() {
                    return Err(refuse(
                        VERB,
                        CONNECTION,
                        m::belongs_to_domains(&names(domains.iter().map(|d| &d.name))),
                    ));
                }
            } else if storage_type == StorageType::Iscsi {
                let mut domain_names: Vec<String> = Vec::new();
                let mut disk_names: Vec<String> = Vec::new();
                for l in usage::luns_on(pool, id).await? {
                    if let Some(name) = l.domain_name.filter(|_| l.volume_group_id.is_some()) {
                        if !domain_names.contains(&name) {
                            domain_names.push(name);
                        }
                    } else if let Some(alias) = l.disk_alias {
                        if !disk_names.contains(&alias) {
                            disk_names.push(alias);
                        }
                    }
                }
                let message = match (domain_names.is_empty(), disk_names.is_empty()) {
                    (true, true) => None,
                    (false, true) => Some(m::belongs_to_domains(&names(&domain_names))),
                    (true, false) => Some(m::belongs_to_disks(&names(&disk_names))),
                    (false, false) => Some(m::belongs_to_domains_and_disks(
                        &names(&domain_names),
                        &names(&disk_names),
                    )),
                };
                if let Some(message) = message {
                    return Err(refuse(VERB, CONNECTION, message));
                }
            }

            let mut tx = crate::store::begin_write(pool).await?;
            // LUN paths through this connection that belong to nothing (free LUNs) go with it.
            store::luns::remove_all_paths(&mut tx, id).await?;
            store::connections::delete(&mut *tx, id).await?;
            tx.commit().await?;
            if let Some(h) = host {
                state.agent.disconnect(&h.name, &details).await;
            }
            Ok::<_, ApiError>(())
        },
    )
    .await
}

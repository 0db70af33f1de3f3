//! `RemoveStorageServerConnection`: only a connection nothing uses can go. With a host, that host
//! disconnects from it.

use super::{
    check_permission, details_key, load_connection, locked, named_host, refuse, ActionGroup,
    Subject, CONNECTION,
};
use crate::auth::Actor;
use crate::error::ApiError;
use crate::store::locks::{self, key};
use crate::store::{self};
use crate::AppState;
use storage_model::rules::connection_removal::{self, LunUser};
use storage_model::rules::messages::Verb;
use storage_model::Ref;

const VERB: Verb = Verb::Remove;

/// Load → decide → apply in one writing transaction: the connection and what uses it, the
/// model's rule (`rules::connection_removal`), the delete. With a host (`;host=`), that host then
/// disconnects from it.
pub async fn run(
    state: &AppState,
    actor: &Actor,
    subject: &Subject,
    id: &str,
    host: Option<Ref>,
) -> Result<(), ApiError> {
    let host = match host.filter(|r| !r.names_nothing()) {
        Some(r) => Some(named_host(state, &r).await?),
        None => None,
    };
    let (mut tx, in_use, details) = load_connection(state, subject, id).await?;
    check_permission(
        actor,
        ActionGroup::CreateStorageDomain,
        None,
        VERB,
        CONNECTION,
    )?;
    let keys = [key::details(&details_key(&details)), key::connection(id)];
    if locks::any_held(&mut tx, &keys).await? {
        return Err(locked(VERB, CONNECTION));
    }
    let file_domains: Vec<String> = in_use.file_domains.iter().map(|d| d.name.clone()).collect();
    let luns: Vec<LunUser> = in_use
        .luns
        .iter()
        .map(|l| LunUser {
            domain: l
                .lun
                .domain_name
                .clone()
                .filter(|_| l.lun.volume_group_id.is_some()),
            disk: l.lun.disk_alias.clone(),
        })
        .collect();
    connection_removal::decide(in_use.row.storage_type()?, &file_domains, &luns)
        .map_err(|msg| refuse(VERB, CONNECTION, msg))?;

    // LUN paths through this connection that belong to nothing (free LUNs) go with it.
    store::luns::remove_all_paths(&mut tx, id).await?;
    store::connections::delete(&mut *tx, id).await?;
    tx.commit().await?;
    if let Some(h) = host {
        state.agent.disconnect(&h.name, &details).await;
    }
    Ok(())
}

//! Remove a storage domain (it must be unattached; a host is required unless `destroy`), or
//! destroy it (forget it whatever its state, unless it is active).

use super::{
    check_permission, named_host, refuse, require_up_host, with_locks, ActionGroup, DOMAIN,
};
use crate::auth::Actor;
use crate::error::ApiError;
use crate::store::{locks::key, usage};
use crate::AppState;
use storage_model::rules::messages::{self as m, Verb};
use storage_model::{Ref, StorageDomainStatus};

const VERB: Verb = Verb::Remove;

/// How the removal is asked for: the host that removes it, or `destroy` (forget the domain
/// without a host).
#[derive(Debug, Clone, Default)]
pub struct Options {
    pub host: Option<Ref>,
    pub destroy: bool,
}

pub async fn run(
    state: &AppState,
    actor: &Actor,
    id: &str,
    options: Options,
) -> Result<(), ApiError> {
    let pool = &state.store.pool;
    let connection: Option<Option<String>> = crate::store::domains::connection_of(pool, id).await?;
    let connection = connection.ok_or(ApiError::NotFound)?;
    let destroy = options.destroy;
    let host = match options.host.filter(|r| !r.names_nothing()) {
        Some(r) => Some(named_host(state, &r).await?),
        None if destroy => None,
        None => {
            return Err(ApiError::incomplete(
                "StorageDomain",
                &["host.id|name"],
                "remove",
            ))
        }
    };
    check_permission(actor, ActionGroup::CreateStorageDomain, None, VERB, DOMAIN)?;
    let mut keys = vec![key::domain(id)];
    if let Some(c) = &connection {
        keys.push(key::connection(c));
    }
    with_locks(state, &keys, VERB, DOMAIN, async {
        let attachments = usage::attachments_of(pool, id).await?;
        if destroy {
            if attachments
                .iter()
                .any(|a| a.status == StorageDomainStatus::Active.as_str())
            {
                return Err(refuse(VERB, DOMAIN, m::domain_status_illegal("Active")));
            }
        } else {
            if !attachments.is_empty() {
                return Err(refuse(
                    VERB,
                    DOMAIN,
                    m::domain_must_be_unattached_to_remove(),
                ));
            }
            if let Some(h) = host {
                require_up_host(Some(h), VERB, DOMAIN)?;
            }
        }

        let mut tx = crate::store::begin_write(pool).await?;
        crate::store::domains::delete(&mut tx, id, connection.as_deref()).await?;
        tx.commit().await?;
        Ok::<_, ApiError>(())
    })
    .await
}

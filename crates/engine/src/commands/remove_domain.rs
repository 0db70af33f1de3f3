//! Remove a storage domain (it must be unattached; a host is required unless `destroy`), or
//! destroy it (forget it whatever its state, unless it is active).

use super::{
    check_permission, host_param, refuse, require_up_host, resolve_host, with_locks, ActionGroup,
    DOMAIN,
};
use crate::auth::Actor;
use crate::error::ApiError;
use crate::http::params::Params;
use crate::store::{locks::key, usage};
use crate::AppState;
use storage_model::rules::messages::{self as m, Verb};

const VERB: Verb = Verb::Remove;

pub async fn run(
    state: &AppState,
    actor: &Actor,
    id: &str,
    params: &Params,
) -> Result<(), ApiError> {
    let pool = &state.store.pool;
    let connection: Option<Option<String>> = crate::store::domains::connection_of(pool, id).await?;
    let connection = connection.ok_or(ApiError::NotFound)?;
    let destroy = params.flag("destroy");
    let host = match params
        .get("host")
        .filter(|s| !host_param(s).names_nothing())
    {
        Some(h) => Some(
            resolve_host(state, &host_param(h))
                .await?
                .ok_or_else(|| ApiError::entity_not_found(h))?,
        ),
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
            if attachments.iter().any(|a| a.status == "active") {
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

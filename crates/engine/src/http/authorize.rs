//! Enforces each operation's declared [`Permission`] (the operations table) before its handler
//! runs. Commands check again with the exact object; this gate is what makes the table true for
//! every route, including those without a command (VM power, host actions, probes).

use super::operations::Permission;
use super::responses::ActionResult;
use crate::auth::Actor;
use crate::commands::{refuse, Subject};
use crate::error::guid;
use crate::store;
use crate::AppState;
use axum::extract::{FromRequestParts, RawPathParams, Request};
use axum::response::{IntoResponse, Response};
use storage_model::rules::messages as m;
use storage_model::rules::permissions::{allows, allows_somewhere};

/// Lets the request through when the signed-in user's grants allow `p`; otherwise the refusal
/// (its audit event names the storage domain the request was about).
pub async fn gate(
    state: &AppState,
    p: Permission,
    is_action: bool,
    req: Request,
) -> Result<Request, Response> {
    let (mut parts, body) = req.into_parts();
    let domain = match p.domain {
        Some(name) => RawPathParams::from_request_parts(&mut parts, &())
            .await
            .ok()
            .and_then(|params| {
                params
                    .iter()
                    .find(|(k, _)| *k == name)
                    .and_then(|(_, v)| guid(v).ok())
            }),
        None => None,
    };
    let allowed = parts
        .extensions
        .get::<Actor>()
        .is_some_and(|actor| match &domain {
            Some(d) => allows(&actor.grants, p.group, Some(d)),
            None => allows_somewhere(&actor.grants, p.group),
        });
    if allowed {
        return Ok(Request::from_parts(parts, body));
    }
    if let (Some(d), Some(subject)) = (&domain, parts.extensions.get::<Subject>()) {
        match store::domains::name_of(&state.store.pool, d).await {
            Ok(Some(name)) => subject.name(name, Some(d)),
            _ => subject.concerns_domain(d),
        }
    }
    let refusal = refuse(p.verb, p.object, m::not_authorized());
    Err(if is_action {
        ActionResult(Err(refusal)).into_response()
    } else {
        refusal.into_response()
    })
}

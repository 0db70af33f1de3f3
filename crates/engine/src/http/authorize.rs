//! Enforces each operation's declared [`Permission`] (the operations table) before its handler
//! runs. Commands check again with the exact object; this gate is what makes the table true for
//! every route, including those without a command (VM power, host actions, probes).

use super::permission::Permission;
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

/// Whether the signed-in user's grants allow `p` for this request: `Err` with the storage domain
/// the request is about (if any) when they do not. Decided before the handler is called, and
/// without waiting: the path's parameters are already in the request.
pub fn check(p: Permission, req: Request) -> (Request, Result<(), Option<String>>) {
    let (req, domain) = match p.domain {
        Some(name) => match path_param(req, name) {
            (req, Ok(found)) => (req, found),
            // (Cannot happen with axum's extractor, which never waits; refused to be safe.)
            (req, Err(())) => return (req, Err(None)),
        },
        None => (req, None),
    };
    let allowed = req
        .extensions()
        .get::<Actor>()
        .is_some_and(|actor| match &domain {
            Some(d) => allows(&actor.grants, p.group, Some(d)),
            None => allows_somewhere(&actor.grants, p.group),
        });
    (req, if allowed { Ok(()) } else { Err(domain) })
}

/// The GUID in the path parameter `name`, if the path has one.
fn path_param(req: Request, name: &str) -> (Request, Result<Option<String>, ()>) {
    let (mut parts, body) = req.into_parts();
    let found = {
        let read = std::pin::pin!(RawPathParams::from_request_parts(&mut parts, &()));
        let mut cx = std::task::Context::from_waker(std::task::Waker::noop());
        match std::future::Future::poll(read, &mut cx) {
            std::task::Poll::Ready(params) => Ok(params.ok().and_then(|params| {
                params
                    .iter()
                    .find(|(k, _)| *k == name)
                    .and_then(|(_, v)| guid(v).ok())
            })),
            std::task::Poll::Pending => Err(()),
        }
    };
    (Request::from_parts(parts, body), found)
}

/// The refusal of a request `check` did not allow (its audit event, through `subject`, names the
/// storage domain the request was about).
pub async fn refusal(
    state: &AppState,
    p: Permission,
    is_action: bool,
    domain: Option<String>,
    subject: Option<Subject>,
) -> Response {
    if let (Some(d), Some(subject)) = (&domain, subject) {
        match store::domains::name_of(&state.store.pool, d).await {
            Ok(Some(name)) => subject.name(name, Some(d)),
            _ => subject.concerns_domain(d),
        }
    }
    let refusal = refuse(p.verb, p.object, m::not_authorized());
    if is_action {
        ActionResult(Err(refusal)).into_response()
    } else {
        refusal.into_response()
    }
}

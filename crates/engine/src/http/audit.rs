//! The audit trail of every command (every API write), allowed or refused.
//!
//! Everything an event says comes typed from the request's handling: who from the signed-in
//! [`Actor`], what from the operations table, the target from the [`Subject`] the command named,
//! how it ended from the status and the [`FaultText`] the fault left on the answer.

use crate::auth::Actor;
use crate::commands::subject::Subject;
use crate::error::FaultText;
use crate::store::events::NewEvent;
use crate::AppState;
use axum::extract::{FromRequestParts, Request};
use axum::http::request::Parts;
use axum::response::Response;
use std::convert::Infallible;
use std::time::Duration;

/// An audited request on its way: what it does, who asked, and the slot its command names
/// its target in.
pub struct Pending {
    action: &'static str,
    login: Option<String>,
    subject: Subject,
}

impl Pending {
    /// Starts the audit of `req` (gives it a [`Subject`] for its command to fill in).
    pub fn start(action: &'static str, req: &mut Request) -> Self {
        let subject = Subject::default();
        req.extensions_mut().insert(subject.clone());
        Pending {
            action,
            login: req.extensions().get::<Actor>().map(|a| a.login.to_string()),
            subject,
        }
    }

    /// Records how the request ended: one log line and one event.
    pub async fn record(self, state: &AppState, response: Response, took: Duration) -> Response {
        let Pending {
            action,
            login,
            subject,
        } = self;
        let status = response.status();
        let success = status.is_success();
        let named = subject.named();
        let target = named
            .as_ref()
            .map(|n| n.target.as_str())
            .filter(|t| !t.trim().is_empty());
        let domain = named.as_ref().and_then(|n| n.domain.as_deref());
        let fault = response
            .extensions()
            .get::<FaultText>()
            .map(|f| f.0.as_str());
        let description = describe(login.as_deref(), action, target, status.as_u16(), fault);
        // One line per command, in the request's span (its id and route come with it).
        tracing::info!(
            action,
            target = target.unwrap_or(""),
            status = status.as_u16(),
            outcome = if success { "success" } else { "refused" },
            duration_ms = took.as_millis() as u64,
            "command"
        );
        super::observe::command(action, success, took.as_secs_f64());
        let event = NewEvent {
            user_name: login,
            action: action.to_string(),
            target: target.map(str::to_string),
            storage_domain_id: domain.map(str::to_string),
            success,
            description,
        };
        if let Err(e) = state.store.events.record(event).await {
            // (Also replaces connections a storage failure may have left holding locks.)
            let _ = crate::error::storage_failure(&e);
            tracing::error!(error = format!("{e:#}"), "recording an audit event failed");
        }
        response
    }
}

/// The event's text: "admin@internal: Edit Storage Connection nfs1:/a succeeded.", or
/// "… failed (409): <the fault's detail>".
fn describe(
    login: Option<&str>,
    action: &str,
    target: Option<&str>,
    status: u16,
    fault: Option<&str>,
) -> String {
    let who = login.unwrap_or("unknown user");
    let what = match target {
        Some(t) => format!("{action} {t}"),
        None => action.to_string(),
    };
    match fault {
        _ if (200..300).contains(&status) => format!("{who}: {what} succeeded."),
        Some(f) => format!("{who}: {what} failed ({status}): {f}"),
        None => format!("{who}: {what} failed ({status})."),
    }
}

/// Handlers of audited operations take the request's [`Subject`] (a detached one elsewhere, so
/// a handler also works unaudited).
impl<S: Send + Sync> FromRequestParts<S> for Subject {
    type Rejection = Infallible;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        Ok(parts
            .extensions
            .get::<Subject>()
            .cloned()
            .unwrap_or_default())
    }
}

#[cfg(test)]
mod tests {
    use super::describe;

    #[test]
    fn an_event_says_who_did_what_to_what_and_how_it_ended() {
        assert_eq!(
            describe(
                Some("admin@internal"),
                "Edit Storage Connection",
                Some("nfs1:/a"),
                200,
                None
            ),
            "admin@internal: Edit Storage Connection nfs1:/a succeeded."
        );
        assert_eq!(
            describe(
                Some("viewer@internal"),
                "Activate Storage Domain",
                Some("data"),
                403,
                Some("[Cannot …]")
            ),
            "viewer@internal: Activate Storage Domain data failed (403): [Cannot …]"
        );
        assert_eq!(
            describe(None, "Remove VM", None, 404, None),
            "unknown user: Remove VM failed (404)."
        );
    }
}

//! The audit trail of every command (every API write), allowed or refused, and `GET /events`.

use crate::auth::Actor;
use crate::error::guid;
use crate::store::{self, events::NewEvent, usage};
use crate::AppState;
use axum::body::{to_bytes, Body};
use axum::extract::{MatchedPath, Request, State};
use axum::middleware::Next;
use axum::response::Response;
use storage_model::{Action, Fault, StorageConnection, StorageDomain};

/// The values of `{name}` segments of `template` in `path`, aligned from the end (the template
/// may lack the prefix the router was nested under).
fn path_params(template: &str, path: &str) -> Vec<(String, String)> {
    template
        .rsplit('/')
        .zip(path.rsplit('/'))
        .filter_map(|(t, p)| {
            let name = t.strip_prefix('{')?.strip_suffix('}')?;
            Some((
                name.to_string(),
                p.split(';').next().unwrap_or("").to_string(),
            ))
        })
        .collect()
}

/// A readable name for what the request is about, and the storage domain it concerns.
async fn describe(
    state: &AppState,
    template: &str,
    params: &[(String, String)],
) -> (Option<String>, Option<String>) {
    let pool = &state.store.pool;
    let get = |n: &str| params.iter().find(|(k, _)| k == n).map(|(_, v)| v.clone());
    let domain_name = |id: String| async move {
        let name: Option<String> = store::domains::name_of(pool, &id).await.ok().flatten();
        (name, Some(id))
    };
    if template.contains("/datacenters/") {
        if let Some(sd) = get("sd").and_then(|s| guid(&s).ok()) {
            return domain_name(sd).await;
        }
        return (None, None);
    }
    if template.contains("/storagedomains/") {
        let Some(id) = get("id").and_then(|s| guid(&s).ok()) else {
            return (None, None);
        };
        let (name, domain) = domain_name(id).await;
        if let Some(conn) = get("conn").and_then(|s| guid(&s).ok()) {
            let summary = connection_summary(state, &conn).await;
            return (
                Some(format!(
                    "{} on {}",
                    summary.unwrap_or(conn),
                    name.unwrap_or_default()
                )),
                domain,
            );
        }
        return (name, domain);
    }
    if template.contains("/storageconnections/") {
        let Some(id) = get("id").and_then(|s| guid(&s).ok()) else {
            return (None, None);
        };
        let mut domain = usage::file_domains_using(pool, &id)
            .await
            .ok()
            .and_then(|d| d.first().map(|d| d.id.clone()));
        if domain.is_none() {
            domain = usage::luns_on(pool, &id)
                .await
                .ok()
                .and_then(|l| l.iter().find_map(|l| l.storage_domain_id.clone()));
        }
        return (connection_summary(state, &id).await.or(Some(id)), domain);
    }
    if template.contains("/vms/") {
        if let Some(id) = get("id").and_then(|s| guid(&s).ok()) {
            let name = store::vms::name_of(pool, &id).await.ok().flatten();
            return (name.or(Some(id)), None);
        }
    }
    (None, None)
}

async fn connection_summary(state: &AppState, id: &str) -> Option<String> {
    let row = store::connections::get(&state.store.pool, id)
        .await
        .ok()??;
    let c = row.details().ok()?;
    Some(c.summary())
}

/// The layer of every write (its `action` declared in the operations table): runs the request,
/// then records who did what to what, and how it ended.
pub async fn record(
    State(state): State<AppState>,
    action: &'static str,
    req: Request,
    next: Next,
) -> Response {
    let template = req
        .extensions()
        .get::<MatchedPath>()
        .map(|m| m.as_str().to_string())
        .unwrap_or_default();
    let login = req.extensions().get::<Actor>().map(|a| a.login.clone());
    let params = path_params(&template, req.uri().path());
    let (mut target, mut domain) = describe(&state, &template, &params).await;

    let started = std::time::Instant::now();
    let response = next.run(req).await;
    let seconds = started.elapsed().as_secs_f64();
    let status = response.status();
    let (parts, body) = response.into_parts();
    // Bodies here are small API documents; the limit only guards against surprises.
    let bytes = to_bytes(body, 4 * 1024 * 1024).await.unwrap_or_default();
    let success = status.is_success();
    let fault = if success {
        None
    } else {
        serde_json::from_slice::<Action>(&bytes)
            .ok()
            .and_then(|a| a.fault)
            .or_else(|| serde_json::from_slice::<Fault>(&bytes).ok())
            .map(|f| {
                if f.detail.is_empty() {
                    f.reason
                } else {
                    f.detail
                }
            })
    };
    if success && target.is_none() {
        // An add: name what was created.
        if let Ok(d) = serde_json::from_slice::<StorageDomain>(&bytes) {
            if d.name.is_some() {
                target = d.name.clone();
                domain = d.id.clone();
            }
        }
        if target.is_none() {
            if let Ok(c) = serde_json::from_slice::<StorageConnection>(&bytes) {
                target = Some(c.summary()).filter(|s| !s.trim().is_empty());
            }
        }
    }
    let who = login.clone().unwrap_or_else(|| "unknown user".into());
    let what = target
        .clone()
        .map(|t| format!("{action} {t}"))
        .unwrap_or_else(|| action.to_string());
    let description = match &fault {
        None if success => format!("{who}: {what} succeeded."),
        Some(f) => format!("{who}: {what} failed ({}): {f}", status.as_u16()),
        None => format!("{who}: {what} failed ({}).", status.as_u16()),
    };
    // One line per command, in the request's span (its id and route come with it).
    tracing::info!(
        action,
        target = target.as_deref().unwrap_or(""),
        status = status.as_u16(),
        outcome = if success { "success" } else { "refused" },
        duration_ms = (seconds * 1000.0).round() as u64,
        "command"
    );
    super::observe::command(action, success, seconds);
    let event = NewEvent {
        user_name: login.as_deref(),
        action,
        target: target.as_deref(),
        storage_domain_id: domain.as_deref(),
        success,
        description: &description,
    };
    if let Err(e) = store::events::record(&state.store.pool, event).await {
        // (Also replaces connections a storage failure may have left holding locks.)
        let _ = crate::error::storage_failure(&e);
        tracing::error!(error = format!("{e:#}"), "recording an audit event failed");
    }
    Response::from_parts(parts, Body::from(bytes))
}

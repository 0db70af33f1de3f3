//! `/events`: the audit trail (written by `http::audit`), newest first, searchable with the
//! real engine's event fields.

use super::params::Params;
use super::search::Selection;
use crate::error::{guid, ApiError};
use crate::store::{self, events::EventRow};
use crate::AppState;
use axum::extract::{Path, State};
use axum::Json;
use storage_model::search::{fields, Searchable, Val};
use storage_model::{Event, Events, Ref, API_BASE};

/// Without `max`, the newest this many.
const DEFAULT_MAX: i64 = 500;

fn to_wire(r: EventRow) -> Event {
    Event {
        href: Some(format!("{API_BASE}/events/{}", r.id)),
        id: Some(r.id.to_string()),
        index: Some(r.id),
        time: Some(r.time),
        description: Some(r.description),
        severity: Some(r.severity),
        code: Some(if r.outcome == "success" { 0 } else { 1 }),
        user: r.user_name.map(|n| match r.user_id {
            Some(id) => Ref {
                name: Some(n),
                ..Ref::to("users", &id)
            },
            None => Ref {
                name: Some(n),
                ..Default::default()
            },
        }),
        storage_domain: r.storage_domain_id.map(|d| Ref::to("storagedomains", &d)),
    }
}

impl Searchable for EventRow {
    fn values(&self, field: &str) -> Vec<Val<'_>> {
        match field {
            "type" => vec![Val::Int(if self.outcome == "success" { 0 } else { 1 })],
            "severity" => vec![Val::Text(&self.severity)],
            "message" => vec![Val::Text(&self.description)],
            "time" => vec![Val::Date(self.time)],
            "usrname" => Val::opt(&self.user_name),
            "event_storage" => Val::opt(&self.storage_domain_name),
            "origin" => vec![Val::Text("oVirt")],
            _ => Vec::new(),
        }
    }
}

/// `GET /events[?search=…][&storage_domain=ID][&from=INDEX][&max=N]`, newest first.
pub async fn list(State(state): State<AppState>, params: Params) -> Result<Json<Events>, ApiError> {
    let selection = Selection::read(&fields::EVENTS, &params)?;
    // (An extension: oVirt's clients filter by `search=event_storage=NAME`, as the web admin does.)
    let domain = params
        .get("storage_domain")
        .filter(|_| crate::extensions::enabled())
        .map(guid)
        .transpose()?;
    let from = params
        .get("from")
        .and_then(|v| v.trim().parse::<i64>().ok());
    let max = selection
        .max
        .map_or(DEFAULT_MAX, |m| i64::try_from(m).unwrap_or(i64::MAX));
    let searching = params.get("search").is_some_and(|s| !s.trim().is_empty());
    // A search looks through the whole trail; without one, only the newest `max` are read.
    let limit = if searching { None } else { Some(max) };
    let rows = store::events::list(&state.store.pool, domain.as_deref(), from, limit).await?;
    let rows = selection.apply(rows);
    Ok(Json(Events {
        event: rows.into_iter().take(max as usize).map(to_wire).collect(),
    }))
}

/// `GET /events/{index}`
pub async fn get(
    State(state): State<AppState>,
    Path(index): Path<String>,
) -> Result<Json<Event>, ApiError> {
    let index: i64 = index
        .split(';')
        .next()
        .and_then(|i| i.trim().parse().ok())
        .ok_or(ApiError::NotFound)?;
    let row = store::events::get(&state.store.pool, index)
        .await?
        .ok_or(ApiError::NotFound)?;
    Ok(Json(to_wire(row)))
}

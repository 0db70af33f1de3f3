//! The HTTP surface: the oVirt v4 REST API under `/ovirt-engine/api` (and its `/v4` alias), and
//! the web admin's static files everywhere else.

pub mod audit;
pub mod body;
pub mod connections;
pub mod datacenters;
pub mod disks;
pub mod domains;
pub mod hosts;
pub mod params;
pub mod probes;
pub mod responses;
pub mod security;
pub mod sso;
pub mod users;
pub mod xml;

use crate::auth;
use crate::AppState;
use axum::extract::DefaultBodyLimit;
use axum::http::StatusCode;
use axum::middleware::from_fn_with_state;
use axum::routing::{get, post};
use axum::Router;
use std::path::Path;
use tower_http::services::{ServeDir, ServeFile};
use tower_http::timeout::TimeoutLayer;

/// Every API route. Kept in one place so cross-cutting layers (authentication, audit) wrap
/// all of them at once.
fn api(state: &AppState) -> Router<AppState> {
    Router::new()
        .route("/", get(users::root))
        .route("/users/{id}", get(users::get))
        .route("/users/{id}/permissions", get(users::permissions))
        .route("/storagedomains/{id}/permissions", get(users::of_domain))
        .route("/events", get(audit::list))
        .route(
            "/storageconnections",
            get(connections::list).post(connections::add),
        )
        .route(
            "/storageconnections/{id}",
            get(connections::get)
                .put(connections::update)
                .delete(connections::remove),
        )
        .route("/storagedomains", get(domains::list).post(domains::add))
        .route(
            "/storagedomains/{id}",
            get(domains::get)
                .put(domains::update)
                .delete(domains::remove),
        )
        .route(
            "/storagedomains/{id}/storageconnections",
            get(domains::connections).post(domains::attach_connection),
        )
        .route(
            "/storagedomains/{id}/storageconnections/{conn}",
            get(domains::connection).delete(domains::detach_connection),
        )
        .route("/datacenters", get(datacenters::list))
        .route("/datacenters/{id}", get(datacenters::get))
        .route(
            "/datacenters/{id}/storagedomains",
            get(datacenters::storage_domains).post(datacenters::attach),
        )
        .route(
            "/datacenters/{id}/storagedomains/{sd}",
            get(datacenters::storage_domain).delete(datacenters::detach),
        )
        .route(
            "/datacenters/{id}/storagedomains/{sd}/activate",
            post(datacenters::activate),
        )
        .route(
            "/datacenters/{id}/storagedomains/{sd}/deactivate",
            post(datacenters::deactivate),
        )
        .route("/hosts", get(hosts::list))
        .route("/hosts/{id}", get(hosts::get))
        .route("/hosts/{id}/discoveriscsi", post(probes::discover))
        .route("/hosts/{id}/iscsilogin", post(probes::login))
        .route("/hosts/{id}/nfsexports", get(probes::exports))
        .route("/storageconnections/test", post(probes::test_unsaved))
        .route("/storageconnections/{id}/test", post(probes::test_stored))
        .route("/disks", get(disks::list))
        .route("/disks/{id}", get(disks::get))
        .route("/disks/{id}/storageconnections", get(disks::connections))
        .route("/vms", get(disks::list_vms))
        .route("/vms/{id}", get(disks::get_vm))
        .route("/vms/{id}/start", post(disks::start_vm))
        .route("/vms/{id}/stop", post(disks::stop_vm))
        // Unknown API paths are 404s, never the SPA's index page.
        .fallback(|| async { StatusCode::NOT_FOUND })
        // Innermost: record every write with its outcome. Outermost: nothing, not even an
        // unknown path, is answered without authentication.
        .route_layer(from_fn_with_state(state.clone(), audit::record))
        .route_layer(from_fn_with_state(
            state.clone(),
            crate::cache::invalidate_on_write,
        ))
        .layer(from_fn_with_state(state.clone(), auth::middleware::require))
        // Outermost: XML in and out (the default), so even a 401 speaks the client's format.
        .layer(from_fn_with_state(state.clone(), xml::negotiate))
}

/// The whole application. `dist` is the built SPA; without it only the API is served.
///
/// Around everything: security headers (outermost, so even a 413 or a timeout carries them), a
/// deadline per request, and the request body limit.
pub fn router(state: AppState, dist: Option<&Path>) -> anyhow::Result<Router> {
    let headers = security::Headers::new(dist, state.settings.tls)?;
    let deadline = state.settings.request_timeout;
    let app = Router::new()
        .nest("/ovirt-engine/api/v4", api(&state))
        .nest("/ovirt-engine/api", api(&state))
        .route("/ovirt-engine/sso/oauth/token", post(sso::token))
        .route("/ovirt-engine/sso/oauth/revoke", post(sso::logout))
        .route(
            "/ovirt-engine/services/sso-logout",
            get(sso::logout).post(sso::logout),
        )
        .with_state(state);
    let app = match dist {
        // Client-side routes (/storage/…, /connections/…) get index.html so deep links and
        // reloads work.
        Some(dist) => app.fallback_service(
            ServeDir::new(dist).fallback(ServeFile::new(dist.join("index.html"))),
        ),
        None => app,
    };
    Ok(app
        .layer(DefaultBodyLimit::max(xml::BODY_LIMIT))
        .layer(TimeoutLayer::with_status_code(
            StatusCode::REQUEST_TIMEOUT,
            deadline,
        ))
        .layer(from_fn_with_state(headers, security::add)))
}

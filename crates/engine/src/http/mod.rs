//! The HTTP surface: the oVirt v4 REST API under `/ovirt-engine/api` (and its `/v4` alias), and
//! the web admin's static files everywhere else.

pub mod connections;
pub mod datacenters;
pub mod domains;
pub mod error;
pub mod hosts;

use crate::AppState;
use axum::http::StatusCode;
use axum::routing::get;
use axum::Router;
use std::path::Path;
use tower_http::services::{ServeDir, ServeFile};

/// Every API route. Kept in one place so cross-cutting layers (authentication, audit) wrap
/// all of them at once.
fn api() -> Router<AppState> {
    Router::new()
        .route("/storageconnections", get(connections::list))
        .route("/storageconnections/{id}", get(connections::get))
        .route("/storagedomains", get(domains::list))
        .route("/storagedomains/{id}", get(domains::get))
        .route(
            "/storagedomains/{id}/storageconnections",
            get(domains::connections),
        )
        .route("/datacenters", get(datacenters::list))
        .route("/datacenters/{id}", get(datacenters::get))
        .route(
            "/datacenters/{id}/storagedomains",
            get(datacenters::storage_domains),
        )
        .route("/hosts", get(hosts::list))
        .route("/hosts/{id}", get(hosts::get))
        // Unknown API paths are 404s, never the SPA's index page.
        .fallback(|| async { StatusCode::NOT_FOUND })
}

/// The whole application. `dist` is the built SPA; without it only the API is served.
pub fn router(state: AppState, dist: Option<&Path>) -> Router {
    let app = Router::new()
        .nest("/ovirt-engine/api/v4", api())
        .nest("/ovirt-engine/api", api())
        .with_state(state);
    match dist {
        // Client-side routes (/storage/…, /connections/…) get index.html so deep links and
        // reloads work.
        Some(dist) => app.fallback_service(
            ServeDir::new(dist).fallback(ServeFile::new(dist.join("index.html"))),
        ),
        None => app,
    }
}

//! The HTTP surface: the oVirt v4 REST API under `/ovirt-engine/api` (and its `/v4` alias), and
//! the web admin's static files everywhere else.

pub mod audit;
pub mod authorize;
pub mod body;
pub mod clusters;
pub mod compression;
pub mod connections;
pub mod datacenters;
pub mod deadline;
pub mod declared;
pub mod disks;
pub mod document;
pub mod domains;
pub mod edge;
pub mod events;
pub mod hosts;
pub mod observe;
pub mod openapi;
pub mod operations;
pub mod params;
pub mod permission;
pub mod probes;
pub mod responses;
pub mod route_metrics;
pub mod search;
pub mod security;
pub mod spa;
pub mod sso;
pub mod switches;
pub mod templates;
pub mod users;
pub mod vms;
pub mod xml;

use crate::AppState;
use axum::http::StatusCode;
use axum::routing::{get, post};
use axum::Router;
use std::path::Path;

/// What the server calls for every request: the edge around the router.
pub type App = edge::Edge<Router>;

/// Every API route under both roots (full paths in one router: one match per request, no
/// prefix stripping), each handler inside the one service of what the operations table declares
/// about it.
fn api(state: &AppState, app: Router<AppState>) -> anyhow::Result<Router<AppState>> {
    let mut app = app;
    // Without the extensions, their paths fall to the unknown-path 404 below, as on oVirt.
    let vanilla = state.settings.vanilla;
    for op in operations::all()
        .into_iter()
        .filter(|op| !(vanilla && op.extension))
    {
        let handler = op.route(state)?;
        for root in edge::API_ROOTS {
            app = if op.path == "/" {
                // The API root answers with and without the slash.
                app.route(root, handler.clone())
                    .route(&format!("{root}/"), handler.clone())
            } else {
                app.route(&format!("{root}{}", op.path), handler.clone())
            };
        }
    }
    // Unknown API paths are 404s, never the SPA's index page.
    for root in edge::API_ROOTS {
        app = app.route(
            &format!("{root}/{{*rest}}"),
            axum::routing::any(|| async { StatusCode::NOT_FOUND }),
        );
    }
    Ok(app)
}

/// The whole application. `dist` is the built SPA; without it only the API is served.
///
/// Around everything, once: the edge (`edge.rs`: request id and span, deadline, the API's XML,
/// authentication and compression, security headers, the request body limit).
pub fn router(state: AppState, dist: Option<&Path>) -> anyhow::Result<App> {
    // The metrics recorder before the first request (commands and locks record through it).
    observe::install();
    let headers = security::Headers::new(dist, state.settings.tls)?;
    document::install(openapi::document(&operations::all()));
    let app = Router::new()
        .route("/ovirt-engine/sso/oauth/token", post(sso::token))
        .route("/ovirt-engine/sso/oauth/revoke", post(sso::logout))
        .route(
            "/ovirt-engine/services/sso-logout",
            get(sso::logout).post(sso::logout),
        );
    let app = api(&state, app)?.with_state(state.clone());
    let app = match dist {
        Some(dist) => app.fallback_service(spa::service(dist)),
        None => app,
    };
    Ok(edge::Edge::new(state, headers, xml::BODY_LIMIT, app))
}

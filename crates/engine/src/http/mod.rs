//! The HTTP surface: the oVirt v4 REST API under `/ovirt-engine/api` (and its `/v4` alias), and
//! the web admin's static files everywhere else.

pub mod audit;
pub mod authorize;
pub mod body;
pub mod clusters;
pub mod connections;
pub mod datacenters;
pub mod declared;
pub mod disks;
pub mod document;
pub mod domains;
pub mod events;
pub mod hosts;
pub mod observe;
pub mod openapi;
pub mod operations;
pub mod params;
pub mod probes;
pub mod responses;
pub mod search;
pub mod security;
pub mod sso;
pub mod templates;
pub mod users;
pub mod vms;
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
fn api(state: &AppState, doc: &document::Document) -> Router<AppState> {
    operations::all()
        .into_iter()
        .fold(Router::new(), |r, op| {
            // Everything the table declares about the route, in one layer (declared.rs).
            let facts = declared::Declared::of(&op);
            let handler = op.handler.route_layer(from_fn_with_state(
                state.clone(),
                move |st: axum::extract::State<AppState>,
                      req: axum::extract::Request,
                      next: axum::middleware::Next| {
                    declared::apply(st, facts.clone(), req, next)
                },
            ));
            r.route(op.path, handler)
        })
        // Unknown API paths are 404s, never the SPA's index page.
        .fallback(|| async { StatusCode::NOT_FOUND })
        // Outside the routes: nothing, not even an unknown path, is answered without
        // authentication.
        .layer(from_fn_with_state(state.clone(), auth::middleware::require))
        // Outermost: XML in and out (the default), so even a 401 speaks the client's format.
        .layer(from_fn_with_state(state.clone(), xml::negotiate))
        .layer(axum::Extension(doc.clone()))
}

/// The whole application. `dist` is the built SPA; without it only the API is served.
///
/// Around everything: security headers (outermost, so even a 413 or a timeout carries them), a
/// deadline per request, and the request body limit.
pub fn router(state: AppState, dist: Option<&Path>) -> anyhow::Result<Router> {
    // The metrics recorder first: the routes make their metric handles as they are built.
    observe::install();
    let headers = security::Headers::new(dist, state.settings.tls)?;
    let deadline = state.settings.request_timeout;
    let doc = document::Document(std::sync::Arc::new(openapi::document(&operations::all())));
    let app = Router::new()
        .nest("/ovirt-engine/api/v4", api(&state, &doc))
        .nest("/ovirt-engine/api", api(&state, &doc))
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
        .layer(from_fn_with_state(headers, security::add))
        // Outermost: every request has its id and span, whatever answers it.
        .layer(axum::middleware::from_fn(observe::trace)))
}

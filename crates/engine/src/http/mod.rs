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

/// Every API route, each inside the one layer of what the operations table declares about it.
fn api(state: &AppState) -> Router {
    operations::all()
        .into_iter()
        .fold(Router::new(), |r, op| {
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
        .with_state(state.clone())
}

/// Around the whole API (not around each route: a layer clones what it wraps on every request,
/// and a router clones cheaply): XML in and out (the default, so even a 401 speaks the client's
/// format), then authentication (nothing, not even an unknown path, is answered without it).
async fn front(
    axum::extract::State((state, doc)): axum::extract::State<(AppState, document::Document)>,
    mut req: axum::extract::Request,
    next: axum::middleware::Next,
) -> axum::response::Response {
    req.extensions_mut().insert(doc);
    xml::negotiate(req, |req| async move {
        match auth::middleware::authenticate(&state, req).await {
            Ok(req) => next.run(req).await,
            Err(refusal) => refusal,
        }
    })
    .await
}

/// The whole application. `dist` is the built SPA; without it only the API is served.
///
/// Around everything, once: the request id, span and security headers (outermost, so even a 413
/// or a timeout carries them), a deadline per request, and the request body limit.
pub fn router(state: AppState, dist: Option<&Path>) -> anyhow::Result<Router> {
    // The metrics recorder first: the routes make their metric handles as they are built.
    observe::install();
    let headers = security::Headers::new(dist, state.settings.tls)?;
    let deadline = state.settings.request_timeout;
    let doc = document::Document(std::sync::Arc::new(openapi::document(&operations::all())));
    let api = tower::ServiceBuilder::new()
        .layer(from_fn_with_state((state.clone(), doc), front))
        .service(api(&state));
    let app = Router::new()
        .nest_service("/ovirt-engine/api/v4", api.clone())
        .nest_service("/ovirt-engine/api", api)
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
    let whole = tower::ServiceBuilder::new()
        .layer(from_fn_with_state(headers, observe::edge))
        .layer(TimeoutLayer::with_status_code(
            StatusCode::REQUEST_TIMEOUT,
            deadline,
        ))
        .layer(DefaultBodyLimit::max(xml::BODY_LIMIT))
        .service(app);
    Ok(Router::new().fallback_service(whole))
}

//! The HTTP surface: the oVirt v4 REST API under `/ovirt-engine/api` (and its `/v4` alias), and
//! the web admin's static files everywhere else.

pub mod audit;
pub mod authorize;
pub mod body;
pub mod clusters;
pub mod compression;
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
pub mod spa;
pub mod sso;
pub mod switches;
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
use tower_http::timeout::TimeoutLayer;

/// Where the API answers: oVirt's clients use both.
const API_ROOTS: [&str; 2] = ["/ovirt-engine/api", "/ovirt-engine/api/v4"];

fn is_api(path: &str) -> bool {
    path.strip_prefix(API_ROOTS[0])
        .is_some_and(|rest| rest.is_empty() || rest.starts_with('/'))
}

/// Every API route under both roots (full paths in one router: one match per request, no
/// prefix stripping), each inside the one layer of what the operations table declares about it.
fn api(state: &AppState, app: Router<AppState>) -> Router<AppState> {
    let mut app = app;
    // Without the extensions, their paths fall to the unknown-path 404 below, as on oVirt.
    let vanilla = state.settings.vanilla;
    for op in operations::all()
        .into_iter()
        .filter(|op| !(vanilla && op.extension))
    {
        let facts = declared::Declared::of(&op);
        let handler = op.handler.route_layer(from_fn_with_state(
            state.clone(),
            move |st: axum::extract::State<AppState>,
                  req: axum::extract::Request,
                  next: axum::middleware::Next| {
                declared::apply(st, facts.clone(), req, next)
            },
        ));
        for root in API_ROOTS {
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
    for root in API_ROOTS {
        app = app.route(
            &format!("{root}/{{*rest}}"),
            axum::routing::any(|| async { StatusCode::NOT_FOUND }),
        );
    }
    app
}

/// Around API requests (the rest passes through): XML in and out (the default, so even a 401
/// speaks the client's format), then authentication (nothing, not even an unknown path, is
/// answered without it); lists compressed on the way out.
async fn front(
    axum::extract::State((state, doc)): axum::extract::State<(AppState, document::Document)>,
    mut req: axum::extract::Request,
    next: axum::middleware::Next,
) -> axum::response::Response {
    if !is_api(req.uri().path()) {
        return next.run(req).await;
    }
    req.extensions_mut().insert(doc);
    // Lists can be large: compressed when the client accepts it (single objects are not worth
    // it, and the compression layer costs microseconds on every request it wraps).
    // (A client that accepts no encoding is not asked what it reads.)
    let accept_encoding = req
        .headers()
        .get(axum::http::header::ACCEPT_ENCODING)
        .filter(|_| compression::is_api_list(&req))
        .cloned();
    let vanilla = state.settings.vanilla;
    let answer = xml::negotiate(req, |req| async move {
        match auth::middleware::authenticate(&state, req).await {
            Ok(req) => next.run(req).await,
            Err(refusal) => refusal,
        }
    });
    let response = if vanilla {
        crate::extensions::without(answer).await
    } else {
        answer.await
    };
    match accept_encoding {
        Some(accept) => compression::compress(accept, response).await,
        None => response,
    }
}

/// The whole application. `dist` is the built SPA; without it only the API is served.
///
/// Around everything, once (a layer clones what it wraps on every request, and a router clones
/// cheaply, so layers wrap the one router rather than each route): the request id, span and
/// security headers (outermost, so even a 413 or a timeout carries them), a deadline per
/// request, the request body limit, and the API's front.
pub fn router(state: AppState, dist: Option<&Path>) -> anyhow::Result<Router> {
    // The metrics recorder first: the routes make their metric handles as they are built.
    observe::install();
    let headers = security::Headers::new(dist, state.settings.tls)?;
    let deadline = state.settings.request_timeout;
    let doc = document::Document(std::sync::Arc::new(openapi::document(&operations::all())));
    let app = Router::new()
        .route("/ovirt-engine/sso/oauth/token", post(sso::token))
        .route("/ovirt-engine/sso/oauth/revoke", post(sso::logout))
        .route(
            "/ovirt-engine/services/sso-logout",
            get(sso::logout).post(sso::logout),
        );
    let app = api(&state, app).with_state(state.clone());
    let app = match dist {
        Some(dist) => app.fallback_service(spa::service(dist)),
        None => app,
    };
    let whole = tower::ServiceBuilder::new()
        .layer(from_fn_with_state(headers, observe::edge))
        .layer(TimeoutLayer::with_status_code(
            StatusCode::REQUEST_TIMEOUT,
            deadline,
        ))
        .layer(DefaultBodyLimit::max(xml::BODY_LIMIT))
        .layer(from_fn_with_state((state, doc), front))
        .service(app);
    Ok(Router::new().fallback_service(whole))
}

#[cfg(test)]
mod tests {
    #[test]
    fn api_paths_are_the_roots_and_what_is_under_them() {
        for p in [
            "/ovirt-engine/api",
            "/ovirt-engine/api/",
            "/ovirt-engine/api/v4/hosts",
        ] {
            assert!(super::is_api(p), "{p}");
        }
        for p in [
            "/ovirt-engine/apis",
            "/ovirt-engine/sso/oauth/token",
            "/storage",
            "/",
        ] {
            assert!(!super::is_api(p), "{p}");
        }
    }
}

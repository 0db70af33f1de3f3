//! What the operations table declares about one route, applied in one layer around its handler:
//! the route in the request's span and metrics, the permission gate, the XML root element, the
//! audit event, and emptying the read caches after a write.
//!
//! One layer instead of one per concern: each layer of axum's clones and boxes the inner service
//! on every request, and on `GET /storageconnections/{id}` that was most of the engine's own work.

use super::operations::{Operation, Permission};
use super::{audit, authorize, observe};
use crate::element::Element;
use crate::AppState;
use axum::extract::{Request, State};
use axum::middleware::Next;
use axum::response::Response;

/// The declared facts of one operation, copied out of the table when the router is built.
#[derive(Clone)]
pub struct Declared {
    pub route: &'static str,
    pub permission: Option<Permission>,
    pub is_action: bool,
    pub xml: Option<&'static str>,
    pub audit: Option<&'static str>,
    /// Anything but GET: may have changed what the read caches hold.
    pub writes: bool,
    pub metrics: std::sync::Arc<observe::RouteMetrics>,
}

impl Declared {
    pub fn of(op: &Operation) -> Self {
        Declared {
            route: op.path,
            permission: op.permission,
            is_action: op.is_action(),
            xml: op.xml,
            audit: op.audit,
            writes: op.method != axum::http::Method::GET,
            metrics: std::sync::Arc::new(observe::RouteMetrics::new(&op.method, op.path)),
        }
    }
}

/// The layer.
pub async fn apply(
    State(state): State<AppState>,
    declared: Declared,
    req: Request,
    next: Next,
) -> Response {
    tracing::Span::current().record("route", declared.route);
    let started = std::time::Instant::now();
    let mut req = req;
    let audit = declared
        .audit
        .map(|action| audit::Pending::start(action, &mut req));
    let mut response = match declared.permission {
        Some(p) => match authorize::gate(&state, p, declared.is_action, req).await {
            Ok(req) => next.run(req).await,
            Err(refusal) => refusal,
        },
        None => next.run(req).await,
    };
    if let Some(element) = declared.xml {
        if response.extensions().get::<Element>().is_none() {
            response.extensions_mut().insert(Element(element));
        }
    }
    declared
        .metrics
        .record(response.status(), started.elapsed());
    let response = match audit {
        Some(pending) => pending.record(&state, response, started.elapsed()).await,
        None => response,
    };
    if declared.writes {
        state.caches.after_write();
    }
    response
}

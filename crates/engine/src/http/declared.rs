//! What the operations table declares about one route, applied in one service around its
//! handler: the route in the request's log context and metrics, the permission gate, the XML
//! root element, the audit event, and emptying the read caches after a write.
//!
//! One service instead of one layer per concern, bound to the handler before axum boxes it as
//! the route (`operations::Endpoint`): each layer of axum's clones and boxes the service it wraps
//! on every request, and on `GET /storageconnections/{id}` that was most of the engine's own
//! work.

use super::permission::Permission;
use super::route_metrics::RouteMetrics;
use super::{audit, authorize, xml};
use crate::commands::Subject;
use crate::element::Element;
use crate::AppState;
use axum::extract::Request;
use axum::response::{IntoResponse, Response};
use std::convert::Infallible;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};
use std::time::Instant;

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
    pub metrics: std::sync::Arc<RouteMetrics>,
}

/// The handler of one route inside its declared facts.
#[derive(Clone)]
pub struct Service<S> {
    inner: S,
    state: AppState,
    facts: Arc<Declared>,
}

impl<S> Service<S> {
    pub fn new(state: AppState, facts: Declared, inner: S) -> Self {
        Service {
            inner,
            state,
            facts: Arc::new(facts),
        }
    }
}

impl<S> tower::Service<Request> for Service<S>
where
    S: tower::Service<Request, Error = Infallible>,
    S::Response: IntoResponse,
    S::Future: Send + 'static,
{
    type Response = Response;
    type Error = Infallible;
    type Future = Pin<Box<dyn Future<Output = Result<Response, Infallible>> + Send>>;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), Infallible>> {
        self.inner.poll_ready(cx)
    }

    /// What can be decided before the handler is (the gate, the audit's start) is decided here,
    /// so an allowed request calls the handler directly, without a copy of it.
    fn call(&mut self, mut req: Request) -> Self::Future {
        let (state, facts) = (self.state.clone(), self.facts.clone());
        crate::logging::matched(facts.route);
        let started = Instant::now();
        let xml_root = facts
            .xml
            .filter(|_| req.extensions().get::<xml::WantsXml>().is_some());
        let audit = facts
            .audit
            .map(|action| audit::Pending::start(action, &mut req));
        let verdict = match facts.permission {
            Some(p) => match authorize::check(p, req) {
                (req, Ok(())) => Ok(req),
                (req, Err(domain)) => Err((p, domain, req.extensions().get::<Subject>().cloned())),
            },
            None => Ok(req),
        };
        let answer = match verdict {
            Ok(req) => Ok(self.inner.call(req)),
            Err(refused) => Err(refused),
        };
        Box::pin(async move {
            let response = match answer {
                Ok(handler) => match handler.await {
                    Ok(r) => r.into_response(),
                    Err(never) => match never {},
                },
                Err((p, domain, subject)) => {
                    authorize::refusal(&state, p, facts.is_action, domain, subject).await
                }
            };
            Ok(finish(&state, &facts, xml_root, response, audit, started).await)
        })
    }
}

/// After the handler: the XML root (for a client that reads XML), the metrics, the audit event,
/// and emptying the read caches after a write.
async fn finish(
    state: &AppState,
    facts: &Declared,
    xml_root: Option<&'static str>,
    mut response: Response,
    audit: Option<audit::Pending>,
    started: Instant,
) -> Response {
    if let Some(element) = xml_root {
        if response.extensions().get::<Element>().is_none() {
            response.extensions_mut().insert(Element(element));
        }
    }
    let took = started.elapsed();
    facts.metrics.record(response.status(), took);
    let response = match audit {
        Some(pending) => pending.record(state, response, took).await,
        None => response,
    };
    if facts.writes {
        state.caches.after_write();
    }
    response
}

//! The one service around the router, in front of everything the engine serves, in this order:
//! the request's id and log context (id, method, path; the route once matched: `logging.rs`),
//! the deadline, the body limit, then for API requests XML in and out, authentication and
//! compression of large answers; on the way out the id echoed and the security headers (so even
//! a 408 or a 401 carries them).
//!
//! Written as one `tower::Service` rather than as `from_fn` layers: each such layer clones what
//! it wraps, boxes it and its future on every request, and on `GET /storageconnections/{id}` the
//! layers cost more than the handler (BENCHMARKS.md).

use super::security::Headers;
use super::{compression, deadline, xml};
use crate::AppState;
use crate::{auth, logging};
use axum::extract::{DefaultBodyLimit, Request};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use std::convert::Infallible;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};
use std::time::Duration;

/// Where the API answers: oVirt's clients use both.
pub const API_ROOTS: [&str; 2] = ["/ovirt-engine/api", "/ovirt-engine/api/v4"];

pub fn is_api(path: &str) -> bool {
    path.strip_prefix(API_ROOTS[0])
        .is_some_and(|rest| rest.is_empty() || rest.starts_with('/'))
}

/// What every request shares (one reference count per request).
struct Shared<S> {
    inner: S,
    state: AppState,
    headers: Headers,
    deadline: Duration,
    body_limit: DefaultBodyLimit,
}

/// The edge around the whole router: a plain service the server calls, not a router's layer.
/// (As `Router::layer`, it and the body limit each boxed every route's service again, cloned
/// those boxes and boxed their futures on every request: BENCHMARKS.md, session 12.)
pub struct Edge<S>(Arc<Shared<S>>);

impl<S> Clone for Edge<S> {
    fn clone(&self) -> Self {
        Edge(self.0.clone())
    }
}

impl<S> Edge<S> {
    pub fn new(state: AppState, headers: Headers, body_limit: usize, inner: S) -> Self {
        let deadline = state.settings.request_timeout;
        Edge(Arc::new(Shared {
            inner,
            state,
            headers,
            deadline,
            body_limit: DefaultBodyLimit::max(body_limit),
        }))
    }
}

/// Any body the server hands over (hyper's own over plain HTTP, axum_server's over TLS),
/// as axum's `Body` from here on.
impl<S, B> tower::Service<axum::http::Request<B>> for Edge<S>
where
    S: tower::Service<Request, Response = Response, Error = Infallible> + Clone + Send + Sync,
    S: 'static,
    S::Future: Send,
    B: axum::body::HttpBody<Data = axum::body::Bytes> + Send + 'static,
    B::Error: Into<axum::BoxError>,
{
    type Response = Response;
    type Error = Infallible;
    type Future = Pin<Box<dyn Future<Output = Result<Response, Infallible>> + Send>>;

    fn poll_ready(&mut self, _: &mut Context<'_>) -> Poll<Result<(), Infallible>> {
        // (The router it wraps is always ready.)
        Poll::Ready(Ok(()))
    }

    fn call(&mut self, req: axum::http::Request<B>) -> Self::Future {
        let shared = self.0.clone();
        let req = req.map(axum::body::Body::new);
        Box::pin(async move { Ok(serve(shared, req).await) })
    }
}

async fn serve<S>(shared: Arc<Shared<S>>, req: Request) -> Response
where
    S: tower::Service<Request, Response = Response, Error = Infallible> + Clone + Send + Sync,
    S::Future: Send,
{
    let id = super::observe::request_id(&req);
    let request = logging::Request::new(id.clone(), req.method().clone(), req.uri().clone());
    let path = req.uri().path();
    let api = is_api(path);
    let headers_of_api = path.starts_with("/ovirt-engine/");
    // (The body limit's layer is a value: applying it per request boxes nothing.)
    let inner = tower::Layer::layer(&shared.body_limit, shared.inner.clone());
    // Boxed once here: a request's future is several KB (the API's front, the handler), and the
    // deadline and the request's log context each move what they wrap; moved as a box, that is
    // a pointer.
    let answer: Pin<Box<dyn Future<Output = Response> + Send + '_>> = if api {
        Box::pin(api_front(&shared.state, inner, req))
    } else {
        Box::pin(call(inner, req))
    };
    let mut response =
        match logging::serving(request, deadline::within(shared.deadline, answer)).await {
            Some(response) => response,
            None => StatusCode::REQUEST_TIMEOUT.into_response(),
        };
    response
        .headers_mut()
        .insert(super::observe::REQUEST_ID.clone(), id);
    shared.headers.apply(&mut response, headers_of_api);
    response
}

async fn call<S>(mut inner: S, req: Request) -> Response
where
    S: tower::Service<Request, Response = Response, Error = Infallible>,
{
    match inner.call(req).await {
        Ok(response) => response,
        Err(never) => match never {},
    }
}

/// Around API requests: XML in and out (the default, so even a 401 speaks the client's format),
/// then authentication (nothing, not even an unknown path, is answered without it); lists
/// compressed on the way out.
async fn api_front<S>(state: &AppState, inner: S, mut req: Request) -> Response
where
    S: tower::Service<Request, Response = Response, Error = Infallible>,
{
    // Lists can be large: compressed when the client accepts it (single objects are not worth
    // it, and the compression layer costs microseconds on every request it wraps).
    // (A client that accepts no encoding is not asked what it reads.)
    let accept_encoding = req
        .headers()
        .get(axum::http::header::ACCEPT_ENCODING)
        .filter(|_| compression::is_api_list(&req))
        .cloned();
    // (The request is changed in place on its way in: moved, it would be copied at each step.)
    let answer = async move {
        let reads = match xml::read(&mut req).await {
            Ok(reads) => reads,
            Err(refusal) => return refusal,
        };
        let response = match auth::middleware::authenticate(state, &mut req).await {
            Ok(()) => call(inner, req).await,
            Err(refusal) => refusal,
        };
        xml::answer(reads, response).await
    };
    // (The rarer paths boxed, so that the common one's future stays small: see `serve`.)
    let response = if state.settings.vanilla {
        Box::pin(crate::extensions::without(answer)).await
    } else {
        answer.await
    };
    match accept_encoding {
        Some(accept) => Box::pin(compression::compress(accept, response)).await,
        None => response,
    }
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

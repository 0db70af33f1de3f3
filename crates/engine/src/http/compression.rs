//! Compression of the API's larger answers (lists of thousands of items) on the fly, for clients
//! that accept it. (The web admin's own files come precompressed: spa.rs.)

use axum::extract::Request;
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use tower_http::compression::predicate::{DefaultPredicate, Predicate, SizeAbove};
use tower_http::compression::{CompressionLayer, CompressionLevel};

/// The API's answers above 1 KiB, compressed when the client accepts brotli or gzip (a list of
/// 10,000 connections is 2.6 MB of JSON). Quality 1: JSON this repetitive still shrinks 25-fold
/// (2.6 MB → 95 KB) for about 3 ms, where quality 4 took 32 ms for 76 KB (BENCHMARKS.md).
fn layer() -> CompressionLayer<impl Predicate> {
    CompressionLayer::new()
        .br(true)
        .gzip(true)
        .quality(CompressionLevel::Precise(1))
        .compress_when(DefaultPredicate::new().and(SizeAbove::new(1024)))
}

/// `response` compressed by [`layer`] as a request with `accept_encoding` asks.
pub async fn compress(accept_encoding: HeaderValue, response: Response) -> Response {
    use tower::{Layer, ServiceExt};
    let mut req = Request::new(axum::body::Body::empty());
    req.headers_mut()
        .insert(header::ACCEPT_ENCODING, accept_encoding);
    let mut once = Some(response);
    let answer = tower::service_fn(move |_: Request| {
        let r = once
            .take()
            .unwrap_or_else(|| StatusCode::INTERNAL_SERVER_ERROR.into_response());
        std::future::ready(Ok::<_, std::convert::Infallible>(r))
    });
    match layer().layer(answer).oneshot(req).await {
        Ok(r) => r.into_response(),
        Err(never) => match never {},
    }
}

/// Whether the request reads a list of the API (or one of its documents): an answer that can be
/// large. One object (its id — a GUID or a number — last in the path) is a few hundred bytes.
pub fn is_api_list(req: &Request) -> bool {
    let path = req.uri().path();
    if req.method() != axum::http::Method::GET || !path.starts_with("/ovirt-engine/api") {
        return false;
    }
    let last = path.trim_end_matches('/').rsplit('/').next().unwrap_or("");
    let last = last.split(';').next().unwrap_or("");
    !(uuid::Uuid::parse_str(last).is_ok()
        || (!last.is_empty() && last.bytes().all(|b| b.is_ascii_digit())))
}

#[cfg(test)]
mod tests {
    #[test]
    fn lists_are_compressed_and_single_objects_are_not() {
        let req = |method: &str, path: &str| {
            axum::http::Request::builder()
                .method(method)
                .uri(path)
                .body(axum::body::Body::empty())
                .unwrap()
        };
        for p in [
            "/ovirt-engine/api/storageconnections",
            "/ovirt-engine/api/v4/storagedomains?search=x",
            "/ovirt-engine/api/storagedomains/d0000000-0000-4000-8000-000000000001/storageconnections",
            "/ovirt-engine/api/openapi.json",
        ] {
            assert!(super::is_api_list(&req("GET", p)), "{p}");
        }
        for (m, p) in [
            (
                "GET",
                "/ovirt-engine/api/storageconnections/d0000000-0000-4000-8000-000000000001",
            ),
            ("GET", "/ovirt-engine/api/events/42"),
            ("POST", "/ovirt-engine/api/storageconnections"),
            ("GET", "/webadmin-0123456789abcdef.js"),
        ] {
            assert!(!super::is_api_list(&req(m, p)), "{m} {p}");
        }
    }
}

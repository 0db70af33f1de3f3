//! Serving the web admin's files: compressed ahead of time (`engine precompress`, run by
//! `make spa`), cached by browsers for as long as they can be, and compression of the API's larger
//! answers (lists of thousands of items) on the fly.

use axum::extract::Request;
use axum::http::{header, HeaderValue, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use std::path::Path;
use tower_http::compression::predicate::{DefaultPredicate, Predicate, SizeAbove};
use tower_http::compression::{CompressionLayer, CompressionLevel};
use tower_http::services::{ServeDir, ServeFile};

/// The built SPA. Client-side routes (/storage/…, /connections/…) get index.html so deep links
/// and reloads work. FILE.br / FILE.gz are served when the browser accepts them and they exist.
pub fn service(
    dist: &Path,
) -> impl tower::Service<
    Request,
    Response = Response,
    Error = std::convert::Infallible,
    Future = impl Send + 'static,
> + Clone
       + Send
       + Sync
       + 'static {
    let index = ServeFile::new(dist.join("index.html"))
        .precompressed_br()
        .precompressed_gzip();
    let files = ServeDir::new(dist)
        .precompressed_br()
        .precompressed_gzip()
        .fallback(index);
    tower::ServiceBuilder::new()
        .layer(axum::middleware::from_fn(caching))
        .service(files)
}

/// Hashed files (Trunk names them `webadmin-<16 hex digits>.js`, `…_bg.wasm`, `main-….css`) never
/// change under their name: cached for a year without asking again. Everything else — index.html,
/// which names the current hashed files, and the client-side routes that answer it — is asked
/// again each time (a 304 when unchanged).
async fn caching(req: Request, next: Next) -> Response {
    let hashed = is_hashed(req.uri().path());
    let mut response = next.run(req).await;
    if response.status() == StatusCode::OK || response.status() == StatusCode::NOT_MODIFIED {
        let policy = if hashed {
            "public, max-age=31536000, immutable"
        } else {
            "no-cache"
        };
        response
            .headers_mut()
            .insert(header::CACHE_CONTROL, HeaderValue::from_static(policy));
    }
    response
}

/// Whether the file name carries a content hash: `-` then 16 hex digits, then `.` or `_`.
pub fn is_hashed(path: &str) -> bool {
    let name = path.rsplit('/').next().unwrap_or("");
    name.match_indices('-').any(|(i, _)| {
        let rest = &name.as_bytes()[i + 1..];
        rest.len() > 16
            && rest[..16].iter().all(u8::is_ascii_hexdigit)
            && matches!(rest[16], b'.' | b'_')
    })
}

/// The API's answers above 1 KiB, compressed when the client accepts brotli or gzip (a list of
/// 10,000 connections is 2.6 MB of JSON). Quality 4: most of the gain at a small part of the
/// cost of the best; the SPA's own files come precompressed at the best quality instead (they
/// already carry `Content-Encoding`, which this layer leaves alone).
pub fn compression() -> CompressionLayer<impl Predicate> {
    CompressionLayer::new()
        .br(true)
        .gzip(true)
        .quality(CompressionLevel::Precise(4))
        .compress_when(DefaultPredicate::new().and(SizeAbove::new(1024)))
}

/// `response` compressed by [`compression`] as a request with `accept_encoding` asks.
pub async fn compress(accept_encoding: Option<HeaderValue>, response: Response) -> Response {
    use tower::{Layer, ServiceExt};
    let mut req = Request::new(axum::body::Body::empty());
    if let Some(v) = accept_encoding {
        req.headers_mut().insert(header::ACCEPT_ENCODING, v);
    }
    let mut once = Some(response);
    let answer = tower::service_fn(move |_: Request| {
        let r = once
            .take()
            .unwrap_or_else(|| StatusCode::INTERNAL_SERVER_ERROR.into_response());
        std::future::ready(Ok::<_, std::convert::Infallible>(r))
    });
    match compression().layer(answer).oneshot(req).await {
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
    use super::is_hashed;

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

    #[test]
    fn trunks_hashed_names_are_recognised_and_nothing_else() {
        for p in [
            "/webadmin-2293715147e0fa25.js",
            "/webadmin-2293715147e0fa25_bg.wasm",
            "/main-5aae3fe6a0be4d48.css",
        ] {
            assert!(is_hashed(p), "{p}");
        }
        for p in [
            "/",
            "/index.html",
            "/storage/data-nfs",
            "/main.css",
            "/web-admin.js",
            "/x-2293715147e0fa2.js",
        ] {
            assert!(!is_hashed(p), "{p}");
        }
    }
}

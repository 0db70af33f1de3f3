//! Serving the web admin's files: compressed ahead of time (`engine precompress`, run by
//! `make spa`) and cached by browsers for as long as they can be.

use axum::extract::Request;
use axum::http::{header, HeaderValue, StatusCode};
use axum::middleware::Next;
use axum::response::Response;
use std::path::Path;
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

#[cfg(test)]
mod tests {
    use super::is_hashed;

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

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

/// Hashed files (`spa-build` names them `main-<16 hex digits>.css`, and puts the app's modules in
/// `app-<16 hex digits>/`, hashed over all of them) never change under their name: cached for a
/// year without asking again. Everything else — index.html, which names the current hashed
/// files, and the client-side routes that answer it — is asked again each time (a 304 when
/// unchanged).
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

/// Whether the path carries a content hash: a file name with `-`, 16 hex digits and then `.` or
/// `_`, or a directory named `…-<16 hex digits>` before it.
pub fn is_hashed(path: &str) -> bool {
    let mut segments = path.rsplit('/');
    let name = segments.next().unwrap_or("");
    let hashed_file = name.match_indices('-').any(|(i, _)| {
        let rest = &name.as_bytes()[i + 1..];
        rest.len() > 16 && is_hash(&rest[..16]) && matches!(rest[16], b'.' | b'_')
    });
    let hashed_dir = !name.is_empty()
        && segments.next().is_some_and(|dir| {
            dir.rsplit_once('-')
                .is_some_and(|(_, hash)| hash.len() == 16 && is_hash(hash.as_bytes()))
        });
    hashed_file || hashed_dir
}

fn is_hash(bytes: &[u8]) -> bool {
    bytes.iter().all(u8::is_ascii_hexdigit)
}

#[cfg(test)]
mod tests {
    use super::is_hashed;

    #[test]
    fn hashed_names_are_recognised_and_nothing_else() {
        for p in [
            "/webadmin-2293715147e0fa25.js",
            "/webadmin-2293715147e0fa25_bg.wasm",
            "/main-5aae3fe6a0be4d48.css",
            "/app-229704d93e510c61/webadmin_bg.wasm",
            "/app-229704d93e510c61/__wasm_split.js",
            "/app-229704d93e510c61/split_dialog_5426139819599278590.wasm",
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
            "/app-229704d93e510c61/",
            "/app-229704d93e510c6/webadmin.js",
            "/storage/app-229704d93e510c61",
        ] {
            assert!(!is_hashed(p), "{p}");
        }
    }
}

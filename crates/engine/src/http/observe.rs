//! What an operator sees of the running engine: a request id on every request and answer and in
//! every log line of it (with method, path and matched route), and Prometheus counters and
//! histograms at `/ovirt-engine/api/metrics` (an extension: signed in, any role).

use axum::extract::Request;
use axum::http::{header, HeaderName, HeaderValue};
use axum::response::{IntoResponse, Response};
use metrics_exporter_prometheus::{PrometheusBuilder, PrometheusHandle};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::OnceLock;

pub static REQUEST_ID: HeaderName = HeaderName::from_static("x-request-id");

/// The process's metrics recorder, installed on first use (every engine of a process shares
/// it, as they share the process), with its upkeep.
fn handle() -> &'static PrometheusHandle {
    static HANDLE: OnceLock<PrometheusHandle> = OnceLock::new();
    HANDLE.get_or_init(|| {
        let recorder = PrometheusBuilder::new().build_recorder();
        let handle = recorder.handle();
        // Another recorder already installed (only in tests that embed something else) keeps
        // its place; this handle then renders nothing, which is harmless.
        let _ = metrics::set_global_recorder(recorder);
        spawn_upkeep(handle.clone());
        handle
    })
}

/// Folds the histograms' new samples into their summaries every second, for as long as the
/// process lives. A recorder built by hand (not installed with the exporter's own task) keeps
/// every sample until this runs or a scrape renders them: without it an engine nobody scraped
/// grew ~18 bytes per request, 5.5 MB per 300,000 GETs (RELIABILITY.md). (A thread, not a task:
/// the recorder outlives any one engine's runtime, as in the tests, which start many.) Between
/// two folds a second's samples are held, ~0.6 MB at 80,000 requests a second.
fn spawn_upkeep(handle: PrometheusHandle) {
    let spawned = std::thread::Builder::new()
        .name("metrics-upkeep".into())
        .spawn(move || loop {
            std::thread::sleep(std::time::Duration::from_secs(1));
            handle.run_upkeep();
        });
    if let Err(e) = spawned {
        tracing::warn!(error = %e, "metrics upkeep not started: samples are folded only when scraped");
    }
}

/// Installs the recorder before the first request.
pub fn install() {
    handle();
}

/// The id of this request, as the answer's header: the client's `X-Request-Id` when it sent a
/// sensible one (its own value, not a copy), else new: this process's random prefix and a
/// counter (unique without a random draw per request).
pub fn request_id(req: &Request) -> HeaderValue {
    static PREFIX: OnceLock<String> = OnceLock::new();
    static NEXT: AtomicU64 = AtomicU64::new(1);
    if let Some(given) = req.headers().get(&REQUEST_ID).filter(|v| {
        let b = v.as_bytes();
        !b.is_empty() && b.len() <= 128 && b.iter().all(u8::is_ascii_graphic)
    }) {
        return given.clone();
    }
    let prefix = PREFIX.get_or_init(|| uuid::Uuid::new_v4().simple().to_string()[..12].to_string());
    // (Every request: the counter in hex without the formatting machinery.)
    let n = NEXT.fetch_add(1, Ordering::Relaxed);
    let digits = (64 - n.leading_zeros()).div_ceil(4).max(1) as usize;
    let mut id = Id {
        bytes: [0; 29],
        len: prefix.len() + 1 + digits,
    };
    id.bytes[..prefix.len()].copy_from_slice(prefix.as_bytes());
    id.bytes[prefix.len()] = b'-';
    for (i, shift) in (0..digits).rev().enumerate() {
        id.bytes[prefix.len() + 1 + i] = b"0123456789abcdef"[((n >> (shift * 4)) & 0xf) as usize];
    }
    // (Hex digits and the prefix's are valid in a header.)
    HeaderValue::from_maybe_shared(axum::body::Bytes::from_owner(id))
        .unwrap_or_else(|_| HeaderValue::from_static("-"))
}

/// A request id's bytes held inline: the header value and its copy in the log context share one
/// small allocation (a `String` would be a second one the first time its header is cloned).
struct Id {
    /// 12 of the prefix, the dash, at most 16 hex digits.
    bytes: [u8; 29],
    len: usize,
}

impl AsRef<[u8]> for Id {
    fn as_ref(&self) -> &[u8] {
        &self.bytes[..self.len]
    }
}

/// One finished command, for the metrics (the audit layer logs the line).
pub fn command(action: &str, success: bool, seconds: f64) {
    let outcome = if success { "success" } else { "refused" };
    metrics::counter!("engine_commands_total", "action" => action.to_string(), "outcome" => outcome)
        .increment(1);
    metrics::histogram!("engine_command_duration_seconds", "action" => action.to_string())
        .record(seconds);
}

/// `GET /metrics`: Prometheus text.
pub async fn serve() -> Response {
    (
        [(
            header::CONTENT_TYPE,
            HeaderValue::from_static("text/plain; version=0.0.4"),
        )],
        exposition(),
    )
        .into_response()
}

/// The exporter's counters and histograms (commands, locks), then the requests' (kept apart
/// for speed: `route_metrics.rs`).
fn exposition() -> String {
    let mut text = handle().render();
    if !text.is_empty() && !text.ends_with('\n') {
        text.push('\n');
    }
    text.push_str(&super::route_metrics::render());
    text
}

#[cfg(test)]
mod tests {
    #[test]
    fn request_ids_are_the_prefix_and_a_hex_counter() {
        let req = axum::extract::Request::new(axum::body::Body::empty());
        let (a, b) = (super::request_id(&req), super::request_id(&req));
        let (a, b) = (a.to_str().unwrap(), b.to_str().unwrap());
        let (pa, na) = a.rsplit_once('-').unwrap();
        let (pb, nb) = b.rsplit_once('-').unwrap();
        assert_eq!(pa, pb);
        assert_eq!(pa.len(), 12);
        let (na, nb) = (
            u64::from_str_radix(na, 16).unwrap(),
            u64::from_str_radix(nb, 16).unwrap(),
        );
        assert!(nb > na, "{a} {b}");
        assert!(!a.contains("-0") || na == 0, "no leading zeros: {a}");
    }
}

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
    let digits = (64 - n.leading_zeros()).div_ceil(4).max(1);
    let mut id = String::with_capacity(prefix.len() + 1 + digits as usize);
    id.push_str(prefix);
    id.push('-');
    for shift in (0..digits).rev() {
        id.push(char::from(
            b"0123456789abcdef"[((n >> (shift * 4)) & 0xf) as usize],
        ));
    }
    // (Its own buffer becomes the header's: no copy. Hex digits and the prefix's are valid.)
    HeaderValue::from_maybe_shared(axum::body::Bytes::from(id))
        .unwrap_or_else(|_| HeaderValue::from_static("-"))
}

/// Per API operation: its request counts by status and its durations. The handles are made
/// when the router is built (the recorder must be installed first), so a request costs no label
/// hashing or registry lookup.
pub struct RouteMetrics {
    method: &'static str,
    route: &'static str,
    duration: std::sync::Arc<super::latency::Latency>,
    /// The statuses every route answers often, each made on its first use (so that the
    /// exposition lists only what happened); others are looked up when they happen.
    common: [(u16, std::sync::OnceLock<metrics::Counter>); 7],
}

impl RouteMetrics {
    pub fn new(method: &axum::http::Method, route: &'static str) -> Self {
        install();
        let method: &'static str = match *method {
            axum::http::Method::GET => "GET",
            axum::http::Method::POST => "POST",
            axum::http::Method::PUT => "PUT",
            axum::http::Method::DELETE => "DELETE",
            _ => "OTHER",
        };
        RouteMetrics {
            method,
            route,
            duration: super::latency::for_route(method, route),
            common: [200, 201, 400, 401, 403, 404, 409].map(|c| (c, std::sync::OnceLock::new())),
        }
    }

    pub fn record(&self, status: axum::http::StatusCode, took: std::time::Duration) {
        let code = status.as_u16();
        match self.common.iter().find(|(c, _)| *c == code) {
            Some((_, counter)) => counter.get_or_init(|| self.counter(code)).increment(1),
            None => self.counter(code).increment(1),
        }
        self.duration.record(took);
    }

    fn counter(&self, status: u16) -> metrics::Counter {
        metrics::counter!("engine_http_requests_total", "method" => self.method, "route" => self.route, "status" => status.to_string())
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

/// The exporter's counters and histograms, then the requests' durations (kept apart for speed:
/// `latency.rs`).
fn exposition() -> String {
    let mut text = handle().render();
    if !text.is_empty() && !text.ends_with('\n') {
        text.push('\n');
    }
    text.push_str(&super::latency::render());
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

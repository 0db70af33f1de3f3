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
/// it, as they share the process).
fn handle() -> &'static PrometheusHandle {
    static HANDLE: OnceLock<PrometheusHandle> = OnceLock::new();
    HANDLE.get_or_init(|| {
        let recorder = PrometheusBuilder::new().build_recorder();
        let handle = recorder.handle();
        // Another recorder already installed (only in tests that embed something else) keeps
        // its place; this handle then renders nothing, which is harmless.
        let _ = metrics::set_global_recorder(recorder);
        handle
    })
}

/// Installs the recorder before the first request.
pub fn install() {
    handle();
}

/// Folds the histograms' new samples into their summaries every `period`. The exporter keeps
/// every sample it is given until this runs or a scrape renders them, and the engine builds its
/// recorder itself (no exporter task does it): without this, an engine nobody scraped grew by
/// ~18 bytes per request, 5.5 MB per 300,000 GETs (RELIABILITY.md).
pub fn spawn_upkeep(period: std::time::Duration) {
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(period);
        tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            tick.tick().await;
            handle().run_upkeep();
        }
    });
}

/// The id of this request: the client's `X-Request-Id` when it sent a sensible one, else new:
/// this process's random prefix and a counter (unique without a random draw per request).
pub fn request_id(req: &Request) -> String {
    static PREFIX: OnceLock<String> = OnceLock::new();
    static NEXT: AtomicU64 = AtomicU64::new(1);
    if let Some(given) = req
        .headers()
        .get(&REQUEST_ID)
        .and_then(|v| v.to_str().ok())
        .filter(|v| !v.is_empty() && v.len() <= 128 && v.bytes().all(|b| b.is_ascii_graphic()))
    {
        return given.to_string();
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
    id
}

/// Per API operation: its request counts by status and its durations. The handles are made
/// when the router is built (the recorder must be installed first), so a request costs no label
/// hashing or registry lookup.
pub struct RouteMetrics {
    method: &'static str,
    route: &'static str,
    duration: metrics::Histogram,
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
            duration: metrics::histogram!("engine_http_request_duration_seconds", "method" => method, "route" => route),
            common: [200, 201, 400, 401, 403, 404, 409].map(|c| (c, std::sync::OnceLock::new())),
        }
    }

    pub fn record(&self, status: axum::http::StatusCode, took: std::time::Duration) {
        let code = status.as_u16();
        match self.common.iter().find(|(c, _)| *c == code) {
            Some((_, counter)) => counter.get_or_init(|| self.counter(code)).increment(1),
            None => self.counter(code).increment(1),
        }
        self.duration.record(took.as_secs_f64());
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
        handle().render(),
    )
        .into_response()
}

#[cfg(test)]
mod tests {
    #[test]
    fn request_ids_are_the_prefix_and_a_hex_counter() {
        let req = axum::extract::Request::new(axum::body::Body::empty());
        let (a, b) = (super::request_id(&req), super::request_id(&req));
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

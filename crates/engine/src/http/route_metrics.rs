//! Per API operation: how many requests it answered, by status, and how long they took (a
//! Prometheus histogram with fixed buckets). Recording a request is three atomic adds, with
//! nothing stored per request and no lookup. (The metrics exporter's own histograms keep every
//! sample in a shared queue until its upkeep folds them, and its counters bump a generation
//! beside the count: on GET one those cost 2.5–4.6 % of the engine's rate, BENCHMARKS.md.)

use axum::http::{Method, StatusCode};
use metrics_exporter_prometheus::formatting::{
    sanitize_label_value, write_metric_line, write_type_line,
};
use std::collections::BTreeMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, OnceLock};
use std::time::Duration;

const REQUESTS: &str = "engine_http_requests_total";
const DURATION: &str = "engine_http_request_duration_seconds";

/// Upper bounds in nanoseconds with their `le` labels: finer than Prometheus's defaults below
/// 5 ms, where the engine answers reads (a cached GET takes ~0.1 ms).
const BOUNDS: [(u64, &str); 16] = [
    (100_000, "0.0001"),
    (250_000, "0.00025"),
    (500_000, "0.0005"),
    (1_000_000, "0.001"),
    (2_500_000, "0.0025"),
    (5_000_000, "0.005"),
    (10_000_000, "0.01"),
    (25_000_000, "0.025"),
    (50_000_000, "0.05"),
    (100_000_000, "0.1"),
    (250_000_000, "0.25"),
    (500_000_000, "0.5"),
    (1_000_000_000, "1"),
    (2_500_000_000, "2.5"),
    (5_000_000_000, "5"),
    (10_000_000_000, "10"),
];

/// The statuses every route answers often, counted without a lock; others are rare.
const COMMON: [u16; 7] = [200, 201, 400, 401, 403, 404, 409];

/// One operation's counts. Buckets are not cumulative (the last is above every bound).
#[derive(Default)]
pub struct RouteMetrics {
    common: [AtomicU64; COMMON.len()],
    rare: Mutex<BTreeMap<u16, u64>>,
    buckets: [AtomicU64; BOUNDS.len() + 1],
    sum_nanos: AtomicU64,
}

impl RouteMetrics {
    /// The metrics of one operation, shared by every engine of the process (as a recorder is).
    pub fn of(method: &Method, route: &'static str) -> Arc<RouteMetrics> {
        let method: &'static str = match *method {
            Method::GET => "GET",
            Method::POST => "POST",
            Method::PUT => "PUT",
            Method::DELETE => "DELETE",
            _ => "OTHER",
        };
        let mut routes = registry().lock().unwrap_or_else(|p| p.into_inner());
        routes.entry((route, method)).or_default().clone()
    }

    pub fn record(&self, status: StatusCode, took: Duration) {
        let code = status.as_u16();
        match COMMON.iter().position(|c| *c == code) {
            Some(at) => {
                self.common[at].fetch_add(1, Ordering::Relaxed);
            }
            None => {
                let mut rare = self.rare.lock().unwrap_or_else(|p| p.into_inner());
                *rare.entry(code).or_default() += 1;
            }
        }
        let nanos = u64::try_from(took.as_nanos()).unwrap_or(u64::MAX);
        let at = BOUNDS
            .iter()
            .position(|(bound, _)| nanos <= *bound)
            .unwrap_or(BOUNDS.len());
        self.buckets[at].fetch_add(1, Ordering::Relaxed);
        self.sum_nanos.fetch_add(nanos, Ordering::Relaxed);
    }

    /// Appends the count of each status this operation answered.
    fn render_counts(&self, labels: &[String], out: &mut String) {
        let rare = self.rare.lock().unwrap_or_else(|p| p.into_inner()).clone();
        let common = COMMON
            .iter()
            .zip(&self.common)
            .map(|(code, n)| (*code, n.load(Ordering::Relaxed)));
        let mut counts: Vec<(u16, u64)> = common.chain(rare).filter(|(_, n)| *n > 0).collect();
        counts.sort_unstable();
        for (code, n) in counts {
            write_metric_line(out, REQUESTS, None, labels, Some(("status", code)), n, None);
        }
    }

    /// Appends the durations' series (cumulative buckets, `+Inf`, sum, count) if it has any.
    fn render_durations(&self, labels: &[String], out: &mut String) {
        // One read of each bucket: the cumulative counts and the total agree with each other.
        let counts: Vec<u64> = self
            .buckets
            .iter()
            .map(|b| b.load(Ordering::Relaxed))
            .collect();
        let total: u64 = counts.iter().sum();
        if total == 0 {
            return;
        }
        let mut below = 0;
        for ((_, le), count) in BOUNDS.iter().zip(&counts) {
            below += count;
            write_metric_line(
                out,
                DURATION,
                Some("bucket"),
                labels,
                Some(("le", le)),
                below,
                None,
            );
        }
        write_metric_line(
            out,
            DURATION,
            Some("bucket"),
            labels,
            Some(("le", "+Inf")),
            total,
            None,
        );
        let seconds = self.sum_nanos.load(Ordering::Relaxed) as f64 / 1e9;
        write_metric_line::<&str, _>(out, DURATION, Some("sum"), labels, None, seconds, None);
        write_metric_line::<&str, _>(out, DURATION, Some("count"), labels, None, total, None);
    }
}

type Registry = Mutex<BTreeMap<(&'static str, &'static str), Arc<RouteMetrics>>>;

/// Every operation's metrics, by (route, method).
fn registry() -> &'static Registry {
    static ROUTES: OnceLock<Registry> = OnceLock::new();
    ROUTES.get_or_init(Default::default)
}

/// Every operation that has answered, in Prometheus text: each metric's series together under
/// its one `# TYPE` line, as the format requires.
pub fn render() -> String {
    let routes = registry().lock().unwrap_or_else(|p| p.into_inner());
    let (mut counts, mut durations) = (String::new(), String::new());
    for ((route, method), metrics) in routes.iter() {
        let labels = [
            format!("method=\"{}\"", sanitize_label_value(method)),
            format!("route=\"{}\"", sanitize_label_value(route)),
        ];
        metrics.render_counts(&labels, &mut counts);
        metrics.render_durations(&labels, &mut durations);
    }
    let mut out = String::new();
    for (name, kind, series) in [
        (REQUESTS, "counter", counts),
        (DURATION, "histogram", durations),
    ] {
        if !series.is_empty() {
            write_type_line(&mut out, name, kind);
            out.push_str(&series);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn labels() -> [String; 2] {
        [r#"method="GET""#.to_string(), r#"route="/x""#.to_string()]
    }

    fn series(text: &str, name: &str) -> Vec<(String, f64)> {
        text.lines()
            .filter(|l| l.starts_with(&format!("{name}{{")))
            .map(|l| {
                let (key, value) = l.rsplit_once(' ').unwrap();
                (key.to_string(), value.parse().unwrap())
            })
            .collect()
    }

    #[test]
    fn durations_fall_in_cumulative_buckets_with_sum_and_count() {
        let m = RouteMetrics::default();
        for micros in [50, 100, 300, 2_000, 7_000_000, 20_000_000] {
            m.record(StatusCode::OK, Duration::from_micros(micros));
        }
        let mut text = String::new();
        m.render_durations(&labels(), &mut text);
        let buckets = series(&text, &format!("{DURATION}_bucket"));
        assert_eq!(buckets.len(), BOUNDS.len() + 1);
        let le = |b: &str| {
            buckets
                .iter()
                .find(|(k, _)| k.ends_with(&format!("le=\"{b}\"}}")))
                .map(|(_, v)| *v)
                .unwrap()
        };
        // A bound is inclusive: 100 µs is counted at le="0.0001".
        assert_eq!(le("0.0001"), 2.0);
        assert_eq!(le("0.0005"), 3.0);
        assert_eq!(le("0.0025"), 4.0);
        assert_eq!(le("5"), 4.0);
        assert_eq!(le("10"), 5.0);
        assert_eq!(le("+Inf"), 6.0);
        assert!(buckets.windows(2).all(|w| w[0].1 <= w[1].1), "{text}");
        assert_eq!(
            series(&text, &format!("{DURATION}_count")),
            [(
                format!(r#"{DURATION}_count{{method="GET",route="/x"}}"#),
                6.0
            )]
        );
        let sum = series(&text, &format!("{DURATION}_sum"))[0].1;
        assert!((sum - 27.00245).abs() < 1e-9, "{sum}");
    }

    #[test]
    fn statuses_are_counted_common_and_rare_alike() {
        let m = RouteMetrics::default();
        for status in [200, 200, 404, 500, 503, 500] {
            m.record(StatusCode::from_u16(status).unwrap(), Duration::ZERO);
        }
        let mut text = String::new();
        m.render_counts(&labels(), &mut text);
        let counted: Vec<(String, f64)> = series(&text, REQUESTS);
        let status = |s: &str| format!(r#"{REQUESTS}{{method="GET",route="/x",status="{s}"}}"#);
        assert_eq!(
            counted,
            [
                (status("200"), 2.0),
                (status("404"), 1.0),
                (status("500"), 2.0),
                (status("503"), 1.0)
            ]
        );
    }

    #[test]
    fn only_routes_that_answered_are_listed_with_escaped_labels() {
        let quiet = RouteMetrics::of(&Method::DELETE, "/test-only/quiet");
        let busy = RouteMetrics::of(&Method::GET, "/test-only/\"odd\"\\route");
        assert!(Arc::ptr_eq(
            &busy,
            &RouteMetrics::of(&Method::GET, "/test-only/\"odd\"\\route")
        ));
        busy.record(StatusCode::CREATED, Duration::from_millis(3));
        let text = render();
        assert!(!text.contains("/test-only/quiet"), "{text}");
        let odd = r#"method="GET",route="/test-only/\"odd\"\\route""#;
        assert!(
            text.contains(&format!("{DURATION}_count{{{odd}}} 1")),
            "{text}"
        );
        assert!(
            text.contains(&format!("{REQUESTS}{{{odd},status=\"201\"}} 1")),
            "{text}"
        );
        // Each metric's series follow its one type line.
        let counter = text.find(&format!("# TYPE {REQUESTS} counter\n")).unwrap();
        let histogram = text
            .find(&format!("# TYPE {DURATION} histogram\n"))
            .unwrap();
        let last_count = text.rfind(&format!("{REQUESTS}{{")).unwrap();
        let first_bucket = text.find(&format!("{DURATION}_bucket{{")).unwrap();
        assert!(counter < last_count && last_count < histogram && histogram < first_bucket);
        drop(quiet);
    }
}

//! Per-operation request durations as a Prometheus histogram with fixed buckets: recording one is
//! two atomic adds (its bucket, the sum), with nothing stored per request. (The metrics exporter's
//! own histograms keep every sample in a shared queue until its upkeep folds them: on GET one
//! that cost 2.5–4.6 % of the engine's rate, BENCHMARKS.md.)

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, OnceLock};
use std::time::Duration;

pub const NAME: &str = "engine_http_request_duration_seconds";

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

/// One operation's durations: a count per bucket (not cumulative; the last is above every
/// bound) and their sum.
#[derive(Default)]
pub struct Latency {
    buckets: [AtomicU64; BOUNDS.len() + 1],
    sum_nanos: AtomicU64,
}

impl Latency {
    pub fn record(&self, took: Duration) {
        let nanos = u64::try_from(took.as_nanos()).unwrap_or(u64::MAX);
        let at = BOUNDS
            .iter()
            .position(|(bound, _)| nanos <= *bound)
            .unwrap_or(BOUNDS.len());
        self.buckets[at].fetch_add(1, Ordering::Relaxed);
        self.sum_nanos.fetch_add(nanos, Ordering::Relaxed);
    }

    /// Appends this operation's series (cumulative buckets, `+Inf`, sum, count) if it has any.
    fn render(&self, labels: &str, out: &mut String) {
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
            let _ = writeln!(out, "{NAME}_bucket{{{labels},le=\"{le}\"}} {below}");
        }
        let _ = writeln!(out, "{NAME}_bucket{{{labels},le=\"+Inf\"}} {total}");
        let seconds = self.sum_nanos.load(Ordering::Relaxed) as f64 / 1e9;
        let _ = writeln!(out, "{NAME}_sum{{{labels}}} {seconds}");
        let _ = writeln!(out, "{NAME}_count{{{labels}}} {total}");
    }
}

type Registry = Mutex<BTreeMap<(&'static str, &'static str), Arc<Latency>>>;

/// Every operation's histogram, by (route, method): engines in one process share them, as they
/// share the metrics recorder.
fn registry() -> &'static Registry {
    static ROUTES: OnceLock<Registry> = OnceLock::new();
    ROUTES.get_or_init(Default::default)
}

/// The histogram of one operation, made on first use.
pub fn for_route(method: &'static str, route: &'static str) -> Arc<Latency> {
    let mut routes = registry().lock().unwrap_or_else(|p| p.into_inner());
    routes.entry((route, method)).or_default().clone()
}

/// The exposition of every operation that has answered, in Prometheus text.
pub fn render() -> String {
    let routes = registry().lock().unwrap_or_else(|p| p.into_inner());
    let mut series = String::new();
    for ((route, method), latency) in routes.iter() {
        let labels = format!("method=\"{}\",route=\"{}\"", escape(method), escape(route));
        latency.render(&labels, &mut series);
    }
    if series.is_empty() {
        return series;
    }
    format!("# TYPE {NAME} histogram\n{series}")
}

/// A label value as the text format wants it (backslash, quote and newline escaped).
fn escape(value: &str) -> String {
    value
        .replace('\\', r"\\")
        .replace('"', r#"\""#)
        .replace('\n', r"\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn series(text: &str, suffix: &str) -> Vec<(String, f64)> {
        text.lines()
            .filter(|l| l.starts_with(&format!("{NAME}_{suffix}{{")))
            .map(|l| {
                let (key, value) = l.rsplit_once(' ').unwrap();
                (key.to_string(), value.parse().unwrap())
            })
            .collect()
    }

    #[test]
    fn durations_fall_in_cumulative_buckets_with_sum_and_count() {
        let l = Latency::default();
        for micros in [50, 100, 300, 2_000, 7_000_000, 20_000_000] {
            l.record(Duration::from_micros(micros));
        }
        let mut text = String::new();
        l.render(r#"method="GET",route="/x""#, &mut text);
        let buckets = series(&text, "bucket");
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
            series(&text, "count"),
            [(
                r#"engine_http_request_duration_seconds_count{method="GET",route="/x"}"#
                    .to_string(),
                6.0
            )]
        );
        let sum = series(&text, "sum")[0].1;
        assert!((sum - 27.00245).abs() < 1e-9, "{sum}");
    }

    #[test]
    fn only_routes_that_answered_are_listed_with_escaped_labels() {
        let quiet = for_route("DELETE", "/test-only/quiet");
        let busy = for_route("GET", "/test-only/\"odd\"\\route");
        assert!(Arc::ptr_eq(
            &busy,
            &for_route("GET", "/test-only/\"odd\"\\route")
        ));
        busy.record(Duration::from_millis(3));
        let text = render();
        assert!(
            text.starts_with(&format!("# TYPE {NAME} histogram\n")),
            "{text}"
        );
        assert!(!text.contains("/test-only/quiet"), "{text}");
        assert!(
            text.contains(r#"_count{method="GET",route="/test-only/\"odd\"\\route"} 1"#),
            "{text}"
        );
        drop(quiet);
    }
}

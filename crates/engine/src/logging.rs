//! Log lines: each one written while a request is served names that request (its id, method,
//! path and, once matched, its route), like a tracing span would, but without one.
//!
//! The request is kept in a task-local for as long as its future runs, and the line format
//! reads it. A span per request cost a GET a tenth of its CPU (the registry's slot, the filter's
//! span table behind a lock on every poll, and the fields formatted when the span is made, even
//! when no line is ever written): BENCHMARKS.md, "GET one, session 10".

use axum::http::{HeaderValue, Method, Uri};
use std::cell::Cell;
use std::fmt;
use std::future::Future;
use tracing::{Event, Subscriber};
use tracing_subscriber::fmt::format::Writer;
use tracing_subscriber::fmt::time::{FormatTime, SystemTime};
use tracing_subscriber::fmt::{FmtContext, FormatEvent, FormatFields, FormattedFields};
use tracing_subscriber::registry::LookupSpan;
use tracing_subscriber::EnvFilter;

/// The request being served.
pub struct Request {
    id: HeaderValue,
    method: Method,
    uri: Uri,
    route: Cell<Option<&'static str>>,
}

impl Request {
    pub fn new(id: HeaderValue, method: Method, uri: Uri) -> Self {
        Request {
            id,
            method,
            uri,
            route: Cell::new(None),
        }
    }
}

tokio::task_local! {
    static REQUEST: Request;
}

/// Runs `answer` as `request`'s: what it logs names the request.
pub fn serving<F: Future>(request: Request, answer: F) -> impl Future<Output = F::Output> {
    REQUEST.scope(request, answer)
}

/// The route the request matched, for the rest of its lines.
pub fn matched(route: &'static str) {
    let _ = REQUEST.try_with(|r| r.route.set(Some(route)));
}

/// The process's log: `RUST_LOG` (default `info`) to standard output, one plain line per event.
pub fn init() {
    tracing_subscriber::fmt()
        .with_ansi(false)
        .event_format(Lines)
        .with_env_filter(EnvFilter::try_from_default_env().unwrap_or_else(|_| "info".into()))
        .init();
}

/// `TIME LEVEL request{id=… method=… path=… route=…}: span{…}: target: message fields` — the
/// layout of tracing's default format, with the request where its span would have been.
pub struct Lines;

impl<S, N> FormatEvent<S, N> for Lines
where
    S: Subscriber + for<'a> LookupSpan<'a>,
    N: for<'a> FormatFields<'a> + 'static,
{
    fn format_event(
        &self,
        ctx: &FmtContext<'_, S, N>,
        mut w: Writer<'_>,
        event: &Event<'_>,
    ) -> fmt::Result {
        SystemTime.format_time(&mut w)?;
        write!(w, " {:>5} ", event.metadata().level())?;
        if let Ok(r) = REQUEST.try_with(|r| request(&mut w, r)) {
            r?;
        }
        for span in ctx.event_scope().into_iter().flat_map(|s| s.from_root()) {
            w.write_str(span.name())?;
            if let Some(fields) = span.extensions().get::<FormattedFields<N>>() {
                if !fields.is_empty() {
                    write!(w, "{{{fields}}}")?;
                }
            }
            w.write_str(": ")?;
        }
        write!(w, "{}: ", event.metadata().target())?;
        ctx.format_fields(w.by_ref(), event)?;
        writeln!(w)
    }
}

fn request(w: &mut Writer<'_>, r: &Request) -> fmt::Result {
    // (The id is the client's only when it is printable ASCII: `observe::request_id`.)
    let id = r.id.to_str().unwrap_or("?");
    write!(
        w,
        "request{{id={id} method={} path={}",
        r.method,
        r.uri.path()
    )?;
    if let Some(route) = r.route.get() {
        // (Quoted, as a tracing span field holding a string was.)
        write!(w, " route={route:?}")?;
    }
    w.write_str("}: ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::{Arc, Mutex};
    use tracing_subscriber::fmt::MakeWriter;

    #[derive(Clone, Default)]
    struct Captured(Arc<Mutex<Vec<u8>>>);

    impl std::io::Write for Captured {
        fn write(&mut self, b: &[u8]) -> std::io::Result<usize> {
            self.0.lock().expect("not poisoned").extend_from_slice(b);
            Ok(b.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }

    impl<'a> MakeWriter<'a> for Captured {
        type Writer = Captured;
        fn make_writer(&'a self) -> Captured {
            self.clone()
        }
    }

    #[tokio::test]
    async fn lines_name_the_request_they_are_written_for() {
        let out = Captured::default();
        let subscriber = tracing_subscriber::fmt()
            .with_ansi(false)
            .event_format(Lines)
            .with_writer(out.clone())
            .finish();
        let _guard = tracing::subscriber::set_default(subscriber);
        tracing::info!(n = 1, "before");
        let request = Request::new(
            HeaderValue::from_static("abc-1"),
            Method::PUT,
            "/ovirt-engine/api/storageconnections/x?async=false"
                .parse()
                .expect("uri"),
        );
        serving(request, async {
            tracing::warn!("unmatched yet");
            matched("/storageconnections/{id}");
            tracing::info!(outcome = "success", "done");
        })
        .await;
        tracing::info!("after");
        let text = String::from_utf8(out.0.lock().expect("not poisoned").clone()).expect("utf-8");
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines.len(), 4, "{text}");
        assert!(
            lines[0].ends_with(" INFO engine::logging::tests: before n=1"),
            "{}",
            lines[0]
        );
        assert!(
            lines[1].ends_with(
                " WARN request{id=abc-1 method=PUT path=/ovirt-engine/api/storageconnections/x}: \
             engine::logging::tests: unmatched yet"
            ),
            "{}",
            lines[1]
        );
        assert!(
            lines[2].contains(
                "request{id=abc-1 method=PUT path=/ovirt-engine/api/storageconnections/x \
             route=\"/storageconnections/{id}\"}: engine::logging::tests: done outcome=\"success\""
            ),
            "{}",
            lines[2]
        );
        assert!(
            lines[3].ends_with(" INFO engine::logging::tests: after"),
            "{}",
            lines[3]
        );
        // RFC 3339 time first, as tracing's own format.
        assert!(
            lines[0].starts_with("20") && lines[0].as_bytes()[10] == b'T',
            "{}",
            lines[0]
        );
    }
}

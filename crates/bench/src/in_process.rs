//! GET one connection through the engine's whole stack in this process (no sockets, no wrk):
//! what the engine's own layers and handler cost per request, next to the trivial handler's
//! router, steadier than a load test on a busy machine. Under callgrind it gives exact
//! instruction counts (BENCHMARKS.md): the difference between two runs of one router,
//! `valgrind --tool=callgrind --toggle-collect='bench::in_process::requests*' ./target/release/bench
//! in-process --only engine --rounds 1 --requests N` for N = 2,000 and 12,000, divided by 10,000
//! (the warm-up pass is the same in both).

use crate::seed;
use axum::body::Body;
use axum::http::Request;
use engine::store::Location;
use std::path::PathBuf;
use tower::ServiceExt;

#[derive(clap::Args)]
pub struct Options {
    /// Connections in the seeded database (a fifth as many domains).
    #[arg(long, default_value_t = 10_000)]
    size: usize,
    /// Requests per round.
    #[arg(long, default_value_t = 100_000)]
    requests: usize,
    /// Rounds; the fastest is reported.
    #[arg(long, default_value_t = 5)]
    rounds: usize,
    /// Only this router: `engine` or `trivial`.
    #[arg(long)]
    only: Option<String>,
    #[arg(long, default_value = "bench-results/tmp")]
    work_dir: PathBuf,
}

pub async fn run(o: Options) -> anyhow::Result<()> {
    std::fs::create_dir_all(&o.work_dir)?;
    let path = o.work_dir.join(format!("in-process-{}.db", o.size));
    for suffix in ["", "-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{suffix}", path.display()));
    }
    let db = Location::Sqlite(path);
    seed::seed(&db, o.size, o.size / 5).await?;
    let mut config = engine::Config::new("127.0.0.1:0".parse()?, db);
    config.settings.admin_password = Some(crate::engine_load::PASSWORD.into());
    let (_listener, app) = engine::start(&config).await?;
    let token = sign_in(&app).await?;
    let ids = seed::all_ids(o.size);
    // Every connection read once, as a running engine's cache would hold them.
    requests(&app, &token, &ids, ids.len()).await?;
    let measure = |name: &str| o.only.as_deref().is_none_or(|only| only == name);
    if measure("trivial") {
        rounds("trivial", &crate::trivial::router(), &token, &ids, &o).await?;
    }
    if measure("engine") {
        rounds("engine", &app, &token, &ids, &o).await?;
    }
    Ok(())
}

async fn rounds<S>(
    name: &str,
    app: &S,
    token: &str,
    ids: &[String],
    o: &Options,
) -> anyhow::Result<()>
where
    S: Service + Clone,
{
    let mut best = f64::MAX;
    for _ in 0..o.rounds {
        let started = std::time::Instant::now();
        requests(app, token, ids, o.requests).await?;
        best = best.min(started.elapsed().as_secs_f64() * 1e6 / o.requests.max(1) as f64);
    }
    println!(
        "{name}: {best:.2} µs per GET one (fastest of {} rounds)",
        o.rounds
    );
    Ok(())
}

/// What is measured: the engine's app or the trivial router, called as the server calls them.
trait Service:
    tower::Service<Request<Body>, Response = axum::response::Response, Error = std::convert::Infallible>
{
}
impl<S> Service for S where
    S: tower::Service<
        Request<Body>,
        Response = axum::response::Response,
        Error = std::convert::Infallible,
    >
{
}

async fn sign_in(app: &engine::http::App) -> anyhow::Result<String> {
    let form = format!(
        "grant_type=password&username=admin%40internal&password={}&scope=ovirt-app-api",
        crate::engine_load::PASSWORD
    );
    let req = Request::post("/ovirt-engine/sso/oauth/token")
        .header("content-type", "application/x-www-form-urlencoded")
        .body(Body::from(form))?;
    let r = app.clone().oneshot(req).await?;
    let body = axum::body::to_bytes(r.into_body(), 1 << 20).await?;
    let v: serde_json::Value = serde_json::from_slice(&body)?;
    let token = v["access_token"]
        .as_str()
        .ok_or_else(|| anyhow::anyhow!("no token: {v}"))?;
    Ok(format!("Bearer {token}"))
}

/// `n` GETs of one connection each, walking the ids in a scattered order, as wrk does.
async fn requests<S: Service + Clone>(
    app: &S,
    token: &str,
    ids: &[String],
    n: usize,
) -> anyhow::Result<()> {
    for i in 0..n {
        let id = &ids[(i * 97) % ids.len()];
        let req = Request::get(format!("/ovirt-engine/api/storageconnections/{id}"))
            .header("authorization", token)
            .header("accept", "application/json")
            .body(Body::empty())?;
        let r = app.clone().oneshot(req).await?;
        anyhow::ensure!(r.status().is_success(), "GET {id}: {}", r.status());
        axum::body::to_bytes(r.into_body(), 1 << 20).await?;
    }
    Ok(())
}

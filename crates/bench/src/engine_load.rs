//! The engine under load: for each database size, a cold start, then wrk against
//! `GET /storageconnections/{id}` (in turns with the trivial handler, same settings: see
//! `side_by_side`), `GET /storageconnections` (everything), and `PUT` on distinct connections.

use crate::wrk::{self, Load, Run};
use crate::{seed, write_json};
use engine::store::Location;
use serde::Serialize;
use std::path::PathBuf;
use std::process::Stdio;
use std::time::{Duration, Instant};
use tokio::io::{AsyncBufReadExt, BufReader};
use tokio::process::{Child, Command};

#[derive(clap::Args)]
pub struct Options {
    /// The engine binary (a release build).
    #[arg(long, default_value = "target/release/engine")]
    engine: PathBuf,
    /// Connection counts to measure; domains are a fifth of them.
    #[arg(long, value_delimiter = ',', default_value = "1000,10000,100000")]
    sizes: Vec<usize>,
    /// The size the ratio budget applies to.
    #[arg(long, default_value_t = 10_000)]
    reference_size: usize,
    /// Seconds per wrk run.
    #[arg(long, default_value_t = 5)]
    seconds: u64,
    /// Requests per second of `GET /storageconnections/{id}` over the trivial handler's.
    #[arg(long, default_value_t = 0.7)]
    min_ratio: f64,
    /// The most `GET /storageconnections` may take (p50) at the reference size.
    #[arg(long, default_value_t = 30.0)]
    max_list_p50_ms: f64,
    /// The fewest durable PUTs per second at the reference size (SQLite only: the budget is
    /// about the embedded database).
    #[arg(long, default_value_t = 800.0)]
    min_put_per_second: f64,
    /// The most the engine's resident memory may grow over a run of GET one after the turns and
    /// one more (hundreds of thousands of requests for objects it already holds), MiB: serving
    /// reads must not keep anything per request. (Until the metrics' upkeep ran, it kept ~18
    /// bytes.)
    #[arg(long, default_value_t = 2)]
    max_get_growth_mib: u64,
    /// Measure on PostgreSQL instead of SQLite: the URL of a server (any database on it), where
    /// a database `bench_<size>` is made anew for each size.
    #[arg(long)]
    postgres: Option<String>,
    #[arg(long, default_value = "bench-results/tmp")]
    work_dir: PathBuf,
    #[arg(long, default_value = "bench-results/engine.json")]
    out: PathBuf,
}

pub(crate) const PASSWORD: &str = "bench-Admin-Pa55";

#[derive(Debug, Serialize)]
pub struct SizeResult {
    pub connections: usize,
    pub domains: usize,
    pub seed_ms: u128,
    pub db_bytes: u64,
    pub cold_start_ms: f64,
    pub trivial: Run,
    pub get: Run,
    pub ratio: f64,
    pub list: Run,
    /// `GET /storageconnections` right after a write (nothing of it cached), ms: median of
    /// `COLD_LISTS` rounds.
    pub list_after_write_p50_ms: f64,
    pub put: Run,
    pub peak_rss_kib: u64,
    /// GET one once more, alone, for the memory it keeps: `reads`' requests, and the resident
    /// memory gained over them (KiB; negative when it shrank).
    pub reads: Run,
    pub get_rss_growth_kib: i64,
}

pub async fn run(o: Options) -> anyhow::Result<()> {
    std::fs::create_dir_all(&o.work_dir)?;
    let mut results = Vec::new();
    for &size in &o.sizes {
        let r = measure(&o, size).await?;
        eprintln!(
            "{size} connections: get {:.0}/s (trivial {:.0}/s, ratio {:.2}; memory {:+} MiB over \
             {} more), list p50 {:.1} ms ({:.1} ms after a write), put {:.0}/s, rss {} MiB, \
             cold start {:.0} ms",
            r.get.per_second(),
            r.trivial.per_second(),
            r.ratio,
            r.get_rss_growth_kib / 1024,
            r.reads.requests,
            r.list.p50_us as f64 / 1e3,
            r.list_after_write_p50_ms,
            r.put.per_second(),
            r.peak_rss_kib / 1024,
            r.cold_start_ms
        );
        results.push(r);
    }
    write_json(&o.out, &results)?;
    print_table(&results);
    let misses = check(&o, &results);
    if misses.is_empty() {
        println!("engine budgets met");
        Ok(())
    } else {
        for m in &misses {
            println!("BUDGET MISSED: {m}");
        }
        anyhow::bail!("{} engine budget(s) missed", misses.len())
    }
}

async fn measure(o: &Options, size: usize) -> anyhow::Result<SizeResult> {
    let domains = size / 5;
    let db = match &o.postgres {
        Some(server) => new_postgres_database(server, &format!("bench_{size}")).await?,
        None => {
            let path = o.work_dir.join(format!("engine-{size}.db"));
            for suffix in ["", "-wal", "-shm"] {
                let _ = std::fs::remove_file(format!("{}{suffix}", path.display()));
            }
            Location::Sqlite(path)
        }
    };
    let started = Instant::now();
    seed::seed(&db, size, domains).await?;
    let seed_ms = started.elapsed().as_millis();
    let db_bytes = database_bytes(&db).await?;

    let all_ids = o.work_dir.join(format!("ids-{size}.txt"));
    std::fs::write(&all_ids, seed::all_ids(size).join("\n"))?;
    let orphan_ids = o.work_dir.join(format!("orphans-{size}.txt"));
    std::fs::write(&orphan_ids, seed::orphan_ids(size, domains).join("\n"))?;

    let Serving {
        mut engine,
        base,
        client,
        token,
        cold_start,
    } = serve(
        &o.engine,
        &db,
        &o.work_dir.join(format!("engine-{size}.log")),
    )
    .await?;
    let cold_start_ms = cold_start.as_secs_f64() * 1e3;

    let seconds = Duration::from_secs(o.seconds);
    let wrk = Loader {
        token: &token,
        work_dir: &o.work_dir,
    };

    // Warm up first, as a running engine would be: at least one pass over every id.
    let warm = Duration::from_secs(1 + size as u64 / 25_000);
    wrk.run(&base, "get", &all_ids, 32, warm).await?;

    let (mut trivial, trivial_base) = start_trivial().await?;
    wrk.run(&trivial_base, "get", &all_ids, 32, Duration::from_secs(1))
        .await?;
    let side = side_by_side(&wrk, &base, &trivial_base, &all_ids, seconds).await?;
    trivial.kill().await.ok();
    // Memory under a read load: nothing may be kept per request. Measured over a second run, so
    // that the allocator's reuse and the metrics' samples between two folds are the same at
    // both ends.
    wrk.run(&base, "get", &all_ids, 32, seconds).await?;
    let rss_before = proc_status_kib(engine.id(), "VmRSS:")?;
    let reads = wrk.run(&base, "get", &all_ids, 32, seconds).await?;
    let get_rss_growth_kib =
        i64::try_from(proc_status_kib(engine.id(), "VmRSS:")?)? - i64::try_from(rss_before)?;

    let list = wrk.run(&base, "list", &all_ids, 1, seconds * 2).await?;
    let put = wrk.run(&base, "put", &orphan_ids, 8, seconds).await?;
    let orphan = seed::orphan_ids(size, domains)
        .into_iter()
        .next()
        .ok_or_else(|| anyhow::anyhow!("no orphan connection"))?;
    let list_after_write_p50_ms = list_after_write(&client, &base, &token, &orphan).await?;
    let peak_rss_kib = proc_status_kib(engine.id(), "VmHWM:")?;
    engine.kill().await.ok();

    Ok(SizeResult {
        connections: size,
        domains,
        seed_ms,
        db_bytes,
        cold_start_ms,
        ratio: side.ratio,
        trivial: side.trivial,
        get: side.engine,
        list,
        list_after_write_p50_ms,
        put,
        peak_rss_kib,
        reads,
        get_rss_growth_kib,
    })
}

const COLD_LISTS: usize = 9;

/// The list's cost when the read caches were just emptied by a write: PUT, then GET the list,
/// `COLD_LISTS` times; the median GET.
async fn list_after_write(
    client: &reqwest::Client,
    base: &str,
    token: &str,
    orphan: &str,
) -> anyhow::Result<f64> {
    let mut took = Vec::new();
    for i in 0..COLD_LISTS {
        let put = client
            .put(format!(
                "{base}/ovirt-engine/api/storageconnections/{orphan}"
            ))
            .bearer_auth(token)
            .header("Accept", "application/json")
            .json(&serde_json::json!({ "nfs_timeo": (100 + i).to_string() }))
            .send()
            .await?;
        let status = put.status();
        anyhow::ensure!(
            status.is_success(),
            "PUT {orphan}: {status} {} (the engine's log is in the work directory)",
            put.text().await.unwrap_or_default()
        );
        let started = Instant::now();
        let body = client
            .get(format!("{base}/ovirt-engine/api/storageconnections"))
            .bearer_auth(token)
            .header("Accept", "application/json")
            .send()
            .await?
            .error_for_status()?
            .bytes()
            .await?;
        took.push(started.elapsed().as_secs_f64() * 1e3);
        anyhow::ensure!(!body.is_empty(), "an empty list");
    }
    took.sort_by(f64::total_cmp);
    Ok(took[took.len() / 2])
}

/// GET one on the engine and on the trivial handler, measured in turns.
struct SideBySide {
    engine: Run,
    trivial: Run,
    /// The median of the turns' ratios.
    ratio: f64,
}

/// Turns of GET one: the trivial handler, then the engine, `TURNS` times. This machine's speed
/// drifts by a fifth over tens of seconds (other guests on the host); two runs a second apart
/// see the same machine, so each turn's ratio is fair, and the median turn is the answer.
const TURNS: u32 = 5;

async fn side_by_side(
    wrk: &Loader<'_>,
    base: &str,
    trivial_base: &str,
    ids: &std::path::Path,
    seconds: Duration,
) -> anyhow::Result<SideBySide> {
    let turn = (seconds * 2 / TURNS).max(Duration::from_secs(1));
    let (mut engine, mut trivial, mut ratios) = (Vec::new(), Vec::new(), Vec::new());
    for _ in 0..TURNS {
        let t = wrk.run(trivial_base, "get", ids, 32, turn).await?;
        let e = wrk.run(base, "get", ids, 32, turn).await?;
        ratios.push(e.per_second() / t.per_second().max(1.0));
        engine.push(e);
        trivial.push(t);
    }
    ratios.sort_by(f64::total_cmp);
    Ok(SideBySide {
        engine: Run::merge(&engine),
        trivial: Run::merge(&trivial),
        ratio: ratios[ratios.len() / 2],
    })
}

/// wrk runs against one engine, with its token and scratch directory.
struct Loader<'a> {
    token: &'a str,
    work_dir: &'a std::path::Path,
}

impl Loader<'_> {
    async fn run(
        &self,
        base_url: &str,
        mode: &str,
        ids_file: &std::path::Path,
        connections: u32,
        duration: Duration,
    ) -> anyhow::Result<Run> {
        wrk::run(Load {
            base_url,
            mode,
            ids_file,
            token: self.token,
            connections,
            duration,
            work_dir: self.work_dir,
        })
        .await
    }
}

/// Drops and creates `name` on the PostgreSQL server at `server`; returns its URL.
async fn new_postgres_database(server: &str, name: &str) -> anyhow::Result<Location> {
    use sqlx::Connection;
    let mut admin = sqlx::PgConnection::connect(server).await?;
    sqlx::query(&format!("DROP DATABASE IF EXISTS {name}"))
        .execute(&mut admin)
        .await?;
    sqlx::query(&format!("CREATE DATABASE {name}"))
        .execute(&mut admin)
        .await?;
    admin.close().await?;
    let mut url = url::Url::parse(server)?;
    url.set_path(name);
    Ok(Location::Postgres(url.to_string()))
}

/// The size of the database on disk: the SQLite file, or PostgreSQL's own count.
async fn database_bytes(db: &Location) -> anyhow::Result<u64> {
    Ok(match db {
        Location::Sqlite(path) => std::fs::metadata(path)?.len(),
        Location::Postgres(url) => {
            use sqlx::Connection;
            let mut conn = sqlx::PgConnection::connect(url).await?;
            let n: i64 = sqlx::query_scalar("SELECT pg_database_size(current_database())")
                .fetch_one(&mut conn)
                .await?;
            conn.close().await?;
            u64::try_from(n)?
        }
    })
}

/// An engine started by [`serve`], and how to reach it.
pub(crate) struct Serving {
    pub engine: Child,
    /// `http://127.0.0.1:port`.
    pub base: String,
    pub client: reqwest::Client,
    /// The admin's bearer token.
    pub token: String,
    /// From the start of the process until it answered.
    pub cold_start: Duration,
}

/// The engine binary on `db` on a free port, waited for and signed in to; its log in `log`.
pub(crate) async fn serve(
    engine: &std::path::Path,
    db: &Location,
    log: &std::path::Path,
) -> anyhow::Result<Serving> {
    let port = free_port()?;
    let base = format!("http://127.0.0.1:{port}");
    let started = Instant::now();
    let mut child = spawn_engine(engine, db, port, log)?;
    let client = reqwest::Client::new();
    wait_until_serving(&client, &base, &mut child).await?;
    let cold_start = started.elapsed();
    let token = sign_in(&client, &base).await?;
    Ok(Serving {
        engine: child,
        base,
        client,
        token,
        cold_start,
    })
}

/// The engine binary on `db`, listening on 127.0.0.1:`port`, killed when dropped. It logs as it
/// would in production (`info`: a line per command) to `log`, to be read when a request fails.
pub(crate) fn spawn_engine(
    engine: &std::path::Path,
    db: &Location,
    port: u16,
    log: &std::path::Path,
) -> anyhow::Result<Child> {
    let log = std::fs::File::create(log)
        .map_err(|e| anyhow::anyhow!("creating the engine log {}: {e}", log.display()))?;
    Command::new(engine)
        .arg("--db")
        .arg(db.to_arg())
        .arg("--listen")
        .arg(format!("127.0.0.1:{port}"))
        .env("ENGINE_ADMIN_PASSWORD", PASSWORD)
        .env_remove("RUST_LOG")
        .stdout(log)
        .kill_on_drop(true)
        .spawn()
        .map_err(|e| anyhow::anyhow!("starting {}: {e}", engine.display()))
}

pub(crate) fn free_port() -> anyhow::Result<u16> {
    Ok(std::net::TcpListener::bind("127.0.0.1:0")?
        .local_addr()?
        .port())
}

/// Polls until the engine answers anything (a 401 for the API root proves it serves).
pub(crate) async fn wait_until_serving(
    client: &reqwest::Client,
    base: &str,
    engine: &mut Child,
) -> anyhow::Result<()> {
    let deadline = Instant::now() + Duration::from_secs(60);
    loop {
        if client
            .get(format!("{base}/ovirt-engine/api"))
            .send()
            .await
            .is_ok()
        {
            return Ok(());
        }
        if let Some(status) = engine.try_wait()? {
            anyhow::bail!("the engine exited during start: {status}");
        }
        if Instant::now() > deadline {
            anyhow::bail!("the engine did not serve within 60 s");
        }
        tokio::time::sleep(Duration::from_millis(2)).await;
    }
}

pub(crate) async fn sign_in(client: &reqwest::Client, base: &str) -> anyhow::Result<String> {
    let r: serde_json::Value = client
        .post(format!("{base}/ovirt-engine/sso/oauth/token"))
        .header("Accept", "application/json")
        .form(&[
            ("grant_type", "password"),
            ("username", "admin@internal"),
            ("password", PASSWORD),
            ("scope", "ovirt-app-api"),
        ])
        .send()
        .await?
        .error_for_status()?
        .json()
        .await?;
    r["access_token"]
        .as_str()
        .map(str::to_string)
        .ok_or_else(|| anyhow::anyhow!("no access_token in {r}"))
}

async fn start_trivial() -> anyhow::Result<(Child, String)> {
    let mut child = Command::new(std::env::current_exe()?)
        .arg("trivial")
        .stdout(Stdio::piped())
        .kill_on_drop(true)
        .spawn()?;
    let stdout = child
        .stdout
        .take()
        .ok_or_else(|| anyhow::anyhow!("no stdout"))?;
    let line = BufReader::new(stdout)
        .lines()
        .next_line()
        .await?
        .ok_or_else(|| anyhow::anyhow!("the trivial server printed nothing"))?;
    let addr = line
        .strip_prefix("listening on ")
        .ok_or_else(|| anyhow::anyhow!("unexpected line {line:?}"))?;
    Ok((child, format!("http://{addr}")))
}

/// A memory figure of the engine's (`VmHWM:` its peak, `VmRSS:` now), KiB.
fn proc_status_kib(pid: Option<u32>, field: &str) -> anyhow::Result<u64> {
    let pid = pid.ok_or_else(|| anyhow::anyhow!("the engine has exited"))?;
    let status = std::fs::read_to_string(format!("/proc/{pid}/status"))?;
    status
        .lines()
        .find_map(|l| l.strip_prefix(field))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        .ok_or_else(|| anyhow::anyhow!("no {field} in /proc/{pid}/status"))
}

fn print_table(results: &[SizeResult]) {
    println!(
        "| connections / domains | cold start | GET one: req/s (trivial) | ratio | GET one p50 / p99 | \
         GET all p50 / p99 | GET all after a write p50 | GET all size | PUT/s (p99) | peak RSS |"
    );
    println!("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
    for r in results {
        let list_bytes = r.list.bytes / r.list.requests.max(1);
        println!(
            "| {} / {} | {:.0} ms | {:.0} ({:.0}) | {:.2} | {:.2} / {:.2} ms | {:.1} / {:.1} ms | {:.1} ms | {:.1} MB | {:.0} ({:.1} ms) | {} MiB |",
            r.connections,
            r.domains,
            r.cold_start_ms,
            r.get.per_second(),
            r.trivial.per_second(),
            r.ratio,
            r.get.p50_us as f64 / 1e3,
            r.get.p99_us as f64 / 1e3,
            r.list.p50_us as f64 / 1e3,
            r.list.p99_us as f64 / 1e3,
            r.list_after_write_p50_ms,
            list_bytes as f64 / 1e6,
            r.put.per_second(),
            r.put.p99_us as f64 / 1e3,
            r.peak_rss_kib / 1024
        );
    }
}

/// The budgets: the ratio at the reference size, no failed request anywhere, and growth no
/// worse than linear in the items returned.
fn check(o: &Options, results: &[SizeResult]) -> Vec<String> {
    let mut misses = Vec::new();
    for r in results {
        for (what, run) in [
            ("trivial", &r.trivial),
            ("GET one", &r.get),
            ("GET one (memory)", &r.reads),
            ("GET all", &r.list),
            ("PUT", &r.put),
        ] {
            if run.errors() > 0 || run.requests == 0 {
                misses.push(format!(
                    "{what} at {} connections: {} requests, {} errors",
                    r.connections,
                    run.requests,
                    run.errors()
                ));
            }
        }
        let max_growth_kib = i64::try_from(o.max_get_growth_mib * 1024).unwrap_or(i64::MAX);
        if r.get_rss_growth_kib > max_growth_kib {
            misses.push(format!(
                "GET one at {} connections: the engine's memory grew {} MiB over {} requests, \
                 budget {} MiB",
                r.connections,
                r.get_rss_growth_kib / 1024,
                r.reads.requests,
                o.max_get_growth_mib
            ));
        }
        if r.connections == o.reference_size && r.ratio < o.min_ratio {
            misses.push(format!(
                "GET one at {} connections: {:.2} of the trivial handler's rate, budget {:.2}",
                r.connections, r.ratio, o.min_ratio
            ));
        }
        let list_p50_ms = r.list.p50_us as f64 / 1e3;
        if r.connections == o.reference_size && list_p50_ms > o.max_list_p50_ms {
            misses.push(format!(
                "GET all at {} connections: p50 {list_p50_ms:.1} ms, budget {:.0} ms",
                r.connections, o.max_list_p50_ms
            ));
        }
        if r.connections == o.reference_size
            && o.postgres.is_none()
            && r.put.per_second() < o.min_put_per_second
        {
            misses.push(format!(
                "PUT at {} connections: {:.0}/s, budget {:.0}/s",
                r.connections,
                r.put.per_second(),
                o.min_put_per_second
            ));
        }
    }
    if let (Some(small), Some(large)) = (results.first(), results.last()) {
        let growth = large.connections as f64 / small.connections as f64;
        if growth > 1.0 {
            // Per item, listing may cost at most twice as much at the largest size.
            let per_item = |r: &SizeResult| r.list.p50_us as f64 / r.connections as f64;
            if per_item(large) > 2.0 * per_item(small) {
                misses.push(format!(
                    "GET all grows faster than linear: {:.2} µs/item at {} vs {:.2} at {}",
                    per_item(large),
                    large.connections,
                    per_item(small),
                    small.connections
                ));
            }
            // One item, one update: indexed, so nearly flat whatever the size.
            for (what, s, l) in [
                ("GET one", small.get.per_second(), large.get.per_second()),
                ("PUT", small.put.per_second(), large.put.per_second()),
            ] {
                if l < 0.5 * s {
                    misses.push(format!(
                        "{what} slows with size: {l:.0}/s at {} vs {s:.0}/s at {}",
                        large.connections, small.connections
                    ));
                }
            }
        }
    }
    misses
}

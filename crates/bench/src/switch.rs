//! A storage switch of N domains without a host (records only, durable commits on SQLite): the
//! time per domain at each size, which must stay flat from 20 to 2,000 and within its budget.

use crate::engine_load::{serve, Serving};
use crate::{seed, write_json};
use engine::store::Location;
use serde::Serialize;
use serde_json::{json, Value};
use std::path::PathBuf;
use std::time::{Duration, Instant};

#[derive(clap::Args)]
pub struct Options {
    #[arg(long, default_value = "target/release/engine")]
    engine: PathBuf,
    /// Domain counts switched.
    #[arg(long, value_delimiter = ',', default_value = "20,200,2000")]
    sizes: Vec<usize>,
    /// The most a domain may take, ms.
    #[arg(long, default_value_t = 25.0)]
    max_ms_per_domain: f64,
    #[arg(long, default_value = "bench-results/tmp")]
    work_dir: PathBuf,
    #[arg(long, default_value = "bench-results/switch.json")]
    out: PathBuf,
}

#[derive(Debug, Serialize)]
pub struct SwitchResult {
    pub domains: usize,
    pub plan_ms: f64,
    pub run_ms: f64,
    pub ms_per_domain: f64,
}

/// The demo site's own rows, which the seed counts in its totals.
const DEMO_CONNECTIONS: usize = 10;
const DEMO_DOMAINS: usize = 7;

async fn measure(o: &Options, n: usize) -> anyhow::Result<SwitchResult> {
    let path = o.work_dir.join(format!("switch-{n}.db"));
    for suffix in ["", "-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{suffix}", path.display()));
    }
    let db = Location::Sqlite(path);
    seed::seed(&db, n + DEMO_CONNECTIONS, n + DEMO_DOMAINS).await?;
    let Serving {
        mut engine,
        base,
        client,
        token,
        ..
    } = serve(&o.engine, &db, &o.work_dir.join(format!("switch-{n}.log"))).await?;
    let api = format!("{base}/ovirt-engine/api");
    let post = |path: String, body: Value| {
        client
            .post(format!("{api}{path}"))
            .bearer_auth(&token)
            .header("Accept", "application/json")
            .json(&body)
            .send()
    };
    // The seed's bulk connections are on nfs000…: every one of them moves.
    let rules: Vec<Value> = (0..=n / 1000)
        .map(|s| {
            json!({"from_address": format!("nfs{s:03}.bench.test"),
                   "to_address": format!("nfs{s:03}-dr.bench.test")})
        })
        .collect();
    let started = Instant::now();
    let plan: Value = post("/storageswitches".into(), json!({"rules": rules}))
        .await?
        .error_for_status()?
        .json()
        .await?;
    let plan_ms = started.elapsed().as_secs_f64() * 1e3;
    let id = plan["id"].as_str().unwrap_or_default().to_string();
    let steps = plan["steps"].as_array().map_or(0, Vec::len);
    anyhow::ensure!(
        steps == n,
        "the plan has {steps} steps for {n} domains: {plan}"
    );
    post(format!("/storageswitches/{id}/start"), json!({}))
        .await?
        .error_for_status()?;
    // The run's time is the switch's own (started → finished, stamped by the engine), so the
    // polling below neither adds to it nor rounds it.
    let run_ms = loop {
        let s: Value = client
            .get(format!("{api}/storageswitches/{id}"))
            .bearer_auth(&token)
            .header("Accept", "application/json")
            .send()
            .await?
            .json()
            .await?;
        match s["status"].as_str() {
            // Polled gently: reading a 2,000-step switch is work the engine would share its cores with.
            Some("running") => tokio::time::sleep(Duration::from_millis(100)).await,
            Some("succeeded") => {
                let ms = |k: &str| s[k].as_f64().unwrap_or_default();
                break ms("finished_ms") - ms("started_ms");
            }
            other => anyhow::bail!("the switch ended {other:?}: {}", s["message"]),
        }
    };
    engine.kill().await.ok();
    Ok(SwitchResult {
        domains: n,
        plan_ms,
        run_ms,
        ms_per_domain: run_ms / n as f64,
    })
}

pub async fn run(o: Options) -> anyhow::Result<()> {
    std::fs::create_dir_all(&o.work_dir)?;
    let mut results = Vec::new();
    for &n in &o.sizes {
        results.push(measure(&o, n).await?);
    }
    println!("| domains | plan ms | run ms | ms per domain |\n|---:|---:|---:|---:|");
    for r in &results {
        println!(
            "| {} | {:.0} | {:.0} | {:.1} |",
            r.domains, r.plan_ms, r.run_ms, r.ms_per_domain
        );
    }
    write_json(&o.out, &results)?;
    let over: Vec<String> = results
        .iter()
        .filter(|r| r.ms_per_domain > o.max_ms_per_domain)
        .map(|r| format!("{} domains: {:.1} ms", r.domains, r.ms_per_domain))
        .collect();
    if !over.is_empty() {
        anyhow::bail!(
            "switch budget ({} ms per domain) missed: {}",
            o.max_ms_per_domain,
            over.join(", ")
        );
    }
    println!("switch budget met: ≤ {} ms per domain", o.max_ms_per_domain);
    Ok(())
}

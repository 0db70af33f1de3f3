//! Runs wrk (Debian's package) with `wrk/load.lua` and reads the JSON line its `done()` prints.

use serde::{Deserialize, Serialize};
use std::path::Path;
use std::time::Duration;
use tokio::process::Command;

const SCRIPT: &str = include_str!("../wrk/load.lua");

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Run {
    pub requests: u64,
    pub duration_us: u64,
    pub bytes: u64,
    pub errors_status: u64,
    pub errors_connect: u64,
    pub errors_read: u64,
    pub errors_write: u64,
    pub errors_timeout: u64,
    pub p50_us: u64,
    pub p99_us: u64,
    pub max_us: u64,
}

impl Run {
    pub fn per_second(&self) -> f64 {
        self.requests as f64 / (self.duration_us.max(1) as f64 / 1e6)
    }

    /// Runs of the same load one after another as one: counts and time added up, the median
    /// run's percentiles, the worst maximum.
    pub fn merge(runs: &[Run]) -> Run {
        let median = |f: fn(&Run) -> u64| {
            let mut v: Vec<u64> = runs.iter().map(f).collect();
            v.sort_unstable();
            v.get(v.len() / 2).copied().unwrap_or(0)
        };
        let sum = |f: fn(&Run) -> u64| runs.iter().map(f).sum();
        Run {
            requests: sum(|r| r.requests),
            duration_us: sum(|r| r.duration_us),
            bytes: sum(|r| r.bytes),
            errors_status: sum(|r| r.errors_status),
            errors_connect: sum(|r| r.errors_connect),
            errors_read: sum(|r| r.errors_read),
            errors_write: sum(|r| r.errors_write),
            errors_timeout: sum(|r| r.errors_timeout),
            p50_us: median(|r| r.p50_us),
            p99_us: median(|r| r.p99_us),
            max_us: runs.iter().map(|r| r.max_us).max().unwrap_or(0),
        }
    }

    pub fn errors(&self) -> u64 {
        self.errors_status
            + self.errors_connect
            + self.errors_read
            + self.errors_write
            + self.errors_timeout
    }
}

pub struct Load<'a> {
    pub base_url: &'a str,
    pub mode: &'a str,
    pub ids_file: &'a Path,
    pub token: &'a str,
    pub connections: u32,
    pub duration: Duration,
    pub work_dir: &'a Path,
}

pub async fn run(load: Load<'_>) -> anyhow::Result<Run> {
    let script = load.work_dir.join("load.lua");
    std::fs::write(&script, SCRIPT)?;
    // One wrk thread: the machine has two cores, and the server under test needs the other.
    let out = Command::new("wrk")
        .arg("-t1")
        .arg(format!("-c{}", load.connections))
        .arg(format!("-d{}s", load.duration.as_secs().max(1)))
        .arg("--timeout")
        .arg("30s")
        .arg("-s")
        .arg(&script)
        .arg(load.base_url)
        .arg("--")
        .arg(load.mode)
        .arg(load.ids_file)
        .arg(load.token)
        .output()
        .await
        .map_err(|e| anyhow::anyhow!("running wrk (apt-get install wrk): {e}"))?;
    let stdout = String::from_utf8_lossy(&out.stdout);
    if !out.status.success() {
        anyhow::bail!(
            "wrk failed: {}\n{stdout}\n{}",
            out.status,
            String::from_utf8_lossy(&out.stderr)
        );
    }
    let line = stdout
        .lines()
        .rev()
        .find(|l| l.starts_with('{'))
        .ok_or_else(|| anyhow::anyhow!("wrk printed no result:\n{stdout}"))?;
    Ok(serde_json::from_str(line)?)
}

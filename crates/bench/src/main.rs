//! `make bench`: seeds large databases, drives the engine with wrk next to a trivial axum
//! handler, measures the web admin's payload, and checks the budgets (non-zero exit on a miss).

mod engine_load;
mod in_process;
mod seed;
mod size;
mod switch;
mod trivial;
mod wrk;

use clap::{Parser, Subcommand};
use std::path::PathBuf;

#[derive(Parser)]
#[command(about)]
struct Args {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Write a new database with this many connections and domains (demo site included).
    Seed {
        /// A new SQLite file, or the URL of an empty PostgreSQL database.
        #[arg(long)]
        db: engine::store::Location,
        #[arg(long)]
        connections: usize,
        #[arg(long)]
        domains: usize,
    },
    /// Serve the trivial handler the engine is compared with.
    Trivial {
        #[arg(long, default_value = "127.0.0.1:0")]
        listen: std::net::SocketAddr,
    },
    /// The web admin's files: raw, gzip -9 and as served (the budget is on what a first visit
    /// transfers, measured in Chromium: e2e/bench/payload.bench.ts).
    Size {
        #[arg(long, default_value = "dist")]
        dist: PathBuf,
        #[arg(long, default_value = "bench-results/size.json")]
        out: PathBuf,
    },
    /// The engine under load at each size, next to the trivial handler, against the budgets.
    Engine(engine_load::Options),
    /// A storage switch of 20, 200 and 2,000 domains without a host: time per domain.
    Switch(switch::Options),
    /// GET one through the engine's stack in process, next to the trivial handler's router.
    InProcess(in_process::Options),
}

// The engine binary's allocator, so the in-process measurement matches it.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    match Args::parse().command {
        Command::Seed {
            db,
            connections,
            domains,
        } => seed::seed(&db, connections, domains).await,
        Command::Trivial { listen } => trivial::serve(listen).await,
        Command::Size { dist, out } => {
            let p = size::measure(&dist)?;
            println!(
                "| file | raw bytes | gzip -9 bytes | served (brotli, precompressed) |\n|---|---:|---:|---:|"
            );
            for f in &p.files {
                println!("| {} | {} | {} | {} |", f.file, f.raw, f.gzip, f.served());
            }
            println!("| **total** | {} | {} | **{}** |", p.raw, p.gzip, p.served);
            write_json(&out, &p)?;
            Ok(())
        }
        Command::Engine(o) => engine_load::run(o).await,
        Command::Switch(o) => switch::run(o).await,
        Command::InProcess(o) => in_process::run(o).await,
    }
}

pub fn write_json<T: serde::Serialize>(path: &std::path::Path, value: &T) -> anyhow::Result<()> {
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir)?;
    }
    std::fs::write(path, serde_json::to_vec_pretty(value)?)?;
    Ok(())
}

use anyhow::Context;
use clap::Parser;
use engine::Config;
use std::net::SocketAddr;
use std::path::PathBuf;
use tracing_subscriber::EnvFilter;

/// oVirt-compatible storage engine: REST API v4 (storage subset) and the web admin.
#[derive(Parser, Debug)]
#[command(version, about)]
struct Args {
    /// Address to listen on.
    #[arg(long, default_value = "127.0.0.1:8080")]
    listen: SocketAddr,
    /// SQLite database file; created with its schema on first start.
    #[arg(long, default_value = "engine.db")]
    db: PathBuf,
    /// Directory of the built web admin (Trunk's dist/), served at `/`.
    #[arg(long)]
    dist: Option<PathBuf>,
    /// Seed demo data into an empty database.
    #[arg(long)]
    demo: bool,
    /// Seconds a crashed engine's locks (and interrupted updates) stay before a running engine
    /// takes them over and restores the domains.
    #[arg(long, default_value_t = 30.0)]
    lock_lease_secs: f64,
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    tracing_subscriber::fmt()
        .with_env_filter(
            EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info")),
        )
        .init();
    let args = Args::parse();
    if let Some(dist) = &args.dist {
        if !dist.join("index.html").is_file() {
            anyhow::bail!(
                "--dist {}: no index.html there (build the web admin with `trunk build --release`)",
                dist.display()
            );
        }
    }
    let lease = std::time::Duration::try_from_secs_f64(args.lock_lease_secs)
        .ok()
        .filter(|d| !d.is_zero())
        .context("--lock-lease-secs must be a positive number of seconds")?;
    // Test-only fault injection (see Settings::update_pause).
    let update_pause = std::env::var("ENGINE_TEST_UPDATE_PAUSE_MS")
        .ok()
        .and_then(|v| v.parse::<u64>().ok())
        .map(std::time::Duration::from_millis);
    let config = Config {
        listen: args.listen,
        db: args.db,
        dist: args.dist,
        demo: args.demo,
        settings: engine::Settings {
            lock_lease: lease,
            update_pause,
        },
    };
    let (listener, app) = engine::start(&config).await?;
    let addr = listener.local_addr().context("reading the bound address")?;
    tracing::info!("engine listening on http://{addr}/");
    println!("Web admin: http://{addr}/");
    axum::serve(listener, app)
        .with_graceful_shutdown(shutdown())
        .await
        .context("serving")?;
    Ok(())
}

async fn shutdown() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        if let Ok(mut s) = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())
        {
            s.recv().await;
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        _ = ctrl_c => {},
        _ = term => {},
    }
}

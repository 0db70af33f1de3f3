//! The engine: an oVirt-compatible REST API for storage domains and storage connections,
//! persisted in SQLite, serving the web admin.

pub mod demo;
pub mod http;
pub mod store;

use std::net::SocketAddr;
use std::path::PathBuf;
use store::Store;
use tokio::net::TcpListener;

/// What every request handler can reach.
#[derive(Clone)]
pub struct AppState {
    pub store: Store,
}

/// How to run the engine.
#[derive(Debug, Clone)]
pub struct Config {
    pub listen: SocketAddr,
    pub db: PathBuf,
    pub dist: Option<PathBuf>,
    pub demo: bool,
}

/// Opens the database (seeding the demo site when asked and the database is empty) and binds.
pub async fn start(config: &Config) -> anyhow::Result<(TcpListener, axum::Router)> {
    let store = Store::open(&config.db).await?;
    if config.demo && store.is_empty().await? {
        demo::seed(&store).await?;
        tracing::info!("seeded demo data into {}", config.db.display());
    }
    let app = http::router(AppState { store }, config.dist.as_deref());
    let listener = TcpListener::bind(config.listen)
        .await
        .map_err(|e| anyhow::anyhow!("binding {}: {e}", config.listen))?;
    Ok((listener, app))
}

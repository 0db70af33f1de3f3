//! The engine: an oVirt-compatible REST API for storage domains and storage connections,
//! persisted in SQLite, serving the web admin.

pub mod auth;
pub mod cache;
pub mod commands;
pub mod demo;
pub mod dr_mapping;
pub mod element;
pub mod error;
pub mod extensions;
pub mod http;
pub mod logging;
pub mod precompress;
pub mod probe;
pub mod store;

use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;
use store::Store;
use tokio::net::TcpListener;

/// Tunables that commands read.
#[derive(Debug, Clone)]
pub struct Settings {
    /// How long a lock or compensation record outlives a crashed owner.
    pub lock_lease: Duration,
    /// Test-only fault injection: how long a connection update waits with its domains locked,
    /// so a test can kill the engine mid-update.
    pub update_pause: Option<Duration>,
    /// How long a bearer token stays valid.
    pub token_ttl: Duration,
    /// The first admin's password (`ENGINE_ADMIN_PASSWORD`); generated and printed once if unset.
    pub admin_password: Option<String>,
    /// The host agent's limits: probe timeout, and which destinations it may contact.
    pub probe_timeout: Duration,
    pub probe_scope: probe::Scope,
    /// How long token checks and single connections stay in the read caches (0: off).
    pub read_cache_ttl: Duration,
    /// The longest a request may take before it is answered 408 (slow clients, stuck peers).
    pub request_timeout: Duration,
    /// Served over HTTPS (adds Strict-Transport-Security).
    pub tls: bool,
    /// Answer as oVirt's own engine does, without this project's extensions (`--vanilla`; see
    /// `extensions`): proves the web admin works in front of a real engine.
    pub vanilla: bool,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            lock_lease: Duration::from_secs(30),
            update_pause: None,
            token_ttl: Duration::from_secs(8 * 3600),
            admin_password: None,
            probe_timeout: Duration::from_secs(5),
            probe_scope: probe::Scope::Any,
            read_cache_ttl: Duration::from_secs(60),
            request_timeout: Duration::from_secs(60),
            tls: false,
            vanilla: false,
        }
    }
}

/// What every request handler can reach. One shared allocation: axum clones the state for
/// every layer of every request, and one reference count is cheaper than five.
#[derive(Clone)]
pub struct AppState(Arc<Shared>);

pub struct Shared {
    pub store: Store,
    pub agent: probe::HostAgent,
    pub settings: Arc<Settings>,
    /// This process's id, the owner prefix of its locks.
    pub instance: Arc<str>,
    pub caches: cache::Caches,
}

impl std::ops::Deref for AppState {
    type Target = Shared;
    fn deref(&self) -> &Shared {
        &self.0
    }
}

/// How to run the engine.
#[derive(Debug, Clone)]
pub struct Config {
    pub listen: SocketAddr,
    pub db: store::Location,
    pub dist: Option<PathBuf>,
    pub demo: bool,
    pub settings: Settings,
}

impl Config {
    pub fn new(listen: SocketAddr, db: impl Into<store::Location>) -> Self {
        Config {
            listen,
            db: db.into(),
            dist: None,
            demo: false,
            settings: Settings::default(),
        }
    }
}

/// Opens the database (seeding the demo site when asked and the database is empty), restores
/// what crashed commands left behind, and binds.
pub async fn start(config: &Config) -> anyhow::Result<(TcpListener, http::App)> {
    let store = Store::open(&config.db).await?;
    // The first writes happen here; a database that cannot be written is reported as such.
    prepare(config, &store)
        .await
        .map_err(|e| store::not_writable_hint(e, &config.db))?;
    let state = AppState(Arc::new(Shared {
        store,
        agent: probe::HostAgent {
            timeout: config.settings.probe_timeout,
            scope: config.settings.probe_scope,
            ..Default::default()
        },
        settings: Arc::new(config.settings.clone()),
        instance: uuid::Uuid::new_v4().to_string().into(),
        caches: cache::Caches::new(config.settings.read_cache_ttl),
    }));
    recover(&state)
        .await
        .map_err(|e| store::not_writable_hint(e, &config.db))?;
    // Every start is an event, so even a new site's audit trail is never empty (oVirt clients
    // such as the Ansible host module read the newest event before acting).
    let started = format!(
        "The engine started (version {}, instance {}).",
        env!("CARGO_PKG_VERSION"),
        state.instance
    );
    state
        .store
        .events
        .record(store::events::NewEvent {
            user_name: None,
            action: "Start Engine".into(),
            target: None,
            storage_domain_id: None,
            success: true,
            description: started,
        })
        .await
        .map_err(|e| store::not_writable_hint(e, &config.db))?;
    spawn_sweeper(state.clone());
    spawn_change_watcher(state.clone());
    let app = http::router(state, config.dist.as_deref())?;
    let listener = TcpListener::bind(config.listen)
        .await
        .map_err(|e| anyhow::anyhow!("binding {}: {e}", config.listen))?;
    Ok((listener, app))
}

/// Demo data on an empty database, and the first admin. One transaction, serialized with every
/// other writer: engines started together on a new database seed it once.
async fn prepare(config: &Config, store: &Store) -> anyhow::Result<()> {
    let mut tx = store::begin_write(&store.pool).await?;
    let seeded = config.demo && store::datacenters::none_yet(&mut tx).await?;
    if seeded {
        demo::seed_into(&mut tx).await?;
    }
    let generated =
        auth::users::ensure_admin(&mut tx, config.settings.admin_password.as_deref()).await?;
    tx.commit().await?;
    if seeded {
        tracing::info!("seeded demo data into {}", config.db);
    }
    if let Some(generated) = generated {
        // Shown once, on the console only: it is never stored in clear or logged.
        println!("Created admin@internal with the generated password: {generated}");
        println!("(set ENGINE_ADMIN_PASSWORD before the first start to choose it)");
    }
    Ok(())
}

/// Keeps this engine's leases alive, then restores and drops what dead owners left.
async fn recover(state: &AppState) -> anyhow::Result<()> {
    let (pool, lease) = (&state.store.pool, state.settings.lock_lease);
    store::locks::renew(pool, &state.instance, lease).await?;
    store::compensation::renew(pool, &state.instance, lease).await?;
    store::switches::renew(pool, &state.instance, lease).await?;
    if store::compensation::recover_expired(pool).await? > 0 {
        state.caches.invalidate_all();
    }
    store::locks::sweep_expired(pool).await?;
    // A storage switch whose engine died is carried on here.
    commands::run_switch::resume_abandoned(state).await?;
    Ok(())
}

/// Periodically renews this engine's leases, restores expired compensation records and drops
/// expired locks, so a crashed engine's leftovers are cleaned up by whichever engine is running
/// and a live one's are not. Three renewals per lease: one late tick does not lose it.
fn spawn_sweeper(state: AppState) {
    let period =
        (state.settings.lock_lease / 3).clamp(Duration::from_millis(50), Duration::from_secs(10));
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(period);
        tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            tick.tick().await;
            if let Err(e) = recover(&state).await {
                tracing::warn!(error = format!("{e:#}"), "recovery sweep failed");
            }
        }
    });
}

/// Empties the read caches whenever anything else commits to the database (another engine,
/// the `users` command): their changes show within a tenth of a second.
fn spawn_change_watcher(state: AppState) {
    tokio::spawn(async move {
        loop {
            let caches = &state.caches;
            let r = state
                .store
                .watch_changes(Duration::from_millis(100), || caches.invalidate_all())
                .await;
            if let Err(e) = r {
                // Until the watch is back, nothing cached can be trusted.
                caches.invalidate_all();
                tracing::warn!(error = format!("{e:#}"), "database change watch failed");
                tokio::time::sleep(Duration::from_secs(1)).await;
            }
        }
    });
}

/// Serves the app over HTTPS with the certificate chain and private key in PEM files (rustls).
pub async fn serve_tls(
    listener: TcpListener,
    app: http::App,
    cert: &std::path::Path,
    key: &std::path::Path,
) -> anyhow::Result<()> {
    // ring is the one crypto provider compiled in; a second install is a harmless no-op.
    let _ = rustls::crypto::ring::default_provider().install_default();
    let config = axum_server::tls_rustls::RustlsConfig::from_pem_file(cert, key)
        .await
        .map_err(|e| {
            anyhow::anyhow!(
                "reading the TLS certificate {} and key {}: {e}",
                cert.display(),
                key.display()
            )
        })?;
    axum_server::from_tcp_rustls(listener.into_std()?, config)
        .serve(with_client_addr(app))
        .await?;
    Ok(())
}

/// Serves the app, giving handlers the client's address (used to throttle sign-ins).
pub async fn serve(listener: TcpListener, app: http::App) -> std::io::Result<()> {
    axum::serve(listener, with_client_addr(app)).await
}

/// The app, told each request's client address. (Made once for both servers: the request type
/// only picks which of axum's helpers makes it; the edge takes hyper's and axum_server's.)
fn with_client_addr(
    app: http::App,
) -> axum::extract::connect_info::IntoMakeServiceWithConnectInfo<http::App, SocketAddr> {
    axum::ServiceExt::<axum::extract::Request>::into_make_service_with_connect_info(app)
}

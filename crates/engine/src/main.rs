#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

use anyhow::Context;
use clap::{Parser, Subcommand};
use engine::Config;
use std::io::Read;
use std::net::SocketAddr;
use std::path::PathBuf;
use storage_model::rules::permissions::Role;

/// oVirt-compatible storage engine: REST API v4 (storage subset) and the web admin.
#[derive(Parser, Debug)]
#[command(version, about)]
struct Args {
    /// Address to listen on.
    #[arg(long, default_value = "127.0.0.1:8080")]
    listen: SocketAddr,
    /// The database: a SQLite file (created with its schema on first start), or
    /// `postgres://user:password@host:port/database` for PostgreSQL, which several engines can
    /// share (the database must exist; the schema is created on first start).
    #[arg(long, default_value = "engine.db", global = true)]
    db: engine::store::Location,
    /// Directory of the built web admin (`make spa` → dist/), served at `/`.
    #[arg(long)]
    dist: Option<PathBuf>,
    /// Seed demo data into an empty database.
    #[arg(long)]
    demo: bool,
    /// Seconds a crashed engine's locks (and interrupted updates) stay before a running engine
    /// takes them over and restores the domains.
    #[arg(long, default_value_t = 30.0)]
    lock_lease_secs: f64,
    /// Seconds each connectivity probe step may take.
    #[arg(long, default_value_t = 5.0)]
    probe_timeout_secs: f64,
    /// Which storage servers the host agent may contact: `any`, or `loopback` (tests and demos:
    /// nothing leaves the machine; other servers are reported as not checked).
    #[arg(long, default_value = "any")]
    probe_scope: String,
    /// Minutes a bearer token stays valid.
    #[arg(long, default_value_t = 480.0)]
    token_ttl_mins: f64,
    /// Milliseconds token checks and single connections may stay in this engine's read caches.
    /// Its own writes clear them at once and commits by other processes within 0.1 s (the
    /// database is watched); this is the backstop. 0 turns the caches off.
    #[arg(long, default_value_t = 60000)]
    read_cache_ms: u64,
    /// Serve HTTPS with this certificate chain (PEM); needs --tls-key.
    #[arg(long, requires = "tls_key")]
    tls_cert: Option<PathBuf>,
    /// The private key (PEM) of --tls-cert.
    #[arg(long, requires = "tls_cert")]
    tls_key: Option<PathBuf>,
    /// Seconds a request may take before it is answered 408 Request Timeout.
    #[arg(long, default_value_t = 60.0)]
    request_timeout_secs: f64,
    /// Answer as oVirt's own engine does: without this project's extensions of the API (they
    /// answer 404) and named as oVirt's engine, to try the web admin as if in front of one.
    #[arg(long)]
    vanilla: bool,
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Manage users: add, set passwords, grant roles, list.
    #[command(subcommand)]
    Users(UsersCommand),
    /// Write FILE.br and FILE.gz beside each compressible file of a built web admin (`make spa`
    /// does), so the engine serves them compressed.
    Precompress { dir: PathBuf },
}

#[derive(Subcommand, Debug)]
enum UsersCommand {
    /// Add a user (`name@profile`); the password is read from standard input.
    Add {
        login: String,
        /// Role to grant: SuperUser, StorageAdmin or ReadOnlyAdmin.
        #[arg(long)]
        role: Option<String>,
        /// Grant the role on this storage domain only.
        #[arg(long)]
        domain: Option<String>,
    },
    /// Set a user's password, read from standard input (ends the user's sessions).
    Password { login: String },
    /// Grant a role, system-wide or on one storage domain.
    Grant {
        login: String,
        role: String,
        #[arg(long)]
        domain: Option<String>,
    },
    /// List users and their roles.
    List,
}

fn read_password() -> anyhow::Result<String> {
    let mut s = String::new();
    std::io::stdin()
        .read_to_string(&mut s)
        .context("reading the password from standard input")?;
    let p = s.trim_end_matches(['\n', '\r']).to_string();
    if p.is_empty() {
        anyhow::bail!("the password read from standard input is empty");
    }
    Ok(p)
}

async fn users(db: &engine::store::Location, cmd: UsersCommand) -> anyhow::Result<()> {
    use engine::auth::users;
    let store = engine::store::Store::open(db).await?;
    let pool = &store.pool;
    match cmd {
        UsersCommand::Add {
            login,
            role,
            domain,
        } => {
            let password = read_password()?;
            users::create(pool, &login, &password).await?;
            if let Some(role) = role {
                let role: Role = role.parse()?;
                users::grant(pool, &login, role, domain.as_deref()).await?;
            }
            println!("added {login}");
        }
        UsersCommand::Password { login } => {
            users::set_password(pool, &login, &read_password()?).await?;
            println!("password of {login} set");
        }
        UsersCommand::Grant {
            login,
            role,
            domain,
        } => {
            let role: Role = role.parse()?;
            users::grant(pool, &login, role, domain.as_deref()).await?;
            println!("granted {role} to {login}");
        }
        UsersCommand::List => {
            let rows = engine::store::users::all_with_grants(pool).await?;
            for (name, profile, role, domain) in rows {
                let scope = domain
                    .map(|d| format!(" on storage domain {d}"))
                    .unwrap_or_else(|| " (system)".into());
                println!(
                    "{name}@{profile}\t{}{scope}",
                    role.unwrap_or_else(|| "-".into())
                );
            }
        }
    }
    Ok(())
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    engine::logging::init();
    let args = Args::parse();
    match args.command {
        Some(Command::Users(cmd)) => return users(&args.db, cmd).await,
        Some(Command::Precompress { dir }) => {
            for f in engine::precompress::run(&dir)? {
                println!(
                    "{}: {} bytes, brotli {}, gzip {}",
                    f.path.display(),
                    f.raw,
                    f.br,
                    f.gz
                );
            }
            return Ok(());
        }
        None => {}
    }
    if let Some(dist) = &args.dist {
        if !dist.join("index.html").is_file() {
            anyhow::bail!(
                "--dist {}: no index.html there (build the web admin with `make spa`)",
                dist.display()
            );
        }
    }
    let positive = |secs: f64, what: &str| {
        std::time::Duration::try_from_secs_f64(secs)
            .ok()
            .filter(|d| !d.is_zero())
            .with_context(|| format!("{what} must be a positive number"))
    };
    let lease = positive(args.lock_lease_secs, "--lock-lease-secs")?;
    let token_ttl = positive(args.token_ttl_mins * 60.0, "--token-ttl-mins")?;
    let probe_timeout = positive(args.probe_timeout_secs, "--probe-timeout-secs")?;
    let probe_scope = match args.probe_scope.as_str() {
        "any" => engine::probe::Scope::Any,
        "loopback" => engine::probe::Scope::Loopback,
        other => anyhow::bail!("--probe-scope must be `any` or `loopback`, not `{other}`"),
    };
    // Test-only fault injection (see Settings::update_pause).
    let update_pause = std::env::var("ENGINE_TEST_UPDATE_PAUSE_MS")
        .ok()
        .and_then(|v| v.parse::<u64>().ok())
        .map(std::time::Duration::from_millis);
    let tls = args.tls_cert.clone().zip(args.tls_key.clone());
    let config = Config {
        listen: args.listen,
        db: args.db,
        dist: args.dist,
        demo: args.demo,
        settings: engine::Settings {
            lock_lease: lease,
            update_pause,
            token_ttl,
            admin_password: std::env::var("ENGINE_ADMIN_PASSWORD").ok(),
            probe_timeout,
            probe_scope,
            read_cache_ttl: std::time::Duration::from_millis(args.read_cache_ms),
            request_timeout: positive(args.request_timeout_secs, "--request-timeout-secs")?,
            tls: args.tls_cert.is_some(),
            vanilla: args.vanilla,
        },
    };
    let (listener, app) = engine::start(&config).await?;
    let addr = listener.local_addr().context("reading the bound address")?;
    let scheme = if tls.is_some() { "https" } else { "http" };
    tracing::info!("engine listening on {scheme}://{addr}/");
    println!("Web admin: {scheme}://{addr}/  (sign in as admin, profile internal)");
    let server = async {
        match &tls {
            Some((cert, key)) => engine::serve_tls(listener, app, cert, key).await,
            None => engine::serve(listener, app).await.map_err(Into::into),
        }
    };
    tokio::select! {
        r = server => r.context("serving")?,
        _ = shutdown() => {},
    }
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

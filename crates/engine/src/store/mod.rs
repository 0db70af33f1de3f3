//! Persistence through sqlx: SQLite on disk (the default) or PostgreSQL, schema from
//! `migrations/sqlite` or `migrations/postgres`.

pub mod attachments;
pub mod clusters;
pub mod compensation;
pub mod connections;
pub mod datacenters;
pub mod demo;
pub mod disks;
pub mod domains;
pub mod event_log;
pub mod events;
pub mod hosts;
pub mod locks;
pub mod luns;
pub mod summary;
pub mod switches;
pub mod throttle;
pub mod tokens;
pub mod usage;
pub mod users;
pub mod vms;

mod backend;

pub use backend::{begin_write, Backend, Flag, Location, PassedOn, StorageFailure, WriteTx};

use anyhow::Context;
use sqlx::any::AnyPoolOptions;
use sqlx::AnyPool;
use std::sync::atomic::{AtomicI64, Ordering};
use std::time::Duration;

/// The engine's database: SQLite (embedded, the default) or PostgreSQL (several engines on one
/// database). Both are reached through sqlx's `Any` driver with the same queries; what differs
/// between them lives in `backend.rs`.
#[derive(Clone)]
pub struct Store {
    pub pool: AnyPool,
    pub location: Location,
    /// Where the audit trail's events are written (together when they come together).
    pub events: event_log::EventLog,
}

impl Store {
    /// Opens (creating if needed) the database and brings its schema up to date.
    pub async fn open(location: &Location) -> anyhow::Result<Self> {
        sqlx::any::install_default_drivers();
        let backend = location.backend();
        let pool = AnyPoolOptions::new()
            .max_connections(8)
            // A database server that cannot be reached is a 503 after this, not after sqlx's
            // default 30 s (SQLite connections are local and never wait this long).
            .acquire_timeout(Duration::from_secs(10))
            .after_connect(move |conn, _meta| Box::pin(backend.prepare_connection(conn)))
            // After a storage failure, connections are replaced rather than reused (see
            // `storage_failed`).
            .after_release(|_conn, _meta| {
                Box::pin(async move { Ok(now_ms() > RECYCLE_UNTIL_MS.load(Ordering::Relaxed)) })
            })
            .connect_with(location.connect_options()?)
            .await
            .map_err(|e| not_writable_hint(e.into(), location))
            .with_context(|| format!("opening database {location}"))?;
        backend
            .migrate(&pool)
            .await
            .map_err(|e| not_writable_hint(e.into(), location))
            .with_context(|| format!("migrating database {location}"))?;
        Ok(Store {
            events: event_log::EventLog::start(pool.clone()),
            pool,
            location: location.clone(),
        })
    }

    /// Watches for commits made by any connection, of this process or another: calls `changed`
    /// (at most once per `period` on SQLite) after the database changed.
    pub async fn watch_changes(
        &self,
        period: Duration,
        changed: impl FnMut(),
    ) -> anyhow::Result<()> {
        backend::watch_changes(&self.location, period, changed).await
    }
}

/// Parses an enum column written by the engine itself; a bad value means a damaged database.
pub(crate) fn parse_column<T>(table: &str, column: &str, value: &str) -> anyhow::Result<T>
where
    T: std::str::FromStr,
    T::Err: std::fmt::Display,
{
    value
        .parse::<T>()
        .map_err(|e| anyhow::anyhow!("{table}.{column} holds an invalid value: {e}"))
}

/// Says plainly when the database cannot be written where it is (a read-only file system, or a
/// directory the engine cannot create its `-wal` and `-shm` files in).
pub fn not_writable_hint(e: anyhow::Error, location: &Location) -> anyhow::Error {
    let Location::Sqlite(path) = location else {
        return e;
    };
    match StorageFailure::in_chain(&e) {
        Some(StorageFailure::ReadOnly | StorageFailure::CannotOpen) => e.context(format!(
            "the database {} is not writable (a read-only file system, or a directory where the \
             engine cannot create its -wal and -shm files); nothing was changed",
            path.display()
        )),
        _ => e,
    }
}

/// Until when (unix ms) released connections are closed instead of pooled.
static RECYCLE_UNTIL_MS: AtomicI64 = AtomicI64::new(0);

/// Called when SQLite reports that its storage failed (disk full, read-only, I/O error). A
/// connection whose statement failed that way can keep a read snapshot or the write lock, and
/// every later write then waits and fails with "database is locked" even after the disk is
/// back. Connections released in the next two seconds are closed and replaced by fresh ones.
pub fn storage_failed() {
    RECYCLE_UNTIL_MS.store(now_ms() + 2_000, Ordering::Relaxed);
}

/// Wall-clock time in unix milliseconds (lock and compensation leases).
pub fn now_ms() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| i64::try_from(d.as_millis()).unwrap_or(i64::MAX))
        .unwrap_or(0)
}

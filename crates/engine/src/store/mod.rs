//! Persistence: SQLite on disk through sqlx, schema from `migrations/`.

pub mod compensation;
pub mod connections;
pub mod datacenters;
pub mod domains;
pub mod events;
pub mod hosts;
pub mod locks;
pub mod usage;

use anyhow::Context;
use sqlx::sqlite::{
    SqliteConnectOptions, SqliteJournalMode, SqlitePool, SqlitePoolOptions, SqliteSynchronous,
};
use std::path::Path;
use std::sync::atomic::{AtomicI64, Ordering};
use std::time::Duration;

/// The engine's database.
#[derive(Clone)]
pub struct Store {
    pub pool: SqlitePool,
    options: SqliteConnectOptions,
}

impl Store {
    /// Opens (creating if needed) the database at `path` and brings its schema up to date.
    ///
    /// WAL lets readers proceed during a write; `synchronous=FULL` makes every acknowledged
    /// commit durable, which an administrator's map of their storage deserves. Every
    /// transaction that writes starts with `BEGIN IMMEDIATE`: a deferred one that reads first
    /// cannot wait for the write lock and fails at once with "database is locked" when another
    /// writer got there in between (found by the 50-client test, tests/concurrency.rs).
    pub async fn open(path: &Path) -> anyhow::Result<Self> {
        let options = SqliteConnectOptions::new()
            .filename(path)
            .create_if_missing(true)
            .journal_mode(SqliteJournalMode::Wal)
            .synchronous(SqliteSynchronous::Full)
            .foreign_keys(true)
            .busy_timeout(Duration::from_secs(5));
        let pool = SqlitePoolOptions::new()
            .max_connections(8)
            // After a storage failure, connections are replaced rather than reused (see
            // `storage_failed`).
            .after_release(|_conn, _meta| {
                Box::pin(async move { Ok(now_ms() > RECYCLE_UNTIL_MS.load(Ordering::Relaxed)) })
            })
            .connect_with(options.clone())
            .await
            .map_err(|e| not_writable_hint(e.into(), path))
            .with_context(|| format!("opening database {}", path.display()))?;
        sqlx::migrate!("./migrations")
            .run(&pool)
            .await
            .map_err(|e| not_writable_hint(e.into(), path))
            .with_context(|| format!("migrating database {}", path.display()))?;
        Ok(Store { pool, options })
    }

    /// Watches for commits made by any connection, of this process or another: yields once per
    /// `period` in which the database changed. SQLite's `data_version` moves whenever another
    /// connection commits, so one private connection sees them all.
    pub async fn watch_changes(
        &self,
        period: Duration,
        mut changed: impl FnMut(),
    ) -> anyhow::Result<()> {
        use sqlx::Connection;
        let mut conn = sqlx::SqliteConnection::connect_with(&self.options).await?;
        let mut last: i64 = sqlx::query_scalar("PRAGMA data_version")
            .fetch_one(&mut conn)
            .await?;
        let mut tick = tokio::time::interval(period);
        tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            tick.tick().await;
            let now: i64 = sqlx::query_scalar("PRAGMA data_version")
                .fetch_one(&mut conn)
                .await?;
            if now != last {
                last = now;
                changed();
            }
        }
    }

    /// True when the database holds no data center yet (a fresh install).
    pub async fn is_empty(&self) -> anyhow::Result<bool> {
        let n: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM data_centers")
            .fetch_one(&self.pool)
            .await?;
        Ok(n == 0)
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
pub fn not_writable_hint(e: anyhow::Error, path: &Path) -> anyhow::Error {
    let code = e
        .chain()
        .find_map(|c| match c.downcast_ref::<sqlx::Error>() {
            Some(sqlx::Error::Database(d)) => d.code().and_then(|c| c.parse::<i64>().ok()),
            Some(sqlx::Error::Migrate(m)) => match m.as_ref() {
                sqlx::migrate::MigrateError::Execute(sqlx::Error::Database(d)) => {
                    d.code().and_then(|c| c.parse::<i64>().ok())
                }
                _ => None,
            },
            _ => None,
        });
    match code.map(|c| c & 0xff) {
        Some(8) | Some(14) => e.context(format!(
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

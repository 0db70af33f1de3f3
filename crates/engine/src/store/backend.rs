//! What differs between SQLite and PostgreSQL, and nothing else: where the database is, how a
//! connection is set up, which migrations apply, how a writing transaction starts, and how
//! commits made elsewhere are noticed. Every query is shared (numbered `$N` parameters, flags as
//! 0/1 integers, `IS NOT DISTINCT FROM`, `ON CONFLICT`, an explicit `rowid` column on PostgreSQL).

use sqlx::any::{AnyConnectOptions, AnyTypeInfo, AnyValueRef};
use sqlx::error::BoxDynError;
use sqlx::migrate::Migrator;
use sqlx::{
    Any, AnyConnection, AnyPool, ConnectOptions, Connection, Decode, Executor, Transaction, Type,
};
use std::future::Future;
use std::path::PathBuf;
use std::pin::Pin;
use std::sync::Arc;
use std::task::Poll;
use std::time::Duration;

/// Where the database is: `--db postgres://…` (or `postgresql://…`) is PostgreSQL, anything else
/// a SQLite file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Location {
    Sqlite(PathBuf),
    Postgres(String),
}

/// Which kind of database a pool talks to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

impl Location {
    pub fn parse(s: &str) -> Location {
        if s.starts_with("postgres://") || s.starts_with("postgresql://") {
            Location::Postgres(s.to_string())
        } else {
            Location::Sqlite(PathBuf::from(s))
        }
    }

    pub fn backend(&self) -> Backend {
        match self {
            Location::Sqlite(_) => Backend::Sqlite,
            Location::Postgres(_) => Backend::Postgres,
        }
    }

    /// The value of `--db` that names this database (the inverse of `parse`; the PostgreSQL URL
    /// whole, so not for logs: `Display` hides its password).
    pub fn to_arg(&self) -> String {
        match self {
            Location::Sqlite(path) => path.display().to_string(),
            Location::Postgres(url) => url.clone(),
        }
    }

    /// How sqlx reaches the database (for the engine's pool, and for tools and tests).
    pub fn connect_options(&self) -> anyhow::Result<AnyConnectOptions> {
        let url = match self {
            Location::Sqlite(path) => sqlx::sqlite::SqliteConnectOptions::new()
                .filename(path)
                .create_if_missing(true)
                .to_url_lossy(),
            // Parse errors name the part that is wrong, never the URL (it may hold a password).
            Location::Postgres(url) => url::Url::parse(url)
                .map_err(|e| anyhow::anyhow!("--db is not a valid PostgreSQL URL: {e}"))?,
        };
        Ok(AnyConnectOptions::from_url(&url)?)
    }
}

impl std::str::FromStr for Location {
    type Err = std::convert::Infallible;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Ok(Location::parse(s))
    }
}

impl From<PathBuf> for Location {
    fn from(path: PathBuf) -> Self {
        Location::Sqlite(path)
    }
}

/// The file's path, or the PostgreSQL URL without its password (this is what logs and errors
/// show).
impl std::fmt::Display for Location {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Location::Sqlite(path) => write!(f, "{}", path.display()),
            Location::Postgres(raw) => match url::Url::parse(raw) {
                Ok(mut url) => {
                    if url.password().is_some() {
                        let _ = url.set_password(Some("***"));
                    }
                    write!(f, "{url}")
                }
                Err(_) => f.write_str("postgres://(an invalid URL)"),
            },
        }
    }
}

static SQLITE_MIGRATIONS: Migrator = sqlx::migrate!("./migrations/sqlite");
static POSTGRES_MIGRATIONS: Migrator = sqlx::migrate!("./migrations/postgres");

/// Any key will do as long as every engine uses the same one: it names "the database's writer".
const WRITE_LOCK_KEY: i64 = 0x0571_5e5e;

impl Backend {
    pub fn of(pool: &AnyPool) -> Backend {
        match pool.connect_options().database_url.scheme() {
            "sqlite" => Backend::Sqlite,
            _ => Backend::Postgres,
        }
    }

    /// SQLite: WAL lets readers proceed during a write; `synchronous=FULL` makes every
    /// acknowledged commit durable, which an administrator's map of their storage deserves.
    pub(crate) async fn prepare_connection(self, conn: &mut AnyConnection) -> sqlx::Result<()> {
        if self == Backend::Sqlite {
            conn.execute(
                "PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL; \
                 PRAGMA foreign_keys = ON; PRAGMA busy_timeout = 5000;",
            )
            .await?;
        }
        Ok(())
    }

    /// Brings the schema up to date: the same numbering on both, SQL in each one's dialect.
    ///
    /// sqlx's PostgreSQL migrator holds an advisory lock while it works, so engines started
    /// together take turns. Its SQLite migrator takes no lock across processes: two engines
    /// starting on a new file both find migration 1 pending and one fails ("table already
    /// exists"; its transaction rolls back). The loser runs again and finds the work done.
    pub(crate) async fn migrate(self, pool: &AnyPool) -> Result<(), sqlx::migrate::MigrateError> {
        match self {
            Backend::Postgres => POSTGRES_MIGRATIONS.run(pool).await,
            Backend::Sqlite => {
                let mut attempt = 0;
                loop {
                    match SQLITE_MIGRATIONS.run(pool).await {
                        Err(
                            sqlx::migrate::MigrateError::Execute(_)
                            | sqlx::migrate::MigrateError::ExecuteMigration(..),
                        ) if attempt < 20 => {
                            attempt += 1;
                            tokio::time::sleep(Duration::from_millis(100)).await;
                        }
                        other => return other,
                    }
                }
            }
        }
    }
}

/// Starts a transaction that will write, serialized with every other writer of the database —
/// of this engine or another. The commands check their rules and then write; run one at a time,
/// a check cannot be invalidated before its write commits.
///
/// SQLite: `BEGIN IMMEDIATE` takes the write lock up front. A deferred transaction that reads
/// first cannot wait for it and fails at once with "database is locked" when another writer got
/// there in between (found by the 50-client test, tests/concurrency.rs).
/// PostgreSQL: a transaction-scoped advisory lock does the same across engines; it is released
/// by commit, rollback, or the engine's connection dropping (a killed engine holds nothing).
///
/// SQLite, within this process: writers first queue for their turn on an async lock, so they
/// wait in order and are woken when the writer before them ends. Left to SQLite's busy handler,
/// waiting writers poll with sleeps growing to 100 ms; eight clients writing at once then saw
/// PUTs take up to 0.8 s at the 99th percentile (BENCHMARKS.md). Other processes (a second
/// engine, the `users` command) still meet at SQLite's lock.
///
/// Safe to drop at any point (a request is dropped when its client goes away or its deadline
/// passes): opening a transaction is not — a `BEGIN` sent but not yet answered leaves its
/// connection inside a transaction, holding the write lock, when sqlx returns it to the pool, and
/// every later write then fails "database is locked" (tests/cancelled_writes.rs). So an opening
/// dropped half-way is finished in a task of its own, where the transaction it yields is dropped
/// whole (rolled back) and the turn ends.
pub async fn begin_write(pool: &AnyPool) -> sqlx::Result<WriteTx> {
    let pool = pool.clone();
    FinishOnDrop(Some(Box::pin(async move { open_write(&pool).await }))).await
}

/// An opening of a write transaction that, dropped before it is done, is run to its end by the
/// runtime instead.
struct FinishOnDrop(Option<Pin<Box<dyn Future<Output = sqlx::Result<WriteTx>> + Send>>>);

impl Future for FinishOnDrop {
    type Output = sqlx::Result<WriteTx>;
    fn poll(mut self: Pin<&mut Self>, cx: &mut std::task::Context<'_>) -> Poll<Self::Output> {
        let Some(opening) = self.0.as_mut() else {
            return Poll::Ready(Err(sqlx::Error::PoolClosed));
        };
        let done = opening.as_mut().poll(cx);
        if done.is_ready() {
            self.0 = None;
        }
        done
    }
}

impl Drop for FinishOnDrop {
    fn drop(&mut self) {
        if let (Some(rest), Ok(runtime)) = (self.0.take(), tokio::runtime::Handle::try_current()) {
            runtime.spawn(async move { drop(rest.await) });
        }
    }
}

async fn open_write(pool: &AnyPool) -> sqlx::Result<WriteTx> {
    match Backend::of(pool) {
        Backend::Sqlite => {
            let turn = writer_turn().lock_owned().await;
            Ok(WriteTx {
                tx: pool.begin_with("BEGIN IMMEDIATE").await?,
                _turn: Some(turn),
            })
        }
        Backend::Postgres => {
            let mut tx = pool.begin().await?;
            sqlx::query("SELECT pg_advisory_xact_lock($1)")
                .bind(WRITE_LOCK_KEY)
                .execute(&mut *tx)
                .await?;
            Ok(WriteTx { tx, _turn: None })
        }
    }
}

/// This process's turn to write to SQLite (see [`begin_write`]).
fn writer_turn() -> Arc<tokio::sync::Mutex<()>> {
    static TURN: std::sync::OnceLock<Arc<tokio::sync::Mutex<()>>> = std::sync::OnceLock::new();
    TURN.get_or_init(Default::default).clone()
}

/// The turn of writes that decide nothing (audit events), so they need not be serialized with
/// the commands: on SQLite this process's writer turn (rather than SQLite's busy polling), on
/// PostgreSQL none (its commits group with others').
pub async fn turn_apart(pool: &AnyPool) -> Option<tokio::sync::OwnedMutexGuard<()>> {
    match Backend::of(pool) {
        Backend::Sqlite => Some(writer_turn().lock_owned().await),
        Backend::Postgres => None,
    }
}

/// A writing transaction (see [`begin_write`]): a connection to run statements on, ended by
/// [`WriteTx::commit`]; dropped, it rolls back. Holds this process's writer turn until then.
pub struct WriteTx {
    tx: Transaction<'static, Any>,
    _turn: Option<tokio::sync::OwnedMutexGuard<()>>,
}

impl WriteTx {
    pub async fn commit(self) -> sqlx::Result<()> {
        self.tx.commit().await
    }

    pub async fn rollback(self) -> sqlx::Result<()> {
        self.tx.rollback().await
    }
}

impl std::ops::Deref for WriteTx {
    type Target = sqlx::AnyConnection;
    fn deref(&self) -> &sqlx::AnyConnection {
        &self.tx
    }
}

impl std::ops::DerefMut for WriteTx {
    fn deref_mut(&mut self) -> &mut sqlx::AnyConnection {
        &mut self.tx
    }
}

/// Calls `changed` after anything else committed to the database. SQLite: its `data_version`
/// moves whenever another connection commits, so one private connection polled every `period`
/// sees them all. PostgreSQL: the triggers of migration 0005 notify `engine_changes` on commit.
pub(crate) async fn watch_changes(
    location: &Location,
    period: Duration,
    mut changed: impl FnMut(),
) -> anyhow::Result<()> {
    match location {
        Location::Sqlite(path) => {
            let options = sqlx::sqlite::SqliteConnectOptions::new().filename(path);
            let mut conn = sqlx::SqliteConnection::connect_with(&options).await?;
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
        Location::Postgres(url) => {
            let mut listener = sqlx::postgres::PgListener::connect(url).await?;
            listener.listen("engine_changes").await?;
            // Whatever committed before the listener was up went unnoticed.
            changed();
            loop {
                // `None`: the connection was lost (and is re-established by the next call);
                // notifications sent meanwhile are gone, so everything counts as changed.
                let _ = listener.try_recv().await?;
                changed();
            }
        }
    }
}

/// A database error handed from the task that met it to the callers waiting on that task
/// (sqlx's errors cannot be cloned): its text, and what failed, for [`StorageFailure::in_chain`].
#[derive(Debug, Clone)]
pub struct PassedOn {
    pub failure: Option<StorageFailure>,
    detail: String,
}

impl PassedOn {
    pub fn of(e: &sqlx::Error) -> Self {
        PassedOn {
            failure: StorageFailure::of(e),
            detail: e.to_string(),
        }
    }
}

impl std::fmt::Display for PassedOn {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.detail)
    }
}

impl std::error::Error for PassedOn {}

/// What failed when the database, not the engine, failed: SQLite's result codes and
/// PostgreSQL's SQLSTATEs (appendix A of its manual) sorted into what an administrator must fix.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum StorageFailure {
    DiskFull,
    ReadOnly,
    IoError,
    CannotOpen,
    OutOfResources,
    Unreachable,
}

impl StorageFailure {
    /// The first database failure anywhere in an error's chain (a migration's error carries the
    /// statement's as its source).
    pub fn in_chain(e: &anyhow::Error) -> Option<StorageFailure> {
        e.chain()
            .find_map(|c| match c.downcast_ref::<sqlx::Error>() {
                Some(e) => StorageFailure::of(e),
                None => c.downcast_ref::<PassedOn>().and_then(|p| p.failure),
            })
    }

    pub fn of(e: &sqlx::Error) -> Option<StorageFailure> {
        use StorageFailure::*;
        match e {
            sqlx::Error::Database(d) => {
                match d.try_downcast_ref::<sqlx::postgres::PgDatabaseError>() {
                    Some(pg) => match pg.code() {
                        "53100" => Some(DiskFull),
                        "25006" => Some(ReadOnly), // a hot standby
                        "58030" => Some(IoError),
                        s if s.starts_with("53") => Some(OutOfResources),
                        s if s.starts_with("08") || s.starts_with("57P") => Some(Unreachable),
                        _ => None,
                    },
                    // SQLite: the primary result code is the low byte of an extended one.
                    None => match d.code()?.parse::<i64>().ok()? & 0xff {
                        13 => Some(DiskFull),
                        8 => Some(ReadOnly),
                        10 => Some(IoError),
                        14 => Some(CannotOpen),
                        _ => None,
                    },
                }
            }
            sqlx::Error::Io(_) | sqlx::Error::PoolTimedOut | sqlx::Error::PoolClosed => {
                Some(Unreachable)
            }
            _ => None,
        }
    }
}

/// A flag column (0/1 integer on both databases, so that one query serves both) read as a bool:
/// `#[sqlx(try_from = "Flag")] pub field: bool`.
pub struct Flag(pub bool);

impl From<Flag> for bool {
    fn from(f: Flag) -> bool {
        f.0
    }
}

impl Type<Any> for Flag {
    fn type_info() -> AnyTypeInfo {
        <i64 as Type<Any>>::type_info()
    }
    fn compatible(ty: &AnyTypeInfo) -> bool {
        <i64 as Type<Any>>::compatible(ty)
    }
}

impl<'r> Decode<'r, Any> for Flag {
    fn decode(value: AnyValueRef<'r>) -> Result<Self, BoxDynError> {
        Ok(Flag(<i64 as Decode<Any>>::decode(value)? != 0))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn postgres_urls_select_postgres_and_hide_their_password() {
        let l = Location::parse("postgres://engine:s3cret@127.0.0.1:5432/engine");
        assert_eq!(l.backend(), Backend::Postgres);
        let shown = l.to_string();
        assert!(!shown.contains("s3cret"), "{shown}");
        assert!(
            shown.contains("engine:***@127.0.0.1:5432/engine"),
            "{shown}"
        );
        assert_eq!(
            Location::parse("postgresql://h/db").backend(),
            Backend::Postgres
        );
    }

    #[test]
    fn anything_else_is_a_sqlite_file() {
        for s in ["engine.db", "/var/lib/engine/engine.db", "postgres.db"] {
            assert_eq!(Location::parse(s), Location::Sqlite(PathBuf::from(s)));
        }
    }
}

//! Per-engine read caches for the reads on every hot path: which user a bearer token belongs
//! to, single storage connections and the list of them.
//!
//! Without them a `GET /storageconnections/{id}` costs four database round trips, and with
//! SQLite through sqlx each one is a hand-off to the connection's worker thread: the engine ran at
//! a tenth of a trivial handler's rate (BENCHMARKS.md). Correctness rules:
//!
//! - Only reads are served from here. Commands read and write the database in transactions,
//!   so no rule is ever checked against a cached value.
//! - Any write request through this engine empties the object caches before its answer is
//!   sent, so a client never reads back something older than what it was told it wrote.
//! - A load that races a write cannot put the old value back: every entry carries the generation
//!   it was loaded in and only entries of the current generation are served.
//! - Commits by other processes (the `users` command, another engine on the same database) empty
//!   the caches within 0.1 s: the engine watches SQLite's `data_version` (`Store::watch_changes`).
//! - Entries expire after `--read-cache-ms` whatever happens, as a backstop. 0 turns caches off.

use quick_cache::sync::Cache;
use std::future::Future;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

/// A cached value, the generation it was loaded in, and when it stops being served.
#[derive(Clone)]
struct Entry<V> {
    generation: u64,
    expires: Instant,
    value: V,
}

/// A cache of values by key, emptied as a whole by [`ReadCache::invalidate_all`]. (Keys are
/// small fixed-size values where they can be, a connection's UUID or a token's digest: hashed
/// and compared in place, without a second allocation to read on every lookup.)
/// (quick_cache rather than moka: on the hot path a lookup must cost next to nothing, and
/// moka's reads also record its eviction policy's bookkeeping.)
#[derive(Clone)]
pub struct ReadCache<K, V>
where
    K: Key,
    V: Clone + Send + Sync + 'static,
{
    entries: Option<Arc<Cache<K, Entry<V>>>>,
    ttl: Duration,
    generation: Arc<AtomicU64>,
}

/// What a cache can be keyed by.
pub trait Key: Eq + std::hash::Hash + Clone + Send + Sync + 'static {}
impl<T: Eq + std::hash::Hash + Clone + Send + Sync + 'static> Key for T {}

impl<K: Key, V: Clone + Send + Sync + 'static> ReadCache<K, V> {
    /// `ttl` zero disables the cache (every read goes to the database).
    pub fn new(ttl: Duration, capacity: usize) -> Self {
        ReadCache {
            entries: (!ttl.is_zero()).then(|| Arc::new(Cache::new(capacity.max(1)))),
            ttl,
            generation: Arc::new(AtomicU64::new(0)),
        }
    }

    pub fn get(&self, key: &K) -> Option<V> {
        let e = self.entries.as_ref()?.get(key)?;
        (e.generation == self.generation.load(Ordering::Acquire) && Instant::now() < e.expires)
            .then_some(e.value)
    }

    /// The cached value, or `load`'s (cached unless a write happened meanwhile).
    pub async fn get_or_load<F, Fut>(&self, key: K, load: F) -> anyhow::Result<Option<V>>
    where
        F: FnOnce() -> Fut,
        Fut: Future<Output = anyhow::Result<Option<V>>>,
    {
        if let Some(v) = self.get(&key) {
            return Ok(Some(v));
        }
        let generation = self.generation.load(Ordering::Acquire);
        let loaded_at = Instant::now();
        // (Boxed: loading is the rare path, and inline its future would make the future of
        // every request that reads through the cache as large as a database query's, copied
        // whole each time a layer moves it.)
        let value = Box::pin(load()).await?;
        if let (Some(entries), Some(v)) = (&self.entries, &value) {
            if self.generation.load(Ordering::Acquire) == generation {
                let entry = Entry {
                    generation,
                    expires: loaded_at + self.ttl,
                    value: v.clone(),
                };
                entries.insert(key, entry);
            }
        }
        Ok(value)
    }

    pub fn remove(&self, key: &K) {
        if let Some(entries) = &self.entries {
            entries.remove(key);
        }
    }

    /// Forgets everything, including loads still in flight.
    pub fn invalidate_all(&self) {
        self.generation.fetch_add(1, Ordering::AcqRel);
        if let Some(entries) = &self.entries {
            entries.clear();
        }
    }
}

/// The engine's caches.
#[derive(Clone)]
pub struct Caches {
    /// Token digest → the actor and the token's expiry (unix ms).
    pub actors: ReadCache<crate::auth::tokens::Digest, (crate::auth::Actor, i64)>,
    /// Connection id → its JSON answer, as `GET /storageconnections/{id}` writes it (rendered
    /// once per load: the hot path then neither copies the row nor serializes it again).
    pub connections: ReadCache<uuid::Uuid, axum::body::Bytes>,
    /// `GET /storageconnections` whole, rendered the same way: an administrator's list is read
    /// far more often than it changes, and rendering 10,000 rows costs tens of milliseconds.
    pub connection_list: ReadCache<(), axum::body::Bytes>,
}

impl Caches {
    pub fn new(ttl: Duration) -> Self {
        Caches {
            actors: ReadCache::new(ttl, 10_000),
            connections: ReadCache::new(ttl, 200_000),
            connection_list: ReadCache::new(ttl, 1),
        }
    }

    /// After a write through this engine's API: the stored objects may have changed. (No API
    /// operation writes users, their roles or tokens: sign-out removes its token itself, and the
    /// `users` command is another process, seen by the change watcher.)
    pub fn after_write(&self) {
        self.connections.invalidate_all();
        self.connection_list.invalidate_all();
    }

    /// After a commit by anyone else, or when that cannot be known: anything may be stale.
    pub fn invalidate_all(&self) {
        self.actors.invalidate_all();
        self.after_write();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_load_racing_a_write_is_not_served_afterwards() {
        let cache: ReadCache<&str, String> = ReadCache::new(Duration::from_secs(60), 10);
        let c = cache.clone();
        let v = cache
            .get_or_load("k", || async move {
                // The write lands while the old value is being read.
                c.invalidate_all();
                Ok(Some("old".to_string()))
            })
            .await
            .unwrap();
        assert_eq!(v.as_deref(), Some("old"));
        assert_eq!(cache.get(&"k"), None, "the stale load must not be cached");
        cache
            .get_or_load("k", || async { Ok(Some("new".to_string())) })
            .await
            .unwrap();
        assert_eq!(cache.get(&"k").as_deref(), Some("new"));
        cache.invalidate_all();
        assert_eq!(cache.get(&"k"), None);
    }

    #[tokio::test]
    async fn zero_ttl_disables_caching() {
        let cache: ReadCache<&str, u32> = ReadCache::new(Duration::ZERO, 10);
        cache
            .get_or_load("k", || async { Ok(Some(1)) })
            .await
            .unwrap();
        assert_eq!(cache.get(&"k"), None);
    }
}

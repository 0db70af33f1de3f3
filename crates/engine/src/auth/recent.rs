//! Each worker thread's last bearer token check, in front of the shared read cache.
//!
//! A client sends one token with request after request, and they land on every worker thread.
//! Answered from the shared cache, each one wrote to memory the other threads use as well: the
//! cache shard's lock and the actor's reference counts moved between the cores on every request
//! (about 5 % of a cached GET's CPU on two cores: BENCHMARKS.md, "GET one, session 10"). Here
//! each thread keeps its own copy of the actor for the last token it saw.
//!
//! It is exactly as fresh as the shared cache: an entry is used only while the cache's
//! generation is the one it was loaded in (every write, sign-out and outside commit moves it on)
//! and for no longer than the cache's time to live; the token's own expiry is checked by the
//! caller on every request either way.

use super::tokens::Digest;
use super::Actor;
use std::cell::RefCell;
use std::time::{Duration, Instant};

struct Entry {
    key: Digest,
    generation: u64,
    fresh_until: Instant,
    actor: Actor,
    expires_ms: i64,
}

thread_local! {
    static LAST: RefCell<Option<Entry>> = const { RefCell::new(None) };
}

/// The actor and token expiry for `key` if this thread checked it last, in `generation`.
pub fn get(key: &Digest, generation: u64) -> Option<(Actor, i64)> {
    LAST.with(|last| {
        let last = last.borrow();
        let e = last.as_ref()?;
        (e.key == *key && e.generation == generation && Instant::now() < e.fresh_until)
            .then(|| (e.actor.clone(), e.expires_ms))
    })
}

/// Remembers `key`'s answer, found in `generation` (read before the lookup), for `ttl`.
pub fn put(key: Digest, generation: u64, ttl: Duration, actor: &Actor, expires_ms: i64) {
    if ttl.is_zero() {
        return;
    }
    // The thread's own copy: its reference counts are this thread's alone.
    let actor = Actor {
        user_id: actor.user_id.as_ref().into(),
        login: actor.login.as_ref().into(),
        grants: actor.grants.as_ref().into(),
    };
    let entry = Entry {
        key,
        generation,
        fresh_until: Instant::now() + ttl,
        actor,
        expires_ms,
    };
    LAST.with(|last| *last.borrow_mut() = Some(entry));
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Arc;

    fn actor(login: &str) -> Actor {
        Actor {
            user_id: Arc::from("u1"),
            login: Arc::from(login),
            grants: Arc::from(Vec::new()),
        }
    }

    #[test]
    fn only_the_same_token_in_the_same_generation_and_in_time_is_answered() {
        let ttl = Duration::from_secs(60);
        put([1; 32], 7, ttl, &actor("admin@internal"), 99);
        let (a, expires) = get(&[1; 32], 7).expect("remembered");
        assert_eq!((&*a.login, expires), ("admin@internal", 99));
        assert!(get(&[2; 32], 7).is_none(), "another token");
        assert!(
            get(&[1; 32], 8).is_none(),
            "after a write, sign-out or outside commit"
        );
        put(
            [1; 32],
            7,
            Duration::from_nanos(1),
            &actor("admin@internal"),
            99,
        );
        std::thread::sleep(Duration::from_millis(1));
        assert!(get(&[1; 32], 7).is_none(), "past the cache's time to live");
        put([3; 32], 7, Duration::ZERO, &actor("x@internal"), 99);
        assert!(get(&[3; 32], 7).is_none(), "caches turned off");
    }

    #[test]
    fn each_thread_has_its_own() {
        put([4; 32], 1, Duration::from_secs(60), &actor("a@internal"), 1);
        let elsewhere = std::thread::spawn(|| get(&[4; 32], 1).is_some())
            .join()
            .expect("thread");
        assert!(!elsewhere);
        assert!(get(&[4; 32], 1).is_some());
    }
}

//! Authentication and authorization: users with argon2id password hashes, bearer tokens stored
//! as hashes, Basic as a fallback, throttled sign-in, and the roles each user holds.

pub mod middleware;
pub mod passwords;
pub mod throttle;
pub mod tokens;
pub mod users;

use std::sync::Arc;
use storage_model::rules::permissions::Grant;

/// Who is making a request. Shared, not copied: every request clones it from the read cache.
#[derive(Debug, Clone)]
pub struct Actor {
    pub user_id: Arc<str>,
    /// `name@profile`, e.g. `admin@internal`.
    pub login: Arc<str>,
    pub grants: Arc<[Grant]>,
}

/// Splits `name@profile` (the profile defaults to `internal`).
pub fn split_login(login: &str) -> (String, String) {
    match login.rsplit_once('@') {
        Some((n, p)) if !n.is_empty() && !p.is_empty() => (n.to_string(), p.to_string()),
        _ => (login.to_string(), "internal".to_string()),
    }
}

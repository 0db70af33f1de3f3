//! Bearer tokens: 32 random bytes, given to the client once, stored as SHA-256 hashes.

use crate::store::{self, now_ms};
use base64::Engine;
use rand::RngCore;
use sha2::{Digest as _, Sha256};
use sqlx::AnyPool;
use std::time::Duration;

/// A token's SHA-256: the read cache's key (the token itself is kept nowhere).
pub type Digest = [u8; 32];

pub fn hash(token: &str) -> Digest {
    Sha256::digest(token.as_bytes()).into()
}

/// The stored form of a token: its SHA-256 in lowercase hex.
pub fn digest(token: &str) -> String {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    let d = hash(token);
    // (On every request: one allocation, not one per byte.)
    let mut out = String::with_capacity(2 * d.len());
    for b in d {
        out.push(char::from(HEX[usize::from(b >> 4)]));
        out.push(char::from(HEX[usize::from(b & 0xf)]));
    }
    out
}

/// Issues a token for `user_id`; returns it and its expiry (epoch ms).
pub async fn issue(pool: &AnyPool, user_id: &str, ttl: Duration) -> anyhow::Result<(String, i64)> {
    let mut bytes = [0u8; 32];
    rand::rngs::OsRng.fill_bytes(&mut bytes);
    let token = base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes);
    let now = now_ms();
    let expires = now + i64::try_from(ttl.as_millis()).unwrap_or(i64::MAX / 2);
    store::tokens::insert(pool, &digest(&token), user_id, now, expires).await?;
    // Expired tokens are of no use to anyone; drop them while here.
    store::tokens::delete_expired(pool, now).await?;
    Ok((token, expires))
}

/// The user a valid, unexpired token belongs to, and when the token expires (unix ms).
pub async fn lookup(pool: &AnyPool, token: &str) -> anyhow::Result<Option<(String, i64)>> {
    store::tokens::find(pool, &digest(token), now_ms()).await
}

/// Revokes a token; true when it existed.
pub async fn revoke(pool: &AnyPool, token: &str) -> anyhow::Result<bool> {
    store::tokens::delete(pool, &digest(token)).await
}

#[cfg(test)]
mod tests {
    /// Stored digests must stay lowercase hex SHA-256, or existing tokens stop working.
    #[test]
    fn digest_is_lowercase_hex_sha256() {
        assert_eq!(
            super::digest("abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }
}

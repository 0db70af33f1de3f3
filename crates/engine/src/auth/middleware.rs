//! Every API request must carry `Authorization: Bearer <token>` or Basic credentials; the
//! authenticated actor is put in the request's extensions for the handlers and commands.

use super::{throttle, tokens, users, Actor};
use crate::error::ApiError;
use crate::AppState;
use axum::extract::{ConnectInfo, Request};
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use base64::Engine;
use std::net::SocketAddr;
use storage_model::Fault;

/// Why a sign-in failed.
#[derive(Debug)]
pub enum SignInError {
    /// Too many failures: wait this many seconds.
    Throttled(i64),
    Invalid,
    Internal(anyhow::Error),
}

impl From<anyhow::Error> for SignInError {
    fn from(e: anyhow::Error) -> Self {
        SignInError::Internal(e)
    }
}

/// Checks a login and password, throttled per user and per client address.
pub async fn sign_in(
    state: &AppState,
    login: &str,
    password: &str,
    addr: &str,
) -> Result<Actor, SignInError> {
    let pool = &state.store.pool;
    let keys = [throttle::user_key(login), throttle::addr_key(addr)];
    if let Some(wait) = throttle::blocked(pool, &keys).await? {
        return Err(SignInError::Throttled(wait));
    }
    let user = users::by_login(pool, login).await?;
    let ok = match &user {
        Some(u) => {
            let (stored, given) = (u.password_hash.clone(), password.to_string());
            // argon2 is deliberately slow: keep it off the async workers.
            tokio::task::spawn_blocking(move || super::passwords::verify(&stored, &given))
                .await
                .map_err(|e| anyhow::anyhow!("password check: {e}"))?
        }
        None => false,
    };
    match (ok, user) {
        (true, Some(u)) => {
            throttle::clear(pool, &keys[0]).await?;
            Ok(users::actor(pool, &u).await?)
        }
        _ => {
            tracing::warn!(login, addr, "failed sign-in");
            throttle::record_failure(pool, &keys).await?;
            Err(SignInError::Invalid)
        }
    }
}

/// The client's address (for throttling).
pub fn client_addr(req: &Request) -> String {
    req.extensions()
        .get::<ConnectInfo<SocketAddr>>()
        .map(|c| c.0.ip().to_string())
        .unwrap_or_else(|| "unknown".into())
}

fn unauthorized(challenge: &'static str, detail: &str) -> Response {
    let mut r = (
        StatusCode::UNAUTHORIZED,
        Json(Fault {
            reason: "Unauthorized".into(),
            detail: detail.into(),
            field: None,
        }),
    )
        .into_response();
    r.headers_mut().insert(
        header::WWW_AUTHENTICATE,
        HeaderValue::from_static(challenge),
    );
    r
}

/// The actor a bearer token stands for (through the read cache; an expired token is never
/// served from it).
async fn bearer_actor(state: &AppState, token: &str) -> anyhow::Result<Option<Actor>> {
    let pool = &state.store.pool;
    let found = state
        .caches
        .actors
        .get_or_load(tokens::hash(token), || async {
            let Some((user_id, expires)) = tokens::lookup(pool, token).await? else {
                return Ok(None);
            };
            let Some(user) = users::by_id(pool, &user_id).await? else {
                return Ok(None);
            };
            Ok(Some((users::actor(pool, &user).await?, expires)))
        })
        .await?;
    Ok(found
        .filter(|(_, expires)| *expires > crate::store::now_ms())
        .map(|(actor, _)| actor))
}

/// Puts the request's [`Actor`] in its extensions, or answers the 401 (or 503).
pub async fn authenticate(state: &AppState, req: &mut Request) -> Result<(), Response> {
    // (Owned: the request is changed below; the header is short and a cheap copy of its bytes.)
    let header = req.headers().get(header::AUTHORIZATION).cloned();
    let header = header.as_ref().and_then(|h| h.to_str().ok());
    let basic = r#"Basic realm="RESTAPI""#;
    let actor = match header {
        Some(h) if h.len() > 7 && h[..7].eq_ignore_ascii_case("bearer ") => {
            match bearer_actor(state, h[7..].trim()).await {
                Ok(found) => found,
                // Not a bad token: the database failed (503 when it cannot be reached). Saying
                // "sign in again" would send every client to a sign-in that fails the same way.
                Err(e) => {
                    return Err(ApiError::Internal(e.context("checking a token")).into_response())
                }
            }
            // A bearer client gets a bearer challenge: a Basic one would make browsers prompt.
            .ok_or_else(|| {
                unauthorized(
                    r#"Bearer error="invalid_token""#,
                    "The token is invalid, expired or revoked. Sign in again.",
                )
            })
        }
        Some(h) if h.len() > 6 && h[..6].eq_ignore_ascii_case("basic ") => {
            let decoded = base64::engine::general_purpose::STANDARD
                .decode(h[6..].trim())
                .ok()
                .and_then(|b| String::from_utf8(b).ok());
            // (No user name or password holds a NUL; PostgreSQL could not even look one up.)
            let decoded = decoded.filter(|s| !s.contains('\0'));
            match decoded.as_deref().and_then(|s| s.split_once(':')) {
                Some((login, password)) => {
                    let addr = client_addr(req);
                    // (Boxed: the rarer path, and a large future: see `cache::ReadCache::get_or_load`.)
                    match Box::pin(sign_in(state, login, password, &addr)).await {
                        Ok(a) => Ok(a),
                        Err(SignInError::Throttled(s)) => Err(unauthorized(
                            basic,
                            &format!("Too many failed sign-ins. Try again in {s} s."),
                        )),
                        Err(SignInError::Invalid) => Err(unauthorized(
                            basic,
                            "The user name or password is incorrect.",
                        )),
                        Err(SignInError::Internal(e)) => {
                            Err(ApiError::Internal(e.context("signing in")).into_response())
                        }
                    }
                }
                None => Err(unauthorized(basic, "Malformed Basic credentials.")),
            }
        }
        _ => Err(unauthorized(basic, "Authentication is required.")),
    };
    let actor = actor?;
    req.extensions_mut().insert(actor);
    Ok(())
}

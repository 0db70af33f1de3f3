//! The SSO endpoints: `POST /ovirt-engine/sso/oauth/token` (password grant) and token revoke at
//! `/ovirt-engine/services/sso-logout` (also `/ovirt-engine/sso/oauth/revoke`).

use crate::auth::middleware::{client_addr, sign_in, SignInError};
use crate::auth::tokens;
use crate::AppState;
use axum::extract::{Request, State};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::{Form, Json};
use serde::Deserialize;
use storage_model::{TokenError, TokenResponse};

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct TokenForm {
    grant_type: String,
    username: String,
    password: String,
    scope: String,
}

fn token_error(code: &str, text: &str) -> Response {
    (
        StatusCode::BAD_REQUEST,
        Json(TokenError {
            error_code: code.into(),
            error: text.into(),
        }),
    )
        .into_response()
}

/// The engine failed, not the client: 503 `temporarily_unavailable` (RFC 6749 §5.2's code for
/// it) when the database cannot be reached or written, else 500 `server_error`.
fn server_error(e: anyhow::Error) -> Response {
    tracing::error!(error = format!("{e:#}"), "token request failed");
    let (status, code, text) = match crate::error::storage_failure(&e) {
        Some((status, why)) => (
            status,
            "temporarily_unavailable",
            format!("The engine cannot {why}. Try again shortly."),
        ),
        None => (
            StatusCode::INTERNAL_SERVER_ERROR,
            "server_error",
            "The engine failed while signing in.".to_string(),
        ),
    };
    (
        status,
        Json(TokenError {
            error_code: code.into(),
            error: text,
        }),
    )
        .into_response()
}

pub async fn token(State(state): State<AppState>, req: Request) -> Response {
    let addr = client_addr(&req);
    let Ok(Form(form)) = Form::<TokenForm>::from_request(req, &()).await else {
        return token_error(
            "invalid_request",
            "The request must be a form with grant_type, username, password and scope.",
        );
    };
    if form.grant_type != "password" {
        return token_error(
            "unsupported_grant_type",
            "Only the password grant is supported.",
        );
    }
    if !form.scope.split_whitespace().any(|s| s == "ovirt-app-api") {
        return token_error("invalid_scope", "The scope must include ovirt-app-api.");
    }
    if form.username.contains('\0') || form.password.contains('\0') {
        return token_error(
            "invalid_request",
            "User name and password cannot contain NUL characters.",
        );
    }
    if form.username.is_empty() || form.password.is_empty() {
        return token_error("invalid_request", "User name and password are required.");
    }
    match sign_in(&state, &form.username, &form.password, &addr).await {
        Ok(actor) => {
            match tokens::issue(&state.store.pool, &actor.user_id, state.settings.token_ttl).await {
                Ok((token, exp)) => Json(TokenResponse {
                    access_token: token,
                    token_type: "bearer".into(),
                    scope: form.scope,
                    exp: exp.to_string(),
                })
                .into_response(),
                Err(e) => server_error(e.context("issuing a token")),
            }
        }
        Err(SignInError::Throttled(s)) => token_error(
            "access_denied",
            &format!("Too many failed sign-ins. Try again in {s} s."),
        ),
        Err(SignInError::Invalid) => {
            token_error("invalid_grant", "The user name or password is incorrect.")
        }
        Err(SignInError::Internal(e)) => server_error(e.context("signing in")),
    }
}

use axum::extract::FromRequest;

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct RevokeForm {
    token: String,
}

/// Revokes the token given as `Authorization: Bearer`, or as a `token` form field or query
/// parameter. Always 200: revoking an unknown token reveals nothing.
pub async fn logout(State(state): State<AppState>, req: Request) -> Response {
    let bearer = req
        .headers()
        .get(header::AUTHORIZATION)
        .and_then(|h| h.to_str().ok())
        .and_then(|h| {
            h.strip_prefix("Bearer ")
                .or_else(|| h.strip_prefix("bearer "))
        })
        .map(|t| t.trim().to_string());
    let from_query = req
        .uri()
        .query()
        .and_then(|q| serde_urlencoded::from_str::<RevokeForm>(q).ok())
        .map(|f| f.token)
        .filter(|t| !t.is_empty());
    let token = match (bearer, from_query) {
        (Some(t), _) | (None, Some(t)) => Some(t),
        (None, None) => Form::<RevokeForm>::from_request(req, &())
            .await
            .ok()
            .map(|Form(f)| f.token)
            .filter(|t| !t.is_empty()),
    };
    if let Some(t) = token {
        state.caches.actors.remove(&tokens::hash(&t));
        if let Err(e) = tokens::revoke(&state.store.pool, &t).await {
            return crate::error::ApiError::Internal(e.context("revoking a token")).into_response();
        }
    }
    Json(serde_json::json!({})).into_response()
}

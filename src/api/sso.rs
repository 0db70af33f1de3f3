//! oVirt's SSO: a bearer token for a user name and password, and signing out.

use super::ApiError;
use gloo_net::http::Request;
use storage_model::{TokenError, TokenResponse};

/// A token for `login` (`user@profile`), or why not in words for the login page.
pub async fn sign_in(login: &str, password: &str) -> Result<TokenResponse, String> {
    let body = format!(
        "grant_type=password&scope=ovirt-app-api&username={}&password={}",
        super::enc(login),
        super::enc(password)
    );
    let r = Request::post("/ovirt-engine/sso/oauth/token")
        .header("Accept", "application/json")
        .header("Content-Type", "application/x-www-form-urlencoded")
        .body(body)
        .map_err(|e| e.to_string())?
        .send()
        .await
        .map_err(|_| {
            "The engine could not be reached. Check that it is running, then try again.".to_string()
        })?;
    if r.ok() {
        r.json::<TokenResponse>().await.map_err(|e| e.to_string())
    } else {
        let e = r.json::<TokenError>().await.unwrap_or_default();
        Err(if e.error.is_empty() {
            format!("Sign-in failed (HTTP {}).", r.status())
        } else {
            e.error
        })
    }
}

/// Revokes `token` (signing out ends it on the engine too, not only in this tab).
pub async fn sign_out(token: &str) -> Result<(), ApiError> {
    Request::post("/ovirt-engine/services/sso-logout")
        .header("Authorization", &format!("Bearer {token}"))
        .send()
        .await
        .map_err(|e| ApiError::Unreachable(e.to_string()))?;
    Ok(())
}

//! The one place that performs HTTP requests.

use super::ApiError;
use gloo_net::http::{Request, RequestBuilder, Response};
use serde::de::DeserializeOwned;
use serde::Serialize;
use storage_model::{Fault, API_BASE};

fn url(path: &str) -> String {
    format!("{API_BASE}{path}")
}

async fn finish<T: DeserializeOwned>(
    response: Result<Response, gloo_net::Error>,
) -> Result<T, ApiError> {
    parse(&finish_text(response).await?)
}

/// Parses a JSON document the engine sent.
pub fn parse<T: DeserializeOwned>(text: &str) -> Result<T, ApiError> {
    serde_json::from_str(text).map_err(|e| ApiError::Decode(e.to_string()))
}

/// The body of a successful answer, unparsed (so large lists can be timed apart).
async fn finish_text(response: Result<Response, gloo_net::Error>) -> Result<String, ApiError> {
    let response = response.map_err(|e| ApiError::Unreachable(e.to_string()))?;
    let status = response.status();
    if status == 401 {
        // Expired or revoked: sign in again, then come back here.
        crate::session::clear();
        crate::session::to_login();
    }
    if !(200..300).contains(&status) {
        // A failed action carries its fault inside: `{"status":"failed","fault":{…}}`.
        let text = response.text().await.unwrap_or_default();
        let fault = serde_json::from_str::<storage_model::Action>(&text)
            .ok()
            .and_then(|a| a.fault)
            .or_else(|| serde_json::from_str::<Fault>(&text).ok())
            .filter(|f| !f.reason.is_empty() || !f.detail.is_empty());
        return Err(ApiError::Refused { status, fault });
    }
    response
        .text()
        .await
        .map_err(|e| ApiError::Unreachable(e.to_string()))
}

fn with_headers(rb: RequestBuilder) -> RequestBuilder {
    let rb = rb.header("Accept", "application/json");
    match crate::session::token() {
        Some(t) => rb.header("Authorization", &format!("Bearer {t}")),
        None => rb,
    }
}

/// `GET {API_BASE}{path}`, the body unparsed.
pub async fn get_text(path: &str) -> Result<String, ApiError> {
    finish_text(with_headers(Request::get(&url(path))).send().await).await
}

/// `GET {API_BASE}{path}` as JSON.
pub async fn get_json<T: DeserializeOwned>(path: &str) -> Result<T, ApiError> {
    finish(with_headers(Request::get(&url(path))).send().await).await
}

async fn send_body<B: Serialize, T: DeserializeOwned>(
    rb: RequestBuilder,
    body: &B,
) -> Result<T, ApiError> {
    let request = with_headers(rb)
        .json(body)
        .map_err(|e| ApiError::Decode(e.to_string()))?;
    finish(request.send().await).await
}

/// `POST` a JSON body.
pub async fn post_json<B: Serialize, T: DeserializeOwned>(
    path: &str,
    body: &B,
) -> Result<T, ApiError> {
    send_body(Request::post(&url(path)), body).await
}

/// `PUT` a JSON body.
pub async fn put_json<B: Serialize, T: DeserializeOwned>(
    path: &str,
    body: &B,
) -> Result<T, ApiError> {
    send_body(Request::put(&url(path)), body).await
}

/// `DELETE`, answering an action.
pub async fn delete(path: &str) -> Result<storage_model::Action, ApiError> {
    finish(with_headers(Request::delete(&url(path))).send().await).await
}

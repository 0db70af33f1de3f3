//! The one place that performs HTTP requests. Each request can be called off: dropping its
//! future before the answer is read aborts it in the browser (`AbortController`), so a view that
//! goes away takes its loads with it (see `loaded.rs`).

use super::ApiError;
use gloo_net::http::{Request, RequestBuilder, Response};
use serde::de::DeserializeOwned;
use serde::Serialize;
use storage_model::{Fault, API_BASE};

fn url(path: &str) -> String {
    format!("{API_BASE}{path}")
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

/// Aborts its request when dropped before [`InFlight::finish`].
struct InFlight(Option<web_sys::AbortController>);

impl InFlight {
    fn start() -> Self {
        InFlight(web_sys::AbortController::new().ok())
    }

    fn signal(&self) -> Option<web_sys::AbortSignal> {
        self.0.as_ref().map(|c| c.signal())
    }

    fn finish(mut self) {
        self.0 = None;
    }
}

impl Drop for InFlight {
    fn drop(&mut self) {
        if let Some(c) = self.0.take() {
            c.abort();
        }
    }
}

/// Sends a request (with a JSON body, if any) and reads the body of a successful answer.
async fn exchange(rb: RequestBuilder, json: Option<String>) -> Result<String, ApiError> {
    let in_flight = InFlight::start();
    let rb = with_headers(rb).abort_signal(in_flight.signal().as_ref());
    let request = match json {
        Some(body) => rb.header("Content-Type", "application/json").body(body),
        None => rb.build(),
    }
    .map_err(|e| ApiError::Decode(e.to_string()))?;
    let text = finish_text(request.send().await).await;
    in_flight.finish();
    text
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
    exchange(Request::get(&url(path)), None).await
}

/// `GET {API_BASE}{path}` as JSON.
pub async fn get_json<T: DeserializeOwned>(path: &str) -> Result<T, ApiError> {
    parse(&get_text(path).await?)
}

async fn send_body<B: Serialize, T: DeserializeOwned>(
    rb: RequestBuilder,
    body: &B,
) -> Result<T, ApiError> {
    let json = serde_json::to_string(body).map_err(|e| ApiError::Decode(e.to_string()))?;
    parse(&exchange(rb, Some(json)).await?)
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
    parse(&exchange(Request::delete(&url(path)), None).await?)
}

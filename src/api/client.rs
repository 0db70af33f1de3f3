//! The one place that performs HTTP requests.

use super::ApiError;
use gloo_net::http::Request;
use serde::de::DeserializeOwned;
use storage_model::{Fault, API_BASE};

/// `GET {API_BASE}{path}` as JSON.
pub async fn get_json<T: DeserializeOwned>(path: &str) -> Result<T, ApiError> {
    let url = format!("{API_BASE}{path}");
    let response = Request::get(&url)
        .header("Accept", "application/json")
        .send()
        .await
        .map_err(|e| ApiError::Unreachable(e.to_string()))?;
    let status = response.status();
    if !(200..300).contains(&status) {
        let fault = response.json::<Fault>().await.ok();
        return Err(ApiError::Refused { status, fault });
    }
    response
        .json::<T>()
        .await
        .map_err(|e| ApiError::Decode(e.to_string()))
}

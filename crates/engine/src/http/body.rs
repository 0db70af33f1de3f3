//! Request bodies: JSON read with the engine's faults for malformed input.

use crate::error::ApiError;
use axum::body::Bytes;
use axum::extract::{FromRequest, Request};
use axum::http::StatusCode;
use serde::de::DeserializeOwned;

/// A JSON body. Malformed JSON is a 400 `Request syntactically incorrect.`; an unknown enum value
/// is a 400 `Invalid Enum value` listing the valid ones.
pub struct Body<T>(pub T);

impl<S, T> FromRequest<S> for Body<T>
where
    S: Send + Sync,
    T: DeserializeOwned,
{
    type Rejection = ApiError;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        let bytes = Bytes::from_request(req, state).await.map_err(|e| {
            ApiError::fault(
                e.status(),
                "Request syntactically incorrect.",
                e.body_text(),
            )
        })?;
        parse(&bytes).map(Body)
    }
}

pub fn parse<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, ApiError> {
    serde_json::from_slice(bytes).map_err(|e| {
        let text = e.to_string();
        if text.starts_with("Invalid value '") {
            ApiError::fault(StatusCode::BAD_REQUEST, "Invalid Enum value", text)
        } else {
            ApiError::fault(
                StatusCode::BAD_REQUEST,
                "Request syntactically incorrect.",
                format!("The request body is not valid JSON for this operation: {text}"),
            )
        }
    })
}

/// An optional action body (`{}`, `{"async":"false"}` or nothing at all).
pub fn parse_action(bytes: &[u8]) -> Result<storage_model::Action, ApiError> {
    if bytes.iter().all(|b| b.is_ascii_whitespace()) {
        return Ok(storage_model::Action::default());
    }
    parse(bytes)
}

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
    if has_nul_escape(bytes) {
        return Err(ApiError::fault(
            StatusCode::BAD_REQUEST,
            "Request syntactically incorrect.",
            "A text value in the request contains a NUL character (\\u0000), which no field \
             accepts.",
        ));
    }
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

/// Whether JSON text holds the escape `\u0000` (a NUL character in a string). No field means
/// one, and PostgreSQL cannot store one, so it is refused for every body alike. Escapes are read
/// in pairs, so an escaped backslash followed by `u0000` (the text `\u0000`) is not one. (Raw NUL
/// bytes are not JSON at all and fail to parse.)
fn has_nul_escape(bytes: &[u8]) -> bool {
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'\\' {
            if bytes[i + 1..].starts_with(b"u0000") {
                return true;
            }
            i += 2;
        } else {
            i += 1;
        }
    }
    false
}

/// An optional action body (`{}`, `{"async":"false"}` or nothing at all).
pub fn parse_action(bytes: &[u8]) -> Result<storage_model::Action, ApiError> {
    if bytes.iter().all(|b| b.is_ascii_whitespace()) {
        return Ok(storage_model::Action::default());
    }
    parse(bytes)
}

#[cfg(test)]
mod tests {
    use super::has_nul_escape;

    #[test]
    fn nul_escapes_are_found_and_escaped_backslashes_are_not_them() {
        assert!(has_nul_escape(br#"{"path":"/x\u0000y"}"#));
        assert!(has_nul_escape(br#"{"a":"\\\u0000"}"#));
        assert!(!has_nul_escape(br#"{"path":"/x\\u0000y"}"#));
        assert!(!has_nul_escape(br#"{"path":"/x\u0001"}"#));
        assert!(!has_nul_escape(br#"{"path":"trailing\"#));
    }
}

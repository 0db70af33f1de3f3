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
        let format = req
            .extensions()
            .get::<Format>()
            .copied()
            .unwrap_or(Format::Json);
        let bytes = Bytes::from_request(req, state).await.map_err(|e| {
            ApiError::fault(
                e.status(),
                "Request syntactically incorrect.",
                e.body_text(),
            )
        })?;
        parse_as(&bytes, format).map(Body)
    }
}

/// What the client sent the body as (`http::xml` reads XML into JSON and marks the request),
/// so that a fault speaks of the document the client wrote.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Json,
    Xml,
}

impl Format {
    fn document(self) -> &'static str {
        match self {
            Format::Json => "valid JSON",
            Format::Xml => "a valid XML document",
        }
    }
}

pub fn parse<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, ApiError> {
    parse_as(bytes, Format::Json)
}

/// The first text value holding a character no field accepts (`rules::text`), as a fault on
/// its field. Only bodies with an escape or such a character are walked.
fn forbidden_text(bytes: &[u8]) -> Option<ApiError> {
    let suspicious = bytes.windows(2).any(|w| w == b"\\u")
        || bytes
            .windows(3)
            .any(|w| w == [0xEF, 0xBF, 0xBE] || w == [0xEF, 0xBF, 0xBF]);
    if !suspicious {
        return None;
    }
    fn walk(key: &str, v: &serde_json::Value) -> Option<storage_model::rules::Message> {
        match v {
            serde_json::Value::String(s) => storage_model::rules::text::check(key, s),
            serde_json::Value::Array(items) => items.iter().find_map(|i| walk(key, i)),
            serde_json::Value::Object(map) => map.iter().find_map(|(k, v)| walk(k, v)),
            _ => None,
        }
    }
    let value: serde_json::Value = serde_json::from_slice(bytes).ok()?;
    let m = walk("", &value)?;
    Some(ApiError::Fault {
        status: StatusCode::BAD_REQUEST,
        fault: storage_model::Fault {
            reason: "Operation Failed".into(),
            detail: format!("[{}]", m.text),
            field: m.field.map(str::to_string),
        },
    })
}

pub fn parse_as<T: DeserializeOwned>(bytes: &[u8], format: Format) -> Result<T, ApiError> {
    if has_nul_escape(bytes) {
        return Err(ApiError::fault(
            StatusCode::BAD_REQUEST,
            "Request syntactically incorrect.",
            "A text value in the request contains a NUL character (\\u0000), which no field \
             accepts.",
        ));
    }
    if let Some(fault) = forbidden_text(bytes) {
        return Err(fault);
    }
    serde_json::from_slice(bytes).map_err(|e| {
        let text = e.to_string();
        if text.starts_with("Invalid value '") {
            ApiError::fault(StatusCode::BAD_REQUEST, "Invalid Enum value", text)
        } else {
            ApiError::fault(
                StatusCode::BAD_REQUEST,
                "Request syntactically incorrect.",
                format!(
                    "The request body is not {} for this operation: {text}",
                    format.document()
                ),
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
/// (XML action bodies are read as `Format::Json` faults; they have no fields to get wrong.)
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

    #[test]
    fn control_characters_are_refused_on_their_field() {
        let e = super::forbidden_text(br#"{"storage":{"path":"/a\u0001b"}}"#).unwrap();
        let (status, fault) = e.status_and_fault();
        assert_eq!(status, 400);
        let detail = fault.unwrap().detail;
        assert!(
            detail.contains("The path contains the control character U+0001"),
            "{detail}"
        );
        assert!(super::forbidden_text(br#"{"path":"/a\tb\u00e9"}"#).is_none());
        assert!(super::forbidden_text("{\"name\":\"x\u{FFFF}\"}".as_bytes()).is_some());
    }
}

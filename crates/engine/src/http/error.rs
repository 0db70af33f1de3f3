//! How refusals and failures reach the client: the engine's `Fault` body and status codes.

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use storage_model::Fault;

#[derive(Debug)]
pub enum ApiError {
    /// Unknown entity, or an id that is not a GUID: 404 with an empty body, as the engine does.
    NotFound,
    /// A refusal with a reason and detail.
    Fault { status: StatusCode, fault: Fault },
    /// A failure of the engine itself. Logged; the client gets a generic fault.
    Internal(anyhow::Error),
}

impl From<anyhow::Error> for ApiError {
    fn from(e: anyhow::Error) -> Self {
        ApiError::Internal(e)
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        match self {
            ApiError::NotFound => StatusCode::NOT_FOUND.into_response(),
            ApiError::Fault { status, fault } => (status, Json(fault)).into_response(),
            ApiError::Internal(e) => {
                tracing::error!(error = format!("{e:#}"), "request failed");
                (
                    StatusCode::INTERNAL_SERVER_ERROR,
                    Json(Fault {
                        reason: "Operation Failed".into(),
                        detail: "[Internal engine error; the engine log has the cause]".into(),
                    }),
                )
                    .into_response()
            }
        }
    }
}

/// Canonical form of a GUID from a URL, or `NotFound` when it is not one.
pub fn guid(id: &str) -> Result<String, ApiError> {
    uuid::Uuid::parse_str(id)
        .map(|u| u.hyphenated().to_string())
        .map_err(|_| ApiError::NotFound)
}

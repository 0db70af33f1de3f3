//! How refusals and failures reach the client: the engine's `Fault` body and status codes.

use crate::element::Element;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use storage_model::rules::messages::{self, Message, Verb};
use storage_model::Fault;

#[derive(Debug)]
pub enum ApiError {
    /// Unknown entity, or an id that is not a GUID: 404 with an empty body, as the engine does.
    NotFound,
    /// A command refused: the messages decide the status, the detail lists them.
    Refused {
        verb: Verb,
        object: &'static str,
        messages: Vec<Message>,
    },
    /// Any other fault with an explicit status, reason and detail.
    Fault { status: StatusCode, fault: Fault },
    /// A failure of the engine itself. Logged; the client gets a generic fault.
    Internal(anyhow::Error),
}

impl From<anyhow::Error> for ApiError {
    fn from(e: anyhow::Error) -> Self {
        ApiError::Internal(e)
    }
}

impl From<sqlx::Error> for ApiError {
    fn from(e: sqlx::Error) -> Self {
        ApiError::Internal(e.into())
    }
}

impl ApiError {
    pub fn refused(verb: Verb, object: &'static str, messages: Vec<Message>) -> Self {
        ApiError::Refused {
            verb,
            object,
            messages,
        }
    }

    pub fn fault(status: StatusCode, reason: &str, detail: impl Into<String>) -> Self {
        ApiError::Fault {
            status,
            fault: Fault {
                reason: reason.into(),
                detail: detail.into(),
                field: None,
            },
        }
    }

    /// `Incomplete parameters`: REST-required fields are missing.
    pub fn incomplete(entity: &str, missing: &[&str], method: &str) -> Self {
        ApiError::fault(
            StatusCode::BAD_REQUEST,
            "Incomplete parameters",
            storage_model::rules::required::incomplete_detail(entity, missing, method),
        )
    }

    /// A referenced entity (such as a host named in a parameter) does not exist.
    pub fn entity_not_found(what: &str) -> Self {
        ApiError::fault(
            StatusCode::NOT_FOUND,
            "Operation Failed",
            format!("Entity not found: {what}"),
        )
    }

    /// The status and fault body of this error (None for an empty-bodied 404). The fault names
    /// its field only where the extensions are on (oVirt's faults have none).
    pub fn status_and_fault(&self) -> (StatusCode, Option<Fault>) {
        let (status, mut fault) = self.status_and_full_fault();
        if !crate::extensions::enabled() {
            if let Some(f) = &mut fault {
                f.field = None;
            }
        }
        (status, fault)
    }

    fn status_and_full_fault(&self) -> (StatusCode, Option<Fault>) {
        match self {
            ApiError::NotFound => (StatusCode::NOT_FOUND, None),
            ApiError::Refused {
                verb,
                object,
                messages: msgs,
            } => (
                StatusCode::from_u16(messages::http_status(msgs))
                    .unwrap_or(StatusCode::BAD_REQUEST),
                Some(Fault {
                    reason: "Operation Failed".into(),
                    detail: messages::detail(msgs, *verb, object),
                    field: msgs.iter().find_map(|m| m.field).map(str::to_string),
                }),
            ),
            ApiError::Fault { status, fault } => (*status, Some(fault.clone())),
            ApiError::Internal(e) => {
                if let Some((status, why)) = storage_failure(e) {
                    tracing::error!(error = format!("{e:#}"), "the engine cannot {why}");
                    return (
                        status,
                        Some(Fault {
                            reason: "Operation Failed".into(),
                            detail: format!(
                                "[The engine cannot {why}. Nothing was changed; try again once \
                                 the administrator has fixed it.]"
                            ),
                            field: None,
                        }),
                    );
                }
                tracing::error!(error = format!("{e:#}"), "request failed");
                (
                    StatusCode::INTERNAL_SERVER_ERROR,
                    Some(Fault {
                        reason: "Operation Failed".into(),
                        detail: "[Internal engine error; the engine log has the cause]".into(),
                        field: None,
                    }),
                )
            }
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        match self.status_and_fault() {
            (status, None) => status.into_response(),
            (status, Some(fault)) => {
                let text = FaultText::of(&fault);
                let mut response = (status, Json(fault)).into_response();
                response.extensions_mut().insert(Element("fault"));
                response.extensions_mut().insert(text);
                response
            }
        }
    }
}

/// What a fault said (its detail, else its reason), kept beside the answer for the audit trail
/// so that nothing reads the body back to find out.
#[derive(Clone, Debug)]
pub struct FaultText(pub String);

impl FaultText {
    pub fn of(fault: &Fault) -> Self {
        FaultText(if fault.detail.is_empty() {
            fault.reason.clone()
        } else {
            fault.detail.clone()
        })
    }
}

/// A failure of the database or its storage rather than of the engine (see
/// `store::StorageFailure`). The transaction is rolled back in each case, so the client is told
/// plainly that nothing changed: 507 for space, 503 otherwise. Returns the status and what to say
/// after "The engine cannot ".
pub(crate) fn storage_failure(e: &anyhow::Error) -> Option<(StatusCode, &'static str)> {
    use crate::store::StorageFailure::*;
    let failure = crate::store::StorageFailure::in_chain(e)?;
    crate::store::storage_failed();
    Some(match failure {
        DiskFull => (
            StatusCode::INSUFFICIENT_STORAGE,
            "write to its database: its disk is full",
        ),
        ReadOnly => (
            StatusCode::SERVICE_UNAVAILABLE,
            "write to its database: its storage is read-only",
        ),
        IoError => (
            StatusCode::SERVICE_UNAVAILABLE,
            "write to its database: the disk reports an I/O error",
        ),
        CannotOpen => (
            StatusCode::SERVICE_UNAVAILABLE,
            "write to its database: the database file cannot be opened",
        ),
        OutOfResources => (
            StatusCode::SERVICE_UNAVAILABLE,
            "use its database: the database server is out of resources",
        ),
        Unreachable => (StatusCode::SERVICE_UNAVAILABLE, "reach its database server"),
    })
}

/// Canonical form of a GUID from a URL, or `NotFound` when it is not one.
/// Matrix parameters (`{id};host=h1`) are not part of the id.
pub fn guid(id: &str) -> Result<String, ApiError> {
    Ok(hyphenated(uuid_of(id)?))
}

/// The UUID a path's id names (a matrix parameter after `;` ignored); 404 when it is none.
pub fn uuid_of(id: &str) -> Result<uuid::Uuid, ApiError> {
    let id = id.split(';').next().unwrap_or("");
    uuid::Uuid::parse_str(id).map_err(|_| ApiError::NotFound)
}

/// An id as the engine stores and writes it (lowercase, hyphenated).
pub fn hyphenated(u: uuid::Uuid) -> String {
    // (Written straight into its string, not through `Display`.)
    let mut text = [0u8; uuid::fmt::Hyphenated::LENGTH];
    u.hyphenated().encode_lower(&mut text).to_string()
}

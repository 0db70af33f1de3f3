//! Success and failure shapes shared by the handlers.

use crate::element::Element;
use crate::error::ApiError;
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde::Serialize;
use storage_model::Action;

/// 201 Created with `Location` (https when the engine serves TLS) and the created entity.
pub fn created<T: Serialize>(headers: &HeaderMap, tls: bool, href: &str, entity: T) -> Response {
    let scheme = if tls { "https" } else { "http" };
    let location = match headers.get(header::HOST).and_then(|h| h.to_str().ok()) {
        Some(host) => format!("{scheme}://{host}{href}"),
        None => href.to_string(),
    };
    (
        StatusCode::CREATED,
        [(header::LOCATION, location)],
        Json(entity),
    )
        .into_response()
}

/// 200 with `{"status":"complete"}`.
pub fn complete() -> Response {
    Json(Action::complete()).into_response()
}

/// The outcome of an action endpoint: a failure is an Action with `status: failed` and the
/// fault inside, with the fault's HTTP status.
pub struct ActionResult(pub Result<(), ApiError>);

impl IntoResponse for ActionResult {
    fn into_response(self) -> Response {
        match self.0 {
            Ok(()) => complete(),
            Err(e) => match e.status_and_fault() {
                (status, Some(fault)) => {
                    let text = crate::error::FaultText::of(&fault);
                    let mut response = (status, Json(Action::failed(fault))).into_response();
                    response.extensions_mut().insert(Element("action"));
                    response.extensions_mut().insert(text);
                    response
                }
                (status, None) => status.into_response(),
            },
        }
    }
}

/// A 200 whose JSON body is already rendered (from a read cache).
pub fn json_bytes(body: axum::body::Bytes) -> Response {
    let mut response = Response::new(axum::body::Body::from(body));
    // Room for what every answer gets on its way out (length, request id, security headers):
    // one allocation instead of growing the map twice on the API's most frequent answer.
    let headers = response.headers_mut();
    headers.reserve(8);
    headers.insert(
        axum::http::header::CONTENT_TYPE,
        axum::http::HeaderValue::from_static("application/json"),
    );
    response
}

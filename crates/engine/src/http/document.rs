//! Serves the OpenAPI document, built once with the router (`http::openapi`) and handed to this
//! handler as an extension, so the operations table does not depend on how it is documented.

use super::xml::JsonOnly;
use axum::{Extension, Json};
use serde_json::Value;
use std::sync::Arc;

/// The built document.
#[derive(Clone)]
pub struct Document(pub Arc<Value>);

/// `GET /openapi.json` (JSON whatever the client asked for: it has no XML form).
pub async fn serve(Extension(doc): Extension<Document>) -> (Extension<JsonOnly>, Json<Value>) {
    (Extension(JsonOnly), Json(doc.0.as_ref().clone()))
}

//! Serves the OpenAPI document, built once with the router (`http::openapi`) and installed here,
//! so the operations table does not depend on how it is documented.

use super::xml::JsonOnly;
use axum::{Extension, Json};
use serde_json::Value;
use std::sync::Arc;

/// The built document.
#[derive(Clone)]
pub struct Document(pub Arc<Value>);

static INSTALLED: std::sync::OnceLock<Document> = std::sync::OnceLock::new();

/// The document `serve` answers with (the first one installed: every router of a process is
/// built from the same operations table).
pub fn install(doc: Document) {
    let _ = INSTALLED.set(doc);
}

/// `GET /openapi.json` (JSON whatever the client asked for: it has no XML form).
pub async fn serve() -> (Extension<JsonOnly>, Json<Value>) {
    let doc = INSTALLED
        .get()
        .map(|d| d.0.as_ref().clone())
        .unwrap_or_default();
    (Extension(JsonOnly), Json(doc))
}

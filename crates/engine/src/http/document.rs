//! Serves the OpenAPI document, built once with the router (`http::openapi`) and installed here,
//! so the operations table does not depend on how it is documented.

use super::xml::JsonOnly;
use axum::{Extension, Json};
use serde_json::Value;

static INSTALLED: std::sync::OnceLock<Value> = std::sync::OnceLock::new();

/// The document `serve` answers with (the first one installed: every router of a process is
/// built from the same operations table).
pub fn install(doc: Value) {
    let _ = INSTALLED.set(doc);
}

/// `GET /openapi.json` (JSON whatever the client asked for: it has no XML form).
pub async fn serve() -> (Extension<JsonOnly>, Json<Value>) {
    (
        Extension(JsonOnly),
        Json(INSTALLED.get().cloned().unwrap_or_default()),
    )
}

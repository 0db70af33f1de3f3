//! The yardstick: an axum handler that does no work, on the engine's URL shape, in its own
//! process with the same runtime, so the ratio shows what the engine's own work costs.

use axum::extract::Path;
use axum::routing::get;
use axum::{Json, Router};

/// The handler's router (also measured in process: `in_process.rs`).
pub fn router() -> Router {
    Router::new().route(
        "/ovirt-engine/api/storageconnections/{id}",
        get(|Path(id): Path<String>| async move { Json(serde_json::json!({ "id": id })) }),
    )
}

pub async fn serve(listen: std::net::SocketAddr) -> anyhow::Result<()> {
    let app = router();
    let listener = tokio::net::TcpListener::bind(listen).await?;
    // The runner reads the port from the first line.
    println!("listening on {}", listener.local_addr()?);
    axum::serve(listener, app).await?;
    Ok(())
}

//! The read caches never show a client something older than what it wrote, and show what other
//! processes commit (another engine, the `users` command) within a fraction of a second.

mod common;

use common::*;
use reqwest::Method;
use serde_json::json;
use std::time::{Duration, Instant};
use storage_model::rules::permissions::Role;

/// Polls `check` until it holds; returns how long that took. Fails after 2 s (the engine
/// watches the database every 0.1 s).
async fn within_two_seconds(what: &str, mut check: impl AsyncFnMut() -> bool) -> Duration {
    let started = Instant::now();
    loop {
        if check().await {
            let took = started.elapsed();
            println!("{what}: seen after {} ms", took.as_millis());
            return took;
        }
        assert!(
            started.elapsed() < Duration::from_secs(2),
            "{what}: not seen within 2 s"
        );
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
}

#[tokio::test]
async fn a_write_through_the_api_is_read_back_at_once() {
    let e = Engine::demo().await;
    let path = format!("/storageconnections/{}", ids::CONN_ORPHAN);
    for round in 0..20 {
        // Read (and cache), write, read again: never the old value.
        e.fetch(&path).await.ok();
        let new_path = format!("/exports/round-{round}");
        e.put(&path, json!({ "path": new_path })).await.ok();
        assert_eq!(e.fetch(&path).await.ok()["path"], new_path.as_str());
    }
}

#[tokio::test]
async fn another_process_commit_is_seen_quickly() {
    let e = Engine::demo().await;
    let path = format!("/storageconnections/{}", ids::CONN_ORPHAN);
    let before = e.fetch(&path).await.ok()["path"].clone();
    assert_eq!(e.fetch(&path).await.ok()["path"], before, "cached read");

    // Another writer on the same database file (as a second engine would be).
    let db = e.db().await;
    sqlx::query("UPDATE storage_connections SET path = '/exports/elsewhere' WHERE id = $1")
        .bind(ids::CONN_ORPHAN)
        .execute(&db)
        .await
        .unwrap();
    within_two_seconds("a connection changed by another process", async || {
        e.fetch(&path).await.ok()["path"] == "/exports/elsewhere"
    })
    .await;
}

#[tokio::test]
async fn grants_and_revocations_by_another_process_take_effect_quickly() {
    let e = Engine::demo().await;
    let db = e.db().await;
    engine::auth::users::create(&db, "ops@internal", "user-Pa55word")
        .await
        .unwrap();
    engine::auth::users::grant(&db, "ops@internal", Role::ReadOnlyAdmin, None)
        .await
        .unwrap();
    let token = token_for(&e.base, "ops@internal", "user-Pa55word").await;
    let put = async || {
        e.send_as(
            &token,
            Method::PUT,
            &api(&format!("/storageconnections/{}", ids::CONN_ORPHAN)),
            Some(json!({"path": "/exports/by-ops"})),
        )
        .await
        .status
    };
    assert_eq!(put().await, 403, "read-only at first (and now cached)");

    // `engine users grant` runs as another process on the same database.
    engine::auth::users::grant(&db, "ops@internal", Role::StorageAdmin, None)
        .await
        .unwrap();
    within_two_seconds("a grant made by another process", async || {
        put().await == 200
    })
    .await;

    // A token revoked through another engine stops working here too (even though a read has
    // just cached it).
    assert_eq!(
        e.send_as(&token, Method::GET, &api("/hosts"), None)
            .await
            .status,
        200
    );
    sqlx::query("DELETE FROM tokens")
        .execute(&db)
        .await
        .unwrap();
    within_two_seconds("a token revoked by another process", async || {
        e.send_as(&token, Method::GET, &api("/hosts"), None)
            .await
            .status
            == 401
    })
    .await;
}

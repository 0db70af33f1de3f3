//! The PostgreSQL server goes away under a running engine and comes back: meanwhile every
//! request that needs the database gets a clear 503 saying nothing changed, and afterwards the
//! engine works again by itself — no restart, nothing half-done, and commits by others are seen
//! again (its change listener reconnects). Uses a private server it can stop, on either run of
//! the suite.

mod common;

use common::{ids, Engine, PgServer, ADMIN_PASSWORD};
use engine::store::Location;
use serde_json::json;
use std::time::{Duration, Instant};

#[tokio::test]
async fn a_lost_database_server_is_a_clear_503_and_the_engine_recovers_by_itself() {
    let server = PgServer::start();
    let url = server.create_database("engine").await;
    let dir = tempfile::tempdir().unwrap();
    let mut config = engine::Config::new(
        "127.0.0.1:0".parse().unwrap(),
        Location::Postgres(url.clone()),
    );
    config.demo = true;
    config.settings.admin_password = Some(ADMIN_PASSWORD.into());
    let e = Engine::run(config, dir).await;
    let path = format!("/storageconnections/{}", ids::CONN_ORPHAN);
    assert_eq!(
        e.put(&path, json!({"path": "/exports/before"}))
            .await
            .status,
        200
    );

    server.stop();
    let started = Instant::now();
    // A write, a read and a sign-in at once: each waits for a connection, then gives up.
    let (r, read, signin) = tokio::join!(
        e.put(&path, json!({"path": "/exports/during"})),
        e.fetch("/storagedomains"),
        common::sign_in(&e.base, "admin@internal", ADMIN_PASSWORD)
    );
    let waited = started.elapsed();
    r.fault(503, "Operation Failed", "cannot reach its database server");
    assert!(r.text.contains("Nothing was changed"), "{}", r.text);
    assert!(
        waited < Duration::from_secs(15),
        "answered within the 10 s connection wait: {waited:?}"
    );
    assert_eq!(
        read.status, 503,
        "reads that need the database: {}",
        read.text
    );
    assert_eq!(signin.status(), 503, "signing in is not 'wrong password'");
    let body: serde_json::Value = signin.json().await.unwrap();
    assert_eq!(body["error_code"], "temporarily_unavailable", "{body}");

    server.start_again();
    let back = Instant::now();
    let r = loop {
        let r = e.put(&path, json!({"path": "/exports/after"})).await;
        if r.status != 503 || back.elapsed() > Duration::from_secs(20) {
            break r;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    };
    assert_eq!(r.status, 200, "writes work again: {}", r.text);
    let conn = e.fetch(&path).await;
    assert_eq!(conn.ok()["path"], "/exports/after");

    // The change listener is back: a commit made outside the engine shows within 2 s.
    let pool = e.db().await;
    sqlx::query("UPDATE storage_connections SET path = '/exports/outside' WHERE id = $1")
        .bind(ids::CONN_ORPHAN)
        .execute(&pool)
        .await
        .unwrap();
    common::wait_for(
        "a commit by another process after the outage to show",
        Duration::from_secs(2),
        || async { e.fetch(&path).await.ok()["path"] == "/exports/outside" },
    )
    .await;
    // The refused write left nothing behind, not even in the event trail.
    let events = e.fetch("/events").await;
    let texts: Vec<&str> = events.ok()["event"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|v| v["description"].as_str())
        .collect();
    assert!(
        !texts.iter().any(|t| t.contains("/exports/during")),
        "{texts:?}"
    );
    println!(
        "database outage: 503 after {waited:?}; writes back {:?} after the server",
        back.elapsed()
    );
}

//! What an update with a host does to the domains using the connection, and what a crash in the
//! middle of it leaves (nothing, once the engine is back).

mod common;

use common::{api, engine_command, free_port, ids, wait_for, Engine, Proc};
use serde_json::json;
use std::time::Duration;

#[tokio::test]
async fn local_domain_is_locked_during_the_update_and_its_space_is_refreshed() {
    let e = Engine::demo_with(engine::Settings {
        lock_lease: Duration::from_secs(30),
        update_pause: Some(Duration::from_millis(700)),
        ..Default::default()
    })
    .await;
    let before_dir = tempfile::Builder::new().prefix("sd-").tempdir().unwrap();
    let after_dir = tempfile::Builder::new().prefix("sd-").tempdir().unwrap();
    let r = e
        .post(
            "/storagedomains",
            json!({"name": "local-new", "type": "data", "host": {"name": "host1.example.com"},
                   "storage": {"type": "localfs", "path": before_dir.path()}}),
        )
        .await;
    assert_eq!(r.status, 201, "{}", r.text);
    let sd = r.json["id"].as_str().unwrap().to_string();
    assert!(
        r.json["available"]
            .as_str()
            .unwrap()
            .parse::<i64>()
            .unwrap()
            > 0,
        "real statvfs numbers"
    );
    let conn = e
        .get_json(&api(&format!("/storagedomains/{sd}/storageconnections")))
        .await;
    let conn_id = conn["storage_connection"][0]["id"]
        .as_str()
        .unwrap()
        .to_string();

    let attached = format!("/datacenters/{}/storagedomains", ids::DATA_CENTER);
    assert_eq!(e.post(&attached, json!({"id": sd})).await.status, 201);
    // A local path is a duplicate within its data center while its domain is active there.
    e.post(
        "/storageconnections",
        json!({"type": "localfs", "path": before_dir.path(), "host": {"name": "host1.example.com"}}),
    )
    .await
    .refused(409, &conn_id);
    e.post(&format!("{attached}/{sd}/deactivate"), json!({}))
        .await
        .ok();

    let db = e.db().await;
    sqlx::query("UPDATE storage_domains SET available_bytes = 0, used_bytes = 0 WHERE id = $1")
        .bind(&sd)
        .execute(&db)
        .await
        .unwrap();

    let path = api(&format!(
        "/storageconnections/{conn_id};host=host1.example.com"
    ));
    let base = e.base.clone();
    let token = e.token.clone();
    let new_path = after_dir.path().to_string_lossy().to_string();
    let update = tokio::spawn(async move {
        reqwest::Client::new()
            .put(format!("{base}{path}"))
            .bearer_auth(token)
            .header("Accept", "application/json")
            .json(&json!({"path": new_path}))
            .send()
            .await
            .unwrap()
            .status()
    });
    wait_for(
        "the domain to be locked",
        Duration::from_secs(5),
        || async { e.status_in_dc(&sd).await.as_deref() == Some("locked") },
    )
    .await;
    // While locked, other commands on it are refused.
    let r = e
        .post(&format!("{attached}/{sd}/activate"), json!({}))
        .await;
    assert_eq!(r.status, 409, "{}", r.text);

    assert_eq!(update.await.unwrap(), 200);
    assert_eq!(e.status_in_dc(&sd).await.as_deref(), Some("maintenance"));
    let domain = e.get_json(&api(&format!("/storagedomains/{sd}"))).await;
    assert_eq!(
        domain["storage"]["path"],
        after_dir.path().to_string_lossy().as_ref()
    );
    let available: i64 = domain["available"].as_str().unwrap().parse().unwrap();
    let st = rustix::fs::statvfs(after_dir.path()).unwrap();
    let expected = (st.f_bavail * st.f_frsize) as i64;
    assert!(available > 0, "space refreshed from the new location");
    assert!(
        (available - expected).abs() < expected / 20 + (64 << 20),
        "available {available} should be about statvfs's {expected}"
    );
}

fn spawn_engine(db: &common::TestDb, port: u16, pause_ms: Option<u64>) -> Proc {
    let mut cmd = engine_command(db, port);
    cmd.args(["--lock-lease-secs", "1.5"]);
    if let Some(ms) = pause_ms {
        cmd.env("ENGINE_TEST_UPDATE_PAUSE_MS", ms.to_string());
    }
    Proc(cmd.spawn().expect("start engine binary"))
}

/// Basic credentials of the test admin (the engine binary is started with its password).
fn admin() -> (&'static str, Option<&'static str>) {
    ("admin@internal", Some(common::ADMIN_PASSWORD))
}

async fn status_of(base: &str, domain: &str) -> Option<String> {
    let (user, password) = admin();
    let r = reqwest::Client::new()
        .get(format!(
            "{base}/ovirt-engine/api/datacenters/{}/storagedomains",
            ids::DATA_CENTER
        ))
        .basic_auth(user, password)
        .header("Accept", "application/json")
        .send()
        .await
        .ok()?;
    let v: serde_json::Value = r.json().await.ok()?;
    v["storage_domain"]
        .as_array()?
        .iter()
        .find(|d| d["id"] == domain)
        .and_then(|d| d["status"].as_str().map(String::from))
}

#[tokio::test]
async fn killing_the_engine_mid_update_leaves_nothing_locked_after_restart() {
    let dir = tempfile::tempdir().unwrap();
    let test_db = common::TestDb::new(dir.path()).await;
    let port = free_port();
    let base = format!("http://127.0.0.1:{port}");
    let mut first = spawn_engine(&test_db, port, Some(60_000));
    wait_for("the engine to start", Duration::from_secs(15), || async {
        status_of(&base, ids::SD_POSIX).await.is_some()
    })
    .await;
    assert_eq!(
        status_of(&base, ids::SD_POSIX).await.as_deref(),
        Some("maintenance")
    );

    let url = format!(
        "{base}/ovirt-engine/api/storageconnections/{};host=host1.example.com",
        ids::CONN_POSIX
    );
    let (user, password) = admin();
    let pending = tokio::spawn(async move {
        reqwest::Client::new()
            .put(url)
            .basic_auth(user, password)
            .header("Accept", "application/json")
            .json(&json!({"path": "/volumes/after-crash"}))
            .send()
            .await
    });
    wait_for(
        "the domain to be locked",
        Duration::from_secs(10),
        || async { status_of(&base, ids::SD_POSIX).await.as_deref() == Some("locked") },
    )
    .await;
    first.0.kill().expect("SIGKILL");
    first.0.wait().unwrap();
    assert!(
        pending.await.unwrap().is_err(),
        "the update was never acknowledged"
    );

    // What the crash left on disk: the domain locked, with its compensation record.
    {
        let db = test_db.pool().await;
        let status: String = sqlx::query_scalar(
            "SELECT status FROM storage_domain_data_centers WHERE storage_domain_id = $1",
        )
        .bind(ids::SD_POSIX)
        .fetch_one(&db)
        .await
        .unwrap();
        assert_eq!(status, "locked");
        let records: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM compensations")
            .fetch_one(&db)
            .await
            .unwrap();
        assert_eq!(records, 1);
        db.close().await;
    }

    let port = free_port();
    let base = format!("http://127.0.0.1:{port}");
    let _second = spawn_engine(&test_db, port, None);
    wait_for(
        "the domain to be restored",
        Duration::from_secs(15),
        || async { status_of(&base, ids::SD_POSIX).await.as_deref() == Some("maintenance") },
    )
    .await;
    let client = reqwest::Client::new();
    let conn: serde_json::Value = client
        .get(format!(
            "{base}/ovirt-engine/api/storageconnections/{}",
            ids::CONN_POSIX
        ))
        .basic_auth(user, password)
        .header("Accept", "application/json")
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(
        conn["path"], "/volumes/vmstore",
        "the unacknowledged update left no trace"
    );

    let db = test_db.pool().await;
    wait_for(
        "stale locks to be swept",
        Duration::from_secs(10),
        || async {
            let n: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM locks")
                .fetch_one(&db)
                .await
                .unwrap();
            n == 0
        },
    )
    .await;
    let records: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM compensations")
        .fetch_one(&db)
        .await
        .unwrap();
    assert_eq!(records, 0);

    // And the same update now goes through.
    let r = client
        .put(format!(
            "{base}/ovirt-engine/api/storageconnections/{};host=host1.example.com",
            ids::CONN_POSIX
        ))
        .basic_auth(user, password)
        .header("Accept", "application/json")
        .json(&json!({"path": "/volumes/after-crash"}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    assert_eq!(
        status_of(&base, ids::SD_POSIX).await.as_deref(),
        Some("maintenance")
    );
}

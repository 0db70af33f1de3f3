//! Two engine processes on one database, as a high-availability site runs them behind one
//! address: a token from one is good on the other, conflicting edits through both are
//! serialized (one wins, the other is told 409), and when one is killed in the middle of an
//! update the other restores the domains and holds nothing locked. Runs on SQLite (two processes
//! on one file) and, in `make unit-pg`, on PostgreSQL.

mod common;

use common::{
    api, engine_command, free_port, ids, request, token_for, wait_for, wait_serving, Proc, TestDb,
};
use serde_json::{json, Value};
use std::time::{Duration, Instant};

struct Running {
    base: String,
    proc: Proc,
}

/// Starts one engine binary on `db` and waits until it serves. `pause_ms` holds every update
/// with a host that long after the domains are locked (ENGINE_TEST_UPDATE_PAUSE_MS).
async fn start(db: &TestDb, lease_secs: &str, pause_ms: Option<u64>) -> Running {
    let r = spawn(db, lease_secs, pause_ms);
    wait_serving(&r.base).await;
    r
}

fn spawn(db: &TestDb, lease_secs: &str, pause_ms: Option<u64>) -> Running {
    let port = free_port();
    let mut cmd = engine_command(db, port);
    cmd.args(["--lock-lease-secs", lease_secs]);
    if let Some(ms) = pause_ms {
        cmd.env("ENGINE_TEST_UPDATE_PAUSE_MS", ms.to_string());
    }
    let proc = Proc(cmd.spawn().expect("start engine binary"));
    let base = format!("http://127.0.0.1:{port}");
    Running { base, proc }
}

async fn send(
    base: &str,
    token: &str,
    method: reqwest::Method,
    path: &str,
    body: Option<Value>,
) -> (u16, Value) {
    let r = request(base, token, method, &api(path), body).await;
    (r.status, r.json)
}

async fn status_of(base: &str, token: &str, domain: &str) -> Option<String> {
    let (status, body) = send(
        base,
        token,
        reqwest::Method::GET,
        &format!("/datacenters/{}/storagedomains", ids::DATA_CENTER),
        None,
    )
    .await;
    if status != 200 {
        return None;
    }
    body["storage_domain"]
        .as_array()?
        .iter()
        .find(|d| d["id"] == domain)
        .and_then(|d| d["status"].as_str().map(String::from))
}

async fn count(db: &TestDb, sql: &str) -> i64 {
    let pool = db.pool().await;
    let n = sqlx::query_scalar(sql).fetch_one(&pool).await.expect(sql);
    pool.close().await;
    n
}

/// Starts an update of the POSIX connection to `path` through `a`, with a host (so its domain is
/// locked while it runs), and waits until `b` sees the domain locked. Its answer is awaited later.
async fn locked_update(
    a: &Running,
    b: &Running,
    token: &str,
    path: &str,
) -> tokio::task::JoinHandle<(u16, Value)> {
    let (a_base, a_token, body) = (a.base.clone(), token.to_string(), json!({"path": path}));
    let pending = tokio::spawn(async move {
        send(
            &a_base,
            &a_token,
            reqwest::Method::PUT,
            &with_host(),
            Some(body),
        )
        .await
    });
    wait_for("engine B to see the domain locked", Duration::from_secs(10), || {
        let (base, token) = (b.base.clone(), token.to_string());
        async move { status_of(&base, &token, ids::SD_POSIX).await.as_deref() == Some("locked") }
    })
    .await;
    pending
}

/// The POSIX connection, updated through host1 (so its domain is locked while it runs).
fn with_host() -> String {
    format!(
        "/storageconnections/{};host=host1.example.com",
        ids::CONN_POSIX
    )
}

#[tokio::test]
async fn conflicting_edits_through_two_engines_are_serialized() {
    let dir = tempfile::tempdir().unwrap();
    let db = TestDb::new(dir.path()).await;
    // One after the other: the first seeds the demo site, the second finds it.
    let a = start(&db, "30", Some(1_500)).await;
    let b = start(&db, "30", None).await;
    let token = token_for(&a.base, "admin@internal", common::ADMIN_PASSWORD).await;

    // A's update holds the domain locked for 1.5 s; B sees the lock and refuses its own edit.
    let first = locked_update(&a, &b, &token, "/volumes/from-a").await;
    let (status, body) = send(
        &b.base,
        &token,
        reqwest::Method::PUT,
        &format!("/storageconnections/{}", ids::CONN_POSIX),
        Some(json!({"path": "/volumes/from-b"})),
    )
    .await;
    assert_eq!(status, 409, "the second edit is refused: {body}");
    let detail = body["detail"].as_str().unwrap_or_default();
    assert!(
        detail.contains("in progress") || detail.contains("status"),
        "the refusal says why: {detail}"
    );

    let (status, body) = first.await.unwrap();
    assert_eq!(status, 200, "the first edit wins: {body}");
    for base in [&a.base, &b.base] {
        let (status, conn) = send(
            base,
            &token,
            reqwest::Method::GET,
            &format!("/storageconnections/{}", ids::CONN_POSIX),
            None,
        )
        .await;
        assert_eq!(status, 200);
        assert_eq!(conn["path"], "/volumes/from-a", "as seen through {base}");
        assert_eq!(
            status_of(base, &token, ids::SD_POSIX).await.as_deref(),
            Some("maintenance")
        );
    }

    // The same new connection added through both at once, twenty times: each time exactly one
    // is created and the other is refused (a duplicate, or the details locked by the other).
    let mut outcomes = std::collections::BTreeMap::new();
    for round in 0..20 {
        let body = json!({
            "type": "nfs",
            "address": "nfs-ha.example.com",
            "path": format!("/exports/race-{round}"),
        });
        let through = |base: String, body: Value| {
            let token = token.clone();
            async move {
                send(
                    &base,
                    &token,
                    reqwest::Method::POST,
                    "/storageconnections",
                    Some(body),
                )
                .await
            }
        };
        let (ra, rb) = tokio::join!(
            through(a.base.clone(), body.clone()),
            through(b.base.clone(), body.clone())
        );
        let mut statuses = [ra.0, rb.0];
        statuses.sort();
        assert_eq!(statuses, [201, 409], "round {round}: {ra:?} / {rb:?}");
        *outcomes
            .entry(if ra.0 == 201 { "a" } else { "b" })
            .or_insert(0) += 1;
    }
    let (_, list) = send(
        &b.base,
        &token,
        reqwest::Method::GET,
        "/storageconnections",
        None,
    )
    .await;
    let races = list["storage_connection"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["address"] == "nfs-ha.example.com")
        .count();
    assert_eq!(races, 20, "one connection per round, no duplicates");
    println!(
        "two engines: a 409 for the edit racing a locked update; 20 add races won by {outcomes:?}"
    );
    drop((a.proc, b.proc));
}

#[tokio::test]
async fn killing_one_engine_mid_update_leaves_nothing_locked_once_the_other_takes_over() {
    let dir = tempfile::tempdir().unwrap();
    let db = TestDb::new(dir.path()).await;
    let mut a = start(&db, "1", Some(60_000)).await;
    let b = start(&db, "1", None).await;
    // Signed in on B, used on A: the token lives in the database.
    let token = token_for(&b.base, "admin@internal", common::ADMIN_PASSWORD).await;

    let url = format!("{}/ovirt-engine/api{}", a.base, with_host());
    let a_token = token.clone();
    let pending = tokio::spawn(async move {
        reqwest::Client::new()
            .put(url)
            .bearer_auth(a_token)
            .header("Accept", "application/json")
            .json(&json!({"path": "/volumes/never"}))
            .send()
            .await
    });
    wait_for("engine B to see the domain locked", Duration::from_secs(10), || {
        let (base, token) = (b.base.clone(), token.clone());
        async move { status_of(&base, &token, ids::SD_POSIX).await.as_deref() == Some("locked") }
    })
    .await;
    // A live engine keeps its lease: three leases later B has not taken A's update over.
    tokio::time::sleep(Duration::from_secs(3)).await;
    assert_eq!(
        status_of(&b.base, &token, ids::SD_POSIX).await.as_deref(),
        Some("locked"),
        "a running update is not undone while its engine lives"
    );
    assert!(count(&db, "SELECT COUNT(*) FROM locks").await > 0);

    a.proc.0.kill().expect("SIGKILL engine A");
    a.proc.0.wait().unwrap();
    assert!(
        pending.await.unwrap().is_err(),
        "the update was never acknowledged"
    );
    let killed = Instant::now();

    wait_for(
        "engine B to restore the domain",
        Duration::from_secs(10),
        || {
            let (base, token) = (b.base.clone(), token.clone());
            async move {
                status_of(&base, &token, ids::SD_POSIX).await.as_deref() == Some("maintenance")
            }
        },
    )
    .await;
    let took = killed.elapsed();
    wait_for("A's locks to be swept", Duration::from_secs(5), || async {
        count(&db, "SELECT COUNT(*) FROM locks").await == 0
    })
    .await;
    assert_eq!(count(&db, "SELECT COUNT(*) FROM compensations").await, 0);
    assert_eq!(
        count(
            &db,
            "SELECT COUNT(*) FROM storage_domain_data_centers WHERE status = 'locked'"
        )
        .await,
        0,
        "nothing is left locked"
    );

    // The interrupted update left no trace, and B can make it now.
    let path = format!("/storageconnections/{}", ids::CONN_POSIX);
    let (_, conn) = send(&b.base, &token, reqwest::Method::GET, &path, None).await;
    assert_eq!(conn["path"], "/volumes/vmstore");
    let (status, body) = send(
        &b.base,
        &token,
        reqwest::Method::PUT,
        &with_host(),
        Some(json!({"path": "/volumes/by-b"})),
    )
    .await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(
        status_of(&b.base, &token, ids::SD_POSIX).await.as_deref(),
        Some("maintenance")
    );
    assert_eq!(db.integrity_check().await, "ok");
    println!("two engines: B restored the domain {took:?} after A was killed (lease 1 s)");
}

#[tokio::test]
async fn an_update_whose_lease_was_taken_over_does_not_finish() {
    let dir = tempfile::tempdir().unwrap();
    let db = TestDb::new(dir.path()).await;
    // A renews every 10 s; B sweeps every ~70 ms.
    let a = start(&db, "30", Some(1_500)).await;
    let b = start(&db, "0.2", None).await;
    let token = token_for(&a.base, "admin@internal", common::ADMIN_PASSWORD).await;

    let first = locked_update(&a, &b, &token, "/volumes/too-late").await;
    // As if A had stalled past its lease: B takes the update over and restores the domain.
    let pool = db.pool().await;
    sqlx::query("UPDATE compensations SET expires_at = 0")
        .execute(&pool)
        .await
        .unwrap();
    pool.close().await;
    wait_for(
        "engine B to restore the domain",
        Duration::from_secs(5),
        || {
            let (base, token) = (b.base.clone(), token.clone());
            async move {
                status_of(&base, &token, ids::SD_POSIX).await.as_deref() == Some("maintenance")
            }
        },
    )
    .await;

    let (status, body) = first.await.unwrap();
    assert_eq!(status, 409, "{body}");
    assert!(
        body["detail"]
            .as_str()
            .unwrap_or_default()
            .contains("nothing was changed"),
        "{body}"
    );
    let (_, conn) = send(
        &b.base,
        &token,
        reqwest::Method::GET,
        &format!("/storageconnections/{}", ids::CONN_POSIX),
        None,
    )
    .await;
    assert_eq!(
        conn["path"], "/volumes/vmstore",
        "the late update left no trace"
    );
    assert_eq!(
        status_of(&a.base, &token, ids::SD_POSIX).await.as_deref(),
        Some("maintenance")
    );
}

#[tokio::test]
async fn engines_started_together_on_a_new_database_set_it_up_once() {
    let dir = tempfile::tempdir().unwrap();
    let db = TestDb::new(dir.path()).await;
    let engines: Vec<Running> = (0..3).map(|_| spawn(&db, "30", None)).collect();
    for e in &engines {
        wait_serving(&e.base).await;
    }
    let token = token_for(&engines[2].base, "admin@internal", common::ADMIN_PASSWORD).await;
    let mut lists = Vec::new();
    for e in &engines {
        let (status, list) = send(
            &e.base,
            &token,
            reqwest::Method::GET,
            "/storageconnections",
            None,
        )
        .await;
        assert_eq!(status, 200, "{} serves", e.base);
        lists.push(list);
    }
    assert!(
        lists.windows(2).all(|w| w[0] == w[1]),
        "one site, seen alike"
    );
    assert_eq!(count(&db, "SELECT COUNT(*) FROM data_centers").await, 1);
    assert_eq!(
        count(&db, "SELECT COUNT(*) FROM users WHERE name = 'admin'").await,
        1
    );
    assert_eq!(count(&db, "SELECT COUNT(*) FROM permissions").await, 1);
}

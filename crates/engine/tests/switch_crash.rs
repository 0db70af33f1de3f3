//! A storage switch is a durable job: the engine running it is SIGKILLed at random points again
//! and again, and the next engine on the database carries it on. After every kill the database
//! shows no domain half-switched (the multipath domain's two paths on the same side); in the end
//! every switch succeeded, nothing is locked, and the site is exactly where the last switch put
//! it. Two live engines on one database never both run a switch: each step happens once.

mod common;

use common::{api, engine_command, free_port, ids, request, token_for, wait_serving, Proc, TestDb};
use rand::{Rng, SeedableRng};
use serde_json::{json, Value};
use std::time::{Duration, Instant};

const KILLS: usize = 12;

fn spawn(db: &TestDb) -> (Proc, String) {
    let port = free_port();
    let child = engine_command(db, port)
        .args(["--lock-lease-secs", "0.5"])
        // Each step waits a little with its domains locked, so kills land inside steps.
        .env("ENGINE_TEST_UPDATE_PAUSE_MS", "60")
        .spawn()
        .expect("start engine binary");
    (Proc(child), format!("http://127.0.0.1:{port}"))
}

async fn send(base: &str, token: &str, path: &str, body: Option<Value>) -> (u16, Value) {
    let method = if body.is_some() {
        reqwest::Method::POST
    } else {
        reqwest::Method::GET
    };
    let r = request(base, token, method, &api(path), body).await;
    (r.status, r.json)
}

fn mapping() -> Value {
    json!({
        "excluded": [ids::CONN_ISCSI_LUN_DISK],
        "rules": [
            {"from_address": "nfs1.example.com", "to_address": "nfs1-dr.example.com"},
            {"from_address": "nfs2.example.com", "to_address": "nfs2-dr.example.com"},
            {"from_address": "ceph-mon1.example.com", "to_address": "ceph-mon9.example.com"},
            {"kind": "portal", "from_address": "192.0.2.21", "to_address": "198.51.100.21"},
            {"kind": "portal", "from_address": "192.0.2.22", "to_address": "198.51.100.22"},
            {"kind": "portal", "from_address": "192.0.2.23", "to_address": "198.51.100.23"},
        ]
    })
}

async fn scalar(pool: &sqlx::AnyPool, sql: &str) -> i64 {
    sqlx::query_scalar(sql).fetch_one(pool).await.expect(sql)
}

/// What the database says right after a kill: the multipath domain is whole on one side.
async fn assert_not_half_switched(pool: &sqlx::AnyPool) {
    let addresses: Vec<String> =
        sqlx::query_scalar("SELECT address FROM storage_connections WHERE id IN ($1, $2)")
            .bind(ids::CONN_ISCSI_A)
            .bind(ids::CONN_ISCSI_B)
            .fetch_all(pool)
            .await
            .unwrap();
    let new = addresses
        .iter()
        .filter(|a| a.starts_with("198.51.100."))
        .count();
    assert!(new == 0 || new == 2, "half-switched paths: {addresses:?}");
}

/// The site's domain statuses and master flags, sorted.
async fn statuses(pool: &sqlx::AnyPool) -> Vec<(String, String, i64)> {
    sqlx::query_as(
        "SELECT storage_domain_id, status, is_master FROM storage_domain_data_centers \
         ORDER BY storage_domain_id",
    )
    .fetch_all(pool)
    .await
    .unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_switch_killed_again_and_again_is_finished_by_the_next_engine() {
    let dir = tempfile::tempdir().unwrap();
    let db = TestDb::new(dir.path()).await;
    let (mut proc, mut base) = spawn(&db);
    wait_serving(&base).await;
    let token = token_for(&base, "admin@internal", common::ADMIN_PASSWORD).await;
    let pool = db.pool().await;
    let original = statuses(&pool).await;
    let mut rng = rand::rngs::StdRng::seed_from_u64(18);

    // Switch, fail back, switch… with kills between and inside them.
    let (status, plan) = send(&base, &token, "/storageswitches", Some(mapping())).await;
    assert_eq!(status, 201, "{plan}");
    let mut current = plan["id"].as_str().unwrap().to_string();
    let mut forward = true;
    let (status, started) = send(
        &base,
        &token,
        &format!("/storageswitches/{current}/start"),
        Some(json!({})),
    )
    .await;
    assert_eq!(status, 200, "{started}");
    let mut kills = 0;
    // Kills that landed inside a step (between its phases).
    let mut inside = 0;
    let deadline = Instant::now() + Duration::from_secs(240);
    loop {
        assert!(Instant::now() < deadline, "the switches did not finish");
        tokio::time::sleep(Duration::from_millis(rng.gen_range(20..250))).await;
        let (_, s) = send(&base, &token, &format!("/storageswitches/{current}"), None).await;
        match s["status"].as_str() {
            Some("running") if kills < KILLS => {
                drop(proc);
                kills += 1;
                assert_not_half_switched(&pool).await;
                inside += scalar(
                    &pool,
                    "SELECT COUNT(*) FROM storage_switch_steps WHERE step LIKE '%\"state\":\"maintenance\"%' \
                     OR step LIKE '%\"state\":\"updating\"%' OR step LIKE '%\"state\":\"updated\"%'",
                )
                .await;
                (proc, base) = spawn(&db);
                wait_serving(&base).await;
                // Past the dead engine's lease: the new one has taken the switch over before the
                // next kill, which then lands inside its steps.
                tokio::time::sleep(Duration::from_millis(rng.gen_range(500..800))).await;
            }
            Some("running") => {}
            Some("succeeded") if kills < KILLS => {
                // The other way now: a fail-back, also killed along the way.
                let (status, back) = send(
                    &base,
                    &token,
                    &format!("/storageswitches/{current}/failback"),
                    Some(json!({})),
                )
                .await;
                assert_eq!(status, 201, "{back}");
                current = back["id"].as_str().unwrap().to_string();
                forward = !forward;
                let (status, r) = send(
                    &base,
                    &token,
                    &format!("/storageswitches/{current}/start"),
                    Some(json!({})),
                )
                .await;
                assert_eq!(status, 200, "{r}");
            }
            Some("succeeded") => break,
            other => panic!("the switch ended {other:?}: {s}"),
        }
    }
    // Every engine's leftovers are gone once the last one has run a sweep.
    tokio::time::sleep(Duration::from_millis(800)).await;
    assert_eq!(
        scalar(
            &pool,
            "SELECT COUNT(*) FROM storage_domain_data_centers WHERE status = 'locked'"
        )
        .await,
        0,
        "no domain left locked"
    );
    assert_eq!(
        scalar(
            &pool,
            "SELECT COUNT(*) FROM storage_switches WHERE owner IS NOT NULL"
        )
        .await,
        0
    );
    assert_eq!(statuses(&pool).await, original, "every domain as it was");
    let data: String = sqlx::query_scalar("SELECT address FROM storage_connections WHERE id = $1")
        .bind(ids::CONN_NFS_DATA)
        .fetch_one(&pool)
        .await
        .unwrap();
    let expected = if forward {
        "nfs1-dr.example.com"
    } else {
        "nfs1.example.com"
    };
    assert_eq!(data, expected);
    assert_not_half_switched(&pool).await;
    assert_eq!(kills, KILLS);
    assert!(inside >= 3, "only {inside} kills landed inside a step");
    drop(proc);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_live_engines_never_run_the_same_switch() {
    let dir = tempfile::tempdir().unwrap();
    let db = TestDb::new(dir.path()).await;
    let (a, base_a) = spawn(&db);
    wait_serving(&base_a).await;
    let (b, base_b) = spawn(&db);
    wait_serving(&base_b).await;
    let token = token_for(&base_a, "admin@internal", common::ADMIN_PASSWORD).await;
    let (_, plan) = send(&base_a, &token, "/storageswitches", Some(mapping())).await;
    let id = plan["id"].as_str().unwrap().to_string();
    let steps = plan["steps"].as_array().unwrap().len();
    // Started through both at once: one runs it, the other is told.
    let path = format!("/storageswitches/{id}/start");
    let (ra, rb) = tokio::join!(
        send(&base_a, &token, &path, Some(json!({}))),
        send(&base_b, &token, &path, Some(json!({})))
    );
    let mut codes = [ra.0, rb.0];
    codes.sort();
    assert_eq!(codes, [200, 409], "{ra:?} {rb:?}");
    let deadline = Instant::now() + Duration::from_secs(60);
    loop {
        let (_, s) = send(&base_b, &token, &format!("/storageswitches/{id}"), None).await;
        if s["status"] == "succeeded" {
            break;
        }
        assert_eq!(s["status"], "running", "{s}");
        assert!(Instant::now() < deadline);
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    // Each step happened once: one event each, through whichever engine.
    let pool = db.pool().await;
    let switched = scalar(
        &pool,
        "SELECT COUNT(*) FROM events WHERE action = 'Switch Storage' AND description LIKE '%: switched'",
    )
    .await;
    assert_eq!(switched, i64::try_from(steps).unwrap());
    drop((a, b));
}

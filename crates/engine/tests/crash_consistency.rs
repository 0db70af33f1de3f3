//! A stream of mixed writes against the real engine binary, killed with SIGKILL at random points
//! again and again: every acknowledged write survives, the one in flight is either wholly there
//! or not at all, no domain stays `locked`, no lock or compensation row outlives its engine, and
//! the database stays intact.

mod common;

use common::{engine_command, free_port, ids, wait_serving, Proc, TestDb};
use rand::{Rng, SeedableRng};
use serde_json::{json, Value};
use std::collections::{BTreeMap, BTreeSet};
use std::time::{Duration, Instant};

const KILLS: usize = 25;
const LEASE_SECS: &str = "0.5";

fn spawn_engine(db: &TestDb, port: u16) -> Proc {
    let child = engine_command(db, port)
        .args(["--lock-lease-secs", LEASE_SECS])
        // A host call takes a while in real life; this keeps domains locked long enough for
        // some kills to land inside the lock cycle.
        .env("ENGINE_TEST_UPDATE_PAUSE_MS", "40")
        .spawn()
        .expect("start engine binary");
    Proc(child)
}

async fn count(pool: &sqlx::AnyPool, sql: &str) -> i64 {
    sqlx::query_scalar(sql).fetch_one(pool).await.expect(sql)
}

/// What the client believes, from acknowledged answers only.
#[derive(Debug, Default, Clone)]
struct Model {
    /// Connections this stream added: id → path, or None once removed.
    conns: BTreeMap<String, Option<String>>,
    posix_path: String,
    /// Whether the stream's iSCSI connection is attached to archive-iscsi.
    attached: bool,
}

#[derive(Debug, Clone)]
enum Op {
    Add { path: String },
    Update { id: String, path: String },
    UpdateWithHost { path: String },
    Attach,
    Detach,
    Remove { id: String },
}

struct Client {
    http: reqwest::Client,
    base: String,
    token: String,
}

impl Client {
    async fn send(
        &self,
        method: reqwest::Method,
        path: &str,
        body: Option<Value>,
    ) -> reqwest::Result<(u16, Value)> {
        let mut rb = self
            .http
            .request(method, format!("{}/ovirt-engine/api{path}", self.base))
            .bearer_auth(&self.token)
            .header("Accept", "application/json");
        if let Some(b) = body {
            rb = rb.json(&b);
        }
        let r = rb.send().await?;
        let status = r.status().as_u16();
        let v = r.json().await.unwrap_or(Value::Null);
        Ok((status, v))
    }
}

fn pick_op(rng: &mut impl Rng, m: &Model, n: usize) -> Op {
    let live: Vec<&String> = m
        .conns
        .iter()
        .filter(|(_, p)| p.is_some())
        .map(|(id, _)| id)
        .collect();
    match rng.gen_range(0..6) {
        0 | 1 if live.len() < 12 => Op::Add {
            path: format!("/exports/crash-{n}"),
        },
        1 | 2 if !live.is_empty() => Op::Update {
            id: live[rng.gen_range(0..live.len())].clone(),
            path: format!("/exports/crash-{n}-moved"),
        },
        3 => Op::UpdateWithHost {
            path: format!("/volumes/crash-{n}"),
        },
        4 => {
            if m.attached {
                Op::Detach
            } else {
                Op::Attach
            }
        }
        5 if !live.is_empty() => Op::Remove {
            id: live[rng.gen_range(0..live.len())].clone(),
        },
        _ => Op::Add {
            path: format!("/exports/crash-{n}"),
        },
    }
}

/// Runs `op`; Some(id of an added connection or "") when acknowledged, None when not.
async fn run(c: &Client, iscsi: &str, op: &Op) -> Option<String> {
    use reqwest::Method;
    let archive = format!(
        "/storagedomains/{}/storageconnections",
        ids::SD_ISCSI_ARCHIVE
    );
    let r = match op {
        Op::Add { path } => {
            c.send(
                Method::POST,
                "/storageconnections",
                Some(json!({"type": "nfs", "address": "crash.test", "path": path})),
            )
            .await
        }
        Op::Update { id, path } => {
            c.send(
                Method::PUT,
                &format!("/storageconnections/{id}"),
                Some(json!({"path": path})),
            )
            .await
        }
        Op::UpdateWithHost { path } => {
            c.send(
                Method::PUT,
                &format!(
                    "/storageconnections/{};host=host1.example.com",
                    ids::CONN_POSIX
                ),
                Some(json!({"path": path})),
            )
            .await
        }
        Op::Attach => {
            c.send(Method::POST, &archive, Some(json!({"id": iscsi})))
                .await
        }
        Op::Detach => {
            c.send(Method::DELETE, &format!("{archive}/{iscsi}"), None)
                .await
        }
        Op::Remove { id } => {
            c.send(Method::DELETE, &format!("/storageconnections/{id}"), None)
                .await
        }
    };
    let (status, body) = r.ok()?;
    assert!(status < 300, "{op:?} refused with {status}: {body}");
    Some(body["id"].as_str().unwrap_or("").to_string())
}

fn apply(m: &mut Model, op: &Op, added_id: &str) {
    match op {
        Op::Add { path } => {
            m.conns.insert(added_id.to_string(), Some(path.clone()));
        }
        Op::Update { id, path } => {
            m.conns.insert(id.clone(), Some(path.clone()));
        }
        Op::UpdateWithHost { path } => m.posix_path = path.clone(),
        Op::Attach => m.attached = true,
        Op::Detach => m.attached = false,
        Op::Remove { id } => {
            m.conns.insert(id.clone(), None);
        }
    }
}

/// What the restarted engine holds, in the model's terms.
async fn observe(c: &Client, iscsi: &str) -> Model {
    use reqwest::Method;
    let (_, all) = c
        .send(Method::GET, "/storageconnections", None)
        .await
        .expect("list");
    let mut m = Model::default();
    for conn in all["storage_connection"].as_array().into_iter().flatten() {
        if conn["address"] == "crash.test" {
            m.conns.insert(
                conn["id"].as_str().unwrap().to_string(),
                conn["path"].as_str().map(String::from),
            );
        }
        if conn["id"] == ids::CONN_POSIX {
            m.posix_path = conn["path"].as_str().unwrap_or("").to_string();
        }
    }
    let (_, on_archive) = c
        .send(
            Method::GET,
            &format!(
                "/storagedomains/{}/storageconnections",
                ids::SD_ISCSI_ARCHIVE
            ),
            None,
        )
        .await
        .expect("archive connections");
    m.attached = on_archive["storage_connection"]
        .as_array()
        .into_iter()
        .flatten()
        .any(|x| x["id"] == iscsi);
    m
}

fn live(m: &Model) -> BTreeMap<String, String> {
    m.conns
        .iter()
        .filter_map(|(id, p)| Some((id.clone(), p.clone()?)))
        .collect()
}

#[tokio::test]
async fn sigkill_at_random_points_loses_no_acknowledged_write_and_leaves_nothing_half_done() {
    let dir = tempfile::tempdir().unwrap();
    let db = TestDb::new(dir.path()).await;
    let mut rng = rand::rngs::StdRng::seed_from_u64(
        std::env::var("CRASH_SEED")
            .ok()
            .and_then(|s| s.parse().ok())
            .unwrap_or(20261125),
    );
    let port = free_port();
    let mut engine = spawn_engine(&db, port);
    let mut client = Client {
        http: reqwest::Client::new(),
        base: format!("http://127.0.0.1:{port}"),
        token: String::new(),
    };
    wait_serving(&client.base).await;
    client.token = common::token_for(&client.base, "admin@internal", common::ADMIN_PASSWORD).await;
    let (status, iscsi) = client
        .send(reqwest::Method::POST, "/storageconnections",
            Some(json!({"type": "iscsi", "address": "192.0.2.77", "port": "3260", "target": "iqn.2026-01.test:crash"})))
        .await
        .unwrap();
    assert_eq!(status, 201);
    let iscsi = iscsi["id"].as_str().unwrap().to_string();
    let mut model = Model {
        posix_path: "/volumes/vmstore".into(),
        ..Default::default()
    };
    model = Model {
        posix_path: observe(&client, &iscsi).await.posix_path,
        ..model
    };

    let (mut acknowledged, mut in_flight_applied, mut in_flight_not_applied, mut n) = (0, 0, 0, 0);
    let mut inside_lock_cycle = 0;
    for kill in 0..KILLS {
        // Writes until a kill lands at a random moment.
        let deadline = Instant::now() + Duration::from_millis(rng.gen_range(50..400));
        let mut pending = None;
        loop {
            n += 1;
            let op = pick_op(&mut rng, &model, n);
            let killed_during = tokio::select! {
                r = run(&client, &iscsi, &op) => match r {
                    Some(id) => { apply(&mut model, &op, &id); acknowledged += 1; false }
                    None => true,
                },
                _ = tokio::time::sleep_until(deadline.into()) => true,
            };
            if killed_during || Instant::now() >= deadline {
                if killed_during {
                    pending = Some(op);
                }
                break;
            }
        }
        engine.0.kill().expect("SIGKILL");
        engine.0.wait().unwrap();
        // What the crash left behind (a kill inside a lock cycle leaves the domain locked).
        {
            let pool = db.pool().await;
            let records = count(&pool, "SELECT COUNT(*) FROM compensations").await;
            if records > 0 {
                inside_lock_cycle += 1;
            }
            pool.close().await;
        }

        let port = free_port();
        engine = spawn_engine(&db, port);
        client.base = format!("http://127.0.0.1:{port}");
        wait_serving(&client.base).await;

        // Acknowledged writes are all there; the one in flight is wholly there or not at all.
        let seen = observe(&client, &iscsi).await;
        let mut with_pending = model.clone();
        let pending_applied = match &pending {
            None => false,
            Some(op @ Op::Add { path }) => {
                let extra: Vec<(String, String)> = live(&seen)
                    .into_iter()
                    .filter(|(id, _)| !model.conns.contains_key(id))
                    .collect();
                assert!(
                    extra.len() <= 1,
                    "kill {kill}: more than one unknown connection: {extra:?}"
                );
                if let Some((id, p)) = extra.first() {
                    assert_eq!(p, path, "kill {kill}: the unacknowledged add is whole");
                    apply(&mut with_pending, op, id);
                    true
                } else {
                    false
                }
            }
            Some(op) => {
                apply(&mut with_pending, op, "");
                live(&seen) == live(&with_pending)
                    && seen.posix_path == with_pending.posix_path
                    && seen.attached == with_pending.attached
            }
        };
        let expected = if pending_applied {
            &with_pending
        } else {
            &model
        };
        assert_eq!(
            live(&seen),
            live(expected),
            "kill {kill}: connections (pending: {pending:?})"
        );
        assert_eq!(
            seen.posix_path, expected.posix_path,
            "kill {kill}: the updated POSIX connection"
        );
        assert_eq!(
            seen.attached, expected.attached,
            "kill {kill}: the attachment"
        );
        if pending_applied {
            model = with_pending;
            in_flight_applied += 1;
        } else if pending.is_some() {
            in_flight_not_applied += 1;
        }

        // Once the dead engine's lease has run out, nothing of it is left.
        let pool = db.pool().await;
        let started = Instant::now();
        loop {
            let locked = count(
                &pool,
                "SELECT COUNT(*) FROM storage_domain_data_centers WHERE status = 'locked'",
            )
            .await;
            let locks = count(&pool, "SELECT COUNT(*) FROM locks").await;
            let records = count(&pool, "SELECT COUNT(*) FROM compensations").await;
            if locked == 0 && locks == 0 && records == 0 {
                break;
            }
            assert!(started.elapsed() < Duration::from_secs(10),
                "kill {kill}: {locked} locked domains, {locks} locks, {records} compensation records remain");
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        pool.close().await;
        assert_eq!(
            db.integrity_check().await,
            "ok",
            "kill {kill}: database integrity"
        );
        let (_, posix_status) = client
            .send(
                reqwest::Method::GET,
                &format!(
                    "/datacenters/{}/storagedomains/{}",
                    ids::DATA_CENTER,
                    ids::SD_POSIX
                ),
                None,
            )
            .await
            .unwrap();
        assert_eq!(
            posix_status["status"], "maintenance",
            "kill {kill}: the POSIX domain is back"
        );
    }
    let live_count = live(&model).len();
    let touched: BTreeSet<_> = model.conns.keys().collect();
    println!(
        "crash consistency: {acknowledged} writes acknowledged, {KILLS} SIGKILLs survived, \
         {inside_lock_cycle} of them inside a domain lock cycle, {in_flight_applied} in-flight writes \
         found whole and {in_flight_not_applied} found absent, {} connections created \
         ({live_count} alive at the end)",
        touched.len()
    );
}

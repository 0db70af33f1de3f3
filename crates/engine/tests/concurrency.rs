//! Fifty clients at once issuing conflicting operations on shared connections and domains for a
//! bounded time: no 5xx, every answer one the rules allow, and afterwards the invariants hold
//! (no duplicates, no reference to a missing connection, consistent statuses, counts that match
//! the acknowledged operations, nothing left locked).

mod common;

use common::{api, ids, Engine};
use rand::{Rng, SeedableRng};
use reqwest::Method;
use serde_json::{json, Value};
use std::collections::{BTreeMap, HashMap};
use std::sync::atomic::{AtomicI64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

const CLIENTS: usize = 50;
const SECONDS: u64 = 4;
const PATHS: usize = 8;

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn fifty_clients_conflicting_on_shared_objects_keep_every_invariant() {
    let e = Arc::new(Engine::demo().await);
    let initial = connections(&e).await.len() as i64;
    let r = e
        .post("/storageconnections", json!({"type": "iscsi", "address": "192.0.2.88", "port": "3260", "target": "iqn.2026-01.test:shared"}))
        .await;
    assert_eq!(r.status, 201, "{}", r.text);
    let iscsi = r.json["id"].as_str().unwrap().to_string();
    let added = Arc::new(AtomicI64::new(1));
    let removed = Arc::new(AtomicI64::new(0));
    let statuses = Arc::new(Mutex::new(BTreeMap::<u16, u64>::new()));
    let unexpected = Arc::new(Mutex::new(Vec::<String>::new()));
    let deadline = Instant::now() + Duration::from_secs(SECONDS);

    let mut tasks = Vec::new();
    for client in 0..CLIENTS {
        let (e, iscsi, added, removed, statuses, unexpected) = (
            e.clone(),
            iscsi.clone(),
            added.clone(),
            removed.clone(),
            statuses.clone(),
            unexpected.clone(),
        );
        tasks.push(tokio::spawn(async move {
            let mut rng = rand::rngs::StdRng::seed_from_u64(client as u64);
            while Instant::now() < deadline {
                let path = format!("/exports/shared-{}", rng.gen_range(0..PATHS));
                let mine: Vec<String> = connections(&e)
                    .await
                    .into_iter()
                    .filter(|c| c["address"] == "shared.test")
                    .filter_map(|c| c["id"].as_str().map(String::from))
                    .collect();
                let some = |rng: &mut rand::rngs::StdRng| {
                    mine.get(rng.gen_range(0..mine.len().max(1))).cloned()
                };
                let archive = format!(
                    "/storagedomains/{}/storageconnections",
                    ids::SD_ISCSI_ARCHIVE
                );
                let iso = |action: &str| {
                    format!(
                        "/datacenters/{}/storagedomains/{}/{action}",
                        ids::DATA_CENTER,
                        ids::SD_NFS_ISO
                    )
                };
                let (what, method, url, body) = match rng.gen_range(0..9) {
                    0 | 1 => (
                        "add",
                        Method::POST,
                        "/storageconnections".to_string(),
                        Some(json!({"type": "nfs", "address": "shared.test", "path": path})),
                    ),
                    2 | 3 => match some(&mut rng) {
                        Some(id) => (
                            "update",
                            Method::PUT,
                            format!("/storageconnections/{id}"),
                            Some(json!({"path": path})),
                        ),
                        None => continue,
                    },
                    4 => match some(&mut rng) {
                        Some(id) => (
                            "remove",
                            Method::DELETE,
                            format!("/storageconnections/{id}"),
                            None,
                        ),
                        None => continue,
                    },
                    5 => ("attach", Method::POST, archive, Some(json!({"id": iscsi}))),
                    6 => ("detach", Method::DELETE, format!("{archive}/{iscsi}"), None),
                    7 => {
                        if rng.gen_bool(0.5) {
                            (
                                "deactivate",
                                Method::POST,
                                iso("deactivate"),
                                Some(json!({})),
                            )
                        } else {
                            ("activate", Method::POST, iso("activate"), Some(json!({})))
                        }
                    }
                    _ => (
                        "update with host",
                        Method::PUT,
                        format!(
                            "/storageconnections/{};host=host1.example.com",
                            ids::CONN_POSIX
                        ),
                        Some(json!({"path": format!("/volumes/v{}", rng.gen_range(0..4))})),
                    ),
                };
                let r = e.send(method, &api(&url), body).await;
                *statuses.lock().unwrap().entry(r.status).or_default() += 1;
                if ![200, 201, 400, 404, 409].contains(&r.status) {
                    unexpected
                        .lock()
                        .unwrap()
                        .push(format!("{what} {url}: {} {}", r.status, r.text));
                }
                match (what, r.status) {
                    ("add", 201) => {
                        added.fetch_add(1, Ordering::Relaxed);
                    }
                    ("remove", 200) => {
                        removed.fetch_add(1, Ordering::Relaxed);
                    }
                    _ => {}
                }
            }
        }));
    }
    for t in tasks {
        t.await.unwrap();
    }
    let statuses = statuses.lock().unwrap().clone();
    let sent: u64 = statuses.values().sum();
    let unexpected = unexpected.lock().unwrap().clone();
    assert!(
        unexpected.is_empty(),
        "answers the rules do not allow: {unexpected:#?}"
    );

    // Counts match the acknowledged operations.
    let all = connections(&e).await;
    let (added, removed) = (
        added.load(Ordering::Relaxed),
        removed.load(Ordering::Relaxed),
    );
    assert_eq!(
        all.len() as i64,
        initial + added - removed,
        "connections = initial + acknowledged adds - removes"
    );

    // No duplicates by the engine's rules (file: type, address and path; iSCSI: address, port, target).
    let mut seen = HashMap::new();
    for c in &all {
        let key = if c["type"] == "iscsi" {
            format!("iscsi {} {} {}", c["address"], c["port"], c["target"])
        } else {
            format!("{} {} {}", c["type"], c["address"], c["path"])
        };
        if let Some(other) = seen.insert(key.clone(), c["id"].clone()) {
            panic!("duplicate connections {other} and {}: {key}", c["id"]);
        }
    }

    // Every domain's connections exist; nothing is locked; one master.
    let ids_of: Vec<Value> = all.iter().map(|c| c["id"].clone()).collect();
    let domains = e.get_json(&api("/storagedomains")).await;
    for d in domains["storage_domain"].as_array().unwrap() {
        let conns = e
            .get_json(&api(&format!(
                "/storagedomains/{}/storageconnections",
                d["id"].as_str().unwrap()
            )))
            .await;
        let list = conns["storage_connection"]
            .as_array()
            .cloned()
            .unwrap_or_default();
        assert!(
            !list.is_empty() || d["type"] == "image",
            "{} has no connection",
            d["name"]
        );
        for c in list {
            assert!(
                ids_of.contains(&c["id"]),
                "{} refers to a missing connection {}",
                d["name"],
                c["id"]
            );
        }
    }
    let in_dc = e
        .get_json(&api(&format!(
            "/datacenters/{}/storagedomains",
            ids::DATA_CENTER
        )))
        .await;
    let in_dc = in_dc["storage_domain"].as_array().unwrap();
    assert!(
        in_dc.iter().all(|d| d["status"] != "locked"),
        "nothing left locked"
    );
    assert_eq!(
        in_dc.iter().filter(|d| d["master"] == "true").count(),
        1,
        "exactly one master"
    );
    let db = e.db().await;
    let locks: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM locks")
        .fetch_one(&db)
        .await
        .unwrap();
    let records: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM compensations")
        .fetch_one(&db)
        .await
        .unwrap();
    assert_eq!(
        (locks, records),
        (0, 0),
        "no lock or compensation rows left"
    );
    assert_eq!(e.db.integrity_check().await, "ok");
    println!(
        "concurrency: {CLIENTS} clients for {SECONDS} s sent {sent} requests, answers by status {statuses:?}; \
         {added} connections added and {removed} removed as acknowledged; invariants hold"
    );
}

async fn connections(e: &Engine) -> Vec<Value> {
    e.get_json(&api("/storageconnections")).await["storage_connection"]
        .as_array()
        .cloned()
        .unwrap_or_default()
}

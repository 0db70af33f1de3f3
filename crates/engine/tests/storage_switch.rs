//! Switching the demo site to its replica through `/storageswitches`: the plan, its preflight
//! refusals, the run (master last, statuses restored), cancel, roll back, fail back to the
//! original exactly, and the DR mapping file round trip. Runs on SQLite and on PostgreSQL.

mod common;

use common::{api, ids, Engine, Reply, Tgtd, OPEN};
use serde_json::{json, Value};
use std::time::Duration;

/// The whole demo site moves: both NFS servers, the Ceph monitor, every iSCSI portal.
fn site_mapping() -> Value {
    json!([
        {"kind": "server", "from_address": "nfs1.example.com", "to_address": "nfs1-dr.example.com",
         "from_path": "/exports", "to_path": "/replica"},
        {"from_address": "nfs2.example.com", "to_address": "nfs2-dr.example.com"},
        {"from_address": "ceph-mon1.example.com", "to_address": "ceph-mon9.example.com"},
        {"kind": "portal", "from_address": "192.0.2.21", "to_address": "198.51.100.21"},
        {"kind": "portal", "from_address": "192.0.2.22", "to_address": "198.51.100.22"},
        {"kind": "portal", "from_address": "192.0.2.23", "to_address": "198.51.100.23",
         "from_target": "iqn.2026-01.com.example:storage.archive",
         "to_target": "iqn.2026-01.com.example:storage.archive-dr"},
    ])
}

async fn plan(e: &Engine, body: Value) -> Reply {
    e.post("/storageswitches", body).await
}

async fn planned(e: &Engine, body: Value) -> String {
    let r = plan(e, body).await;
    assert_eq!(r.status, 201, "{}", r.text);
    r.json["id"].as_str().expect("switch id").to_string()
}

/// Waits for the switch to end; answers it.
async fn finished(e: &Engine, id: &str) -> Value {
    let mut last = Value::Null;
    for _ in 0..1500 {
        last = e.fetch(&format!("/storageswitches/{id}")).await.json;
        if !matches!(last["status"].as_str(), Some("running" | "planned")) {
            return last;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    panic!("the switch did not finish: {last}");
}

/// Every connection as the API shows it, and every domain's status and master flag.
async fn site(e: &Engine) -> (Value, Vec<(String, String, String)>) {
    let conns = e.fetch("/storageconnections").await.json;
    let doms = e
        .fetch(&format!("/datacenters/{}/storagedomains", ids::DATA_CENTER))
        .await
        .json;
    let mut statuses: Vec<(String, String, String)> = doms["storage_domain"]
        .as_array()
        .expect("domains")
        .iter()
        .map(|d| {
            (
                d["name"].as_str().unwrap_or("").to_string(),
                d["status"].as_str().unwrap_or("").to_string(),
                d["master"].as_str().unwrap_or("").to_string(),
            )
        })
        .collect();
    statuses.sort();
    (conns, statuses)
}

async fn count(e: &Engine, sql: &str) -> i64 {
    sqlx::query_scalar(sql)
        .fetch_one(&e.db().await)
        .await
        .expect(sql)
}

/// Starts the planned switch `id` and waits for it to succeed.
async fn run_to_success(e: &Engine, id: &str) {
    e.post(&format!("/storageswitches/{id}/start"), json!({}))
        .await
        .ok();
    assert_eq!(finished(e, id).await["status"], "succeeded");
}

fn problems(s: &Value) -> Vec<String> {
    s["preflight"]
        .as_array()
        .map(|l| {
            l.iter()
                .map(|p| p["reason"].as_str().unwrap_or("").to_string())
                .collect()
        })
        .unwrap_or_default()
}

#[tokio::test]
async fn the_whole_demo_site_switches_master_last_and_fails_back_exactly() {
    let e = Engine::demo().await;
    let (before_conns, before_statuses) = site(&e).await;

    // The VM on the LUN disk runs: its connection cannot move, and the plan says so.
    let r = plan(&e, json!({"rules": site_mapping()})).await;
    assert_eq!(r.status, 201, "{}", r.text);
    let refused_plan = r.json.clone();
    assert!(
        problems(&refused_plan).iter().any(|p| p.contains("db01")),
        "the running VM is a preflight problem: {refused_plan}"
    );
    let lun_disk_row = refused_plan["preflight"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["reason"].as_str().unwrap_or("").contains("db01"))
        .unwrap();
    assert_eq!(lun_disk_row["connection"], ids::CONN_ISCSI_LUN_DISK);
    let id = refused_plan["id"].as_str().unwrap();
    e.post(&format!("/storageswitches/{id}/start"), json!({}))
        .await
        .refused(409, "preflight");
    assert_eq!(
        site(&e).await,
        (before_conns.clone(), before_statuses.clone()),
        "nothing changed"
    );

    // Left out, the rest of the site switches.
    let body = json!({"rules": site_mapping(), "excluded": [ids::CONN_ISCSI_LUN_DISK]});
    let r = plan(&e, body).await;
    assert_eq!(r.status, 201, "{}", r.text);
    assert!(problems(&r.json).is_empty(), "{}", r.json);
    let steps = r.json["steps"].as_array().unwrap();
    let last = &steps[steps.len() - 1];
    assert_eq!(
        last["domains"][0]["name"], "data-nfs",
        "the master switches last"
    );
    // The multipath domain switches both its paths in one step.
    let iscsi = steps
        .iter()
        .find(|s| s["domains"][0]["name"] == "data-iscsi")
        .unwrap();
    assert_eq!(iscsi["connections"].as_array().unwrap().len(), 2);
    let id = r.json["id"].as_str().unwrap().to_string();
    let started = e
        .post(&format!("/storageswitches/{id}/start"), json!({}))
        .await;
    assert_eq!(started.status, 200, "{}", started.text);
    let done = finished(&e, &id).await;
    assert_eq!(done["status"], "succeeded", "{done}");
    assert!(done["steps"]
        .as_array()
        .unwrap()
        .iter()
        .all(|s| s["state"] == "done"));

    let (conns, statuses) = site(&e).await;
    assert_eq!(
        statuses, before_statuses,
        "every domain back as it was, master included"
    );
    let data = e
        .fetch(&format!("/storageconnections/{}", ids::CONN_NFS_DATA))
        .await
        .json;
    assert_eq!(data["address"], "nfs1-dr.example.com");
    assert_eq!(data["path"], "/replica/data");
    let archive = e
        .fetch(&format!("/storageconnections/{}", ids::CONN_ISCSI_ARCHIVE))
        .await
        .json;
    assert_eq!(
        archive["target"],
        "iqn.2026-01.com.example:storage.archive-dr"
    );
    let lun = e
        .fetch(&format!("/storageconnections/{}", ids::CONN_ISCSI_LUN_DISK))
        .await
        .json;
    assert_eq!(
        lun["address"], "192.0.2.21",
        "the excluded connection stays"
    );
    assert_ne!(conns, before_conns);
    assert_eq!(count(&e, "SELECT COUNT(*) FROM locks").await, 0);
    let events = e.fetch("/events").await.text;
    assert!(
        events.contains("data-nfs: switched"),
        "every step is an event"
    );
    assert!(
        events.contains("data-iscsi: switched"),
        "every step is an event"
    );

    // Fail back: the inverse plan, run, gives the original site back exactly.
    let back = e
        .post(&format!("/storageswitches/{id}/failback"), json!({}))
        .await;
    assert_eq!(back.status, 201, "{}", back.text);
    assert_eq!(back.json["inverse_of"], id.as_str());
    assert!(problems(&back.json).is_empty(), "{}", back.json);
    let back_id = back.json["id"].as_str().unwrap().to_string();
    run_to_success(&e, &back_id).await;
    assert_eq!(site(&e).await, (before_conns, before_statuses));
}

#[tokio::test]
async fn the_preflight_refuses_duplicates_and_unreachable_replicas() {
    let e = Engine::demo().await;
    // The orphan onto the primary data export: a duplicate of a connection that stays.
    let r = plan(
        &e,
        json!({"overrides": [{"id": ids::CONN_ORPHAN, "address": "nfs1.example.com", "path": "/exports/data"}]}),
    )
    .await;
    assert_eq!(r.status, 201, "{}", r.text);
    let p = &r.json["preflight"][0];
    assert_eq!(p["connection"], ids::CONN_ORPHAN);
    assert!(
        p["reason"].as_str().unwrap().contains(ids::CONN_NFS_DATA),
        "{p}"
    );
    assert!(p["field"].is_string(), "the field is marked: {p}");

    // Two connections re-pointed onto the same storage.
    let r = plan(
        &e,
        json!({"overrides": [
            {"id": ids::CONN_ORPHAN, "address": "nfs7.example.com", "path": "/x"},
            {"id": ids::CONN_NFS_EXPORT, "address": "nfs7.example.com", "path": "/x"}]}),
    )
    .await;
    assert_eq!(problems(&r.json).len(), 1, "{}", r.json);
    assert!(problems(&r.json)[0].contains("same storage"));

    // With a host, every new connection is tried from it: nothing serves NFS on this port.
    let r = plan(
        &e,
        json!({"host": {"id": ids::HOST_UP},
               "overrides": [{"id": ids::CONN_ORPHAN, "address": "127.0.0.1", "path": "/nothing-here"}]}),
    )
    .await;
    assert_eq!(r.status, 201, "{}", r.text);
    assert!(
        problems(&r.json)
            .iter()
            .any(|p| p.contains("cannot reach the new storage")),
        "{}",
        r.json
    );
    // A host in maintenance cannot test anything: refused outright.
    plan(
        &e,
        json!({"host": {"id": ids::HOST_MAINTENANCE},
               "overrides": [{"id": ids::CONN_ORPHAN, "address": "nfs9.example.com"}]}),
    )
    .await
    .refused(409, "");
    // Bad mappings are 400s that say why.
    plan(&e, json!({"rules": [{"from_address": "a"}]}))
        .await
        .fault(400, "Incomplete parameters", "to_address");
    plan(
        &e,
        json!({"rules": [{"from_address": "nowhere.example.com", "to_address": "b"}]}),
    )
    .await
    .fault(400, "Incomplete parameters", "changes no connection");
    plan(
        &e,
        json!({"dr_mapping": "dr_import_storages: [{dr_primary_name: nope}]"}),
    )
    .await
    .fault(400, "Incomplete parameters", "no storage domain named nope");
}

#[tokio::test]
async fn a_cancelled_switch_stops_after_its_step_and_rolls_back() {
    let e = Engine::demo_with(engine::Settings {
        update_pause: Some(Duration::from_millis(150)),
        ..Default::default()
    })
    .await;
    let before = site(&e).await;
    let id = planned(
        &e,
        json!({"rules": site_mapping(), "excluded": [ids::CONN_ISCSI_LUN_DISK]}),
    )
    .await;
    e.post(&format!("/storageswitches/{id}/start"), json!({}))
        .await
        .ok();
    e.post(&format!("/storageswitches/{id}/cancel"), json!({}))
        .await
        .ok();
    let s = finished(&e, &id).await;
    assert_eq!(s["status"], "cancelled", "{s}");
    let states: Vec<&str> = s["steps"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["state"].as_str().unwrap())
        .collect();
    assert!(states.contains(&"pending"), "it stopped early: {states:?}");
    assert!(
        states.iter().all(|s| matches!(*s, "pending" | "done")),
        "no step is left half-way: {states:?}"
    );
    assert_eq!(count(&e, "SELECT COUNT(*) FROM locks").await, 0);

    e.post(&format!("/storageswitches/{id}/rollback"), json!({}))
        .await
        .ok();
    let s = finished(&e, &id).await;
    assert_eq!(s["status"], "rolled_back", "{s}");
    assert_eq!(
        site(&e).await,
        before,
        "every domain has its old details and status back"
    );
    // A rolled-back switch does not start, cancel or roll back again.
    e.post(&format!("/storageswitches/{id}/start"), json!({}))
        .await
        .refused(409, "not planned");
    e.post(&format!("/storageswitches/{id}/rollback"), json!({}))
        .await
        .refused(409, "rolls back");
}

#[tokio::test]
async fn a_failure_rolls_every_domain_back_when_the_plan_says_so() {
    let e = Engine::demo_with(engine::Settings {
        update_pause: Some(Duration::from_millis(100)),
        ..Default::default()
    })
    .await;
    let before = site(&e).await;
    for (on_failure, end) in [("rollback", "rolled_back"), ("stop", "failed")] {
        let id = planned(
            &e,
            json!({"rules": site_mapping(), "excluded": [ids::CONN_ISCSI_LUN_DISK],
                   "on_failure": on_failure}),
        )
        .await;
        e.post(&format!("/storageswitches/{id}/start"), json!({}))
            .await
            .ok();
        // Another operation takes the master before its turn: its step cannot start.
        let db = e.db().await;
        sqlx::query(
            "UPDATE storage_domain_data_centers SET status = 'preparing_for_maintenance' \
             WHERE storage_domain_id = $1",
        )
        .bind(ids::SD_NFS_DATA)
        .execute(&db)
        .await
        .unwrap();
        let s = finished(&e, &id).await;
        assert_eq!(s["status"], end, "{s}");
        let failed = s["steps"]
            .as_array()
            .unwrap()
            .iter()
            .find(|s| s["state"] == "failed" || s["message"].is_string());
        assert!(failed.is_some() || end == "rolled_back", "{s}");
        assert_eq!(count(&e, "SELECT COUNT(*) FROM locks").await, 0);
        let locked = count(
            &e,
            "SELECT COUNT(*) FROM storage_domain_data_centers WHERE status = 'locked'",
        )
        .await;
        assert_eq!(locked, 0, "no domain left locked");
        if end == "rolled_back" {
            assert_eq!(site(&e).await, before, "rolled back to the original");
        } else {
            // Held where it failed: the master untouched on its old storage, the domains
            // before it switched (the multipath one wholly).
            let master = e
                .fetch(&format!("/storageconnections/{}", ids::CONN_NFS_DATA))
                .await
                .json;
            assert_eq!(master["address"], "nfs1.example.com");
            sqlx::query(
                "UPDATE storage_domain_data_centers SET status = 'active' \
                 WHERE storage_domain_id = $1",
            )
            .bind(ids::SD_NFS_DATA)
            .execute(&db)
            .await
            .unwrap();
            let data_iscsi_paths: Vec<String> = [ids::CONN_ISCSI_A, ids::CONN_ISCSI_B]
                .iter()
                .map(|c| c.to_string())
                .collect();
            let mut addresses = Vec::new();
            for c in &data_iscsi_paths {
                let v = e.fetch(&format!("/storageconnections/{c}")).await.json;
                addresses.push(v["address"].as_str().unwrap().starts_with("198.51.100."));
            }
            assert_eq!(
                addresses,
                [true, true],
                "the multipath domain switched wholly"
            );
            e.post(&format!("/storageswitches/{id}/rollback"), json!({}))
                .await
                .ok();
            assert_eq!(finished(&e, &id).await["status"], "rolled_back");
            assert_eq!(site(&e).await, before, "the rollback restores everything");
        }
    }
}

#[tokio::test]
async fn the_dr_mapping_file_round_trips() {
    let e = Engine::demo().await;
    let first = plan(
        &e,
        json!({"rules": site_mapping(), "excluded": [ids::CONN_ISCSI_LUN_DISK]}),
    )
    .await;
    let id = first.json["id"].as_str().unwrap();
    let file = e
        .send(
            reqwest::Method::GET,
            &api(&format!("/storageswitches/{id}/drmapping")),
            None,
        )
        .await;
    assert_eq!(file.status, 200);
    assert!(file.text.contains("dr_import_storages:"), "{}", file.text);
    assert!(file.text.contains("dr_primary_name: data-nfs"));
    assert!(file.text.contains("dr_secondary_path: /replica/data"));
    assert!(file.text.contains("dr_master_domain: true"));
    let again = plan(&e, json!({"dr_mapping": file.text})).await;
    assert_eq!(again.status, 201, "{}", again.text);
    let changes = |v: &Value| {
        let mut l: Vec<(String, Value)> = v["connections"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| (c["id"].as_str().unwrap().to_string(), c["new"].clone()))
            .collect();
        l.sort_by(|a, b| a.0.cmp(&b.0));
        l
    };
    assert_eq!(changes(&again.json), changes(&first.json));
}

#[tokio::test]
async fn a_replica_on_a_real_target_is_tested_from_the_host_and_switched_to() {
    let e = Engine::demo().await;
    let tgtd = Tgtd::start();
    let to_replica = |target: &str| {
        json!({"host": {"id": ids::HOST_UP},
               "rules": [{"kind": "portal", "from_address": "192.0.2.23", "to_address": "127.0.0.1",
                          "to_port": tgtd.port,
                          "from_target": "iqn.2026-01.com.example:storage.archive", "to_target": target}]})
    };
    // A target the replica does not offer: the host's real test says so, on its connection.
    let r = plan(&e, to_replica("iqn.2026-01.test:absent")).await;
    assert_eq!(r.status, 201, "{}", r.text);
    let p = &r.json["preflight"][0];
    assert_eq!(p["connection"], ids::CONN_ISCSI_ARCHIVE);
    assert!(
        p["reason"].as_str().unwrap().contains("does not offer"),
        "{p}"
    );
    // The one it offers passes; the switch connects to it and re-points the archive there.
    let r = plan(&e, to_replica(OPEN)).await;
    assert!(problems(&r.json).is_empty(), "{}", r.json);
    let id = r.json["id"].as_str().unwrap().to_string();
    run_to_success(&e, &id).await;
    let c = e
        .fetch(&format!("/storageconnections/{}", ids::CONN_ISCSI_ARCHIVE))
        .await
        .json;
    assert_eq!(c["address"], "127.0.0.1");
    assert_eq!(c["port"], tgtd.port.to_string());
    assert_eq!(c["target"], OPEN);
    // The replica gone, the host's test of a new switch to it fails.
    drop(tgtd);
    let r = plan(
        &e,
        json!({"host": {"id": ids::HOST_UP},
        "overrides": [{"id": ids::CONN_ISCSI_ARCHIVE, "target": "iqn.2026-01.test:chap"}]}),
    )
    .await;
    assert!(
        problems(&r.json)
            .iter()
            .any(|p| p.contains("cannot reach the new storage")),
        "{}",
        r.json
    );
}

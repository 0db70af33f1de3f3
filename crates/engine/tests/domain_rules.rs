//! Storage domains over HTTP: attach/detach of connections, activate/deactivate, attach/detach
//! to a data center, add/update/remove, search.

mod common;

use common::{ids, items, Engine};
use serde_json::json;

fn dc_action(domain: &str, action: &str) -> String {
    format!(
        "/datacenters/{}/storagedomains/{domain}/{action}",
        ids::DATA_CENTER
    )
}

#[tokio::test]
async fn attach_and_detach_an_iscsi_connection() {
    let e = Engine::demo().await;
    let conns = format!(
        "/storagedomains/{}/storageconnections",
        ids::SD_ISCSI_ARCHIVE
    );

    e.post(&format!("/storagedomains/{}/storageconnections", ids::SD_ISCSI), json!({"id": ids::CONN_ISCSI_ARCHIVE}))
        .await
        .refused(400, "Cannot attach Storage Connection. The storage domains data-iscsi must be in maintenance or unattached");
    e.post(&conns, json!({"id": ids::CONN_ORPHAN}))
        .await
        .refused(400, "storage type differs");
    e.post(
        &format!("/storagedomains/{}/storageconnections", ids::SD_POSIX),
        json!({"id": ids::CONN_ORPHAN}),
    )
    .await
    .refused(400, "storage type differs");
    e.post(
        &conns,
        json!({"id": "11111111-2222-4333-8444-555555555555"}),
    )
    .await
    .refused(400, "The storage connection does not exist");
    e.post(&conns, json!({}))
        .await
        .fault(400, "Incomplete parameters", "[id]");
    assert_eq!(
        e.post(
            "/storagedomains/11111111-2222-4333-8444-555555555555/storageconnections",
            json!({"id": ids::CONN_ISCSI_B})
        )
        .await
        .status,
        404
    );

    let r = e.post(&conns, json!({"id": ids::CONN_ISCSI_B})).await;
    assert_eq!(
        r.ok()["status"],
        "complete",
        "attach answers 200 with an action"
    );
    let list = e.fetch(&conns).await;
    let got: Vec<&str> = items(list.ok(), "storage_connection")
        .iter()
        .filter_map(|c| c["id"].as_str())
        .collect();
    assert!(
        got.contains(&ids::CONN_ISCSI_B) && got.contains(&ids::CONN_ISCSI_ARCHIVE),
        "{got:?}"
    );
    let one = e.fetch(&format!("{conns}/{}", ids::CONN_ISCSI_B)).await;
    assert_eq!(one.ok()["id"], ids::CONN_ISCSI_B);
    e.post(&conns, json!({"id": ids::CONN_ISCSI_B}))
        .await
        .refused(409, "already attached to this storage domain");

    assert_eq!(
        e.delete(&format!("{conns}/{}", ids::CONN_ISCSI_B))
            .await
            .ok()["status"],
        "complete"
    );
    e.delete(&format!("{conns}/{}", ids::CONN_ISCSI_B))
        .await
        .refused(
            400,
            "Cannot detach Storage Connection. The connection is not attached",
        );
    e.delete(&format!("{conns}/{}", ids::CONN_ISCSI_ARCHIVE))
        .await
        .refused(409, "last connection");
    assert_eq!(
        e.fetch(&format!("{conns}/{}", ids::CONN_ISCSI_B))
            .await
            .status,
        404
    );
}

#[tokio::test]
async fn activate_and_deactivate_follow_the_status_rules() {
    let e = Engine::demo().await;
    let r = e
        .post(&dc_action(ids::SD_ISCSI, "activate"), json!({}))
        .await;
    assert_eq!(r.status, 409);
    assert_eq!(
        r.json["status"], "failed",
        "action faults come inside an action"
    );
    assert!(r.json["fault"]["detail"]
        .as_str()
        .unwrap()
        .contains("Cannot activate Storage. The storage domain's status is Active."));

    assert_eq!(
        e.post(&dc_action(ids::SD_ISCSI, "deactivate"), json!({}))
            .await
            .ok()["status"],
        "complete"
    );
    assert_eq!(
        e.status_in_dc(ids::SD_ISCSI).await.as_deref(),
        Some("maintenance")
    );
    let r = e
        .post(&dc_action(ids::SD_ISCSI, "deactivate"), json!({}))
        .await;
    assert_eq!(r.status, 409);
    assert!(r.json["fault"]["detail"]
        .as_str()
        .unwrap()
        .contains("status is Maintenance"));
    // An empty body is a fine action body too.
    let r = e
        .send(
            reqwest::Method::POST,
            &common::api(&dc_action(ids::SD_ISCSI, "activate")),
            None,
        )
        .await;
    assert_eq!(r.ok()["status"], "complete");
    assert_eq!(
        e.status_in_dc(ids::SD_ISCSI).await.as_deref(),
        Some("active")
    );

    // Not attached to this data center: 404.
    assert_eq!(
        e.post(&dc_action(ids::SD_LOCAL, "activate"), json!({}))
            .await
            .status,
        404
    );
}

#[tokio::test]
async fn activation_needs_an_active_master_and_an_up_host() {
    let e = Engine::demo().await;
    // Master goes to maintenance only once the other active domains allow it: it hands the
    // role to another active data domain.
    e.post(&dc_action(ids::SD_NFS_DATA, "deactivate"), json!({}))
        .await
        .ok();
    let per_dc = e
        .get_json(&common::api(&format!(
            "/datacenters/{}/storagedomains",
            ids::DATA_CENTER
        )))
        .await;
    let master = items(&per_dc, "storage_domain")
        .iter()
        .find(|d| d["master"] == "true")
        .map(|d| d["name"].clone());
    assert_eq!(master, Some(json!("data-iscsi")), "the master role moved");

    // data-iscsi is now the master and the only active data domain: it cannot go while iso-nfs
    // (not a data domain) is still active.
    let r = e
        .post(&dc_action(ids::SD_ISCSI, "deactivate"), json!({}))
        .await;
    assert_eq!(r.status, 409, "{}", r.text);
    assert!(
        r.json["fault"]["detail"]
            .as_str()
            .unwrap()
            .contains("non-data"),
        "{}",
        r.text
    );
    assert_eq!(
        e.status_in_dc(ids::SD_ISCSI).await.as_deref(),
        Some("active")
    );
    e.post(&dc_action(ids::SD_NFS_ISO, "deactivate"), json!({}))
        .await
        .ok();
    e.post(&dc_action(ids::SD_ISCSI, "deactivate"), json!({}))
        .await
        .ok();

    // No host up in the data center: nothing can be activated.
    let db = e.db().await;
    sqlx::query("UPDATE hosts SET status = 'maintenance'")
        .execute(&db)
        .await
        .unwrap();
    let r = e
        .post(&dc_action(ids::SD_ISCSI, "activate"), json!({}))
        .await;
    assert_eq!(r.status, 409, "{}", r.text);
    assert!(
        r.json["fault"]["detail"]
            .as_str()
            .unwrap()
            .contains("no active host"),
        "{}",
        r.text
    );
}

#[tokio::test]
async fn a_non_master_domain_needs_the_master_active() {
    let e = Engine::demo().await;
    let db = e.db().await;
    sqlx::query(
        "UPDATE storage_domain_data_centers SET status = 'maintenance' WHERE is_master = 1",
    )
    .execute(&db)
    .await
    .unwrap();
    let r = e
        .post(&dc_action(ids::SD_POSIX, "activate"), json!({}))
        .await;
    assert_eq!(r.status, 409);
    assert!(r.json["fault"]["detail"]
        .as_str()
        .unwrap()
        .contains("master storage domain is not active"));
}

#[tokio::test]
async fn detach_from_and_attach_to_a_data_center() {
    let e = Engine::demo().await;
    let attached = format!("/datacenters/{}/storagedomains", ids::DATA_CENTER);
    e.delete(&format!("{attached}/{}", ids::SD_ISCSI))
        .await
        .refused(
            409,
            "Cannot detach Storage. The storage domain's status is Active.",
        );
    assert_eq!(
        e.delete(&format!("{attached}/{}", ids::SD_POSIX))
            .await
            .ok()["status"],
        "complete"
    );
    let top = e.fetch(&format!("/storagedomains/{}", ids::SD_POSIX)).await;
    assert_eq!(top.ok()["status"], "unattached");

    let r = e.post(&attached, json!({"name": "data-ceph"})).await;
    assert_eq!(r.status, 201, "{}", r.text);
    assert_eq!(r.json["status"], "active");
    e.post(&attached, json!({"id": ids::SD_POSIX}))
        .await
        .refused(409, "already attached");
    e.post(&attached, json!({"name": "no-such-domain"}))
        .await
        .fault(404, "Operation Failed", "Entity not found: no-such-domain");
}

#[tokio::test]
async fn add_a_domain_with_new_or_existing_connection() {
    let e = Engine::demo().await;
    let r = e
        .post(
            "/storagedomains",
            json!({"name": "data2", "type": "data", "host": {"name": "host1.example.com"},
                   "storage": {"type": "nfs", "address": "nfs5.example.com", "path": "/exports/d2", "nfs_version": "v4_2"}}),
        )
        .await;
    assert_eq!(r.status, 201, "{}", r.text);
    assert_eq!(r.json["status"], "unattached");
    assert_eq!(r.json["storage"]["address"], "nfs5.example.com");
    assert_eq!(r.json["storage"]["nfs_version"], "v4_2");
    let id = r.json["id"].as_str().unwrap().to_string();
    let conns = e
        .fetch(&format!("/storagedomains/{id}/storageconnections"))
        .await;
    assert_eq!(items(conns.ok(), "storage_connection").len(), 1);

    // The seed's "add file domain with an existing connection".
    let r = e
        .post(
            "/storagedomains",
            json!({"name": "spare", "type": "data", "host": {"id": ids::HOST_UP}, "storage": {"id": ids::CONN_ORPHAN}}),
        )
        .await;
    assert_eq!(r.status, 201, "{}", r.text);
    assert_eq!(r.json["storage"]["path"], "/exports/spare");

    e.post(
        "/storagedomains",
        json!({"name": "again", "type": "data", "host": {"id": ids::HOST_UP}, "storage": {"id": ids::CONN_NFS_DATA}}),
    )
    .await
    .refused(409, "used by the storage domains: data-nfs");
    e.post(
        "/storagedomains",
        json!({"name": "data-nfs", "type": "data", "host": {"id": ids::HOST_UP}, "storage": {"type": "nfs", "address": "x.example.com", "path": "/y"}}),
    )
    .await
    .refused(409, "A storage domain with this name already exists");
    e.post(
        "/storagedomains",
        json!({"name": "bad name!", "type": "data", "host": {"id": ids::HOST_UP}, "storage": {"type": "nfs", "address": "x.example.com", "path": "/y"}}),
    )
    .await
    .refused(400, "The name may contain only letters");
    e.post(
        "/storagedomains",
        json!({"name": "nohost", "type": "data", "storage": {"type": "nfs"}}),
    )
    .await
    .fault(
        400,
        "Incomplete parameters",
        "StorageDomain [host.id|name] required for add",
    );
    // A bad connection refuses the whole add and leaves no connection behind.
    let before = items(
        &e.get_json("/ovirt-engine/api/storageconnections").await,
        "storage_connection",
    )
    .len();
    e.post(
        "/storagedomains",
        json!({"name": "badconn", "type": "data", "host": {"id": ids::HOST_UP}, "storage": {"type": "nfs", "address": "bad host", "path": "/y"}}),
    )
    .await
    .refused(400, "mount path is not valid");
    let after = items(
        &e.get_json("/ovirt-engine/api/storageconnections").await,
        "storage_connection",
    )
    .len();
    assert_eq!(before, after);
}

#[tokio::test]
async fn update_a_domain_by_the_edit_rules() {
    let e = Engine::demo().await;
    let maint = format!("/storagedomains/{}", ids::SD_POSIX);
    let r = e
        .put(
            &maint,
            json!({"description": "<b>new</b> text", "warning_low_space_indicator": "20"}),
        )
        .await;
    assert_eq!(r.ok()["description"], "<b>new</b> text", "stored as given");
    assert_eq!(r.json["warning_low_space_indicator"], "20");
    e.put(&maint, json!({"name": "renamed"})).await.refused(
        400,
        "The name can be changed only while the storage domain is active",
    );
    e.put(&maint, json!({"warning_low_space_indicator": 101}))
        .await
        .refused(400, "warning_low_space_indicator must be between 0 and 100");
    e.put(&maint, json!({"critical_space_action_blocker": 5000}))
        .await
        .refused(
            400,
            "critical_space_action_blocker must be between 0 and 4096",
        );
    let active = format!("/storagedomains/{}", ids::SD_ISCSI);
    assert_eq!(
        e.put(&active, json!({"name": "san-data"})).await.ok()["name"],
        "san-data"
    );
    e.put(&active, json!({"name": "data-nfs"}))
        .await
        .refused(409, "already exists");
    e.put(&active, json!({"id": ids::SD_NFS_DATA})).await.fault(
        409,
        "Broken immutability constraint",
        "id",
    );
}

#[tokio::test]
async fn remove_and_destroy_domains() {
    let e = Engine::demo().await;
    e.delete(&format!(
        "/storagedomains/{}?host=host1.example.com",
        ids::SD_POSIX
    ))
    .await
    .refused(409, "Detach the storage domain from its data center first");
    e.delete(&format!("/storagedomains/{}", ids::SD_NFS_EXPORT))
        .await
        .fault(
            400,
            "Incomplete parameters",
            "[host.id|name] required for remove",
        );
    let r = e
        .delete(&format!(
            "/storagedomains/{}?host=host1.example.com&format=true",
            ids::SD_NFS_EXPORT
        ))
        .await;
    assert_eq!(r.ok()["status"], "complete");
    assert_eq!(
        e.fetch(&format!("/storagedomains/{}", ids::SD_NFS_EXPORT))
            .await
            .status,
        404
    );
    assert_eq!(
        e.fetch(&format!("/storageconnections/{}", ids::CONN_NFS_EXPORT))
            .await
            .status,
        404,
        "a file domain's connection goes with it"
    );

    e.delete(&format!(
        "/storagedomains/{};destroy=true",
        ids::SD_NFS_DATA
    ))
    .await
    .refused(409, "status is Active");
    let r = e
        .delete(&format!(
            "/storagedomains/{}?destroy=true",
            ids::SD_ISCSI_ARCHIVE
        ))
        .await;
    assert_eq!(r.ok()["status"], "complete");
    assert!(
        e.fetch(&format!("/storageconnections/{}", ids::CONN_ISCSI_ARCHIVE))
            .await
            .status
            == 200,
        "block connections stay"
    );
}

#[tokio::test]
async fn search_by_name_and_status() {
    let e = Engine::demo().await;
    let names = |v: &serde_json::Value| -> Vec<String> {
        v["storage_domain"]
            .as_array()
            .map(|l| {
                l.iter()
                    .filter_map(|d| d["name"].as_str().map(String::from))
                    .collect()
            })
            .unwrap_or_default()
    };
    let r = e.fetch("/storagedomains?search=name%3Ddata*").await;
    assert_eq!(names(r.ok()), vec!["data-ceph", "data-iscsi", "data-nfs"]);
    let r = e.fetch("/storagedomains?search=status%3Dmaintenance").await;
    assert_eq!(names(r.ok()), vec!["archive-iscsi", "data-ceph"]);
    let r = e
        .fetch("/storagedomains?search=Storage%3A%20name%3D*iscsi%20and%20status%3Dactive")
        .await;
    assert_eq!(names(r.ok()), vec!["data-iscsi"]);
    let r = e.fetch("/storagedomains?search=status%3Dunattached").await;
    assert_eq!(names(r.ok()), vec!["backup-export", "scratch-local"]);
    let r = e.fetch("/storagedomains?search=name%3Dnothing*").await;
    assert_eq!(r.ok(), &json!({}));
}

#[tokio::test]
async fn disks_and_vms_expose_the_direct_lun_and_its_connection() {
    let e = Engine::demo().await;
    let disk = e.fetch(&format!("/disks/{}", ids::DISK_LUN)).await;
    let d = disk.ok();
    assert_eq!(d["storage_type"], "lun");
    assert_eq!(d["alias"], "db01_lun");
    let lu = &d["lun_storage"]["logical_units"]["logical_unit"][0];
    assert_eq!(lu["target"], "iqn.2026-01.com.example:storage.db");
    let conns = e
        .fetch(&format!("/disks/{}/storageconnections", ids::DISK_LUN))
        .await;
    assert_eq!(
        items(conns.ok(), "storage_connection")[0]["id"],
        ids::CONN_ISCSI_LUN_DISK
    );
    let vm = e.fetch(&format!("/vms/{}", ids::VM_DB)).await;
    assert_eq!(vm.ok()["status"], "up");
    assert_eq!(
        vm.json["disk_attachments"]["disk_attachment"][0]["disk"]["id"],
        ids::DISK_LUN
    );
    e.post(&format!("/vms/{}/stop", ids::VM_DB), json!({}))
        .await
        .ok();
    assert_eq!(
        e.fetch(&format!("/vms/{}", ids::VM_DB)).await.ok()["status"],
        "down"
    );
}

#[tokio::test]
async fn add_an_iscsi_domain_over_luns() {
    let e = Engine::demo().await;
    let r = e
        .post(
            "/storagedomains",
            json!({"name": "san2", "type": "data", "host": {"name": "host1.example.com"},
            "storage": {"type": "iscsi", "logical_units": {"logical_unit": [
                {"id": "36001405feedface0001", "address": "192.0.2.21", "port": "3260",
                 "target": "iqn.2026-01.com.example:storage.data", "size": "1073741824"},
                {"id": "36001405feedface0002", "address": "192.0.2.50", "port": 3260,
                 "target": "iqn.2026-01.com.example:storage.new", "size": 1073741824_i64}
            ]}}}),
        )
        .await;
    assert_eq!(r.status, 201, "{}", r.text);
    assert_eq!(r.json["storage"]["type"], "iscsi");
    assert_eq!(r.json["available"], "2147483648");
    let id = r.json["id"].as_str().unwrap();
    let conns = e
        .fetch(&format!("/storagedomains/{id}/storageconnections"))
        .await;
    let list = items(conns.ok(), "storage_connection");
    assert_eq!(list.len(), 2);
    assert!(
        list.iter().any(|c| c["id"] == ids::CONN_ISCSI_A),
        "an existing connection with the same portal and target is reused"
    );

    e.post(
        "/storagedomains",
        json!({"name": "san3", "type": "data", "host": {"name": "host1.example.com"},
               "storage": {"type": "iscsi", "logical_units": {"logical_unit": [
                   {"id": "36001405feedface0001", "address": "192.0.2.21", "port": "3260",
                    "target": "iqn.2026-01.com.example:storage.data"}]}}}),
    )
    .await
    .refused(409, "The LUN 36001405feedface0001 is already used by san2");
    e.post(
        "/storagedomains",
        json!({"name": "san4", "type": "data", "host": {"name": "host1.example.com"},
               "storage": {"type": "iscsi"}}),
    )
    .await
    .fault(400, "Incomplete parameters", "[storage.logical_units]");
    e.post(
        "/storagedomains",
        json!({"name": "san5", "type": "data", "host": {"name": "host1.example.com"},
               "storage": {"type": "iscsi", "logical_units": {"logical_unit": [
                   {"id": "36001405feedface0009", "address": "192.0.2.21", "port": "0",
                    "target": "iqn.x"}]}}}),
    )
    .await
    .refused(400, "port must be a whole number");
}

//! The storage-connection rules over HTTP: add, update, remove — allowed and refused paths.

mod common;

use common::{ids, items, Engine};
use serde_json::json;

fn nfs(address: &str, path: &str) -> serde_json::Value {
    json!({"type": "nfs", "address": address, "path": path})
}

#[tokio::test]
async fn add_nfs_answers_201_with_location_and_the_new_connection() {
    let e = Engine::demo().await;
    let r = e
        .post(
            "/storageconnections",
            nfs("nfs9.example.com", "/exports/new"),
        )
        .await;
    assert_eq!(r.status, 201, "{}", r.text);
    let id = r.json["id"].as_str().expect("id").to_string();
    assert!(uuid::Uuid::parse_str(&id).is_ok(), "a GUID: {id}");
    assert_eq!(
        r.json["href"],
        format!("/ovirt-engine/api/storageconnections/{id}")
    );
    let location = r.location.expect("Location header");
    assert!(
        location.ends_with(&format!("/ovirt-engine/api/storageconnections/{id}")),
        "{location}"
    );
    let got = e.fetch(&format!("/storageconnections/{id}")).await;
    assert_eq!(got.ok()["address"], "nfs9.example.com");
    assert_eq!(got.json["path"], "/exports/new");
}

#[tokio::test]
async fn rest_required_fields_come_first() {
    let e = Engine::demo().await;
    e.post("/storageconnections", json!({"address": "a", "path": "/p"}))
        .await
        .fault(
            400,
            "Incomplete parameters",
            "StorageConnection [type] required for add",
        );
    e.post("/storageconnections", json!({"type": "nfs"}))
        .await
        .fault(
            400,
            "Incomplete parameters",
            "StorageConnection [address, path] required for add",
        );
    e.post(
        "/storageconnections",
        json!({"type": "iscsi", "address": "10.0.0.9"}),
    )
    .await
    .fault(
        400,
        "Incomplete parameters",
        "[target, port] required for add",
    );
    e.post(
        "/storageconnections",
        json!({"type": "posixfs", "path": "/p"}),
    )
    .await
    .fault(400, "Incomplete parameters", "[vfs_type]");
    e.post("/storageconnections", json!({"type": "localfs"}))
        .await
        .fault(400, "Incomplete parameters", "[path]");
}

#[tokio::test]
async fn malformed_bodies_and_bad_enums_are_400_faults() {
    let e = Engine::demo().await;
    let r = e
        .send(
            reqwest::Method::POST,
            "/ovirt-engine/api/storageconnections",
            None,
        )
        .await;
    r.fault(400, "Request syntactically incorrect.", "not valid JSON");
    e.post("/storageconnections", json!({"type": "smb", "path": "/p"}))
        .await
        .fault(400, "Invalid Enum value", "'nfs'");
    e.post(
        "/storageconnections",
        json!({"type": "iscsi", "address": "a", "target": "t", "port": "32x"}),
    )
    .await
    .fault(400, "Request syntactically incorrect.", "32x");
}

#[tokio::test]
async fn a_client_supplied_id_is_refused() {
    let e = Engine::demo().await;
    let mut body = nfs("nfs9.example.com", "/x");
    body["id"] = json!("11111111-2222-4333-8444-555555555555");
    e.post("/storageconnections", body).await.refused(
        400,
        "Cannot add Storage Connection. A new connection must not carry an id",
    );
}

#[tokio::test]
async fn nfs_mount_point_rule() {
    let e = Engine::demo().await;
    for (address, path) in [
        ("bad host", "/x"),
        ("-example.com", "/x"),
        ("nfs9.example.com", "relative"),
        ("nfs9.example.com", "/a/.hidden"),
        ("[1::zz]", "/x"),
    ] {
        e.post("/storageconnections", nfs(address, path))
            .await
            .refused(400, "The mount path is not valid");
    }
    for (address, path) in [("192.168.0.1", "/"), ("[1::2]", "/tmp/x"), ("s", "/tmp/x/")] {
        let r = e.post("/storageconnections", nfs(address, path)).await;
        assert_eq!(r.status, 201, "{address}:{path} {}", r.text);
    }
    // IPv6 addresses come back as given.
    let list = e.get_json("/ovirt-engine/api/storageconnections").await;
    assert!(list["storage_connection"]
        .as_array()
        .unwrap()
        .iter()
        .any(|c| c["address"] == "[1::2]" && c["path"] == "/tmp/x"));
}

#[tokio::test]
async fn nfs_ranges_never_wrap() {
    let e = Engine::demo().await;
    for timeo in [0, 6001, 70000] {
        let mut b = nfs("nfs9.example.com", &format!("/t{timeo}"));
        b["nfs_timeo"] = json!(timeo.to_string());
        e.post("/storageconnections", b)
            .await
            .refused(400, "NFS timeout must be between 1 and 6000");
    }
    let mut b = nfs("nfs9.example.com", "/r");
    b["nfs_retrans"] = json!(32768);
    e.post("/storageconnections", b)
        .await
        .refused(400, "NFS retransmissions must be between 0 and 32767");
    let mut b = nfs("nfs9.example.com", "/ok");
    b["nfs_timeo"] = json!("6000");
    b["nfs_retrans"] = json!("0");
    b["nfs_version"] = json!("V4_2");
    let r = e.post("/storageconnections", b).await;
    assert_eq!(r.status, 201, "{}", r.text);
    assert_eq!(r.json["nfs_timeo"], "6000");
    assert_eq!(r.json["nfs_version"], "v4_2");
}

#[tokio::test]
async fn managed_mount_options_are_refused_by_name() {
    let e = Engine::demo().await;
    let mut b = nfs("nfs9.example.com", "/m");
    b["mount_options"] = json!("soft,Timeo=5,vers=4");
    e.post("/storageconnections", b)
        .await
        .refused(400, "repeat options the engine sets itself: timeo, vers");
    let b = json!({"type": "posixfs", "path": "/p", "vfs_type": "ceph", "mount_options": "addr=1.2.3.4"});
    e.post("/storageconnections", b).await.refused(400, "addr");
    let b =
        json!({"type": "posixfs", "path": "/p", "vfs_type": "ceph", "mount_options": "timeo=5"});
    assert_eq!(
        e.post("/storageconnections", b).await.status,
        201,
        "timeo is fine for POSIX"
    );
}

#[tokio::test]
async fn iscsi_target_port_and_secrets() {
    let e = Engine::demo().await;
    let base = json!({"type": "iscsi", "address": "192.0.2.30", "target": "iqn.2026-01.com.example:new", "port": "3260"});
    let mut b = base.clone();
    b["port"] = json!("0");
    e.post("/storageconnections", b)
        .await
        .refused(400, "The port must be a whole number greater than 0");
    let mut b = base.clone();
    b["target"] = json!("   ");
    e.post("/storageconnections", b)
        .await
        .fault(400, "Incomplete parameters", "[target]");
    let mut b = base.clone();
    b["username"] = json!("chap-user");
    b["password"] = json!("s3cret-chap");
    let r = e.post("/storageconnections", b).await;
    assert_eq!(r.status, 201, "{}", r.text);
    assert!(
        !r.text.contains("s3cret-chap"),
        "the password is never returned"
    );
    let id = r.json["id"].as_str().unwrap();
    let got = e.fetch(&format!("/storageconnections/{id}")).await;
    assert_eq!(got.ok()["username"], "chap-user");
    assert!(!got.text.contains("s3cret") && got.json.get("password").is_none());
    assert!(got.json.get("portal").is_none());
}

#[tokio::test]
async fn duplicates_are_refused_by_type_rules() {
    let e = Engine::demo().await;
    e.post(
        "/storageconnections",
        nfs("nfs1.example.com", "/exports/data"),
    )
    .await
    .refused(
        409,
        &format!(
            "already exists: {} (used by storage domain data-nfs)",
            ids::CONN_NFS_DATA
        ),
    );
    // iSCSI: address + port + target, whatever the user name.
    let b = json!({"type": "iscsi", "address": "192.0.2.21", "port": 3260,
                   "target": "iqn.2026-01.com.example:storage.data", "username": "other"});
    e.post("/storageconnections", b)
        .await
        .refused(409, ids::CONN_ISCSI_A);
    // Another port is another connection.
    let b = json!({"type": "iscsi", "address": "192.0.2.21", "port": 3261,
                   "target": "iqn.2026-01.com.example:storage.data"});
    assert_eq!(e.post("/storageconnections", b).await.status, 201);
    // A local path is a duplicate only within a data center: without a host there is none.
    let local = json!({"type": "localfs", "path": "/var/lib/ovirt/scratch"});
    assert_eq!(e.post("/storageconnections", local).await.status, 201);
}

#[tokio::test]
async fn a_named_host_must_exist_and_be_up() {
    let e = Engine::demo().await;
    let mut b = nfs("nfs9.example.com", "/h1");
    b["host"] = json!({"name": "no-such-host"});
    e.post("/storageconnections", b).await.fault(
        404,
        "Operation Failed",
        "Entity not found: no-such-host",
    );
    let mut b = nfs("nfs9.example.com", "/h2");
    b["host"] = json!({"id": "11111111-2222-4333-8444-555555555555"});
    e.post("/storageconnections", b)
        .await
        .refused(400, "The host does not exist");
    let mut b = nfs("nfs9.example.com", "/h3");
    b["host"] = json!({"name": "host2.example.com"});
    e.post("/storageconnections", b)
        .await
        .refused(409, "The host must be Up");
    let mut b = nfs("nfs9.example.com", "/h4");
    b["host"] = json!({"id": ids::HOST_UP});
    assert_eq!(e.post("/storageconnections", b).await.status, 201);
}

#[tokio::test]
async fn update_merges_onto_the_stored_connection() {
    let e = Engine::demo().await;
    let path = format!("/storageconnections/{}", ids::CONN_ORPHAN);
    let r = e
        .put(
            &path,
            json!({"path": "/exports/spare2", "nfs_timeo": "100"}),
        )
        .await;
    let c = r.ok();
    assert_eq!(c["address"], "nfs3.example.com", "unchanged fields stay");
    assert_eq!(c["path"], "/exports/spare2");
    assert_eq!(c["nfs_timeo"], "100");
    let again = e.fetch(&path).await;
    assert_eq!(again.ok()["path"], "/exports/spare2", "persisted");

    e.put(&path, json!({"id": ids::CONN_NFS_DATA})).await.fault(
        409,
        "Broken immutability constraint",
        "immutable field: id",
    );
    e.put(&path, json!({"type": "iscsi"}))
        .await
        .refused(400, "storage type of a connection cannot be changed");
    e.put(
        &path,
        json!({"path": "/exports/data", "address": "nfs1.example.com"}),
    )
    .await
    .refused(409, "already exists");
    e.put(&path, json!({"address": "bad host"}))
        .await
        .refused(400, "The mount path is not valid");
    e.put(
        "/storageconnections/11111111-2222-4333-8444-555555555555",
        json!({}),
    )
    .await;
    let missing = e
        .put(
            "/storageconnections/11111111-2222-4333-8444-555555555555",
            json!({"path": "/x"}),
        )
        .await;
    assert_eq!(missing.status, 404);
}

#[tokio::test]
async fn update_needs_maintenance_or_unattached_unless_forced() {
    let e = Engine::demo().await;
    let active = format!("/storageconnections/{}", ids::CONN_NFS_DATA);
    e.put(&active, json!({"path": "/exports/data2"}))
        .await
        .refused(
            400,
            "The storage domains data-nfs must be in maintenance or unattached",
        );
    // `force` as a matrix parameter, then as a query parameter.
    let r = e
        .put(
            &format!("{active};force=true"),
            json!({"path": "/exports/data2"}),
        )
        .await;
    assert_eq!(r.ok()["path"], "/exports/data2");
    let r = e
        .put(
            &format!("{active}?force=true"),
            json!({"path": "/exports/data3"}),
        )
        .await;
    assert_eq!(r.ok()["path"], "/exports/data3");
    assert_eq!(
        e.status_in_dc(ids::SD_NFS_DATA).await.as_deref(),
        Some("active"),
        "no host: status untouched"
    );

    // Maintenance and unattached domains are editable.
    let r = e
        .put(
            &format!("/storageconnections/{}", ids::CONN_POSIX),
            json!({"path": "/volumes/v2"}),
        )
        .await;
    assert_eq!(r.ok()["path"], "/volumes/v2");
    let r = e
        .put(
            &format!("/storageconnections/{}", ids::CONN_NFS_EXPORT),
            json!({"address": "nfs4.example.com"}),
        )
        .await;
    assert_eq!(r.ok()["address"], "nfs4.example.com");
}

#[tokio::test]
async fn update_with_a_host_locks_then_leaves_domains_in_maintenance() {
    let e = Engine::demo().await;
    let path = format!(
        "/storageconnections/{};host={}",
        ids::CONN_POSIX,
        "host1.example.com"
    );
    let r = e.put(&path, json!({"mount_options": "name=admin2"})).await;
    assert_eq!(r.ok()["mount_options"], "name=admin2");
    assert_eq!(
        e.status_in_dc(ids::SD_POSIX).await.as_deref(),
        Some("maintenance")
    );
    // Forced on an active domain with a host: it ends in maintenance, as the engine leaves it.
    let path = format!(
        "/storageconnections/{}?force=true&host={}",
        ids::CONN_NFS_DATA,
        ids::HOST_UP
    );
    e.put(&path, json!({"path": "/exports/moved"})).await.ok();
    assert_eq!(
        e.status_in_dc(ids::SD_NFS_DATA).await.as_deref(),
        Some("maintenance")
    );
    // A host that is not up cannot do it.
    let path = format!(
        "/storageconnections/{};host=host2.example.com",
        ids::CONN_POSIX
    );
    e.put(&path, json!({"path": "/volumes/v3"}))
        .await
        .refused(409, "The host must be Up");
}

#[tokio::test]
async fn a_file_connection_shared_by_two_domains_cannot_be_edited() {
    let e = Engine::demo().await;
    let db = e.db().await;
    sqlx::query(
        "INSERT INTO storage_domains (id, name, domain_type, storage_type, connection_id, storage_format) \
         VALUES ('99999999-0000-4000-8000-000000000001', 'shadow-export', 'export', 'nfs', $1, 'v5')",
    )
    .bind(ids::CONN_NFS_EXPORT)
    .execute(&db)
    .await
    .unwrap();
    e.put(
        &format!("/storageconnections/{}", ids::CONN_NFS_EXPORT),
        json!({"path": "/x2"}),
    )
    .await
    .refused(
        409,
        "used by the storage domains: backup-export, shadow-export",
    );
}

#[tokio::test]
async fn iscsi_update_checks_lun_disk_vms_and_lun_domains() {
    let e = Engine::demo().await;
    let lun_disk = format!("/storageconnections/{}", ids::CONN_ISCSI_LUN_DISK);
    e.put(&lun_disk, json!({"address": "192.0.2.40"}))
        .await
        .refused(
            400,
            "The virtual machines db01 use disks on this connection and must be down",
        );
    e.post(&format!("/vms/{}/stop", ids::VM_DB), json!({}))
        .await
        .ok();
    assert_eq!(
        e.put(&lun_disk, json!({"address": "192.0.2.40"}))
            .await
            .ok()["address"],
        "192.0.2.40"
    );

    let path_a = format!("/storageconnections/{}", ids::CONN_ISCSI_A);
    e.put(&path_a, json!({"address": "192.0.2.41"}))
        .await
        .refused(
            400,
            "The storage domains data-iscsi must be in maintenance or unattached",
        );
    let deact = format!(
        "/datacenters/{}/storagedomains/{}/deactivate",
        ids::DATA_CENTER,
        ids::SD_ISCSI
    );
    e.post(&deact, json!({})).await.ok();
    assert_eq!(
        e.put(&path_a, json!({"address": "192.0.2.41"})).await.ok()["address"],
        "192.0.2.41"
    );

    // A LUN disk of a running VM and an active domain on one connection: both are named.
    e.post(&format!("/vms/{}/start", ids::VM_DB), json!({}))
        .await
        .ok();
    e.post(
        &format!(
            "/storagedomains/{}/storageconnections",
            ids::SD_ISCSI_ARCHIVE
        ),
        json!({"id": ids::CONN_ISCSI_LUN_DISK}),
    )
    .await
    .ok();
    let act = format!(
        "/datacenters/{}/storagedomains/{}/activate",
        ids::DATA_CENTER,
        ids::SD_ISCSI_ARCHIVE
    );
    e.post(&act, json!({})).await.ok();
    e.put(&lun_disk, json!({"address": "192.0.2.42"}))
        .await
        .refused(400, "The storage domains archive-iscsi must be in maintenance or unattached, and the virtual machines db01 must be down");
}

#[tokio::test]
async fn only_file_and_iscsi_connections_can_be_edited() {
    let e = Engine::demo().await;
    let r = e
        .post(
            "/storageconnections",
            json!({"type": "fcp", "address": "wwn-1"}),
        )
        .await;
    assert_eq!(r.status, 201, "{}", r.text);
    let id = r.json["id"].as_str().unwrap();
    e.put(
        &format!("/storageconnections/{id}"),
        json!({"address": "wwn-2"}),
    )
    .await
    .refused(400, "can be edited only for NFS, POSIX, local and iSCSI");
}

#[tokio::test]
async fn a_busy_lock_is_409_and_an_expired_one_is_taken_over() {
    let e = Engine::demo().await;
    let db = e.db().await;
    let far = engine::store::now_ms() + 600_000;
    sqlx::query("INSERT INTO locks (lock_key, owner, expires_at) VALUES ($1, 'someone-else', $2)")
        .bind(format!("connection:{}", ids::CONN_ORPHAN))
        .bind(far)
        .execute(&db)
        .await
        .unwrap();
    let path = format!("/storageconnections/{}", ids::CONN_ORPHAN);
    e.put(&path, json!({"path": "/exports/locked"}))
        .await
        .refused(409, "A related operation is already in progress");
    e.delete(&path)
        .await
        .refused(409, "Cannot remove Storage Connection. A related operation");
    sqlx::query("UPDATE locks SET expires_at = 0")
        .execute(&db)
        .await
        .unwrap();
    assert_eq!(
        e.put(&path, json!({"path": "/exports/free"})).await.ok()["path"],
        "/exports/free"
    );
    let left: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM locks")
        .fetch_one(&db)
        .await
        .unwrap();
    assert_eq!(left, 0, "commands release their locks");
}

#[tokio::test]
async fn remove_only_what_nothing_uses() {
    let e = Engine::demo().await;
    e.delete(&format!("/storageconnections/{}", ids::CONN_NFS_DATA))
        .await
        .refused(409, "Cannot remove Storage Connection. The connection is used by the storage domains: data-nfs");
    e.delete(&format!("/storageconnections/{}", ids::CONN_ISCSI_A))
        .await
        .refused(409, "storage domains: data-iscsi");
    e.delete(&format!("/storageconnections/{}", ids::CONN_ISCSI_LUN_DISK))
        .await
        .refused(409, "used by the disks: db01_lun");
    e.delete(&format!(
        "/storageconnections/{};host=no-such-host",
        ids::CONN_ORPHAN
    ))
    .await
    .fault(404, "Operation Failed", "Entity not found: no-such-host");

    let orphan = format!("/storageconnections/{}", ids::CONN_ORPHAN);
    let r = e.delete(&format!("{orphan};host=host1.example.com")).await;
    assert_eq!(r.ok()["status"], "complete");
    assert_eq!(e.fetch(&orphan).await.status, 404);
    assert_eq!(e.delete(&orphan).await.status, 404);
}

#[tokio::test]
async fn remove_names_domains_and_disks_together() {
    let e = Engine::demo().await;
    e.post(
        &format!(
            "/storagedomains/{}/storageconnections",
            ids::SD_ISCSI_ARCHIVE
        ),
        json!({"id": ids::CONN_ISCSI_LUN_DISK}),
    )
    .await
    .ok();
    e.delete(&format!("/storageconnections/{}", ids::CONN_ISCSI_LUN_DISK))
        .await
        .refused(
            409,
            "used by the storage domains: archive-iscsi and by the disks: db01_lun",
        );
}

/// Values longer than the engine stores (the real engine's column sizes) are a 400 on their field,
/// on either database; incompressible text is what PostgreSQL could not even index.
#[tokio::test]
async fn values_longer_than_the_engine_stores_are_refused() {
    let e = Engine::demo().await;
    let before = e.fetch("/storageconnections").await.ok().clone();
    // Text that does not compress (PostgreSQL compresses index entries before it measures them).
    let noise = |n: usize| -> String {
        (0..n)
            .map(|i| char::from(b'a' + ((i * 7919 + i / 26 * 104729) % 26) as u8))
            .collect()
    };
    let r = e
        .post(
            "/storageconnections",
            json!({"type": "nfs", "address": "nfs.example.com", "path": format!("/{}", noise(9000))}),
        )
        .await;
    r.fault(400, "Operation Failed", "must be at most 250 characters");
    let r = e
        .post(
            "/storageconnections",
            json!({"type": "iscsi", "address": "192.0.2.1", "port": "3260",
                   "target": format!("iqn.2026-01.com.example:{}", noise(9000))}),
        )
        .await;
    r.fault(400, "Operation Failed", "target name must be at most 128");
    let r = e
        .put(
            &format!("/storageconnections/{}", ids::CONN_ORPHAN),
            json!({"mount_options": noise(501)}),
        )
        .await;
    r.fault(400, "Operation Failed", "mount options must be at most 500");
    let r = e
        .post(
            "/storagedomains",
            json!({"name": "san-long", "type": "data", "host": {"name": "host1.example.com"},
            "storage": {"type": "iscsi", "logical_units": {"logical_unit": [
                {"id": noise(256), "address": "192.0.2.21", "port": "3260",
                 "target": "iqn.2026-01.com.example:storage.data", "size": "1073741824"}
            ]}}}),
        )
        .await;
    r.fault(400, "Operation Failed", "LUN id must be at most 255");
    // At the limit is fine.
    let r = e
        .post(
            "/storageconnections",
            json!({"type": "localfs", "path": format!("/{}", noise(249))}),
        )
        .await;
    assert_eq!(r.status, 201, "{}", r.text);
    let after = e.fetch("/storageconnections").await.ok().clone();
    assert_eq!(
        items(&after, "storage_connection").len(),
        items(&before, "storage_connection").len() + 1
    );
}

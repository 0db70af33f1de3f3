//! `--vanilla`: the engine answers as oVirt's own does, without this project's extensions, so
//! the web admin can be tried as if in front of a real engine.

mod common;

use common::{api, ids, request, Engine};
use serde_json::json;

fn vanilla() -> engine::Settings {
    engine::Settings {
        vanilla: true,
        ..Default::default()
    }
}

/// Each extension, as a client would call it: method, path under the API root, body.
fn extension_calls() -> Vec<(reqwest::Method, String, Option<serde_json::Value>)> {
    use reqwest::Method as M;
    let nfs = json!({"type": "nfs", "address": "127.0.0.1", "path": "/exports/x"});
    vec![
        (M::POST, "/storageconnections/test".into(), Some(nfs)),
        (
            M::POST,
            format!("/storageconnections/{}/test", ids::CONN_ORPHAN),
            Some(json!({})),
        ),
        (
            M::GET,
            format!("/hosts/{}/nfsexports?address=127.0.0.1", ids::HOST_UP),
            None,
        ),
        (
            M::GET,
            format!("/disks/{}/storageconnections", ids::DISK_LUN),
            None,
        ),
        (M::GET, "/metrics".into(), None),
        (M::GET, "/openapi.json".into(), None),
        (M::GET, "/storageswitches".into(), None),
        (
            M::POST,
            "/storageswitches".into(),
            Some(
                json!({"rules": [{"from_address": "nfs3.example.com", "to_address": "nfs9.example.com"}]}),
            ),
        ),
    ]
}

#[tokio::test]
async fn extensions_are_not_served_without_them() {
    let plain = Engine::demo().await;
    let bare = Engine::demo_with(vanilla()).await;
    for (method, path, body) in extension_calls() {
        let served = plain.send(method.clone(), &api(&path), body.clone()).await;
        assert_ne!(served.status, 404, "{method} {path}: {}", served.text);
        for root in ["/ovirt-engine/api", "/ovirt-engine/api/v4"] {
            let r = request(
                &bare.base,
                &bare.token,
                method.clone(),
                &format!("{root}{path}"),
                body.clone(),
            )
            .await;
            // (404, or 405 where the path reads as another route's, `/storageconnections/test`
            // as the connection "test": what oVirt's engine answers too.)
            assert!(
                [404, 405].contains(&r.status),
                "{method} {root}{path}: {} {}",
                r.status,
                r.text
            );
        }
    }
    // Still signed in first: an unknown path is no way around authentication.
    let r = reqwest::get(bare.url("/ovirt-engine/api/metrics"))
        .await
        .unwrap();
    assert_eq!(r.status(), 401);
}

#[tokio::test]
async fn the_root_names_the_engine_a_client_is_talking_to() {
    let plain = Engine::demo().await;
    let bare = Engine::demo_with(vanilla()).await;
    let ours = plain.fetch("").await;
    assert_eq!(ours.ok()["product_info"]["vendor"], "storage-connections");
    let theirs = bare.fetch("").await;
    assert_eq!(theirs.ok()["product_info"]["vendor"], "ovirt.org");
    assert_eq!(theirs.json["product_info"]["name"], "oVirt Engine");
    let info: storage_model::ProductInfo =
        serde_json::from_value(theirs.json["product_info"].clone()).unwrap();
    assert!(!info.has_extensions());
}

#[tokio::test]
async fn faults_name_no_field_and_events_take_only_ovirts_filters() {
    let bare = Engine::demo_with(vanilla()).await;
    let bad_path = json!({"path": "/exports/a\u{1}b"});
    let conn = format!("/storageconnections/{}", ids::CONN_ORPHAN);
    let r = bare.put(&conn, bad_path.clone()).await;
    r.fault(400, "Operation Failed", "control character U+0001");
    assert!(r.json.get("field").is_none(), "{}", r.text);
    let plain = Engine::demo().await;
    assert_eq!(plain.put(&conn, bad_path).await.json["field"], "path");

    // Every real feature is there: an edit of an unused connection goes through.
    let r = bare.put(&conn, json!({"nfs_timeo": "300"})).await;
    assert_eq!(r.ok()["nfs_timeo"], "300");

    // `storage_domain` is this engine's own filter: oVirt's engine ignores it; its clients
    // search by the domain's name instead.
    let filtered = bare
        .fetch(&format!("/events?storage_domain={}", ids::SD_POSIX))
        .await;
    let all = bare.fetch("/events").await;
    assert_eq!(filtered.ok()["event"], all.ok()["event"]);
    let by_name = bare.fetch("/events?search=event_storage%3Dnone-such").await;
    assert!(by_name.ok().get("event").is_none(), "{}", by_name.text);
}

//! The read-only API over real HTTP on loopback, against the demo site.

mod common;

use common::{api, find, items, Engine};
use engine::demo::ids;
use serde_json::Value;

#[tokio::test]
async fn connections_are_listed_in_the_ovirt_json_shape() {
    let e = Engine::demo().await;
    let body = e.get_json(&api("/storageconnections")).await;
    let list = items(&body, "storage_connection");
    assert_eq!(list.len(), 10, "every demo connection, orphan included");

    for c in list {
        let id = c["id"].as_str().expect("id");
        assert_eq!(
            c["href"],
            format!("/ovirt-engine/api/storageconnections/{id}")
        );
        assert!(
            c.get("password").is_none(),
            "passwords are never returned: {c}"
        );
        assert!(c.get("portal").is_none(), "portal is input-only: {c}");
    }

    let nfs = find(list, ids::CONN_NFS_DATA);
    assert_eq!(nfs["type"], "nfs");
    assert_eq!(nfs["address"], "nfs1.example.com");
    assert_eq!(nfs["path"], "/exports/data");
    assert_eq!(nfs["nfs_version"], "v4_1");
    assert_eq!(nfs["nfs_timeo"], "600", "integers are JSON strings");
    assert_eq!(nfs["nfs_retrans"], "6");

    let iscsi = find(list, ids::CONN_ISCSI_A);
    assert_eq!(iscsi["type"], "iscsi");
    assert_eq!(iscsi["port"], "3260");
    assert_eq!(iscsi["target"], "iqn.2026-01.com.example:storage.data");
    assert!(iscsi.get("path").is_none());

    let posix = find(list, ids::CONN_POSIX);
    assert_eq!(posix["type"], "posixfs");
    assert_eq!(posix["vfs_type"], "ceph");

    let local = find(list, ids::CONN_LOCAL);
    assert_eq!(local["type"], "localfs");
    assert_eq!(local["path"], "/var/lib/ovirt/scratch");
    assert!(local.get("address").is_none());
}

#[tokio::test]
async fn one_connection_by_id_and_404_for_unknown_or_malformed_ids() {
    let e = Engine::demo().await;
    let one = e
        .get_json(&api(&format!("/storageconnections/{}", ids::CONN_ORPHAN)))
        .await;
    assert_eq!(one["id"], ids::CONN_ORPHAN);
    assert_eq!(one["address"], "nfs3.example.com");

    // Upper-case GUIDs name the same entity.
    let upper = e
        .get_json(&api(&format!(
            "/storageconnections/{}",
            ids::CONN_ORPHAN.to_uppercase()
        )))
        .await;
    assert_eq!(upper["id"], ids::CONN_ORPHAN);

    for path in [
        "/storageconnections/11111111-2222-4333-8444-555555555555",
        "/storageconnections/not-a-guid",
        "/storagedomains/11111111-2222-4333-8444-555555555555",
        "/storagedomains/xyz",
        "/hosts/xyz",
        "/datacenters/11111111-2222-4333-8444-555555555555",
        "/datacenters/11111111-2222-4333-8444-555555555555/storagedomains",
        "/nonexistent",
    ] {
        let r = e.get(&api(path)).await;
        assert_eq!(r.status(), 404, "{path}");
        assert_eq!(
            r.text().await.expect("body"),
            "",
            "{path}: 404 has an empty body"
        );
    }
}

#[tokio::test]
async fn top_level_domains_only_say_unattached_and_data_center_lists_give_status() {
    let e = Engine::demo().await;
    let body = e.get_json(&api("/storagedomains")).await;
    let list = items(&body, "storage_domain");
    assert_eq!(list.len(), 7);

    let unattached: Vec<&str> = list
        .iter()
        .filter(|d| d["status"] == "unattached")
        .filter_map(|d| d["name"].as_str())
        .collect();
    assert_eq!(unattached, vec!["backup-export", "scratch-local"]);
    for d in list {
        let status = d.get("status");
        assert!(
            status.is_none() || status == Some(&Value::from("unattached")),
            "top-level status is only ever unattached: {d}"
        );
    }

    let nfs = find(list, ids::SD_NFS_DATA);
    assert_eq!(nfs["type"], "data");
    assert_eq!(nfs["master"], "true", "booleans are JSON strings");
    assert_eq!(nfs["storage"]["type"], "nfs");
    assert_eq!(nfs["storage"]["address"], "nfs1.example.com");
    assert_eq!(nfs["storage"]["path"], "/exports/data");
    assert_eq!(nfs["available"], (838_i64 << 30).to_string());
    assert_eq!(
        nfs["data_centers"]["data_center"][0]["id"],
        ids::DATA_CENTER
    );

    let per_dc = e
        .get_json(&api(&format!(
            "/datacenters/{}/storagedomains",
            ids::DATA_CENTER
        )))
        .await;
    let attached = items(&per_dc, "storage_domain");
    let status_of = |id: &str| find(attached, id)["status"].clone();
    assert_eq!(attached.len(), 5);
    assert_eq!(status_of(ids::SD_NFS_DATA), "active");
    assert_eq!(status_of(ids::SD_POSIX), "maintenance");
    assert_eq!(status_of(ids::SD_ISCSI), "active");
    assert_eq!(status_of(ids::SD_ISCSI_ARCHIVE), "maintenance");
}

#[tokio::test]
async fn iscsi_domain_shows_its_luns_and_both_multipath_connections() {
    let e = Engine::demo().await;
    let d = e
        .get_json(&api(&format!("/storagedomains/{}", ids::SD_ISCSI)))
        .await;
    assert_eq!(d["storage"]["type"], "iscsi");
    let luns = d["storage"]["volume_group"]["logical_units"]["logical_unit"]
        .as_array()
        .expect("logical units");
    assert_eq!(luns.len(), 2);
    assert_eq!(luns[0]["paths"], "2");

    let conns = e
        .get_json(&api(&format!(
            "/storagedomains/{}/storageconnections",
            ids::SD_ISCSI
        )))
        .await;
    let mut got: Vec<&str> = items(&conns, "storage_connection")
        .iter()
        .filter_map(|c| c["id"].as_str())
        .collect();
    got.sort_unstable();
    assert_eq!(got, vec![ids::CONN_ISCSI_A, ids::CONN_ISCSI_B]);

    let file = e
        .get_json(&api(&format!(
            "/storagedomains/{}/storageconnections",
            ids::SD_POSIX
        )))
        .await;
    assert_eq!(items(&file, "storage_connection")[0]["id"], ids::CONN_POSIX);
}

#[tokio::test]
async fn hosts_data_centers_and_the_v4_alias() {
    let e = Engine::demo().await;
    let hosts = e.get_json(&api("/hosts")).await;
    let statuses: Vec<&str> = items(&hosts, "host")
        .iter()
        .filter_map(|h| h["status"].as_str())
        .collect();
    assert_eq!(statuses, vec!["up", "maintenance"]);
    let one = e.get_json(&api(&format!("/hosts/{}", ids::HOST_UP))).await;
    assert_eq!(one["name"], "host1.example.com");

    let dcs = e.get_json(&api("/datacenters")).await;
    let dc = &items(&dcs, "data_center")[0];
    assert_eq!(dc["id"], ids::DATA_CENTER);
    assert_eq!(dc["version"]["major"], "4");
    assert_eq!(dc["local"], "false");

    let plain = e.get_json(&api("/storageconnections")).await;
    let v4 = e.get_json("/ovirt-engine/api/v4/storageconnections").await;
    assert_eq!(plain, v4);
}

#[tokio::test]
async fn data_survives_a_restart_and_demo_data_is_seeded_once() {
    let e = Engine::demo().await;
    let before = e.get_json(&api("/storageconnections")).await;
    if let Some(path) = e.db.sqlite_path() {
        assert!(path.is_file(), "the database is a file on disk");
    }
    let dir = e.stop();

    let again = Engine::start_in(dir, true, None).await;
    let after = again.get_json(&api("/storageconnections")).await;
    assert_eq!(
        before, after,
        "restarting with --demo neither loses nor duplicates data"
    );
}

#[tokio::test]
async fn an_empty_database_serves_empty_collections() {
    let dir = tempfile::tempdir().expect("temp dir");
    let e = Engine::start_in(dir, false, None).await;
    for (path, _) in [
        ("/storageconnections", ()),
        ("/storagedomains", ()),
        ("/hosts", ()),
    ] {
        let body = e.get_json(&api(path)).await;
        assert_eq!(
            body,
            serde_json::json!({}),
            "{path}: an empty collection is {{}}"
        );
    }
}

#[tokio::test]
async fn the_spa_is_served_with_index_fallback_but_api_misses_stay_404() {
    let dir = tempfile::tempdir().expect("temp dir");
    let dist = dir.path().join("dist");
    std::fs::create_dir(&dist).expect("dist dir");
    common::write_index(&dist);
    let e = Engine::start_in(dir, true, Some(dist)).await;

    for path in [
        "/",
        "/storage",
        "/storage/d0000000-0000-4000-8000-000000000001",
        "/connections",
    ] {
        let r = e.get(path).await;
        assert_eq!(r.status(), 200, "{path}");
        assert!(
            r.text().await.expect("body").contains("spa-index"),
            "{path}"
        );
    }
    let r = e.get(&api("/no/such/thing")).await;
    assert_eq!(r.status(), 404);
}

#[tokio::test]
async fn follow_storage_connections_inlines_exactly_what_each_domain_lists() {
    let e = Engine::demo().await;
    let plain = e.get_json(&api("/storagedomains")).await;
    assert!(
        items(&plain, "storage_domain")
            .iter()
            .all(|d| d.get("storage_connections").is_none()),
        "not inlined unless asked"
    );
    let followed = e
        .get_json(&api("/storagedomains?follow=storage_connections"))
        .await;
    let domains = items(&followed, "storage_domain");
    assert_eq!(domains.len(), 7);
    let mut pairs = 0;
    for d in domains {
        let id = d["id"].as_str().expect("id");
        let own = e
            .get_json(&api(&format!("/storagedomains/{id}/storageconnections")))
            .await;
        let ids = |v: &Value| -> Vec<String> {
            v["storage_connection"]
                .as_array()
                .map(|l| {
                    l.iter()
                        .map(|c| c["id"].as_str().unwrap_or("").to_string())
                        .collect()
                })
                .unwrap_or_default()
        };
        let inline = ids(&d["storage_connections"]);
        assert_eq!(inline, ids(&own), "domain {}", d["name"]);
        pairs += inline.len();
        for c in d["storage_connections"]["storage_connection"]
            .as_array()
            .into_iter()
            .flatten()
        {
            assert!(c.get("password").is_none(), "no secret inline either");
        }
    }
    // Five file domains with one connection each, data-iscsi with two paths, archive with one.
    assert_eq!(pairs, 8);
    let iscsi = find(domains, ids::SD_ISCSI);
    assert_eq!(
        iscsi["storage_connections"]["storage_connection"]
            .as_array()
            .map(Vec::len),
        Some(2)
    );

    // The same in XML: a nested collection inside each domain.
    let xml = reqwest::Client::new()
        .get(e.url(&api("/storagedomains?follow=storage_connections")))
        .bearer_auth(&e.token)
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        xml.contains("<storage_connections><storage_connection href="),
        "{xml}"
    );
}

/// What a browser downloads: the SPA's files precompressed (`engine precompress`), hashed files
/// cached for a year, index.html revalidated; large API answers compressed, small ones not.
#[tokio::test]
async fn the_spa_comes_precompressed_and_cached_and_large_answers_compressed() {
    use std::io::Read;
    let dir = tempfile::tempdir().expect("temp dir");
    let dist = dir.path().join("dist");
    std::fs::create_dir(&dist).expect("dist dir");
    common::write_index(&dist);
    let js = "export function start() { return 'storage'; }\n".repeat(100);
    std::fs::write(dist.join("webadmin-0123456789abcdef.js"), &js).expect("write js");
    engine::precompress::run(&dist).expect("precompress");
    let e = Engine::start_in(dir, true, Some(dist)).await;
    let client = reqwest::Client::new();
    let fetch = |path: &str, encodings: &str| {
        client
            .get(e.url(path))
            .bearer_auth(&e.token)
            .header("Accept", "application/json")
            .header("Accept-Encoding", encodings)
            .send()
    };
    let header = |r: &reqwest::Response, name: &str| {
        r.headers()
            .get(name)
            .map(|v| v.to_str().expect("ascii").to_string())
    };

    let r = fetch("/webadmin-0123456789abcdef.js", "gzip, deflate, br")
        .await
        .expect("js");
    assert_eq!(r.status(), 200);
    assert_eq!(header(&r, "content-encoding").as_deref(), Some("br"));
    assert_eq!(
        header(&r, "cache-control").as_deref(),
        Some("public, max-age=31536000, immutable")
    );
    let body = r.bytes().await.expect("body");
    let mut back = String::new();
    brotli::Decompressor::new(&body[..], 4096)
        .read_to_string(&mut back)
        .expect("brotli");
    assert_eq!(back, js);
    let r = fetch("/webadmin-0123456789abcdef.js", "gzip")
        .await
        .expect("js");
    assert_eq!(header(&r, "content-encoding").as_deref(), Some("gzip"));
    let r = fetch("/webadmin-0123456789abcdef.js", "identity")
        .await
        .expect("js");
    assert_eq!(header(&r, "content-encoding"), None);
    assert_eq!(r.text().await.expect("body"), js);

    for path in ["/", "/storage"] {
        let r = fetch(path, "br").await.expect("index");
        assert_eq!(r.status(), 200, "{path}");
        assert_eq!(
            header(&r, "cache-control").as_deref(),
            Some("no-cache"),
            "{path}"
        );
        assert!(header(&r, "content-security-policy").is_some(), "{path}");
    }

    // The connection list (a few KB on the demo site) is compressed; one connection is not.
    let r = fetch(&api("/storageconnections"), "gzip")
        .await
        .expect("list");
    assert_eq!(r.status(), 200);
    assert_eq!(header(&r, "content-encoding").as_deref(), Some("gzip"));
    let body = r.bytes().await.expect("body");
    let mut json = String::new();
    flate2::read::GzDecoder::new(&body[..])
        .read_to_string(&mut json)
        .expect("gzip");
    let list: Value = serde_json::from_str(&json).expect("json");
    assert!(items(&list, "storage_connection").len() > 5);
    let r = fetch(
        &api(&format!("/storageconnections/{}", ids::CONN_ORPHAN)),
        "gzip, br",
    )
    .await
    .expect("one");
    assert_eq!(r.status(), 200);
    assert_eq!(header(&r, "content-encoding"), None);
}

/// The web admin's pages carry the full policy for a page; API answers (JSON or XML, never
/// rendered) what OWASP asks of an API: nothing allowed, no framing, no sniffing — and both keep
/// them on refusals and on answers to requests that never reached a handler.
#[tokio::test]
async fn pages_and_api_answers_carry_their_security_headers() {
    let dir = tempfile::tempdir().expect("temp dir");
    let dist = dir.path().join("dist");
    std::fs::create_dir(&dist).expect("dist dir");
    common::write_index(&dist);
    let e = Engine::start_in(dir, true, Some(dist)).await;
    let client = reqwest::Client::new();
    let header = |r: &reqwest::Response, name: &str| {
        r.headers()
            .get(name)
            .map(|v| v.to_str().expect("ascii").to_string())
    };

    let page = client.get(e.url("/storage")).send().await.expect("page");
    assert_eq!(page.status(), 200);
    let csp = header(&page, "content-security-policy").expect("a page's policy");
    assert!(
        csp.starts_with("default-src 'none'; script-src 'self'"),
        "{csp}"
    );
    assert!(csp.contains("frame-ancestors 'none'"), "{csp}");
    assert_eq!(
        header(&page, "referrer-policy").as_deref(),
        Some("no-referrer")
    );
    assert_eq!(
        header(&page, "cross-origin-opener-policy").as_deref(),
        Some("same-origin")
    );

    let one = format!("/storageconnections/{}", common::ids::CONN_ORPHAN);
    for (what, r) in [
        (
            "JSON",
            client
                .get(e.url(&api(&one)))
                .bearer_auth(&e.token)
                .header("Accept", "application/json")
                .send()
                .await,
        ),
        (
            "XML",
            client
                .get(e.url(&api(&one)))
                .bearer_auth(&e.token)
                .send()
                .await,
        ),
        ("a 401", client.get(e.url(&api(&one))).send().await),
        (
            "a 404",
            client
                .get(e.url(&api("/nothing-here")))
                .bearer_auth(&e.token)
                .send()
                .await,
        ),
    ] {
        let r = r.expect(what);
        assert_eq!(
            header(&r, "content-security-policy").as_deref(),
            Some("default-src 'none'; frame-ancestors 'none'"),
            "{what}"
        );
        assert_eq!(
            header(&r, "x-content-type-options").as_deref(),
            Some("nosniff"),
            "{what}"
        );
        assert_eq!(
            header(&r, "x-frame-options").as_deref(),
            Some("DENY"),
            "{what}"
        );
        assert!(header(&r, "x-request-id").is_some(), "{what}");
    }
}

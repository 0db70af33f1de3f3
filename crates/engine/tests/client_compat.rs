//! What oVirt clients (the Ansible collection, the SDKs' examples) rely on, seen as they see it:
//! the search language on every collection, events, the API root, empty XML elements, the
//! all-zero id, clusters, and text no XML can carry. Runs on SQLite and on PostgreSQL.

mod common;

use common::{ids, Engine};
use reqwest::Method;
use serde_json::{json, Value};

fn names(v: &Value, key: &str) -> Vec<String> {
    let mut n: Vec<String> = v[key]
        .as_array()
        .map(|a| {
            a.iter()
                .map(|x| x["name"].as_str().unwrap_or_default().to_string())
                .collect()
        })
        .unwrap_or_default();
    n.sort();
    n
}

/// `GET path?search=…` (the search percent-encoded as clients send it): the sorted names.
async fn search(e: &Engine, collection: &str, key: &str, q: &str) -> Vec<String> {
    let url = format!(
        "/{collection}?search={}",
        percent_encoding::utf8_percent_encode(q, percent_encoding::NON_ALPHANUMERIC)
    );
    names(e.fetch(&url).await.ok(), key)
}

async fn search_fault(e: &Engine, collection: &str, q: &str) -> String {
    let url = format!(
        "/{collection}?search={}",
        percent_encoding::utf8_percent_encode(q, percent_encoding::NON_ALPHANUMERIC)
    );
    let r = e.fetch(&url).await;
    assert_eq!(r.status, 400, "{q}: {}", r.text);
    assert_eq!(r.json["reason"], "Operation Failed", "{}", r.text);
    r.json["detail"].as_str().unwrap().to_string()
}

#[tokio::test]
async fn storage_domains_are_searched_as_the_real_engine_does() {
    let e = Engine::demo().await;
    let sd = |q: &'static str| search(&e, "storagedomains", "storage_domain", q);
    assert_eq!(sd(r#"name="data-nfs""#).await, ["data-nfs"]);
    assert_eq!(
        sd("name=data-*").await,
        ["data-ceph", "data-iscsi", "data-nfs"]
    );
    assert_eq!(
        sd("type=nfs").await,
        ["backup-export", "data-nfs", "iso-nfs"]
    );
    assert_eq!(
        sd("type=nfs and datacenter=Default").await,
        ["data-nfs", "iso-nfs"]
    );
    assert_eq!(
        sd("name=data-nfs or name=iso-nfs").await,
        ["data-nfs", "iso-nfs"]
    );
    assert_eq!(
        sd("status=unattached").await,
        ["backup-export", "scratch-local"]
    );
    assert_eq!(
        sd("status=maintenance and type=iscsi").await,
        ["archive-iscsi"]
    );
    assert_eq!(
        sd("Storage: name=*iscsi and status=active").await,
        ["data-iscsi"]
    );
    assert_eq!(sd("name=nothing*").await, Vec::<String>::new());
    // Text is case-sensitive unless the client says otherwise, as in the real API.
    assert_eq!(sd("name=DATA-NFS").await, Vec::<String>::new());
    let r = e
        .fetch("/storagedomains?search=name%3DDATA-NFS&case_sensitive=false")
        .await;
    assert_eq!(names(r.ok(), "storage_domain"), ["data-nfs"]);
    let r = e.fetch("/storagedomains?search=name%3Ddata*&max=2").await;
    assert_eq!(r.ok()["storage_domain"].as_array().unwrap().len(), 2);

    let detail = search_fault(&e, "storagedomains", "colour=red").await;
    assert!(
        detail.contains("Cannot search storages: 'colour' is not a field of a storage search; the fields are: name, status, datacenter, type"),
        "{detail}"
    );
    assert!(search_fault(&e, "storagedomains", "status=sleepy")
        .await
        .contains("'sleepy' is not a status"));
    assert!(search_fault(&e, "storagedomains", "name=\"open")
        .await
        .contains("not closed"));
    assert!(search_fault(&e, "storagedomains", "name=a and")
        .await
        .contains("'and' must be followed"));
}

#[tokio::test]
async fn hosts_data_centers_clusters_vms_disks_and_events_have_their_searches() {
    let e = Engine::demo().await;
    assert_eq!(
        search(&e, "hosts", "host", "status=up").await,
        ["host1.example.com"]
    );
    assert_eq!(
        search(&e, "hosts", "host", r#"name="host2.example.com""#).await,
        ["host2.example.com"]
    );
    assert_eq!(
        search(
            &e,
            "hosts",
            "host",
            "cluster=Default and datacenter=Default"
        )
        .await,
        ["host1.example.com", "host2.example.com"]
    );
    assert!(search_fault(&e, "hosts", "colour=red")
        .await
        .contains("Cannot search hosts"));

    assert_eq!(
        search(&e, "datacenters", "data_center", "name=Default").await,
        ["Default"]
    );
    assert_eq!(
        search(&e, "datacenters", "data_center", "name=Other").await,
        Vec::<String>::new()
    );
    // Cross references, which the Ansible modules use to find a domain's data center.
    assert_eq!(
        search(&e, "datacenters", "data_center", r#"storage="data-ceph""#).await,
        ["Default"]
    );
    assert_eq!(
        search(&e, "datacenters", "data_center", "storage=backup-export").await,
        Vec::<String>::new()
    );
    assert_eq!(
        search(&e, "datacenters", "data_center", "host=host1.example.com").await,
        ["Default"]
    );

    assert_eq!(
        search(&e, "clusters", "cluster", "datacenter=Default").await,
        ["Default"]
    );
    assert_eq!(
        search(&e, "vms", "vm", "status=up and cluster=Default").await,
        ["db01"]
    );
    assert_eq!(
        search(&e, "vms", "vm", "status=down").await,
        Vec::<String>::new()
    );
    let disks = e.fetch("/disks?search=alias%3Ddb01*").await;
    assert_eq!(disks.ok()["disk"].as_array().unwrap().len(), 1);

    e.put(
        &format!("/storagedomains/{}", ids::SD_POSIX),
        json!({"comment": "ceph"}),
    )
    .await
    .ok();
    let found = e
        .fetch("/events?search=usrname%3Dadmin%40internal%20and%20severity%3Dnormal")
        .await;
    let events = found.ok()["event"].as_array().unwrap();
    assert!(!events.is_empty());
    assert!(events
        .iter()
        .all(|ev| ev["user"]["name"] == "admin@internal"));
    let by_storage = e.fetch("/events?search=event_storage%3Ddata-ceph").await;
    assert_eq!(by_storage.ok()["event"].as_array().unwrap().len(), 1);
    let r = e.fetch("/events?search=time%3Eyesterday").await;
    r.fault(400, "Operation Failed", "YYYY-MM-DD");
}

#[tokio::test]
async fn events_have_an_index_a_user_reference_a_date_and_their_own_url() {
    let e = Engine::demo().await;
    // A fresh site already has one: the engine's start.
    let first = e.fetch("/events?max=1").await;
    let newest = &first.ok()["event"][0];
    assert!(newest["description"]
        .as_str()
        .unwrap()
        .starts_with("The engine started"));
    let index = newest["index"].as_str().unwrap().to_string();
    assert_eq!(newest["id"].as_str().unwrap(), index);

    e.put(
        &format!("/storagedomains/{}", ids::SD_POSIX),
        json!({"comment": "x"}),
    )
    .await
    .ok();
    let list = e.fetch("/events?max=1").await;
    let ev = list.ok()["event"][0].clone();
    assert!(ev["index"].as_str().unwrap().parse::<i64>().unwrap() > index.parse::<i64>().unwrap());
    assert_eq!(ev["user"]["name"], "admin@internal");
    let user_href = ev["user"]["href"].as_str().unwrap();
    assert!(user_href.starts_with("/ovirt-engine/api/users/"), "{ev}");
    assert!(ev["time"].is_i64(), "JSON time is epoch milliseconds: {ev}");
    let one = e
        .fetch(&format!("/events/{}", ev["index"].as_str().unwrap()))
        .await;
    assert_eq!(one.ok()["description"], ev["description"]);
    assert_eq!(e.fetch("/events/999999").await.status, 404);
    assert_eq!(e.fetch("/events/not-a-number").await.status, 404);

    // In XML the time is a date the SDKs parse.
    let xml = get_xml(
        &e,
        &format!("/ovirt-engine/api/events/{}", ev["index"].as_str().unwrap()),
    )
    .await;
    let doc = roxmltree::Document::parse(&xml).unwrap();
    let time = doc
        .descendants()
        .find(|n| n.has_tag_name("time"))
        .unwrap()
        .text()
        .unwrap();
    assert!(
        time.len() == 24 && time.ends_with('Z') && time.contains('T'),
        "{time}"
    );
    let user = doc.descendants().find(|n| n.has_tag_name("user")).unwrap();
    assert!(
        user.attribute("id").is_some() && user.attribute("href").is_some(),
        "{xml}"
    );
}

#[tokio::test]
async fn the_api_root_has_a_summary_and_the_full_version() {
    let e = Engine::demo().await;
    let root = e.fetch("").await;
    let root = root.ok();
    let s = &root["summary"];
    assert_eq!(s["hosts"], json!({"active": "1", "total": "2"}));
    assert_eq!(s["storage_domains"], json!({"active": "3", "total": "7"}));
    assert_eq!(s["vms"], json!({"active": "1", "total": "1"}));
    assert_eq!(s["users"]["total"], "1");
    let v = &root["product_info"]["version"];
    assert_eq!(v["major"], "4");
    assert!(
        v["full_version"].as_str().unwrap().starts_with("4.5.0-"),
        "{v}"
    );
    assert!(v["build"].is_string() && v["revision"].is_string(), "{v}");
    assert_eq!(root["effective_user"]["name"], "admin@internal");
}

#[tokio::test]
async fn clusters_hold_the_hosts_and_vms() {
    let e = Engine::demo().await;
    let clusters = e.fetch("/clusters").await;
    let list = clusters.ok()["cluster"].as_array().unwrap().clone();
    assert_eq!(list.len(), 1);
    assert_eq!(list[0]["name"], "Default");
    assert_eq!(list[0]["data_center"]["id"], ids::DATA_CENTER);
    let host = e.fetch(&format!("/hosts/{}", ids::HOST_UP)).await;
    assert_eq!(host.ok()["cluster"]["id"], ids::CLUSTER);
    assert!(
        host.ok().get("data_center").is_none(),
        "hosts carry their cluster, not a data center"
    );
    let vm = e.fetch(&format!("/vms/{}", ids::VM_DB)).await;
    assert_eq!(vm.ok()["cluster"]["id"], ids::CLUSTER);
    assert_eq!(
        e.fetch(&format!("/clusters/{}", ids::CLUSTER)).await.ok()["name"],
        "Default"
    );
}

/// A GET as the SDKs make it: XML, the default.
async fn get_xml(e: &Engine, path: &str) -> String {
    let r = reqwest::Client::new()
        .get(e.url(path))
        .bearer_auth(&e.token)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    r.text().await.unwrap()
}

async fn xml(e: &Engine, method: Method, path: &str, body: &str) -> (u16, String) {
    let r = reqwest::Client::new()
        .request(method, e.url(&format!("/ovirt-engine/api{path}")))
        .bearer_auth(&e.token)
        .header("Content-Type", "application/xml")
        .body(body.to_string())
        .send()
        .await
        .unwrap();
    (r.status().as_u16(), r.text().await.unwrap())
}

#[tokio::test]
async fn an_empty_host_element_and_the_all_zero_id_mean_no_host() {
    let e = Engine::demo().await;
    // What ovirt_storage_domain sends on every update.
    let (status, text) = xml(
        &e,
        Method::PUT,
        &format!("/storagedomains/{}", ids::SD_POSIX),
        "<storage_domain><description>from ansible</description><host/></storage_domain>",
    )
    .await;
    assert_eq!(status, 200, "{text}");
    assert!(
        text.contains("<description>from ansible</description>"),
        "{text}"
    );
    // An empty text element clears the text.
    let (status, text) = xml(
        &e,
        Method::PUT,
        &format!("/storagedomains/{}", ids::SD_POSIX),
        "<storage_domain><description></description></storage_domain>",
    )
    .await;
    assert_eq!(status, 200, "{text}");
    assert!(!text.contains("from ansible"), "{text}");
    // A fault about an XML body speaks of XML.
    let (status, text) = xml(
        &e,
        Method::PUT,
        &format!("/storagedomains/{}", ids::SD_POSIX),
        "<storage_domain><host>h1</host></storage_domain>",
    )
    .await;
    assert_eq!(status, 400, "{text}");
    assert!(
        text.contains("XML document") && !text.contains("JSON"),
        "{text}"
    );

    // The all-zero id: no host, on update (body and parameter) and remove.
    let zero = "00000000-0000-0000-0000-000000000000";
    let (status, text) = xml(
        &e,
        Method::PUT,
        &format!("/storageconnections/{}", ids::CONN_ORPHAN),
        &format!(r#"<storage_connection><path>/exports/moved</path><host id="{zero}"/></storage_connection>"#),
    )
    .await;
    assert_eq!(status, 200, "{text}");
    let r = e
        .put(
            &format!("/storageconnections/{};host={zero}", ids::CONN_ORPHAN),
            json!({"path": "/exports/again"}),
        )
        .await;
    assert_eq!(r.ok()["path"], "/exports/again");
    let added = e
        .post(
            "/storageconnections",
            json!({"type": "nfs", "address": "nfs9.example.com", "path": "/e", "host": {"id": zero}}),
        )
        .await;
    assert_eq!(added.status, 201, "{}", added.text);
    let id = added.json["id"].as_str().unwrap().to_string();
    let r = e
        .send(
            Method::DELETE,
            &format!("/ovirt-engine/api/storageconnections/{id};host={zero}"),
            None,
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.text);
    assert_eq!(
        e.fetch(&format!("/storageconnections/{id}")).await.status,
        404
    );
}

#[tokio::test]
async fn control_characters_are_refused_on_their_field_and_xml_stays_well_formed() {
    let e = Engine::demo().await;
    let r = e
        .put(
            &format!("/storageconnections/{}", ids::CONN_ORPHAN),
            json!({"path": "/exports/a\u{1}b"}),
        )
        .await;
    r.fault(
        400,
        "Operation Failed",
        "The path contains the control character U+0001, which no field accepts.",
    );
    assert_eq!(
        r.json["field"], "path",
        "the fault names its field: {}",
        r.text
    );
    let r = e
        .put(
            &format!("/storagedomains/{}", ids::SD_POSIX),
            json!({"comment": "bell\u{7}"}),
        )
        .await;
    r.fault(
        400,
        "Operation Failed",
        "The comment contains the control character U+0007",
    );
    let (status, text) = xml(
        &e,
        Method::PUT,
        &format!("/storagedomains/{}", ids::SD_POSIX),
        "<storage_domain><description>a&#x1;b</description></storage_domain>",
    )
    .await;
    // XML 1.0 cannot even carry it: the document is refused as ill-formed.
    assert_eq!(status, 400, "{text}");
    // Nothing was stored.
    let c = e
        .fetch(&format!("/storageconnections/{}", ids::CONN_ORPHAN))
        .await;
    assert_eq!(c.ok()["path"], "/exports/spare");

    // A value stored before such input was refused still gives well-formed XML.
    sqlx::query("UPDATE storage_domains SET description = $1 WHERE id = $2")
        .bind("old\u{1}text")
        .bind(ids::SD_POSIX)
        .execute(&e.db().await)
        .await
        .unwrap();
    for path in [
        "/ovirt-engine/api/storagedomains",
        &format!("/ovirt-engine/api/storagedomains/{}", ids::SD_POSIX),
    ] {
        let body = get_xml(&e, path).await;
        let doc = roxmltree::Document::parse(&body).unwrap_or_else(|err| panic!("{path}: {err}"));
        assert!(
            doc.descendants()
                .any(|n| n.text() == Some("old\u{FFFD}text")),
            "{body}"
        );
    }
}

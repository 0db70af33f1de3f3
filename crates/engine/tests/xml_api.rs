//! XML: the default representation, the same data as JSON for every resource, XML input, and
//! faults in XML.

mod common;

use common::{ids, Engine};
use engine::http::xml::from_xml;
use reqwest::Method;
use serde_json::Value;

/// All scalars as strings (XML has no numbers), for comparing the two representations.
fn strings(v: &Value) -> Value {
    match v {
        Value::Object(m) => Value::Object(m.iter().map(|(k, v)| (k.clone(), strings(v))).collect()),
        Value::Array(a) => Value::Array(a.iter().map(strings).collect()),
        Value::Number(n) => Value::String(n.to_string()),
        Value::Bool(b) => Value::String(b.to_string()),
        other => other.clone(),
    }
}

async fn raw(
    e: &Engine,
    method: Method,
    path: &str,
    accept: Option<&str>,
    body: Option<(&str, String)>,
) -> (u16, String, String) {
    let mut rb = reqwest::Client::new()
        .request(method, e.url(path))
        .bearer_auth(&e.token);
    if let Some(a) = accept {
        rb = rb.header("Accept", a);
    }
    if let Some((ct, b)) = body {
        rb = rb.header("Content-Type", ct).body(b);
    }
    let r = rb.send().await.unwrap();
    let status = r.status().as_u16();
    let ct = r
        .headers()
        .get("content-type")
        .map(|h| h.to_str().unwrap().to_string())
        .unwrap_or_default();
    (status, ct, r.text().await.unwrap())
}

#[tokio::test]
async fn xml_is_the_default_and_carries_the_same_data_as_json() {
    let e = Engine::demo().await;
    e.put(
        &format!("/storageconnections/{}", ids::CONN_POSIX),
        serde_json::json!({"path": "/v2"}),
    )
    .await
    .ok();
    let paths = [
        "".to_string(),
        "/storageconnections".into(),
        format!("/storageconnections/{}", ids::CONN_ISCSI_A),
        "/storagedomains".into(),
        format!("/storagedomains/{}", ids::SD_ISCSI),
        format!("/storagedomains/{}/storageconnections", ids::SD_ISCSI),
        format!("/storagedomains/{}/permissions", ids::SD_ISCSI),
        "/datacenters".into(),
        format!("/datacenters/{}", ids::DATA_CENTER),
        format!("/datacenters/{}/storagedomains", ids::DATA_CENTER),
        "/hosts".into(),
        format!("/hosts/{}", ids::HOST_UP),
        "/disks".into(),
        format!("/disks/{}", ids::DISK_LUN),
        format!("/disks/{}/storageconnections", ids::DISK_LUN),
        "/vms".into(),
        format!("/vms/{}", ids::VM_DB),
        "/events".into(),
        "/events/1".into(),
        "/clusters".into(),
        format!("/clusters/{}", ids::CLUSTER),
    ];
    for p in &paths {
        let path = format!("/ovirt-engine/api{p}");
        let (s1, ct, xml) = raw(&e, Method::GET, &path, None, None).await;
        assert_eq!(s1, 200, "{path}");
        assert!(ct.starts_with("application/xml"), "{path}: {ct}");
        assert!(xml.starts_with("<?xml"), "{path}");
        let (_, ct_json, json) = raw(&e, Method::GET, &path, Some("application/json"), None).await;
        assert!(ct_json.starts_with("application/json"));
        let from_xml = from_xml(&xml).unwrap_or_else(|err| panic!("{path}: {err}\n{xml}"));
        let mut from_json: Value = serde_json::from_str(&json).unwrap();
        let mut from_xml = from_xml;
        if p.is_empty() {
            // The engine's clock: a moment apart between the two requests.
            assert!(from_xml["time"].as_str().unwrap().ends_with('Z'), "{xml}");
            from_json.as_object_mut().unwrap().remove("time");
            from_xml.as_object_mut().unwrap().remove("time");
        }
        dates_as_in_xml(&mut from_json);
        assert_eq!(strings(&from_json), from_xml, "{path}");
        // ?accept= picks JSON too.
        let (_, ct_q, _) = raw(
            &e,
            Method::GET,
            &format!("{path}?accept=application/json"),
            Some("application/xml"),
            None,
        )
        .await;
        assert!(ct_q.starts_with("application/json"), "{path}");
    }
    let (_, _, xml) = raw(
        &e,
        Method::GET,
        "/ovirt-engine/api/storageconnections",
        None,
        None,
    )
    .await;
    assert!(
        xml.contains(&format!(
            r#"<storage_connection href="/ovirt-engine/api/storageconnections/{0}" id="{0}">"#,
            ids::CONN_ISCSI_A
        )),
        "{xml}"
    );
    assert!(xml.contains("<port>3260</port>"));
    let (_, _, xml) = raw(
        &e,
        Method::GET,
        &format!("/ovirt-engine/api/storagedomains/{}", ids::SD_NFS_DATA),
        None,
        None,
    )
    .await;
    assert!(xml.starts_with(
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<storage_domain href="
    ));
    assert!(xml.contains(&format!(r#"<data_centers><data_center href="/ovirt-engine/api/datacenters/{0}" id="{0}"/></data_centers>"#, ids::DATA_CENTER)));
}

#[tokio::test]
async fn xml_input_works_everywhere_json_does() {
    let e = Engine::demo().await;
    let (s, ct, body) = raw(
        &e,
        Method::POST,
        "/ovirt-engine/api/storageconnections",
        None,
        Some(("application/xml", "<storage_connection><type>nfs</type><address>x.example.com</address><path>/exports/x</path><nfs_timeo>100</nfs_timeo><host><name>host1.example.com</name></host></storage_connection>".into())),
    )
    .await;
    assert_eq!(s, 201, "{body}");
    assert!(ct.starts_with("application/xml"));
    let created = from_xml(&body).unwrap();
    assert_eq!(created["nfs_timeo"], "100");
    let id = created["id"].as_str().unwrap().to_string();

    let (s, _, body) = raw(
        &e,
        Method::PUT,
        &format!("/ovirt-engine/api/storageconnections/{id}"),
        None,
        Some((
            "application/xml",
            "<storage_connection><path>/exports/y</path></storage_connection>".into(),
        )),
    )
    .await;
    assert_eq!(s, 200, "{body}");
    assert!(body.contains("<path>/exports/y</path>"));

    // Attach by id as an attribute; the answer is an action.
    let (s, _, body) = raw(
        &e,
        Method::POST,
        &format!(
            "/ovirt-engine/api/storagedomains/{}/storageconnections",
            ids::SD_ISCSI_ARCHIVE
        ),
        None,
        Some((
            "application/xml",
            format!(r#"<storage_connection id="{}"/>"#, ids::CONN_ISCSI_B),
        )),
    )
    .await;
    assert_eq!(s, 200, "{body}");
    assert!(
        body.contains("<action><status>complete</status></action>"),
        "{body}"
    );

    let (s, _, body) = raw(
        &e,
        Method::DELETE,
        &format!("/ovirt-engine/api/storageconnections/{id}"),
        None,
        None,
    )
    .await;
    assert_eq!(s, 200);
    assert!(body.contains("<action><status>complete</status></action>"));
}

#[tokio::test]
async fn faults_are_xml_and_malformed_xml_is_a_400_never_a_500() {
    let e = Engine::demo().await;
    let (s, _, body) = raw(
        &e,
        Method::PUT,
        &format!(
            "/ovirt-engine/api/storageconnections/{}",
            ids::CONN_NFS_DATA
        ),
        None,
        Some((
            "application/xml",
            "<storage_connection><path>/z</path></storage_connection>".into(),
        )),
    )
    .await;
    assert_eq!(s, 400);
    assert!(body.contains("<fault><reason>Operation Failed</reason><detail>[Cannot edit Storage Connection. The storage domains data-nfs must be in maintenance or unattached first.]</detail></fault>"), "{body}");

    let (s, _, body) = raw(
        &e,
        Method::POST,
        &format!(
            "/ovirt-engine/api/datacenters/{}/storagedomains/{}/activate",
            ids::DATA_CENTER,
            ids::SD_ISCSI
        ),
        None,
        Some(("application/xml", "<action/>".into())),
    )
    .await;
    assert_eq!(s, 409);
    assert!(
        body.contains("<action><status>failed</status><fault><reason>Operation Failed</reason>"),
        "{body}"
    );

    for bad in [
        "<storage_connection><type>nfs</type>",
        "not xml at all",
        r#"<!DOCTYPE x [<!ENTITY a "aaaa">]><storage_connection>&a;</storage_connection>"#,
        &format!("{}{}", "<a>".repeat(500), "</a>".repeat(500)),
        "<storage_connection><type>smb</type></storage_connection>",
    ] {
        let (s, ct, body) = raw(
            &e,
            Method::POST,
            "/ovirt-engine/api/storageconnections",
            None,
            Some(("application/xml", bad.to_string())),
        )
        .await;
        assert_eq!(s, 400, "{bad:.40}: {body}");
        assert!(ct.starts_with("application/xml"));
        assert!(body.contains("<fault><reason>"), "{body}");
    }
    // Unauthenticated: a 401 fault, in XML.
    let r = reqwest::Client::new()
        .get(e.url("/ovirt-engine/api/hosts"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 401);
    assert!(r
        .text()
        .await
        .unwrap()
        .contains("<fault><reason>Unauthorized</reason>"));
}

#[tokio::test]
async fn version_4_only_and_attached_domains_offer_their_actions() {
    let e = Engine::demo().await;
    let r = reqwest::Client::new()
        .get(e.url("/ovirt-engine/api/hosts"))
        .bearer_auth(&e.token)
        .header("Version", "3")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 400);
    let r = reqwest::Client::new()
        .get(e.url("/ovirt-engine/api/hosts"))
        .bearer_auth(&e.token)
        .header("Version", "4")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    let (_, _, xml) = raw(
        &e,
        Method::GET,
        &format!(
            "/ovirt-engine/api/datacenters/{}/storagedomains/{}",
            ids::DATA_CENTER,
            ids::SD_ISCSI
        ),
        None,
        None,
    )
    .await;
    assert!(xml.contains(&format!(r#"<actions><link href="/ovirt-engine/api/datacenters/{}/storagedomains/{}/activate" rel="activate"/>"#, ids::DATA_CENTER, ids::SD_ISCSI)), "{xml}");
}

/// JSON carries dates as epoch milliseconds (numbers), XML as ISO 8601 (as the real engine).
fn dates_as_in_xml(v: &mut Value) {
    match v {
        Value::Object(map) => {
            for (k, child) in map.iter_mut() {
                match child {
                    Value::Number(n) if k == "time" => {
                        *child =
                            Value::String(storage_model::search::time::iso8601(n.as_i64().unwrap()))
                    }
                    _ => dates_as_in_xml(child),
                }
            }
        }
        Value::Array(items) => items.iter_mut().for_each(dates_as_in_xml),
        _ => {}
    }
}

//! Authentication, roles, throttling and the audit trail over HTTP.

mod common;

use common::{add_user, ids, sign_in, token_for, Engine, TestDb, ADMIN_PASSWORD};
use reqwest::Method;
use serde_json::{json, Value};
use std::time::Duration;
use storage_model::rules::permissions::Role;

/// Every API route, with a method it answers.
const ROUTES: &[(&str, &str)] = &[
    ("GET", ""),
    ("GET", "/storageconnections"),
    ("POST", "/storageconnections"),
    ("GET", "/storageconnections/c0000000-0000-4000-8000-000000000001"),
    ("PUT", "/storageconnections/c0000000-0000-4000-8000-000000000001"),
    ("DELETE", "/storageconnections/c0000000-0000-4000-8000-00000000000a"),
    ("GET", "/storagedomains"),
    ("POST", "/storagedomains"),
    ("GET", "/storagedomains/d0000000-0000-4000-8000-000000000001"),
    ("PUT", "/storagedomains/d0000000-0000-4000-8000-000000000001"),
    ("DELETE", "/storagedomains/d0000000-0000-4000-8000-000000000004"),
    ("GET", "/storagedomains/d0000000-0000-4000-8000-000000000006/storageconnections"),
    ("POST", "/storagedomains/d0000000-0000-4000-8000-000000000007/storageconnections"),
    ("GET", "/storagedomains/d0000000-0000-4000-8000-000000000006/storageconnections/c0000000-0000-4000-8000-000000000006"),
    ("DELETE", "/storagedomains/d0000000-0000-4000-8000-000000000006/storageconnections/c0000000-0000-4000-8000-000000000006"),
    ("GET", "/storagedomains/d0000000-0000-4000-8000-000000000001/permissions"),
    ("GET", "/datacenters"),
    ("GET", "/datacenters/5849b030-626e-47cb-ad90-3ce782d831b3"),
    ("GET", "/datacenters/5849b030-626e-47cb-ad90-3ce782d831b3/storagedomains"),
    ("POST", "/datacenters/5849b030-626e-47cb-ad90-3ce782d831b3/storagedomains"),
    ("GET", "/datacenters/5849b030-626e-47cb-ad90-3ce782d831b3/storagedomains/d0000000-0000-4000-8000-000000000001"),
    ("DELETE", "/datacenters/5849b030-626e-47cb-ad90-3ce782d831b3/storagedomains/d0000000-0000-4000-8000-000000000003"),
    ("POST", "/datacenters/5849b030-626e-47cb-ad90-3ce782d831b3/storagedomains/d0000000-0000-4000-8000-000000000003/activate"),
    ("POST", "/datacenters/5849b030-626e-47cb-ad90-3ce782d831b3/storagedomains/d0000000-0000-4000-8000-000000000006/deactivate"),
    ("GET", "/hosts"),
    ("GET", "/hosts/8f1c6a42-3b1e-4c2a-9d8e-1a2b3c4d5e01"),
    ("GET", "/disks"),
    ("GET", "/disks/f0000000-0000-4000-8000-000000000001"),
    ("GET", "/disks/f0000000-0000-4000-8000-000000000001/storageconnections"),
    ("GET", "/vms"),
    ("GET", "/vms/e0000000-0000-4000-8000-000000000001"),
    ("POST", "/vms/e0000000-0000-4000-8000-000000000001/start"),
    ("POST", "/vms/e0000000-0000-4000-8000-000000000001/stop"),
    ("GET", "/events"),
    ("GET", "/users/11111111-2222-4333-8444-555555555555"),
    ("GET", "/users/11111111-2222-4333-8444-555555555555/permissions"),
    ("GET", "/no/such/route"),
];

#[tokio::test]
async fn no_api_route_answers_without_authentication() {
    let e = Engine::demo().await;
    let client = reqwest::Client::new();
    for prefix in ["/ovirt-engine/api", "/ovirt-engine/api/v4"] {
        for (method, path) in ROUTES {
            let r = client
                .request(method.parse().unwrap(), format!("{}{prefix}{path}", e.base))
                .header("Accept", "application/json")
                .json(&json!({}))
                .send()
                .await
                .unwrap();
            assert_eq!(r.status(), 401, "{method} {prefix}{path}");
            assert_eq!(
                r.headers()["www-authenticate"],
                r#"Basic realm="RESTAPI""#,
                "{method} {path}"
            );
        }
    }
    // Nothing was changed by any of them.
    let after = e.get_json("/ovirt-engine/api/storageconnections").await;
    assert_eq!(after["storage_connection"].as_array().unwrap().len(), 10);
    // The SSO endpoint and the SPA are open.
    assert_eq!(
        sign_in(&e.base, "admin@internal", "wrong").await.status(),
        400
    );
}

#[tokio::test]
async fn tokens_are_issued_expire_and_can_be_revoked() {
    let e = Engine::demo_with(engine::Settings {
        token_ttl: Duration::from_millis(1500),
        ..Default::default()
    })
    .await;
    let r = sign_in(&e.base, "admin@internal", ADMIN_PASSWORD).await;
    assert_eq!(r.status(), 200);
    let v: Value = r.json().await.unwrap();
    assert_eq!(v["token_type"], "bearer");
    assert_eq!(v["scope"], "ovirt-app-api");
    let exp: i64 = v["exp"].as_str().unwrap().parse().unwrap();
    assert!(exp > engine::store::now_ms());
    let token = v["access_token"].as_str().unwrap().to_string();
    let ok = e
        .send_as(&token, Method::GET, "/ovirt-engine/api/hosts", None)
        .await;
    assert_eq!(ok.status, 200);

    // Stored only as a hash.
    let db = e.db().await;
    let stored: Vec<String> = sqlx::query_scalar("SELECT token_hash FROM tokens")
        .fetch_all(&db)
        .await
        .unwrap();
    assert!(!stored.contains(&token));

    // Revoke.
    let other = token_for(&e.base, "admin@internal", ADMIN_PASSWORD).await;
    let r = reqwest::Client::new()
        .get(format!("{}/ovirt-engine/services/sso-logout", e.base))
        .bearer_auth(&other)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    let refused = e
        .send_as(&other, Method::GET, "/ovirt-engine/api/hosts", None)
        .await;
    assert_eq!(refused.status, 401);
    assert_eq!(refused.json["reason"], "Unauthorized");

    // Expire.
    tokio::time::sleep(Duration::from_millis(1700)).await;
    let r = reqwest::Client::new()
        .get(format!("{}/ovirt-engine/api/hosts", e.base))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 401);
    assert_eq!(
        r.headers()["www-authenticate"],
        r#"Bearer error="invalid_token""#
    );
}

#[tokio::test]
async fn sso_errors_have_the_engine_shape() {
    let e = Engine::demo().await;
    let bad = sign_in(&e.base, "admin@internal", "nope").await;
    assert_eq!(bad.status(), 400);
    let v: Value = bad.json().await.unwrap();
    assert_eq!(v["error_code"], "invalid_grant");
    let r = reqwest::Client::new()
        .post(format!("{}/ovirt-engine/sso/oauth/token", e.base))
        .form(&[
            ("grant_type", "client_credentials"),
            ("scope", "ovirt-app-api"),
        ])
        .send()
        .await
        .unwrap();
    let v: Value = r.json().await.unwrap();
    assert_eq!(v["error_code"], "unsupported_grant_type");
    let r = reqwest::Client::new()
        .post(format!("{}/ovirt-engine/sso/oauth/token", e.base))
        .form(&[
            ("grant_type", "password"),
            ("username", "admin@internal"),
            ("password", ADMIN_PASSWORD),
            ("scope", "openid"),
        ])
        .send()
        .await
        .unwrap();
    let v: Value = r.json().await.unwrap();
    assert_eq!(v["error_code"], "invalid_scope");
}

#[tokio::test]
async fn basic_auth_works_and_bad_credentials_are_401() {
    let e = Engine::demo().await;
    let client = reqwest::Client::new();
    let r = client
        .get(format!("{}/ovirt-engine/api/storagedomains", e.base))
        .basic_auth("admin@internal", Some(ADMIN_PASSWORD))
        .header("Accept", "application/json")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    let r = client
        .get(format!("{}/ovirt-engine/api/storagedomains", e.base))
        .basic_auth("admin@internal", Some("wrong"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 401);
    assert_eq!(r.headers()["www-authenticate"], r#"Basic realm="RESTAPI""#);
}

#[tokio::test]
async fn a_read_only_user_reads_but_every_command_is_403() {
    let e = Engine::demo().await;
    let ro = add_user(&e, "viewer@internal", Role::ReadOnlyAdmin, None).await;
    for (method, path) in ROUTES.iter().filter(|(m, _)| *m == "GET") {
        if path.contains("no/such") || path.contains("/users/") {
            continue;
        }
        let r = e
            .send_as(&ro, Method::GET, &format!("/ovirt-engine/api{path}"), None)
            .await;
        assert_eq!(r.status, 200, "{method} {path}");
    }
    let writes: Vec<(&str, &str, Value)> = vec![
        ("POST", "/storageconnections", json!({"type": "nfs", "address": "n.example.com", "path": "/x"})),
        ("PUT", "/storageconnections/c0000000-0000-4000-8000-00000000000a", json!({"path": "/y"})),
        ("DELETE", "/storageconnections/c0000000-0000-4000-8000-00000000000a", Value::Null),
        ("POST", "/storagedomains", json!({"name": "x", "type": "data", "host": {"name": "host1.example.com"}, "storage": {"type": "nfs", "address": "n.example.com", "path": "/x"}})),
        ("PUT", "/storagedomains/d0000000-0000-4000-8000-000000000003", json!({"description": "no"})),
        ("DELETE", "/storagedomains/d0000000-0000-4000-8000-000000000004?host=host1.example.com", Value::Null),
        ("POST", "/storagedomains/d0000000-0000-4000-8000-000000000007/storageconnections", json!({"id": ids::CONN_ISCSI_B})),
        ("DELETE", "/storagedomains/d0000000-0000-4000-8000-000000000006/storageconnections/c0000000-0000-4000-8000-000000000006", Value::Null),
        ("POST", "/datacenters/5849b030-626e-47cb-ad90-3ce782d831b3/storagedomains", json!({"id": ids::SD_LOCAL})),
        ("DELETE", "/datacenters/5849b030-626e-47cb-ad90-3ce782d831b3/storagedomains/d0000000-0000-4000-8000-000000000003", Value::Null),
        ("POST", "/datacenters/5849b030-626e-47cb-ad90-3ce782d831b3/storagedomains/d0000000-0000-4000-8000-000000000003/activate", json!({})),
        ("POST", "/datacenters/5849b030-626e-47cb-ad90-3ce782d831b3/storagedomains/d0000000-0000-4000-8000-000000000006/deactivate", json!({})),
        ("POST", "/vms/e0000000-0000-4000-8000-000000000001/stop", json!({})),
    ];
    for (method, path, body) in &writes {
        let body = (!body.is_null()).then(|| body.clone());
        let r = e
            .send_as(
                &ro,
                method.parse().unwrap(),
                &format!("/ovirt-engine/api{path}"),
                body,
            )
            .await;
        assert_eq!(r.status, 403, "{method} {path}: {}", r.text);
        assert!(
            r.text.contains("You are not authorized to do this."),
            "{}",
            r.text
        );
    }
    // Nothing changed.
    assert_eq!(
        e.status_in_dc(ids::SD_POSIX).await.as_deref(),
        Some("maintenance")
    );
    assert_eq!(
        e.fetch(&format!("/storageconnections/{}", ids::CONN_ORPHAN))
            .await
            .json["path"],
        "/exports/spare"
    );
}

#[tokio::test]
async fn storage_admins_system_wide_and_per_domain() {
    let e = Engine::demo().await;
    let sa = add_user(&e, "storage@internal", Role::StorageAdmin, None).await;
    let r = e
        .send_as(
            &sa,
            Method::PUT,
            &format!("/ovirt-engine/api/storageconnections/{}", ids::CONN_ORPHAN),
            Some(json!({"path": "/z"})),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.text);

    let scoped = add_user(
        &e,
        "ceph-admin@internal",
        Role::StorageAdmin,
        Some(ids::SD_POSIX),
    )
    .await;
    let act = |sd: &str, action: &str| {
        format!(
            "/ovirt-engine/api/datacenters/{}/storagedomains/{sd}/{action}",
            ids::DATA_CENTER
        )
    };
    let r = e
        .send_as(
            &scoped,
            Method::POST,
            &act(ids::SD_POSIX, "activate"),
            Some(json!({})),
        )
        .await;
    assert_eq!(r.status, 200, "its own domain: {}", r.text);
    let r = e
        .send_as(
            &scoped,
            Method::POST,
            &act(ids::SD_ISCSI, "deactivate"),
            Some(json!({})),
        )
        .await;
    assert_eq!(r.status, 403, "another domain: {}", r.text);
    let r = e
        .send_as(
            &scoped,
            Method::PUT,
            &format!("/ovirt-engine/api/storageconnections/{}", ids::CONN_ORPHAN),
            Some(json!({"path": "/w"})),
        )
        .await;
    assert_eq!(
        r.status, 403,
        "connections need a system-wide grant: {}",
        r.text
    );

    let perms = e
        .fetch(&format!("/storagedomains/{}/permissions", ids::SD_POSIX))
        .await;
    let roles: Vec<&str> = perms.ok()["permission"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|p| p["role"]["name"].as_str())
        .collect();
    assert!(
        roles.contains(&"StorageAdmin") && roles.contains(&"SuperUser"),
        "{roles:?}"
    );
    let scoped_rows = perms.json["permission"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|p| p["storage_domain"]["id"] == ids::SD_POSIX)
        .count();
    assert_eq!(scoped_rows, 1);

    // The API root names the signed-in user; their permissions are readable.
    let root = e
        .send_as(&scoped, Method::GET, "/ovirt-engine/api", None)
        .await;
    let user_href = root.json["authenticated_user"]["href"]
        .as_str()
        .unwrap()
        .to_string();
    assert_eq!(
        root.json["authenticated_user"]["name"],
        "ceph-admin@internal"
    );
    let user_path = user_href.trim_start_matches("/ovirt-engine/api");
    let mine = e
        .send_as(
            &scoped,
            Method::GET,
            &format!("/ovirt-engine/api{user_path}/permissions"),
            None,
        )
        .await;
    assert_eq!(mine.json["permission"][0]["role"]["name"], "StorageAdmin");
}

#[tokio::test]
async fn failed_sign_ins_are_throttled_for_a_while() {
    let e = Engine::demo().await;
    let db = e.db().await;
    for _ in 0..5 {
        let r = sign_in(&e.base, "admin@internal", "guess").await;
        let v: Value = r.json().await.unwrap();
        assert_eq!(v["error_code"], "invalid_grant");
    }
    let r = sign_in(&e.base, "admin@internal", "guess").await;
    assert_eq!(r.status(), 400);
    // The sixth failure blocks: even the right password waits.
    let r = sign_in(&e.base, "admin@internal", ADMIN_PASSWORD).await;
    let v: Value = r.json().await.unwrap();
    assert_eq!(v["error_code"], "access_denied");
    assert!(v["error"].as_str().unwrap().contains("Try again in"));
    // Basic is throttled the same way.
    let r = reqwest::Client::new()
        .get(format!("{}/ovirt-engine/api/hosts", e.base))
        .basic_auth("admin@internal", Some(ADMIN_PASSWORD))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 401);
    // The block ends: never a permanent lock-out.
    let until: i64 = sqlx::query_scalar("SELECT MAX(blocked_until) FROM login_failures")
        .fetch_one(&db)
        .await
        .unwrap();
    assert!(until - engine::store::now_ms() <= 30_000);
    sqlx::query("UPDATE login_failures SET blocked_until = 0")
        .execute(&db)
        .await
        .unwrap();
    assert_eq!(
        sign_in(&e.base, "admin@internal", ADMIN_PASSWORD)
            .await
            .status(),
        200
    );
}

#[tokio::test]
async fn every_command_leaves_an_event_newest_first() {
    let e = Engine::demo().await;
    e.put(
        &format!("/storageconnections/{}", ids::CONN_POSIX),
        json!({"path": "/volumes/v9"}),
    )
    .await
    .ok();
    e.put(
        &format!("/storageconnections/{}", ids::CONN_NFS_DATA),
        json!({"path": "/nope"}),
    )
    .await
    .refused(400, "maintenance");
    let ro = add_user(&e, "viewer@internal", Role::ReadOnlyAdmin, None).await;
    let denied = e
        .send_as(
            &ro,
            Method::POST,
            &format!(
                "/ovirt-engine/api/datacenters/{}/storagedomains/{}/activate",
                ids::DATA_CENTER,
                ids::SD_POSIX
            ),
            Some(json!({})),
        )
        .await;
    assert_eq!(denied.status, 403);

    let all = e.fetch("/events").await;
    let events = all.ok()["event"].as_array().unwrap().clone();
    // The three commands, and before them the engine's start.
    assert_eq!(events.len(), 4);
    assert!(
        events[3]["description"]
            .as_str()
            .unwrap()
            .starts_with("The engine started"),
        "{}",
        events[3]
    );
    let ids_: Vec<i64> = events
        .iter()
        .map(|v| v["id"].as_str().unwrap().parse().unwrap())
        .collect();
    assert!(
        ids_.windows(2).all(|w| w[0] > w[1]),
        "newest first: {ids_:?}"
    );
    assert!(events[2]["description"].as_str().unwrap().contains("admin@internal: Edit Storage Connection ceph-mon1.example.com:/volumes/vmstore succeeded."), "{}", events[2]);
    assert_eq!(events[2]["severity"], "normal");
    assert!(events[1]["description"]
        .as_str()
        .unwrap()
        .contains("failed (400)"));
    assert!(events[1]["description"]
        .as_str()
        .unwrap()
        .contains("must be in maintenance"));
    assert!(events[0]["description"]
        .as_str()
        .unwrap()
        .contains("viewer@internal: Activate Storage Domain data-ceph failed (403)"));

    let ceph = e
        .fetch(&format!("/events?storage_domain={}", ids::SD_POSIX))
        .await;
    assert_eq!(ceph.ok()["event"].as_array().unwrap().len(), 2);
    let newer = e.fetch(&format!("/events?from={}", ids_[1])).await;
    assert_eq!(newer.ok()["event"].as_array().unwrap().len(), 1);
}

#[tokio::test]
async fn the_users_cli_adds_a_user_who_can_sign_in() {
    let dir = tempfile::tempdir().unwrap();
    let db = TestDb::new(dir.path()).await;
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_engine"))
        .args([
            "users",
            "add",
            "ops@internal",
            "--role",
            "StorageAdmin",
            "--db",
        ])
        .arg(db.arg())
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .and_then(|mut c| {
            use std::io::Write;
            c.stdin.take().unwrap().write_all(b"ops-Pa55word\n")?;
            c.wait_with_output()
        })
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    let e = Engine::start_in(dir, true, None).await;
    let token = token_for(&e.base, "ops@internal", "ops-Pa55word").await;
    let r = e
        .send_as(
            &token,
            Method::PUT,
            &format!("/ovirt-engine/api/storageconnections/{}", ids::CONN_ORPHAN),
            Some(json!({"path": "/q"})),
        )
        .await;
    assert_eq!(r.status, 200);
}

#[tokio::test]
async fn no_response_or_log_line_contains_a_password() {
    let dir = tempfile::tempdir().unwrap();
    let log_path = dir.path().join("engine.log");
    let log = std::fs::File::create(&log_path).unwrap();
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_engine"))
        .args([
            "--demo",
            "--probe-scope",
            "loopback",
            "--listen",
            &format!("127.0.0.1:{port}"),
            "--db",
        ])
        .arg(TestDb::new(dir.path()).await.arg())
        .env("ENGINE_ADMIN_PASSWORD", "Admin-SECRET-pw1")
        .env("RUST_LOG", "debug")
        .stdout(log.try_clone().unwrap())
        .stderr(log)
        .spawn()
        .unwrap();
    let base = format!("http://127.0.0.1:{port}");
    let client = reqwest::Client::new();
    let mut bodies = String::new();
    for _ in 0..100 {
        if client
            .get(format!("{base}/ovirt-engine/api"))
            .send()
            .await
            .is_ok()
        {
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let bad = sign_in(&base, "admin@internal", "Wrong-SECRET-pw2").await;
    bodies.push_str(&bad.text().await.unwrap());
    let good = sign_in(&base, "admin@internal", "Admin-SECRET-pw1").await;
    let good_text = good.text().await.unwrap();
    bodies.push_str(&good_text);
    let token = serde_json::from_str::<Value>(&good_text).unwrap()["access_token"]
        .as_str()
        .unwrap()
        .to_string();
    let send = |m: Method, p: &str, b: Option<Value>| {
        let mut rb = client
            .request(m, format!("{base}/ovirt-engine/api{p}"))
            .bearer_auth(&token)
            .header("Accept", "application/json");
        if let Some(b) = b {
            rb = rb.json(&b);
        }
        rb.send()
    };
    let r = send(
        Method::POST,
        "/storageconnections",
        Some(json!({"type": "iscsi", "address": "192.0.2.80", "port": "3260", "target": "iqn.x:y", "username": "u", "password": "Chap-SECRET-pw3"})),
    )
    .await
    .unwrap();
    let created: Value = serde_json::from_str(&r.text().await.unwrap()).unwrap();
    let id = created["id"].as_str().unwrap().to_string();
    bodies.push_str(&created.to_string());
    let r = send(
        Method::PUT,
        &format!("/storageconnections/{id}"),
        Some(json!({"password": "Chap-SECRET-pw4", "port": "0"})),
    )
    .await
    .unwrap();
    bodies.push_str(&r.text().await.unwrap());
    let r = client
        .get(format!("{base}/ovirt-engine/api/hosts"))
        .basic_auth("admin@internal", Some("Basic-SECRET-pw5"))
        .send()
        .await
        .unwrap();
    bodies.push_str(&r.text().await.unwrap());
    for p in [
        "/storageconnections",
        &format!("/storageconnections/{id}"),
        "/events",
        "/storagedomains",
        "/disks",
    ] {
        bodies.push_str(
            &send(Method::GET, p, None)
                .await
                .unwrap()
                .text()
                .await
                .unwrap(),
        );
    }
    let _ = child.kill();
    let _ = child.wait();
    let logs = std::fs::read_to_string(&log_path).unwrap();
    assert!(
        logs.contains("failed sign-in"),
        "the log records failures (without secrets)"
    );
    for secret in [
        "Admin-SECRET-pw1",
        "Wrong-SECRET-pw2",
        "Chap-SECRET-pw3",
        "Chap-SECRET-pw4",
        "Basic-SECRET-pw5",
    ] {
        assert!(!bodies.contains(secret), "a response contains {secret}");
        assert!(!logs.contains(secret), "the log contains {secret}");
    }
    // The token is in the sign-in answer only, never in the log.
    assert!(!logs.contains(&token), "the log contains the token");
    assert!(
        !bodies.contains("\"password\""),
        "no password field in any response"
    );
}

//! What an operator sees: a request id on every answer and in the logs with the matched route,
//! one log line per command, and Prometheus metrics behind sign-in.

mod common;

use common::{
    engine_command, free_port, ids, token_for, wait_serving, Engine, Proc, ADMIN_PASSWORD,
};
use serde_json::json;
use std::io::Read;

#[tokio::test]
async fn request_ids_are_echoed_or_made() {
    let e = Engine::demo().await;
    let client = reqwest::Client::new();
    let r = client
        .get(e.url("/ovirt-engine/api/storagedomains"))
        .bearer_auth(&e.token)
        .header("X-Request-Id", "ops-4711")
        .send()
        .await
        .unwrap();
    assert_eq!(r.headers()["x-request-id"], "ops-4711");
    // Made when missing (and for answers that never reach a route, such as a 401).
    let r = client
        .get(e.url("/ovirt-engine/api/hosts"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 401);
    let made = r.headers()["x-request-id"].to_str().unwrap().to_string();
    assert!(made.len() > 12, "{made}");
    let again = client
        .get(e.url("/ovirt-engine/api/hosts"))
        .send()
        .await
        .unwrap();
    assert_ne!(
        again.headers()["x-request-id"].to_str().unwrap(),
        made,
        "each request its own id"
    );
    // A header no log should carry is replaced.
    let r = client
        .get(e.url("/ovirt-engine/api/hosts"))
        .bearer_auth(&e.token)
        .header("X-Request-Id", "a b")
        .send()
        .await
        .unwrap();
    assert_ne!(r.headers()["x-request-id"], "a b");
}

#[tokio::test]
async fn metrics_count_requests_and_commands_behind_sign_in() {
    let e = Engine::demo().await;
    let r = e
        .put(
            &format!("/storagedomains/{}", ids::SD_POSIX),
            json!({"comment": "m"}),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.text);
    let anonymous = reqwest::get(e.url("/ovirt-engine/api/metrics"))
        .await
        .unwrap();
    assert_eq!(anonymous.status(), 401);
    let text = e
        .get("/ovirt-engine/api/metrics")
        .await
        .text()
        .await
        .unwrap();
    for wanted in [
        r#"engine_http_requests_total{method="PUT",route="/storagedomains/{id}",status="200"}"#,
        r#"engine_commands_total{action="Edit Storage Domain",outcome="success"}"#,
        r#"engine_http_request_duration_seconds_count{method="PUT",route="/storagedomains/{id}"} "#,
        r#"engine_http_request_duration_seconds_bucket{method="PUT",route="/storagedomains/{id}",le="+Inf"} "#,
        "# TYPE engine_http_request_duration_seconds histogram",
        "engine_command_duration_seconds",
        "engine_lock_wait_seconds",
    ] {
        assert!(text.contains(wanted), "{wanted} missing from:\n{text}");
    }
    // Prometheus can read all of it: each metric typed once, every sample a name, labels, a number.
    let mut typed = std::collections::HashSet::new();
    for line in text.lines().filter(|l| !l.is_empty()) {
        if let Some(t) = line.strip_prefix("# TYPE ") {
            let name = t.split(' ').next().unwrap();
            assert!(
                typed.insert(name.to_string()),
                "{name} typed twice:\n{text}"
            );
        } else if !line.starts_with('#') {
            let (series, value) = line.rsplit_once(' ').unwrap();
            assert!(value.parse::<f64>().is_ok(), "{line}");
            assert!(
                series.chars().next().unwrap().is_ascii_alphabetic(),
                "{line}"
            );
        }
    }
    // Only what happened is listed: no zero series for every route and status.
    assert!(
        !text.contains(r#"engine_http_requests_total{method="DELETE",route="/vms/{id}""#),
        "{text}"
    );
}

#[tokio::test]
async fn every_command_logs_one_line_with_its_request() {
    let dir = tempfile::tempdir().unwrap();
    let db = common::TestDb::new(dir.path()).await;
    let port = free_port();
    let log = dir.path().join("engine.log");
    let mut cmd = engine_command(&db, port);
    cmd.env("RUST_LOG", "info")
        .stdout(std::fs::File::create(&log).unwrap())
        .stderr(std::process::Stdio::null());
    let engine = Proc(cmd.spawn().unwrap());
    let base = format!("http://127.0.0.1:{port}");
    wait_serving(&base).await;
    let token = token_for(&base, "admin@internal", ADMIN_PASSWORD).await;
    let r = reqwest::Client::new()
        .put(format!(
            "{base}/ovirt-engine/api/storagedomains/{}",
            ids::SD_POSIX
        ))
        .bearer_auth(&token)
        .header("Accept", "application/json")
        .header("X-Request-Id", "edit-42")
        .json(&json!({"comment": "logged"}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    drop(engine);
    let mut text = String::new();
    std::fs::File::open(&log)
        .unwrap()
        .read_to_string(&mut text)
        .unwrap();
    let lines: Vec<&str> = text
        .lines()
        .filter(|l| l.contains("edit-42") && l.contains(" command"))
        .collect();
    assert_eq!(lines.len(), 1, "{text}");
    let line = lines[0];
    for part in [
        "route=\"/storagedomains/{id}\"",
        "action=\"Edit Storage Domain\"",
        "status=200",
        "outcome=\"success\"",
        "duration_ms=",
        "method=PUT",
    ] {
        assert!(line.contains(part), "{part} missing from {line}");
    }
    assert!(!text.contains(ADMIN_PASSWORD), "no secret in the log");
}

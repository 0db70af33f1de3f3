//! Malformed, truncated, deeply nested and oversized bodies, and clients that stall: each gets a
//! 400, 413 or 408 fault, never a crash or a hang, and the engine serves normally afterwards.

mod common;

use common::{api, ids, Engine, ADMIN_PASSWORD};
use serde_json::json;
use std::io::{Read, Write};
use std::time::{Duration, Instant};

fn deep(open: &str, close: &str, n: usize) -> String {
    format!("{}{}", open.repeat(n), close.repeat(n))
}

#[tokio::test]
async fn hostile_bodies_are_400_or_413_and_the_engine_carries_on() {
    let e = Engine::demo().await;
    let orphan = format!("/storageconnections/{}", ids::CONN_ORPHAN);
    let before = e.fetch(&orphan).await.ok().clone();
    let json_cases: Vec<(&str, String, u16)> = vec![
        ("truncated", r#"{"type":"nfs","address":"#.into(), 400),
        ("not json", "hello".into(), 400),
        (
            "wrong types",
            r#"{"type":["nfs"],"path":{"a":1}}"#.into(),
            400,
        ),
        ("bad enum", r#"{"type":"floppy","path":"/x"}"#.into(), 400),
        (
            "nul bytes",
            "{\"type\":\"nfs\",\"path\":\"/x\u{0}\"}\u{0}".into(),
            400,
        ),
        ("deep arrays", deep("[", "]", 100_000), 400),
        ("deep objects", deep("{\"a\":", "}", 50_000), 400),
        ("invalid utf-8 escape", r#"{"path":"\ud800"}"#.into(), 400),
        // Over the engine's 1 MiB and under axum's own default (2 MB): the engine's limit holds.
        (
            "1.5 MiB",
            format!(
                r#"{{"type":"nfs","address":"a","path":"/{}"}}"#,
                "x".repeat(3 << 19)
            ),
            413,
        ),
        (
            "2 MiB",
            format!(
                r#"{{"type":"nfs","address":"a","path":"/{}"}}"#,
                "x".repeat(2 << 20)
            ),
            413,
        ),
    ];
    let xml_cases: Vec<(&str, String, u16)> = vec![
        (
            "truncated xml",
            "<storage_connection><type>nfs</type><path>".into(),
            400,
        ),
        ("deep xml", deep("<a>", "</a>", 50_000), 400),
        (
            "entity bomb",
            "<!DOCTYPE x [<!ENTITY a \"aaaa\"><!ENTITY b \"&a;&a;&a;&a;\">]><x>&b;</x>".into(),
            400,
        ),
        (
            "2 MiB xml",
            format!(
                "<storage_connection><path>/{}</path></storage_connection>",
                "x".repeat(2 << 20)
            ),
            413,
        ),
    ];
    let client = reqwest::Client::new();
    let mut sent = 0;
    for (content_type, cases) in [
        ("application/json", json_cases),
        ("application/xml", xml_cases),
    ] {
        for (name, body, expected) in cases {
            for (method, path) in [
                (reqwest::Method::POST, api("/storageconnections")),
                (
                    reqwest::Method::PUT,
                    api(&format!("/storageconnections/{}", ids::CONN_ORPHAN)),
                ),
                (reqwest::Method::POST, api("/storagedomains")),
            ] {
                let started = Instant::now();
                let r = client
                    .request(method.clone(), e.url(&path))
                    .bearer_auth(&e.token)
                    .header("Content-Type", content_type)
                    .header("Accept", "application/json")
                    .body(body.clone())
                    .send()
                    .await
                    .unwrap_or_else(|err| panic!("{name} to {method} {path}: no answer: {err}"));
                sent += 1;
                assert_eq!(r.status().as_u16(), expected, "{name} to {method} {path}");
                assert!(
                    started.elapsed() < Duration::from_secs(5),
                    "{name}: answered promptly"
                );
            }
        }
    }
    // Nothing was changed, and everything still works.
    assert_eq!(e.fetch(&orphan).await.ok(), &before);
    assert_eq!(e.fetch("/storagedomains").await.status, 200);
    println!("hostile input: {sent} hostile requests, each answered 400 or 413, nothing changed");
}

#[tokio::test]
async fn a_client_that_stalls_mid_body_gets_408_and_does_not_hold_the_engine() {
    let e = Engine::demo_with(engine::Settings {
        request_timeout: Duration::from_secs(1),
        ..Default::default()
    })
    .await;
    let addr = e.base.trim_start_matches("http://").to_string();
    let token = e.token.clone();
    let stalled = tokio::task::spawn_blocking(move || {
        let mut s = std::net::TcpStream::connect(addr).unwrap();
        write!(
            s,
            "POST /ovirt-engine/api/storageconnections HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer {token}\r\n\
             Content-Type: application/json\r\nAccept: application/json\r\nContent-Length: 100\r\n\r\n{{\"type\":"
        )
        .unwrap();
        s.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
        let started = Instant::now();
        // Read until the status line and headers are in (the connection may stay open).
        let mut answer = Vec::new();
        let mut buf = [0u8; 1024];
        while !answer.windows(4).any(|w| w == b"\r\n\r\n") {
            match s.read(&mut buf) {
                Ok(0) | Err(_) => break,
                Ok(n) => answer.extend_from_slice(&buf[..n]),
            }
        }
        (
            started.elapsed(),
            String::from_utf8_lossy(&answer).into_owned(),
        )
    });
    // Meanwhile others are served.
    assert_eq!(e.fetch("/storagedomains").await.status, 200);
    let (took, answer) = stalled.await.unwrap();
    assert!(answer.starts_with("HTTP/1.1 408"), "{answer}");
    assert!(took < Duration::from_secs(5), "answered after {took:?}");
    println!("stalled body: 408 after {} ms", took.as_millis());
}

/// A NUL character is text no field means, and PostgreSQL cannot store it: refused everywhere text
/// comes in (bodies, URL parameters, sign-in), on either database alike, with nothing changed.
#[tokio::test]
async fn nul_characters_are_refused_wherever_text_comes_in() {
    let e = Engine::demo().await;
    let connections = e.fetch("/storageconnections").await.ok().clone();
    let domain = api(&format!("/storagedomains/{}", ids::SD_POSIX));
    let before = e.get_json(&domain).await;

    for (method, path, body) in [
        (
            reqwest::Method::POST,
            api("/storageconnections"),
            json!({"type": "nfs", "address": "nul.example.com", "path": "/x\u{0}y"}),
        ),
        (
            reqwest::Method::POST,
            api("/storageconnections"),
            json!({"type": "nfs", "address": "nul.example.com", "path": "/ok", "mount_options": "a\u{0}b"}),
        ),
        (
            reqwest::Method::PUT,
            domain.clone(),
            json!({"description": "d\u{0}e"}),
        ),
    ] {
        let r = e.send(method, &path, Some(body)).await;
        r.fault(400, "Request syntactically incorrect.", "NUL character");
    }
    // The text `\u0000` (an escaped backslash) is no NUL and is kept as written.
    let r = e
        .send(
            reqwest::Method::PUT,
            &domain,
            Some(json!({"description": "literally \\u0000"})),
        )
        .await;
    assert_eq!(r.ok()["description"], "literally \\u0000");

    let xml = reqwest::Client::new()
        .post(e.url(&api("/storageconnections")))
        .bearer_auth(&e.token)
        .header("Content-Type", "application/xml")
        .header("Accept", "application/json")
        .body("<storage_connection><type>nfs</type><address>a</address><path>/x&#0;</path></storage_connection>")
        .send()
        .await
        .unwrap();
    assert_eq!(xml.status(), 400, "XML character reference to NUL");

    let r = e
        .send(
            reqwest::Method::PUT,
            &api(&format!(
                "/storageconnections/{}?host=host1%00.example.com",
                ids::CONN_ORPHAN
            )),
            Some(json!({"path": "/exports/nul"})),
        )
        .await;
    r.fault(400, "Request syntactically incorrect.", "NUL character");
    let r = e
        .send(
            reqwest::Method::GET,
            &api("/storagedomains?search=name%3Ddata%00"),
            None,
        )
        .await;
    assert_eq!(r.status, 400, "{}", r.text);

    let signin = common::sign_in(&e.base, "admin\u{0}@internal", ADMIN_PASSWORD).await;
    assert_eq!(signin.status(), 400);
    let body: serde_json::Value = signin.json().await.unwrap();
    assert_eq!(body["error_code"], "invalid_request", "{body}");
    let basic = reqwest::Client::new()
        .get(e.url(&api("/hosts")))
        .basic_auth("admin@internal", Some("pass\u{0}word"))
        .send()
        .await
        .unwrap();
    assert_eq!(basic.status(), 401);

    assert_eq!(e.fetch("/storageconnections").await.ok(), &connections);
    let after = e.get_json(&domain).await;
    assert_eq!(after["description"], "literally \\u0000");
    assert_eq!(after["name"], before["name"]);
}

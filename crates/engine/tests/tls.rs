//! HTTPS from a certificate and key given on the command line: a client that trusts the
//! certificate gets the API over TLS with HSTS; plain HTTP on that port gets nothing; a bad key
//! stops the engine with the reason.

mod common;

use common::{engine_command, free_port, Proc};
use std::io::Write;
use std::process::{Command, Stdio};
use std::sync::Arc;
use std::time::{Duration, Instant};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

async fn engine(
    dir: &std::path::Path,
    port: u16,
    cert: &std::path::Path,
    key: &std::path::Path,
) -> Command {
    let mut cmd = engine_command(&common::TestDb::new(dir).await, port);
    cmd.arg("--tls-cert")
        .arg(cert)
        .arg("--tls-key")
        .arg(key)
        .env("ENGINE_ADMIN_PASSWORD", "tls-Admin-Pa55");
    cmd
}

#[tokio::test]
async fn the_engine_serves_https_with_the_given_certificate() {
    let dir = tempfile::tempdir().unwrap();
    let cert =
        rcgen::generate_simple_self_signed(vec!["localhost".into(), "127.0.0.1".into()]).unwrap();
    let cert_path = dir.path().join("cert.pem");
    let key_path = dir.path().join("key.pem");
    std::fs::File::create(&cert_path)
        .unwrap()
        .write_all(cert.cert.pem().as_bytes())
        .unwrap();
    std::fs::File::create(&key_path)
        .unwrap()
        .write_all(cert.key_pair.serialize_pem().as_bytes())
        .unwrap();

    let port = free_port();
    let _engine = Proc(
        engine(dir.path(), port, &cert_path, &key_path)
            .await
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap(),
    );

    let _ = rustls::crypto::ring::default_provider().install_default();
    let mut roots = rustls::RootCertStore::empty();
    roots.add(cert.cert.der().clone()).unwrap();
    let config = rustls::ClientConfig::builder()
        .with_root_certificates(roots)
        .with_no_client_auth();
    let connector = tokio_rustls::TlsConnector::from(Arc::new(config));

    let started = Instant::now();
    let answer = loop {
        let attempt = async {
            let tcp = tokio::net::TcpStream::connect(("127.0.0.1", port))
                .await
                .ok()?;
            let name = rustls::pki_types::ServerName::try_from("localhost").unwrap();
            let mut tls = connector.connect(name, tcp).await.ok()?;
            let basic = "YWRtaW5AaW50ZXJuYWw6dGxzLUFkbWluLVBhNTU="; // admin@internal:tls-Admin-Pa55
            tls.write_all(format!(
                "GET /ovirt-engine/api/storageconnections HTTP/1.1\r\nHost: localhost\r\nAccept: application/json\r\n\
                 Authorization: Basic {basic}\r\nConnection: close\r\n\r\n").as_bytes()).await.ok()?;
            let mut out = Vec::new();
            tls.read_to_end(&mut out).await.ok()?;
            Some(String::from_utf8_lossy(&out).into_owned())
        };
        if let Some(a) = attempt.await {
            break a;
        }
        assert!(started.elapsed() < Duration::from_secs(15), "no TLS answer");
        tokio::time::sleep(Duration::from_millis(50)).await;
    };
    assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
    assert!(
        answer
            .to_ascii_lowercase()
            .contains("strict-transport-security: max-age="),
        "{answer}"
    );
    assert!(answer.contains("storage_connection"), "{answer}");

    // What it creates is located with https://, so clients that follow Location stay on TLS.
    let tcp = tokio::net::TcpStream::connect(("127.0.0.1", port))
        .await
        .unwrap();
    let name = rustls::pki_types::ServerName::try_from("localhost").unwrap();
    let mut tls = connector.connect(name, tcp).await.unwrap();
    let body = r#"{"type":"nfs","address":"nfs9.example.com","path":"/tls"}"#;
    tls.write_all(
        format!(
            "POST /ovirt-engine/api/storageconnections HTTP/1.1\r\nHost: localhost\r\n\
             Accept: application/json\r\nContent-Type: application/json\r\n\
             Authorization: Basic YWRtaW5AaW50ZXJuYWw6dGxzLUFkbWluLVBhNTU=\r\n\
             Content-Length: {}\r\nConnection: close\r\n\r\n{body}",
            body.len()
        )
        .as_bytes(),
    )
    .await
    .unwrap();
    let mut out = Vec::new();
    tls.read_to_end(&mut out).await.unwrap();
    let created = String::from_utf8_lossy(&out).to_ascii_lowercase();
    assert!(created.starts_with("http/1.1 201"), "{created}");
    assert!(
        created.contains("location: https://localhost/ovirt-engine/api/storageconnections/"),
        "{created}"
    );

    // Plain HTTP on the TLS port is not served.
    let plain = reqwest::get(format!("http://127.0.0.1:{port}/ovirt-engine/api")).await;
    assert!(plain.is_err() || !plain.unwrap().status().is_success());
    println!("tls: HTTPS served with the given certificate, HSTS set, plain HTTP refused");
}

#[tokio::test]
async fn a_bad_key_stops_the_engine_with_the_reason() {
    let dir = tempfile::tempdir().unwrap();
    let cert_path = dir.path().join("cert.pem");
    let key_path = dir.path().join("key.pem");
    std::fs::write(&cert_path, "not a certificate").unwrap();
    std::fs::write(&key_path, "not a key").unwrap();
    let out = engine(dir.path(), free_port(), &cert_path, &key_path)
        .await
        // (engine_command silences output; here the reason on stderr is the point.)
        .stderr(Stdio::piped())
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success());
    assert!(stderr.contains("reading the TLS certificate"), "{stderr}");
}

//! The database's disk fills up or turns read-only under a running engine: writes get a clear
//! fault that says nothing changed, reads keep working, the database is never damaged, and
//! writes work again once the disk is back. (Root only: the database lives on a tiny tmpfs the
//! test mounts, as CI runs.) These are about a SQLite file and its file system, so they use one
//! whichever database the rest of the suite runs on; a PostgreSQL server's disk is its own.

mod common;

use common::{engine_command, free_port, ids, wait_serving, Engine, Mount, TestDb};
use serde_json::json;
use std::process::Command;

fn sqlite_at(path: &std::path::Path) -> TestDb {
    TestDb {
        location: engine::store::Location::Sqlite(path.to_path_buf()),
    }
}

/// Fills the file system until it refuses another byte.
fn fill(dir: &std::path::Path) -> std::path::PathBuf {
    use std::io::Write;
    let path = dir.join("filler");
    let mut f = std::fs::File::create(&path).unwrap();
    let block = vec![0u8; 4096];
    while f.write_all(&block).is_ok() {}
    let _ = f.sync_all();
    path
}

async fn engine_on(mount: &Mount) -> Engine {
    let dir = tempfile::tempdir().unwrap();
    let mut config = engine::Config::new("127.0.0.1:0".parse().unwrap(), mount.0.join("engine.db"));
    config.demo = true;
    config.settings.admin_password = Some(common::ADMIN_PASSWORD.into());
    Engine::run(config, dir).await
}

#[tokio::test]
async fn a_full_disk_is_a_clear_fault_and_writes_resume_when_space_returns() {
    let mount = Mount::tmpfs("size=4m");
    let e = engine_on(&mount).await;
    let before = e.fetch("/storageconnections").await.ok().clone();

    let filler = fill(&mount.0);
    let mut refused = 0;
    for i in 0..5 {
        // Bodies big enough that SQLite needs new pages.
        let r = e
            .post(
                "/storageconnections",
                json!({"type": "nfs", "address": "full.test", "path": format!("/exports/{i}"),
                       "mount_options": "x".repeat(0)}),
            )
            .await;
        if r.status == 507 {
            refused += 1;
            assert!(
                r.text.contains("disk is full") && r.text.contains("Nothing was changed"),
                "{}",
                r.text
            );
        } else {
            assert_eq!(
                r.status, 201,
                "either stored whole (a free page) or refused: {}",
                r.text
            );
        }
    }
    assert!(refused > 0, "a full disk must refuse writes");
    // Reads keep working.
    assert_eq!(
        e.fetch(&format!("/storageconnections/{}", ids::CONN_ORPHAN))
            .await
            .status,
        200
    );

    std::fs::remove_file(filler).unwrap();
    let r = e
        .post(
            "/storageconnections",
            json!({"type": "nfs", "address": "full.test", "path": "/exports/after"}),
        )
        .await;
    assert_eq!(r.status, 201, "{}", r.text);
    let after = e.fetch("/storageconnections").await.ok().clone();
    let count = |v: &serde_json::Value| {
        v["storage_connection"]
            .as_array()
            .map(Vec::len)
            .unwrap_or(0)
    };
    assert_eq!(
        count(&after),
        count(&before) + 5 - refused + 1,
        "exactly the acknowledged adds"
    );
    assert_eq!(
        sqlite_at(&mount.0.join("engine.db"))
            .integrity_check()
            .await,
        "ok"
    );
    println!("disk full: {refused} of 5 writes refused with 507, reads served, writes resumed, integrity ok");
}

/// The engine binary on `db` (a process, so that stopping it closes the database).
struct Binary(std::process::Child, String);

impl Binary {
    async fn start(db: &std::path::Path) -> Binary {
        let port = free_port();
        let child = engine_command(&sqlite_at(db), port).spawn().unwrap();
        let base = format!("http://127.0.0.1:{port}");
        wait_serving(&base).await;
        // Basic credentials: signing in would itself need to write a token.
        Binary(child, base)
    }

    async fn send(
        &self,
        method: reqwest::Method,
        path: &str,
        body: Option<serde_json::Value>,
    ) -> (u16, String) {
        let mut rb = reqwest::Client::new()
            .request(method, format!("{}/ovirt-engine/api{path}", self.1))
            .basic_auth("admin@internal", Some(common::ADMIN_PASSWORD))
            .header("Accept", "application/json");
        if let Some(b) = body {
            rb = rb.json(&b);
        }
        let r = rb.send().await.unwrap();
        (r.status().as_u16(), r.text().await.unwrap())
    }

    fn stop(mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

#[tokio::test]
async fn a_read_only_database_is_refused_plainly_and_untouched_and_works_once_writable() {
    use reqwest::Method;
    let mount = Mount::tmpfs("size=16m");
    let db = mount.0.join("engine.db");
    let path = format!("/storageconnections/{}", ids::CONN_ORPHAN);
    let e = Binary::start(&db).await;
    assert_eq!(
        e.send(
            Method::PUT,
            &path,
            Some(json!({"path": "/exports/before-ro"}))
        )
        .await
        .0,
        200
    );
    e.stop();
    let before = std::fs::read(&db).unwrap();

    // A file system cannot turn read-only under open writers, so the case to handle is an engine
    // (re)started on one: it says why it cannot run, and touches nothing.
    mount.remount("ro");
    let out = Command::new(env!("CARGO_BIN_EXE_engine"))
        .args(["--listen", "127.0.0.1:0", "--db"])
        .arg(&db)
        .env("ENGINE_ADMIN_PASSWORD", common::ADMIN_PASSWORD)
        .env("RUST_BACKTRACE", "0")
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success());
    assert!(
        stderr.contains("is not writable") && stderr.contains("nothing was changed"),
        "{stderr}"
    );
    assert_eq!(
        std::fs::read(&db).unwrap(),
        before,
        "the database is untouched"
    );

    mount.remount("rw");
    let e = Binary::start(&db).await;
    let (status, body) = e.send(Method::GET, &path, None).await;
    assert!(
        status == 200 && body.contains("/exports/before-ro"),
        "{status} {body}"
    );
    let (status, body) = e
        .send(
            Method::PUT,
            &path,
            Some(json!({"path": "/exports/writable-again"})),
        )
        .await;
    assert_eq!(status, 200, "{body}");
    e.stop();
    assert_eq!(sqlite_at(&db).integrity_check().await, "ok");
    println!("read-only: the engine refused to start with the reason, the database was untouched, and it ran once writable (integrity ok)");
}

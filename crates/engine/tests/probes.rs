//! Real connectivity against real servers on 127.0.0.1 started here: tgtd (iSCSI targets with and
//! without CHAP), rpcbind (the ONC RPC layer), local directories, a closed port, a silent server.

mod common;

use common::{free_port, ids, Engine, Mount, Tgtd, CHAP, OPEN, SECRET, USER};
use engine::probe::{iscsi, HostAgent, Scope};
use serde_json::{json, Value};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

fn agent() -> HostAgent {
    HostAgent {
        timeout: Duration::from_millis(1500),
        scope: Scope::Loopback,
        ..Default::default()
    }
}

#[tokio::test]
async fn discovery_and_login_with_and_without_chap() {
    let t = Tgtd::start();
    let a = agent();
    let mut names: Vec<String> = a
        .discover("127.0.0.1", t.port, None)
        .await
        .unwrap()
        .into_iter()
        .map(|x| x.name)
        .collect();
    names.sort();
    assert_eq!(names, vec![CHAP.to_string(), OPEN.to_string()]);
    let found = a.discover("127.0.0.1", t.port, None).await.unwrap();
    assert!(
        found
            .iter()
            .all(|x| x.port == t.port && x.address == "127.0.0.1"),
        "{found:?}"
    );

    a.login("127.0.0.1", t.port, OPEN, None).await.unwrap();
    let chap = iscsi::Chap {
        user: USER,
        secret: SECRET,
    };
    a.login("127.0.0.1", t.port, CHAP, Some(chap))
        .await
        .unwrap();
    let wrong = iscsi::Chap {
        user: USER,
        secret: "wrongsecret99",
    };
    let e = a
        .login("127.0.0.1", t.port, CHAP, Some(wrong))
        .await
        .unwrap_err();
    assert!(e.contains("authentication failed"), "{e}");
    let e = a.login("127.0.0.1", t.port, CHAP, None).await.unwrap_err();
    assert!(e.contains("the target requires CHAP credentials"), "{e}");
    let e = a
        .login("127.0.0.1", t.port, "iqn.2026-01.test:missing", None)
        .await
        .unwrap_err();
    assert!(e.contains("does not exist"), "{e}");
}

#[tokio::test]
async fn the_test_endpoint_reports_each_step_and_adds_really_connect() {
    let t = Tgtd::start();
    let e = Engine::demo().await;
    let base = json!({"type": "iscsi", "address": "127.0.0.1", "port": t.port, "target": CHAP, "username": USER, "password": SECRET});
    let r = e.post("/storageconnections/test", base.clone()).await;
    let report = r.ok().clone();
    assert_eq!(report["status"], "complete", "{report}");
    let steps: Vec<&str> = report["probe_steps"]["probe_step"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["name"].as_str().unwrap())
        .collect();
    assert_eq!(steps, vec!["connect", "discover", "login"]);

    let mut wrong = base.clone();
    wrong["password"] = json!("wrongsecret99");
    let r = e.post("/storageconnections/test", wrong.clone()).await;
    assert_eq!(r.json["status"], "failed");
    let last = r.json["probe_steps"]["probe_step"]
        .as_array()
        .unwrap()
        .last()
        .unwrap()
        .clone();
    assert_eq!(last["name"], "login");
    assert_eq!(last["ok"], "false");
    assert!(last["detail"]
        .as_str()
        .unwrap()
        .contains("wrong CHAP user name or secret"));
    assert!(
        !r.text.contains("wrongsecret99"),
        "secrets are never echoed"
    );

    // An add naming a host connects first: the wrong secret refuses it, the right one saves it.
    wrong["host"] = json!({"name": "host1.example.com"});
    e.post("/storageconnections", wrong)
        .await
        .refused(400, "Host host1.example.com could not connect to the storage: login failed: authentication failed");
    let mut good = base.clone();
    good["host"] = json!({"name": "host1.example.com"});
    let created = e.post("/storageconnections", good).await;
    assert_eq!(created.status, 201, "{}", created.text);
    let id = created.json["id"].as_str().unwrap().to_string();
    // The stored connection can be tested again later (with its stored secret).
    let again = e
        .post(&format!("/storageconnections/{id}/test"), json!({}))
        .await;
    assert_eq!(again.json["status"], "complete", "{}", again.text);
}

#[tokio::test]
async fn host_discovery_and_login_actions() {
    let t = Tgtd::start();
    let e = Engine::demo().await;
    let r = e
        .post(
            &format!("/hosts/{}/discoveriscsi", ids::HOST_UP),
            json!({"iscsi": {"address": "127.0.0.1", "port": t.port}}),
        )
        .await;
    let targets: Vec<&str> = r.ok()["discovered_targets"]["iscsi_details"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|d| d["target"].as_str())
        .collect();
    assert!(
        targets.contains(&OPEN) && targets.contains(&CHAP),
        "{targets:?}"
    );
    let ok = e
        .post(&format!("/hosts/{}/iscsilogin", ids::HOST_UP), json!({"iscsi": {"address": "127.0.0.1", "port": t.port, "target": CHAP, "username": USER, "password": SECRET}}))
        .await;
    assert_eq!(ok.ok()["status"], "complete");
    e.post(&format!("/hosts/{}/iscsilogin", ids::HOST_UP), json!({"iscsi": {"address": "127.0.0.1", "port": t.port, "target": "iqn.2026-01.test:nope"}}))
        .await
        .refused(400, "the target does not exist on this portal");
    e.post(
        &format!("/hosts/{}/discoveriscsi", ids::HOST_MAINTENANCE),
        json!({"iscsi": {"address": "127.0.0.1", "port": t.port}}),
    )
    .await
    .refused(409, "The host must be Up");
}

#[tokio::test]
async fn closed_ports_silent_servers_and_out_of_scope_addresses() {
    let a = agent();
    let closed = free_port();
    let e = a.discover("127.0.0.1", closed, None).await.unwrap_err();
    assert!(e.contains("refused the connection"), "{e}");

    // A server that accepts and then says nothing: the login times out, within bounds.
    let silent = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = silent.local_addr().unwrap().port();
    let started = Instant::now();
    let e = a.login("127.0.0.1", port, OPEN, None).await.unwrap_err();
    assert!(e.contains("timeout"), "{e}");
    assert!(started.elapsed() < Duration::from_secs(5));
    drop(silent);

    // Nothing beyond loopback is contacted (no DNS query either).
    let e = a
        .discover("storage.example.com", 3260, None)
        .await
        .unwrap_err();
    assert!(e.contains("only probes loopback"), "{e}");
}

#[tokio::test]
async fn local_paths_missing_not_a_directory_and_fine() {
    let a = agent();
    let dir = tempfile::Builder::new().prefix("sd-").tempdir().unwrap();
    let report = |p: &str| {
        let c = storage_model::StorageConnection {
            storage_type: Some(storage_model::StorageType::Localfs),
            path: Some(p.into()),
            ..Default::default()
        };
        let a = a.clone();
        async move { a.test(&c).await }
    };
    let ok = report(dir.path().to_str().unwrap()).await;
    assert!(ok.ok(), "{ok:?}");
    let names: Vec<&str> = ok.steps().iter().map(|s| s.name.as_str()).collect();
    assert_eq!(names, vec!["path", "read", "write", "space"]);
    assert!(ok.steps()[3].detail.contains("GiB free"));

    let missing = report("/nonexistent/sd-path").await;
    assert!(!missing.ok());
    assert!(missing.steps()[0].detail.contains("does not exist"));
    let file = dir.path().join("plain-file");
    std::fs::write(&file, b"x").unwrap();
    let not_dir = report(file.to_str().unwrap()).await;
    assert!(not_dir.steps()[0].detail.contains("is not a directory"));
}

struct Rpcbind(Child);

impl Drop for Rpcbind {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

#[tokio::test]
async fn the_rpc_layer_against_rpcbind() {
    // rpcbind listens on port 111; reuse one that runs already, else start ours.
    let _guard = if std::net::TcpStream::connect(("127.0.0.1", 111)).is_ok() {
        None
    } else {
        let child = Command::new("rpcbind")
            .args(["-f", "-w"])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("rpcbind from Debian's package (make test installs it)");
        let start = Instant::now();
        while std::net::TcpStream::connect(("127.0.0.1", 111)).is_err() {
            assert!(
                start.elapsed() < Duration::from_secs(10),
                "rpcbind did not listen"
            );
            std::thread::sleep(Duration::from_millis(20));
        }
        Some(Rpcbind(child))
    };
    let wait = Duration::from_secs(2);
    use engine::probe::rpc;
    rpc::ping("127.0.0.1", 111, rpc::RPCBIND, 2, wait)
        .await
        .unwrap();
    let port = rpc::getport("127.0.0.1", 111, rpc::RPCBIND, 2, wait)
        .await
        .unwrap();
    assert_eq!(port, 111);
    let e = rpc::ping("127.0.0.1", 111, rpc::NFS, 3, wait)
        .await
        .unwrap_err();
    assert!(e.contains("is not available"), "{e}");
    let e = rpc::exports("127.0.0.1", 111, wait).await.unwrap_err();
    assert!(e.contains("not registered with rpcbind"), "{e}");

    // The NFS probe, pointed at this RPC server: it connects, and reports no NFS service there.
    let a = HostAgent {
        nfs_port: 111,
        ..agent()
    };
    let c = storage_model::StorageConnection {
        storage_type: Some(storage_model::StorageType::Nfs),
        address: Some("127.0.0.1".into()),
        path: Some("/exports/x".into()),
        ..Default::default()
    };
    let report = a.test(&c).await;
    assert!(!report.ok());
    assert_eq!(report.steps()[0].ok, Some(true));
    assert!(
        report.steps()[1]
            .detail
            .contains("RPC program 100003 is not available"),
        "{report:?}"
    );

    // A real NFS server (Debian's nfs-ganesha) on 127.0.0.1:2049, registered with this rpcbind.
    let dir = tempfile::Builder::new().prefix("sd-").tempdir().unwrap();
    let export = dir.path().join("export");
    std::fs::create_dir(&export).unwrap();
    let conf = dir.path().join("ganesha.conf");
    std::fs::write(
        &conf,
        format!(
            "NFS_CORE_PARAM {{ Protocols = 3, 4; Bind_addr = 127.0.0.1; NFS_Port = 2049; MNT_Port = 20048; }}\n\
             NFSV4 {{ Graceless = true; }}\n\
             EXPORT {{ Export_Id = 1; Path = {0}; Pseudo = {0}; Access_Type = RW; Squash = No_Root_Squash; \
             Protocols = 3, 4; FSAL {{ Name = VFS; }} }}\n",
            export.display()
        ),
    )
    .unwrap();
    let ganesha = Command::new("ganesha.nfsd")
        .args(["-F", "-L"])
        .arg(dir.path().join("ganesha.log"))
        .arg("-f")
        .arg(&conf)
        .arg("-p")
        .arg(dir.path().join("ganesha.pid"))
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("ganesha.nfsd from Debian's nfs-ganesha (make test installs it)");
    let _ganesha = Rpcbind(ganesha);
    let start = Instant::now();
    loop {
        if rpc::ping("127.0.0.1", 2049, rpc::NFS, 3, wait)
            .await
            .is_ok()
            && rpc::getport("127.0.0.1", 111, rpc::MOUNT, 3, wait)
                .await
                .is_ok()
        {
            break;
        }
        assert!(
            start.elapsed() < Duration::from_secs(20),
            "nfs-ganesha did not come up: {}",
            std::fs::read_to_string(dir.path().join("ganesha.log")).unwrap_or_default()
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let exported = export.to_string_lossy().to_string();
    let list = rpc::exports("127.0.0.1", 111, wait).await.unwrap();
    assert!(list.contains(&exported), "{list:?}");
    let a = agent();
    assert_eq!(a.exports("127.0.0.1").await.unwrap(), list);
    let c = storage_model::StorageConnection {
        storage_type: Some(storage_model::StorageType::Nfs),
        address: Some("127.0.0.1".into()),
        path: Some(exported.clone()),
        nfs_version: Some(storage_model::NfsVersion::V3),
        ..Default::default()
    };
    let report = a.test(&c).await;
    assert!(report.ok(), "{report:?}");
    assert!(report.steps()[1]
        .detail
        .contains("NFS service answers (version 3)"));
    let _: Value = Value::Null;
}

#[tokio::test]
async fn full_and_read_only_file_systems() {
    let a = agent();
    let test = |p: &std::path::Path| {
        let c = storage_model::StorageConnection {
            storage_type: Some(storage_model::StorageType::Localfs),
            path: Some(p.to_string_lossy().into_owned()),
            ..Default::default()
        };
        let a = a.clone();
        async move { a.test(&c).await }
    };
    let full = Mount::tmpfs("size=16k");
    // Fill it up.
    let mut n = 0;
    while std::fs::write(full.0.join(format!("fill{n}")), vec![0u8; 4096]).is_ok() && n < 100 {
        n += 1;
    }
    let r = test(&full.0).await;
    assert!(!r.ok(), "{r:?}");
    let failed = r.steps().iter().find(|s| s.ok == Some(false)).unwrap();
    assert!(
        failed.detail.contains("no free space") || failed.detail.contains("No space left"),
        "{failed:?}"
    );

    let ro = Mount::tmpfs("size=16k,ro");
    let r = test(&ro.0).await;
    let failed = r.steps().iter().find(|s| s.ok == Some(false)).unwrap();
    assert_eq!(failed.name, "write");
    assert!(failed.detail.contains("not writable"), "{failed:?}");
}

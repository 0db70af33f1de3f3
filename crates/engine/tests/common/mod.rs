//! Starts a real engine on 127.0.0.1 with a fresh database for each test: a SQLite file in a
//! temp dir, or, when `ENGINE_TEST_POSTGRES` holds a PostgreSQL server's URL (scripts/pg-tests.sh
//! starts one and runs the suite with it), a database of its own on that server.

#![allow(dead_code, unused_imports)]

use engine::store::Location;
use engine::Config;
use serde_json::Value;
use std::path::{Path, PathBuf};

pub use engine::demo::ids;

pub struct Engine {
    pub base: String,
    pub dir: tempfile::TempDir,
    /// Where this engine's database is.
    pub db: TestDb,
    task: tokio::task::JoinHandle<()>,
    /// A bearer token of admin@internal.
    pub token: String,
}

/// The first admin's password in every test engine.
pub const ADMIN_PASSWORD: &str = "test-admin-Pa55";

/// Signs in through the SSO endpoint and returns the bearer token.
pub async fn sign_in(base: &str, login: &str, password: &str) -> reqwest::Response {
    reqwest::Client::new()
        .post(format!("{base}/ovirt-engine/sso/oauth/token"))
        .header("Accept", "application/json")
        .form(&[
            ("grant_type", "password"),
            ("username", login),
            ("password", password),
            ("scope", "ovirt-app-api"),
        ])
        .send()
        .await
        .expect("token request")
}

pub async fn token_for(base: &str, login: &str, password: &str) -> String {
    let r = sign_in(base, login, password).await;
    assert_eq!(r.status(), 200, "sign-in of {login}");
    let v: Value = r.json().await.expect("token JSON");
    v["access_token"]
        .as_str()
        .expect("access_token")
        .to_string()
}

impl Engine {
    /// An engine with the demo site.
    pub async fn demo() -> Engine {
        let dir = tempfile::tempdir().expect("temp dir");
        Engine::start_in(dir, true, None).await
    }

    pub async fn start_in(dir: tempfile::TempDir, demo: bool, dist: Option<PathBuf>) -> Engine {
        let db = TestDb::new(dir.path()).await;
        let mut config = Config::new(
            "127.0.0.1:0".parse().expect("loopback address"),
            db.location.clone(),
        );
        config.dist = dist;
        config.demo = demo;
        config.settings.admin_password = Some(ADMIN_PASSWORD.into());
        Engine::run(config, dir).await
    }

    pub async fn run(mut config: Config, dir: tempfile::TempDir) -> Engine {
        // The engine's warnings and errors go with a failing test's output.
        let _ = tracing_subscriber::fmt()
            .event_format(engine::logging::Lines)
            .with_env_filter("warn")
            .with_test_writer()
            .try_init();
        // Nothing a test does may leave the machine.
        config.settings.probe_scope = engine::probe::Scope::Loopback;
        let (listener, app) = engine::start(&config).await.expect("engine starts");
        let addr = listener.local_addr().expect("bound address");
        let task = tokio::spawn(async move {
            engine::serve(listener, app).await.expect("serve");
        });
        let base = format!("http://{addr}");
        let token = token_for(&base, "admin@internal", ADMIN_PASSWORD).await;
        Engine {
            base,
            db: TestDb {
                location: config.db.clone(),
            },
            dir,
            task,
            token,
        }
    }

    /// Stops serving, keeping the database directory.
    pub fn stop(self) -> tempfile::TempDir {
        self.task.abort();
        self.dir
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{}", self.base, path)
    }

    pub async fn get(&self, path: &str) -> reqwest::Response {
        reqwest::Client::new()
            .get(self.url(path))
            .bearer_auth(&self.token)
            .header("Accept", "application/json")
            .send()
            .await
            .expect("request")
    }

    /// GET that must answer 200 with JSON.
    pub async fn get_json(&self, path: &str) -> Value {
        let r = self.get(path).await;
        assert_eq!(r.status(), 200, "GET {path}");
        r.json().await.expect("JSON body")
    }
}

pub fn api(path: &str) -> String {
    format!("/ovirt-engine/api{path}")
}

pub fn items<'a>(collection: &'a Value, key: &str) -> &'a Vec<Value> {
    collection[key]
        .as_array()
        .unwrap_or_else(|| panic!("collection has no '{key}' array: {collection}"))
}

pub fn find<'a>(list: &'a [Value], id: &str) -> &'a Value {
    list.iter()
        .find(|v| v["id"] == id)
        .unwrap_or_else(|| panic!("{id} not in list"))
}

pub fn write_index(dir: &Path) {
    std::fs::write(
        dir.join("index.html"),
        "<!DOCTYPE html><title>spa</title><body>spa-index</body>",
    )
    .expect("write index.html");
}

impl Engine {
    /// An engine with the demo site and custom settings.
    pub async fn demo_with(settings: engine::Settings) -> Engine {
        let dir = tempfile::tempdir().expect("temp dir");
        let db = TestDb::new(dir.path()).await;
        let mut config = Config::new(
            "127.0.0.1:0".parse().expect("loopback address"),
            db.location.clone(),
        );
        config.demo = true;
        config.settings = settings;
        config.settings.admin_password = Some(ADMIN_PASSWORD.into());
        Engine::run(config, dir).await
    }

    pub async fn send(&self, method: reqwest::Method, path: &str, body: Option<Value>) -> Reply {
        self.send_as(&self.token.clone(), method, path, body).await
    }

    /// A request with another user's token.
    pub async fn send_as(
        &self,
        token: &str,
        method: reqwest::Method,
        path: &str,
        body: Option<Value>,
    ) -> Reply {
        request(&self.base, token, method, path, body).await
    }

    pub async fn post(&self, path: &str, body: Value) -> Reply {
        self.send(reqwest::Method::POST, &api(path), Some(body))
            .await
    }

    pub async fn put(&self, path: &str, body: Value) -> Reply {
        self.send(reqwest::Method::PUT, &api(path), Some(body))
            .await
    }

    pub async fn delete(&self, path: &str) -> Reply {
        self.send(reqwest::Method::DELETE, &api(path), None).await
    }

    pub async fn fetch(&self, path: &str) -> Reply {
        self.send(reqwest::Method::GET, &api(path), None).await
    }

    /// A domain's status in the demo data center.
    pub async fn status_in_dc(&self, domain: &str) -> Option<String> {
        let body = self
            .get_json(&api(&format!(
                "/datacenters/{}/storagedomains",
                engine::demo::ids::DATA_CENTER
            )))
            .await;
        body["storage_domain"]
            .as_array()
            .and_then(|l| l.iter().find(|d| d["id"] == domain))
            .and_then(|d| d["status"].as_str().map(str::to_string))
    }

    /// Direct access to the engine's database, for arranging states the API cannot make.
    pub async fn db(&self) -> sqlx::AnyPool {
        self.db.pool().await
    }
}

/// One request with a bearer token, asking for JSON, to any engine (`path` from the root).
pub async fn request(
    base: &str,
    token: &str,
    method: reqwest::Method,
    path: &str,
    body: Option<Value>,
) -> Reply {
    let mut rb = reqwest::Client::new()
        .request(method, format!("{base}{path}"))
        .bearer_auth(token)
        .header("Accept", "application/json");
    if let Some(b) = body {
        rb = rb.json(&b);
    }
    let r = rb.send().await.expect("request");
    let status = r.status().as_u16();
    let location = r
        .headers()
        .get("location")
        .and_then(|v| v.to_str().ok())
        .map(str::to_string);
    let text = r.text().await.expect("body");
    let json = serde_json::from_str(&text).unwrap_or(Value::Null);
    Reply {
        status,
        json,
        text,
        location,
    }
}

/// A user with one role (system-wide, or on one domain) on this engine, signed in: its token.
pub async fn add_user(
    e: &Engine,
    login: &str,
    role: storage_model::rules::permissions::Role,
    domain: Option<&str>,
) -> String {
    let db = e.db().await;
    engine::auth::users::create(&db, login, "user-Pa55word")
        .await
        .unwrap();
    engine::auth::users::grant(&db, login, role, domain)
        .await
        .unwrap();
    token_for(&e.base, login, "user-Pa55word").await
}

/// Polls `check` every 20 ms until it holds, failing the test after `limit`.
pub async fn wait_for<F, Fut>(what: &str, limit: std::time::Duration, mut check: F)
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = bool>,
{
    let started = std::time::Instant::now();
    while !check().await {
        assert!(started.elapsed() < limit, "timed out waiting for {what}");
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
}

#[derive(Debug)]
pub struct Reply {
    pub status: u16,
    pub json: Value,
    pub text: String,
    pub location: Option<String>,
}

impl Reply {
    /// Asserts a fault: status, reason, and that the detail contains `detail_part`.
    #[track_caller]
    pub fn fault(&self, status: u16, reason: &str, detail_part: &str) {
        assert_eq!(self.status, status, "status of {}", self.text);
        assert_eq!(self.json["reason"], reason, "reason of {}", self.text);
        let detail = self.json["detail"].as_str().unwrap_or_default();
        assert!(
            detail.contains(detail_part),
            "detail {detail:?} should contain {detail_part:?}"
        );
    }

    /// Asserts an engine refusal: "Operation Failed" with a bracketed detail.
    #[track_caller]
    pub fn refused(&self, status: u16, detail_part: &str) {
        self.fault(status, "Operation Failed", detail_part);
        let detail = self.json["detail"].as_str().unwrap_or_default();
        assert!(detail.starts_with('[') && detail.ends_with(']'), "{detail}");
    }

    #[track_caller]
    pub fn ok(&self) -> &Value {
        assert_eq!(self.status, 200, "{}", self.text);
        &self.json
    }
}

/// A child process (an engine binary, a server) killed and reaped when dropped.
pub struct Proc(pub std::process::Child);

impl Drop for Proc {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// A free TCP port on 127.0.0.1.
pub fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .expect("bind 127.0.0.1:0")
        .local_addr()
        .expect("bound address")
        .port()
}

/// A tiny tmpfs mounted for one test (the tests run as root, as CI does); the temp dir holding
/// the mount point lives as long as the mount.
pub struct Mount(pub PathBuf, #[allow(dead_code)] tempfile::TempDir);

impl Mount {
    pub fn tmpfs(options: &str) -> Mount {
        let dir = tempfile::Builder::new()
            .prefix("mnt-")
            .tempdir()
            .expect("temp dir");
        let point = dir.path().join("mnt");
        std::fs::create_dir(&point).expect("mount point");
        succeed(
            std::process::Command::new("mount")
                .args(["-t", "tmpfs", "-o", options, "tmpfs"])
                .arg(&point),
            "mount",
        );
        Mount(point, dir)
    }

    /// `remount,ro` or `remount,rw`.
    pub fn remount(&self, mode: &str) {
        succeed(
            std::process::Command::new("mount")
                .args(["-o", &format!("remount,{mode}")])
                .arg(&self.0),
            "remount",
        );
    }
}

impl Drop for Mount {
    fn drop(&mut self) {
        let _ = std::process::Command::new("umount")
            .arg("-l")
            .arg(&self.0)
            .status();
    }
}

/// The engine binary with the demo site, its database at `db`, listening on 127.0.0.1:`port`,
/// probing loopback only, with the test admin's password and quiet output (callers add flags).
pub fn engine_command(db: &TestDb, port: u16) -> std::process::Command {
    let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_engine"));
    cmd.args(["--demo", "--probe-scope", "loopback", "--listen"])
        .arg(format!("127.0.0.1:{port}"))
        .arg("--db")
        .arg(db.arg())
        .env("ENGINE_ADMIN_PASSWORD", ADMIN_PASSWORD)
        .env("RUST_BACKTRACE", "0")
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null());
    cmd
}

/// Waits (at most 15 s) until an engine answers at `base` (any answer: a 401 proves it serves).
pub async fn wait_serving(base: &str) {
    let started = std::time::Instant::now();
    while reqwest::get(format!("{base}/ovirt-engine/api"))
        .await
        .is_err()
    {
        assert!(
            started.elapsed() < std::time::Duration::from_secs(15),
            "the engine at {base} did not start within 15 s"
        );
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
}

/// A test's database (see the module's comment).
#[derive(Clone, Debug)]
pub struct TestDb {
    pub location: Location,
}

impl TestDb {
    /// `engine.db` in `dir`, or, when the suite runs on PostgreSQL, the database made for `dir`
    /// (named in `dir/postgres-url`; a new, empty one the first time), so that an engine started
    /// again in the same directory finds its data, as it would in its SQLite file.
    pub async fn new(dir: &Path) -> TestDb {
        let Ok(server) = std::env::var("ENGINE_TEST_POSTGRES") else {
            return TestDb {
                location: Location::Sqlite(dir.join("engine.db")),
            };
        };
        let marker = dir.join("postgres-url");
        if let Ok(url) = std::fs::read_to_string(&marker) {
            return TestDb {
                location: Location::Postgres(url),
            };
        }
        let name = format!("t_{}", uuid::Uuid::new_v4().simple());
        let url = create_database(&server, &name).await;
        std::fs::write(&marker, &url).expect("write postgres-url");
        TestDb {
            location: Location::Postgres(url),
        }
    }

    pub fn is_postgres(&self) -> bool {
        matches!(self.location, Location::Postgres(_))
    }

    /// The SQLite file (tests of what only a file can suffer: a full disk, a read-only mount).
    pub fn sqlite_path(&self) -> Option<&Path> {
        match &self.location {
            Location::Sqlite(p) => Some(p),
            Location::Postgres(_) => None,
        }
    }

    /// The engine's `--db` argument.
    pub fn arg(&self) -> String {
        self.location.to_arg()
    }

    /// A pool on the database, outside any engine.
    pub async fn pool(&self) -> sqlx::AnyPool {
        sqlx::any::install_default_drivers();
        let options = self.location.connect_options().expect("database URL");
        sqlx::AnyPool::connect_with(options)
            .await
            .expect("open database")
    }

    /// The database's own consistency check, "ok" when it passes. SQLite: `integrity_check`.
    /// PostgreSQL: amcheck's B-tree check of every index of the engine's tables (a crash must
    /// leave no index disagreeing with its table).
    pub async fn integrity_check(&self) -> String {
        let pool = self.pool().await;
        let result = if self.is_postgres() {
            sqlx::query("CREATE EXTENSION IF NOT EXISTS amcheck")
                .execute(&pool)
                .await
                .expect("amcheck (PostgreSQL's contrib) is installed");
            let indexes: Vec<String> = sqlx::query_scalar(
                "SELECT c.relname::text FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid \
                 JOIN pg_namespace n ON n.oid = c.relnamespace JOIN pg_am a ON a.oid = c.relam \
                 WHERE n.nspname = 'public' AND a.amname = 'btree'",
            )
            .fetch_all(&pool)
            .await
            .expect("list indexes");
            assert!(indexes.len() > 10, "the engine's indexes: {indexes:?}");
            let mut failures = Vec::new();
            for index in indexes {
                let r = sqlx::query(&format!("SELECT bt_index_check('{index}'::regclass, true)"))
                    .execute(&pool)
                    .await;
                if let Err(e) = r {
                    failures.push(format!("{index}: {e}"));
                }
            }
            if failures.is_empty() {
                "ok".to_string()
            } else {
                failures.join("; ")
            }
        } else {
            sqlx::query_scalar("PRAGMA integrity_check")
                .fetch_one(&pool)
                .await
                .expect("integrity_check")
        };
        pool.close().await;
        result
    }
}

/// A private PostgreSQL server (Debian's) on 127.0.0.1 for one test that needs to stop and start
/// it; stopped and deleted when dropped. As root it runs as the `postgres` user (it refuses root).
pub struct PgServer {
    pub port: u16,
    bindir: PathBuf,
    dir: tempfile::TempDir,
}

impl PgServer {
    pub fn start() -> PgServer {
        let bindir = std::fs::read_dir("/usr/lib/postgresql")
            .expect("PostgreSQL's server is installed (/usr/lib/postgresql)")
            .filter_map(|e| e.ok().map(|e| e.path().join("bin")))
            .filter(|p| p.join("pg_ctl").is_file())
            .max()
            .expect("a PostgreSQL server version");
        let dir = tempfile::Builder::new()
            .prefix("engine-pg-")
            .tempdir()
            .expect("temp dir");
        let server = PgServer {
            port: free_port(),
            bindir,
            dir,
        };
        if rustix::process::getuid().is_root() {
            let ok = std::process::Command::new("chown")
                .arg("postgres:")
                .arg(server.dir.path())
                .status()
                .expect("chown");
            assert!(ok.success(), "chown the PostgreSQL directory");
        }
        let data = server.dir.path().join("data");
        server.run(
            "initdb",
            &[
                "-D".as_ref(),
                data.as_os_str(),
                "-A".as_ref(),
                "trust".as_ref(),
                "-U".as_ref(),
                "postgres".as_ref(),
                "--no-locale".as_ref(),
            ],
        );
        server.start_again();
        server
    }

    /// One of the server's programs, as the user the server runs as.
    fn command(&self, program: &str) -> std::process::Command {
        let exe = self.bindir.join(program);
        if rustix::process::getuid().is_root() {
            let mut c = std::process::Command::new("runuser");
            c.args(["-u", "postgres", "--"]).arg(exe);
            c
        } else {
            std::process::Command::new(exe)
        }
    }

    fn run(&self, program: &str, args: &[&std::ffi::OsStr]) {
        succeed(self.command(program).args(args), program);
    }

    /// Starts the (stopped) server and waits until it accepts connections.
    pub fn start_again(&self) {
        let data = self.dir.path().join("data");
        let log = self.dir.path().join("server.log");
        let options = format!(
            "-p {} -k {} -c listen_addresses=127.0.0.1 -c fsync=off",
            self.port,
            self.dir.path().display()
        );
        self.run(
            "pg_ctl",
            &[
                "-D".as_ref(),
                data.as_os_str(),
                "-l".as_ref(),
                log.as_os_str(),
                "-w".as_ref(),
                "-o".as_ref(),
                options.as_ref(),
                "start".as_ref(),
            ],
        );
    }

    /// Stops the server at once (`immediate`: as if it crashed or its machine went away).
    pub fn stop(&self) {
        let data = self.dir.path().join("data");
        self.run(
            "pg_ctl",
            &[
                "-D".as_ref(),
                data.as_os_str(),
                "-m".as_ref(),
                "immediate".as_ref(),
                "stop".as_ref(),
            ],
        );
    }

    pub fn url(&self, database: &str) -> String {
        format!("postgres://postgres@127.0.0.1:{}/{database}", self.port)
    }

    /// Creates a database and returns its URL.
    pub async fn create_database(&self, name: &str) -> String {
        create_database(&self.url("postgres"), name).await
    }
}

/// Creates database `name` on the PostgreSQL server at `server` (any database's URL there) and
/// returns the new database's URL.
pub async fn create_database(server: &str, name: &str) -> String {
    use sqlx::Connection;
    let mut admin = sqlx::PgConnection::connect(server)
        .await
        .expect("connect to the test PostgreSQL server");
    sqlx::query(&format!("CREATE DATABASE {name}"))
        .execute(&mut admin)
        .await
        .expect("create the test database");
    admin.close().await.ok();
    let mut url = url::Url::parse(server).expect("a PostgreSQL URL");
    url.set_path(name);
    url.to_string()
}

impl Drop for PgServer {
    fn drop(&mut self) {
        let data = self.dir.path().join("data");
        let _ = self
            .command("pg_ctl")
            .arg("-D")
            .arg(&data)
            .args(["-m", "immediate", "stop"])
            .output();
    }
}

/// The targets of a test tgtd: one open, one behind CHAP.
pub const OPEN: &str = "iqn.2026-01.test:open";
pub const CHAP: &str = "iqn.2026-01.test:chap";
pub const USER: &str = "chapuser";
pub const SECRET: &str = "chapsecret1234";

/// A tgtd on its own portal and control port, with an open target and a CHAP target.
pub struct Tgtd {
    child: std::process::Child,
    pub port: u16,
    _dir: tempfile::TempDir,
}

impl Tgtd {
    pub fn start() -> Tgtd {
        let port = free_port();
        // tgtd takes control ports up to 32767; derive one from the (unique) portal port.
        let control = port % 32000 + 100;
        // Its own pid file, so several can run at once.
        let dir = tempfile::tempdir().unwrap();
        let pid = dir.path().join("tgtd.pid");
        let child = std::process::Command::new("tgtd")
            .args(["-f", "-C", &control.to_string(), "-p"])
            .arg(&pid)
            .args(["--iscsi", &format!("portal=127.0.0.1:{port}")])
            .stdout(std::process::Stdio::null())
            .stderr(std::fs::File::create(dir.path().join("tgtd.log")).unwrap())
            .spawn()
            .expect("tgtd from Debian's tgt package (make test installs it)");
        let start = std::time::Instant::now();
        while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
            assert!(
                start.elapsed() < std::time::Duration::from_secs(10),
                "tgtd did not listen: {}",
                std::fs::read_to_string(dir.path().join("tgtd.log")).unwrap_or_default()
            );
            std::thread::sleep(std::time::Duration::from_millis(20));
        }
        let adm = |args: &[&str]| {
            let mut full = vec![
                "-C".to_string(),
                control.to_string(),
                "--lld".into(),
                "iscsi".into(),
            ];
            full.extend(args.iter().map(|s| s.to_string()));
            succeed(
                std::process::Command::new("tgtadm").args(&full),
                &format!("tgtadm {args:?}"),
            );
        };
        adm(&["--mode", "target", "--op", "new", "--tid", "1", "-T", OPEN]);
        adm(&[
            "--mode", "target", "--op", "bind", "--tid", "1", "-I", "ALL",
        ]);
        adm(&["--mode", "target", "--op", "new", "--tid", "2", "-T", CHAP]);
        adm(&[
            "--mode", "target", "--op", "bind", "--tid", "2", "-I", "ALL",
        ]);
        adm(&[
            "--mode",
            "account",
            "--op",
            "new",
            "--user",
            USER,
            "--password",
            SECRET,
        ]);
        adm(&[
            "--mode", "account", "--op", "bind", "--tid", "2", "--user", USER,
        ]);
        Tgtd {
            child,
            port,
            _dir: dir,
        }
    }
}

impl Drop for Tgtd {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Runs `command` to its end and fails the test, with what it printed, unless it succeeded.
pub fn succeed(command: &mut std::process::Command, what: &str) {
    let out = command.output().unwrap_or_else(|e| panic!("{what}: {e}"));
    assert!(
        out.status.success(),
        "{what}: {}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}

//! Starts a real engine on 127.0.0.1 with a fresh on-disk database for each test.

#![allow(dead_code)]

use engine::Config;
use serde_json::Value;
use std::path::{Path, PathBuf};

pub struct Engine {
    pub base: String,
    pub dir: tempfile::TempDir,
    task: tokio::task::JoinHandle<()>,
}

impl Engine {
    /// An engine with the demo site.
    pub async fn demo() -> Engine {
        let dir = tempfile::tempdir().expect("temp dir");
        Engine::start_in(dir, true, None).await
    }

    pub async fn start_in(dir: tempfile::TempDir, demo: bool, dist: Option<PathBuf>) -> Engine {
        let mut config = Config::new(
            "127.0.0.1:0".parse().expect("loopback address"),
            dir.path().join("engine.db"),
        );
        config.dist = dist;
        config.demo = demo;
        let (listener, app) = engine::start(&config).await.expect("engine starts");
        let addr = listener.local_addr().expect("bound address");
        let task = tokio::spawn(async move {
            axum::serve(listener, app).await.expect("serve");
        });
        Engine {
            base: format!("http://{addr}"),
            dir,
            task,
        }
    }

    pub fn db_path(&self) -> PathBuf {
        self.dir.path().join("engine.db")
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

//! A request can be dropped at any await: its client went away, or its deadline passed. A write
//! dropped while its transaction was being opened must leave nothing open behind it: the next
//! writes succeed (on SQLite and, with ENGINE_TEST_POSTGRES, on PostgreSQL).

mod common;

use common::TestDb;
use engine::store::{begin_write, Store};
use std::time::Duration;

async fn store() -> (Store, tempfile::TempDir) {
    let dir = tempfile::tempdir().unwrap();
    let db = TestDb::new(dir.path()).await;
    (Store::open(&db.location).await.unwrap(), dir)
}

const DROPS: u32 = 60;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_write_dropped_while_its_transaction_opens_leaves_none_open() {
    let (store, _dir) = store().await;
    let pool = &store.pool;
    let (mut dropped, mut i) = (0, 0u64);
    // Until enough writes were dropped at enough different points (how many waits end mid-way
    // depends on the machine's speed).
    while dropped < DROPS && i < 20_000 {
        i += 1;
        // Dropped somewhere between asking for the writer's turn and holding the transaction.
        let wait = Duration::from_micros(i % 200);
        if tokio::time::timeout(wait, begin_write(pool)).await.is_err() {
            dropped += 1;
        }
        // The next write opens, writes and commits.
        let mut tx = tokio::time::timeout(Duration::from_secs(10), begin_write(pool))
            .await
            .unwrap_or_else(|_| panic!("round {i}: the next write waited 10 s for a transaction"))
            .unwrap_or_else(|e| panic!("round {i}: the next write could not begin: {e}"));
        sqlx::query("UPDATE users SET name = name")
            .execute(&mut *tx)
            .await
            .unwrap_or_else(|e| panic!("round {i}: writing: {e}"));
        tx.commit()
            .await
            .unwrap_or_else(|e| panic!("round {i}: committing: {e}"));
    }
    assert!(
        dropped >= DROPS,
        "only {dropped} of {i} writes were dropped mid-way"
    );
}

/// The same through the API, as a client sees it: PUTs whose clients give up after a moment
/// (their connections closed mid-request), then an edit that must simply work.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn clients_giving_up_mid_edit_never_wedge_the_engine() {
    let e = common::Engine::demo().await;
    let url = e.url(&common::api(&format!(
        "/storageconnections/{}",
        common::ids::CONN_ORPHAN
    )));
    for i in 0..300u64 {
        let impatient = reqwest::Client::builder()
            .timeout(Duration::from_micros(200 + i % 60 * 25))
            .build()
            .unwrap();
        // (Finished in time or not: either is fine; what matters is what follows.)
        let _ = impatient
            .put(&url)
            .bearer_auth(&e.token)
            .header("Accept", "application/json")
            .json(&serde_json::json!({ "nfs_timeo": (100 + i).to_string() }))
            .send()
            .await;
    }
    let r = e
        .put(
            &format!("/storageconnections/{}", common::ids::CONN_ORPHAN),
            serde_json::json!({ "nfs_timeo": "777" }),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.text);
    assert_eq!(r.json["nfs_timeo"], "777");
    let events = e.fetch("/events?max=5").await;
    assert_eq!(events.status, 200, "{}", events.text);
}

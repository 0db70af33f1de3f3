//! The audit trail's writer commits events that arrive together in one transaction. Whatever the
//! grouping, each caller returns only once its own event is stored, none is lost or written
//! twice, and an event whose caller gave up is written all the same (on SQLite and, with
//! ENGINE_TEST_POSTGRES, on PostgreSQL).

mod common;

use common::TestDb;
use engine::store::events::{self, NewEvent};
use engine::store::Store;
use std::collections::HashSet;
use std::time::Duration;

fn event(description: &str) -> NewEvent {
    NewEvent {
        user_name: Some("admin@internal".into()),
        action: "Edit Storage Connection".into(),
        target: Some("nfs1:/a".into()),
        storage_domain_id: None,
        success: true,
        description: description.into(),
    }
}

async fn descriptions(store: &Store) -> Vec<String> {
    events::list(&store.pool, None, None, None)
        .await
        .unwrap()
        .into_iter()
        .map(|e| e.description)
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn concurrent_events_are_each_stored_once_before_their_caller_returns() {
    let dir = tempfile::tempdir().unwrap();
    let db = TestDb::new(dir.path()).await;
    let store = Store::open(&db.location).await.unwrap();
    let before = descriptions(&store).await.len();
    let callers: Vec<_> = (0..200)
        .map(|i| {
            let store = store.clone();
            tokio::spawn(async move {
                let mine = format!("event {i}");
                store.events.record(event(&mine)).await.unwrap();
                // Stored by the time the caller is told so, whoever else was grouped with it.
                let stored: i64 =
                    sqlx::query_scalar("SELECT COUNT(*) FROM events WHERE description = $1")
                        .bind(&mine)
                        .fetch_one(&store.pool)
                        .await
                        .unwrap();
                assert_eq!(stored, 1, "{mine}");
            })
        })
        .collect();
    for caller in callers {
        caller.await.unwrap();
    }
    let all = descriptions(&store).await;
    assert_eq!(all.len(), before + 200);
    let distinct: HashSet<_> = all.iter().filter(|d| d.starts_with("event ")).collect();
    assert_eq!(distinct.len(), 200);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_event_whose_caller_gave_up_is_written_all_the_same() {
    let dir = tempfile::tempdir().unwrap();
    let db = TestDb::new(dir.path()).await;
    let store = Store::open(&db.location).await.unwrap();
    for i in 0..50 {
        let mine = format!("abandoned {i}");
        // Polled once (the event is handed over), then dropped, as when a client hangs up.
        let _ = tokio::time::timeout(Duration::ZERO, store.events.record(event(&mine))).await;
    }
    // One more, waited for: the writer takes events in the order they came.
    store.events.record(event("last")).await.unwrap();
    let all = descriptions(&store).await;
    for i in 0..50 {
        let mine = format!("abandoned {i}");
        assert!(all.contains(&mine), "{mine} missing");
    }
}

//! The audit trail's writer: events recorded at the same time are committed together (group
//! commit). Every write is an event, so on SQLite, where each commit waits for the disk, writing
//! each event in its own transaction doubled the commits a write costs. A caller still returns
//! only once its event is durable, and an event whose caller has gone (a client that hung up) is
//! written all the same.

use super::events::{self, NewEvent};
use super::{now_ms, PassedOn};
use anyhow::Context;
use sqlx::AnyPool;
use tokio::sync::{mpsc, oneshot};

/// At most this many events per transaction (a burst is written in several).
const BATCH: usize = 256;

/// Where events are sent to be written (cheap to clone: clones share the writer).
#[derive(Clone)]
pub struct EventLog {
    queue: mpsc::UnboundedSender<Queued>,
}

/// One event on its way, with the time it was recorded and who waits for it.
struct Queued {
    event: NewEvent,
    time: i64,
    written: oneshot::Sender<Result<(), PassedOn>>,
}

impl EventLog {
    /// Starts the writer on the current runtime; it ends when the last clone is dropped.
    pub fn start(pool: AnyPool) -> Self {
        let (queue, waiting) = mpsc::unbounded_channel();
        tokio::spawn(write(pool, waiting));
        EventLog { queue }
    }

    /// Records an event; returns once it is committed.
    pub async fn record(&self, event: NewEvent) -> anyhow::Result<()> {
        let (written, committed) = oneshot::channel();
        let queued = Queued {
            event,
            time: now_ms(),
            written,
        };
        self.queue
            .send(queued)
            .map_err(|_| anyhow::anyhow!("the event log has stopped"))?;
        match committed.await {
            Ok(written) => written.context("writing an event"),
            Err(_) => Err(anyhow::anyhow!(
                "the event log stopped before writing the event"
            )),
        }
    }
}

/// The writer: takes what is waiting (at least one event), writes it in one transaction, tells
/// each caller; if that transaction fails, each event is tried alone so that one cannot sink
/// the others.
async fn write(pool: AnyPool, mut waiting: mpsc::UnboundedReceiver<Queued>) {
    while let Some(first) = waiting.recv().await {
        let mut batch = vec![first];
        while batch.len() < BATCH {
            match waiting.try_recv() {
                Ok(next) => batch.push(next),
                Err(_) => break,
            }
        }
        let together = commit(&pool, &batch).await;
        if together.is_ok() || batch.len() == 1 {
            let result = together.map_err(|e| PassedOn::of(&e));
            for queued in batch {
                let _ = queued.written.send(result.clone());
            }
            continue;
        }
        for queued in batch {
            let alone = commit(&pool, std::slice::from_ref(&queued)).await;
            let _ = queued.written.send(alone.map_err(|e| PassedOn::of(&e)));
        }
    }
}

async fn commit(pool: &AnyPool, batch: &[Queued]) -> sqlx::Result<()> {
    let _turn = super::backend::turn_apart(pool).await;
    let mut tx = pool.begin().await?;
    for queued in batch {
        events::insert(&mut tx, &queued.event, queued.time).await?;
    }
    tx.commit().await
}

//! Saving a connection draft, the one way every screen does it: validate (every problem shown),
//! compare with what is stored, send, and put a refusal on the field the fault names.

use super::ConnectionDraft;
use crate::api::{connections, ApiError};
use leptos::prelude::*;
use storage_model::{Ref, StorageConnection};

/// What a dialog says when OK finds a problem marked on a field.
pub const CORRECT_FIRST: &str = "Correct the marked fields first.";

/// What the draft comes to when the user asks to save.
pub enum Prepared {
    /// A problem is marked on its field: nothing to send.
    Invalid,
    /// The same as stored: nothing to send.
    Unchanged,
    /// The connection to send.
    Changed(Box<StorageConnection>),
}

/// Checks the draft against the shared rules (showing every problem) and against `stored`, the
/// connection as loaded (`None` for a new one).
pub fn prepare(draft: ConnectionDraft, stored: Option<&StorageConnection>) -> Prepared {
    draft.show_all.set(true);
    draft.server_error.set(None);
    if !draft.problems().is_empty() {
        return Prepared::Invalid;
    }
    match draft.to_wire() {
        Err(_) => Prepared::Invalid,
        Ok(c) if Some(&c) == stored => Prepared::Unchanged,
        Ok(c) => Prepared::Changed(Box::new(c)),
    }
}

/// Sends a prepared connection: an update of `id` (its type never changes), or an add; `host`
/// (an id, if any) connects to it first. A refusal is marked on the draft's field when the fault
/// names one (this engine's faults do; oVirt's only say why) and returned for the dialog to show.
pub async fn send(
    draft: ConnectionDraft,
    id: Option<String>,
    mut c: StorageConnection,
    host: Option<String>,
) -> Result<StorageConnection, ApiError> {
    let result = match id {
        Some(id) => {
            c.storage_type = None;
            connections::update(&id, &c, host.as_deref()).await
        }
        None => {
            c.host = host.map(|h| Ref {
                id: Some(h),
                ..Default::default()
            });
            connections::add(&c).await
        }
    };
    if let Err(e) = &result {
        mark_fault(draft, e);
    }
    result
}

/// Puts a refusal on the field it names (if it names one that the draft has).
pub fn mark_fault(draft: ConnectionDraft, e: &ApiError) {
    if let Some(f) = e.field() {
        draft
            .server_error
            .set(Some((Some(f.to_string()), e.message())));
    }
}

//! What a view loads, in one shape (the data layer's kit, on Leptos's signals and its scoped
//! tasks): the last good value, kept when a refresh fails (the failure is shown beside it);
//! whether a load is running; only the newest load's answer applied (an older one answering
//! late is dropped, `latest.rs`); and loads that belong to the view that started them: when it
//! goes away their tasks are cancelled, which aborts their requests in the browser
//! (`client.rs`).

use super::latest::Latest;
use super::ApiError;
use leptos::prelude::*;
use std::future::Future;

pub struct Loaded<T: Send + Sync + 'static> {
    value: RwSignal<Option<T>>,
    failure: RwSignal<Option<ApiError>>,
    pending: RwSignal<bool>,
    latest: Latest,
}

impl<T: Send + Sync + 'static> Clone for Loaded<T> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<T: Send + Sync + 'static> Copy for Loaded<T> {}

/// What a view shows of a load.
#[derive(Clone, PartialEq)]
pub enum Phase {
    /// Nothing yet, and nothing failed yet.
    Loading,
    /// Nothing to show: the first load failed.
    Failed(ApiError),
    /// A value to show (perhaps with a failed refresh beside it).
    Ready,
}

impl<T: Send + Sync + 'static> Default for Loaded<T> {
    fn default() -> Self {
        Loaded {
            value: RwSignal::new(None),
            failure: RwSignal::new(None),
            pending: RwSignal::new(false),
            latest: Latest::default(),
        }
    }
}

impl<T: Send + Sync + 'static> Loaded<T> {
    /// Starts a load; its answer replaces the value (or reports a failure) unless a newer load
    /// started meanwhile. The load is cancelled, its request aborted, if the current view goes
    /// away first.
    pub fn load(self, answer: impl Future<Output = Result<T, ApiError>> + 'static) {
        let ticket = self.latest.ticket();
        self.pending.set(true);
        leptos::task::spawn_local_scoped_with_cancellation(async move {
            let answer = answer.await;
            if !self.latest.is_newest(ticket) {
                return;
            }
            match answer {
                Ok(v) => {
                    self.value.set(Some(v));
                    self.failure.set(None);
                }
                Err(e) => self.failure.set(Some(e)),
            }
            self.pending.set(false);
        });
    }

    /// Reads the value, if there is one (tracked).
    pub fn with<R>(&self, f: impl FnOnce(Option<&T>) -> R) -> R {
        self.value.with(|v| f(v.as_ref()))
    }

    /// Changes the value in place (after a write whose answer says what it now is).
    pub fn update(&self, f: impl FnOnce(&mut T)) {
        self.value.update(|v| {
            if let Some(v) = v {
                f(v)
            }
        })
    }

    pub fn phase(&self) -> Phase {
        match (self.value.with(Option::is_some), self.failure.get()) {
            (true, _) => Phase::Ready,
            (false, Some(e)) => Phase::Failed(e),
            (false, None) => Phase::Loading,
        }
    }

    /// The last refresh's failure while an older value is still shown.
    pub fn refresh_failure(&self) -> Option<ApiError> {
        if self.value.with(Option::is_some) {
            self.failure.get()
        } else {
            None
        }
    }

    /// Forgets a refresh failure the user dismissed.
    pub fn dismiss_failure(&self) {
        self.failure.set(None)
    }

    /// Whether a load is running.
    pub fn pending(&self) -> bool {
        self.pending.get()
    }
}

impl<T: Clone + Send + Sync + 'static> Loaded<T> {
    /// A copy of the value (tracked).
    pub fn get(&self) -> Option<T> {
        self.value.get()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn err(text: &str) -> ApiError {
        ApiError::Unreachable(text.into())
    }

    #[test]
    fn a_failed_refresh_keeps_the_value_and_says_why() {
        let owner = Owner::new();
        owner.with(|| {
            let l = Loaded::<u32>::default();
            assert!(l.phase() == Phase::Loading);
            l.failure.set(Some(err("down")));
            assert!(l.phase() == Phase::Failed(err("down")));
            assert_eq!(l.refresh_failure(), None, "nothing shown yet to keep");
            l.value.set(Some(7));
            l.failure.set(None);
            assert!(l.phase() == Phase::Ready);
            l.failure.set(Some(err("again")));
            assert!(l.phase() == Phase::Ready);
            assert_eq!(l.get(), Some(7));
            assert_eq!(l.refresh_failure(), Some(err("again")));
            l.dismiss_failure();
            assert_eq!(l.refresh_failure(), None);
        });
    }
}

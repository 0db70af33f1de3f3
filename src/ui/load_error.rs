use crate::api::loaded::Loaded;
use crate::api::ApiError;
use leptos::prelude::*;

/// A failed load: what went wrong and a way to try again.
#[component]
pub fn LoadError(
    /// What was being loaded ("storage domains").
    what: &'static str,
    error: ApiError,
    on_retry: impl Fn() + 'static,
) -> impl IntoView {
    view! {
        <div class="load-error" role="alert">
            <p>
                <strong>{format!("Could not load {what}.")}</strong>
                " "
                {error.to_string()}
            </p>
            <button type="button" on:click=move |_| on_retry()>
                "Retry"
            </button>
        </div>
    }
}

/// A refresh that failed while the last good answer stays on screen: why, and a way to dismiss
/// it (the next refresh that works takes it away too).
#[component]
pub fn RefreshFailure<T: Send + Sync + 'static>(loaded: Loaded<T>) -> impl IntoView {
    move || {
        loaded.refresh_failure().map(|e| {
            view! {
                <div class="notice-bar error" role="alert">
                    <span>{format!("Refresh failed: {e}")}</span>
                    <button type="button" class="icon-button" aria-label="Dismiss"
                        on:click=move |_| loaded.dismiss_failure()>
                        "×"
                    </button>
                </div>
            }
        })
    }
}

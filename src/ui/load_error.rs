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

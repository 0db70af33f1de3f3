//! A toolbar button that says why it is disabled.

use super::dialog::uuid_like;
use leptos::prelude::*;
use storage_model::rules::actions::Enablement;

/// Enabled or not by `enabled`; when not, the button stays focusable (`aria-disabled`) and its
/// reason is the tooltip and its accessible description.
#[component]
pub fn ActionButton(
    #[prop(into)] label: String,
    #[prop(into)] enabled: Signal<Enablement>,
    on_click: Callback<()>,
    #[prop(optional)] primary: bool,
) -> impl IntoView {
    let reason_id = format!("reason-{}", uuid_like());
    let reason = move || enabled.get().err().unwrap_or("");
    view! {
        <button
            type="button"
            class="action"
            class:primary=primary
            aria-disabled=move || if enabled.get().is_err() { "true" } else { "false" }
            title=reason
            aria-describedby=reason_id.clone()
            on:click=move |_| {
                if enabled.get_untracked().is_ok() {
                    on_click.run(());
                }
            }
        >
            {label}
        </button>
        <span id=reason_id class="sr-only">
            {reason}
        </span>
    }
}

use leptos::prelude::*;

/// A status as an icon plus its text, so it is readable without colour.
#[component]
pub fn StatusBadge(
    /// CSS modifier (the wire value, e.g. `maintenance`).
    kind: &'static str,
    /// The label shown.
    label: &'static str,
) -> impl IntoView {
    view! {
        <span class=format!("status status-{kind}")>
            <span class="status-icon" aria-hidden="true"></span>
            {label}
        </span>
    }
}

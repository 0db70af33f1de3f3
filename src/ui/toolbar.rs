//! A page's actions as a toolbar: the same items a row's context menu shows, so both always
//! agree on what is enabled and why not.

use super::{ActionButton, MenuItem};
use leptos::prelude::*;

/// The items as buttons, the first one primary; `children` (optional) follow them.
#[component]
pub fn Toolbar(
    label: &'static str,
    items: Vec<MenuItem>,
    #[prop(optional)] children: Option<Children>,
) -> impl IntoView {
    view! {
        <div class="toolbar" role="toolbar" aria-label=label>
            {items
                .into_iter()
                .enumerate()
                .map(|(i, item)| {
                    view! {
                        <ActionButton
                            label=item.label
                            enabled=item.enabled
                            on_click=item.on_select
                            primary=i == 0
                        />
                    }
                })
                .collect_view()}
            {children.map(|c| c())}
        </div>
    }
}

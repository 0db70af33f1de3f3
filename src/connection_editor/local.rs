//! Local on Host: Path.

use super::ConnectionDraft;
use crate::ui::TextField;
use leptos::prelude::*;

#[component]
pub fn LocalForm(draft: ConnectionDraft, #[prop(into)] editable: Signal<bool>) -> impl IntoView {
    let disabled = Signal::derive(move || !editable.get());
    view! {
        <TextField
            label="Path"
            value=draft.local_path
            error=draft.error(&["path"])
            disabled=disabled
            placeholder="/data/images"
            hint="An absolute directory on the host."
            on_edit=Callback::new(move |_| draft.touch("path"))
        />
    }
}

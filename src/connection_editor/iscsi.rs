//! iSCSI target: Address, Port, Target Name, CHAP credentials.

use super::ConnectionDraft;
use crate::ui::TextField;
use leptos::prelude::*;

#[component]
pub fn IscsiForm(draft: ConnectionDraft, #[prop(into)] editable: Signal<bool>) -> impl IntoView {
    let disabled = Signal::derive(move || !editable.get());
    view! {
        <div class="field-row">
            <TextField
                label="Address"
                value=draft.address
                error=draft.error(&["address"])
                disabled=disabled
                placeholder="192.0.2.10 or san.example.com"
                on_edit=Callback::new(move |_| draft.touch("address"))
            />
            <TextField
                label="Port"
                value=draft.port
                error=draft.error(&["port"])
                disabled=disabled
                input_type="number"
                on_edit=Callback::new(move |_| draft.touch("port"))
            />
        </div>
        <TextField
            label="Target Name"
            value=draft.target
            error=draft.error(&["target"])
            disabled=disabled
            placeholder="iqn.2026-01.com.example:storage"
            on_edit=Callback::new(move |_| draft.touch("target"))
        />
        <div class="field-row">
            <TextField
                label="CHAP username"
                value=draft.username
                disabled=disabled
                on_edit=Callback::new(move |_| draft.touch("username"))
            />
            <TextField
                label="CHAP password"
                value=draft.password
                disabled=disabled
                input_type="password"
                hint="Leave empty to keep the stored password."
                on_edit=Callback::new(move |_| draft.touch("password"))
            />
        </div>
    }
}

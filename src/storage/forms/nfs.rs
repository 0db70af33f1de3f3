//! NFS: Export Path, and the "Custom Connection Parameters" section.

use super::ConnectionDraft;
use crate::ui::{SelectField, TextField};
use leptos::prelude::*;
use storage_model::NfsVersion;

const SECTION: &[&str] = &["nfs_version", "nfs_retrans", "nfs_timeo", "mount_options"];

#[component]
pub fn NfsForm(draft: ConnectionDraft, #[prop(into)] editable: Signal<bool>) -> impl IntoView {
    let disabled = Signal::derive(move || !editable.get());
    let versions: Vec<(String, String)> = NfsVersion::ALL
        .iter()
        .map(|v| (v.as_str().to_string(), v.label().to_string()))
        .collect();
    let open = RwSignal::new(false);
    view! {
        <TextField
            label="Export Path"
            value=draft.export_path
            error=draft.error(&["path", "address"])
            disabled=disabled
            placeholder="server.example.com:/exports/data"
            hint="The NFS server and its exported path, as server:/path."
            on_edit=Callback::new(move |_| {
                draft.touch("path");
                draft.touch("address")
            })
        />
        <details
            class="section"
            prop:open=move || open.get() || draft.has_problem_in(SECTION)
            on:toggle=move |ev| {
                let el: web_sys::HtmlDetailsElement = event_target(&ev);
                open.set(el.open());
            }
        >
            <summary>"Custom Connection Parameters"</summary>
            <SelectField
                label="NFS Version"
                value=draft.nfs_version
                options=versions
                disabled=disabled
                error=draft.error(&["nfs_version"])
                on_edit=Callback::new(move |_| draft.touch("nfs_version"))
            />
            <TextField
                label="Retransmissions (#)"
                value=draft.nfs_retrans
                error=draft.error(&["nfs_retrans"])
                disabled=disabled
                input_type="number"
                hint="0 to 32767. Empty uses the engine's default."
                on_edit=Callback::new(move |_| draft.touch("nfs_retrans"))
            />
            <TextField
                label="Timeout (deciseconds)"
                value=draft.nfs_timeo
                error=draft.error(&["nfs_timeo"])
                disabled=disabled
                input_type="number"
                hint="1 to 6000 tenths of a second (600 = 60 s). Empty uses the engine's default."
                on_edit=Callback::new(move |_| draft.touch("nfs_timeo"))
            />
            <TextField
                label="Additional mount options"
                value=draft.mount_options
                error=draft.error(&["mount_options"])
                disabled=disabled
                placeholder="soft,nosharecache"
                hint="Comma-separated. The engine sets timeo, retrans and the version itself."
                on_edit=Callback::new(move |_| draft.touch("mount_options"))
            />
        </details>
    }
}

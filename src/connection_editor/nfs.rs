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
    // The server's exports, asked for once the server part is typed (NFSv3 servers answer).
    let exports = RwSignal::new(Vec::<String>::new());
    let asked = RwSignal::new(String::new());
    let session = crate::session::Session::get();
    let suggest = Callback::new(move |_| {
        // (Listing exports is this engine's extension: in front of oVirt's, nothing to ask.)
        if session.extensions.get_untracked() != Some(true) {
            return;
        }
        let (address, _) = super::split_export(&draft.export_path.get_untracked());
        let Some(address) = address.filter(|a| !a.is_empty()) else {
            return;
        };
        if asked.get_untracked() == address {
            return;
        }
        asked.set(address.clone());
        leptos::task::spawn_local_scoped_with_cancellation(async move {
            if let Ok(list) = crate::api::probes::exports(&address).await {
                exports.set(list.into_iter().map(|p| format!("{address}:{p}")).collect());
            }
        });
    });
    view! {
        <TextField
            label="Export Path"
            value=draft.export_path
            error=draft.error(&["path", "address"])
            disabled=disabled
            placeholder="server.example.com:/exports/data"
            hint="The NFS server and its exported path, as server:/path."
            suggestions=exports
            on_blur=suggest
            on_edit=Callback::new(move |_| {
                draft.touch("path");
                draft.touch("address")
            })
        />
        // The signal alone decides whether the section is open (a problem inside opens it); the
        // summary toggles the signal instead of the element, so the two never chase each other.
        <details class="section" prop:open=move || open.get() || draft.has_problem_in(SECTION)>
            <summary on:click=move |ev| {
                ev.prevent_default();
                open.update(|o| *o = !*o);
            }>"Custom Connection Parameters"</summary>
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

//! POSIX compliant FS: Path, VFS Type, Mount Options.

use super::ConnectionDraft;
use crate::ui::TextField;
use leptos::prelude::*;

#[component]
pub fn PosixForm(draft: ConnectionDraft, #[prop(into)] editable: Signal<bool>) -> impl IntoView {
    let disabled = Signal::derive(move || !editable.get());
    let nfs_vfs = move || draft.vfs_type.get().trim().eq_ignore_ascii_case("nfs");
    view! {
        <TextField
            label="Path"
            value=draft.export_path
            error=draft.error(&["path", "address"])
            disabled=disabled
            placeholder="server.example.com:/volumes/data or /dev/mapper/lv"
            on_edit=Callback::new(move |_| draft.touch("path"))
        />
        <TextField
            label="VFS Type"
            value=draft.vfs_type
            error=draft.error(&["vfs_type"])
            disabled=disabled
            placeholder="ceph, glusterfs, xfs…"
            on_edit=Callback::new(move |_| draft.touch("vfs_type"))
        />
        <Show when=nfs_vfs>
            <p class="notice" role="note">
                "For NFS storage use the NFS storage type: it manages the NFS version, timeout and retransmissions for you."
            </p>
        </Show>
        <TextField
            label="Mount Options"
            value=draft.mount_options
            error=draft.error(&["mount_options"])
            disabled=disabled
            on_edit=Callback::new(move |_| draft.touch("mount_options"))
        />
    }
}

//! Add or edit one connection, with the per-type form and an optional host that connects.

use crate::api::datacenters;
use crate::api::loaded::Loaded;
use crate::connection_editor::save::{self, Prepared};
use crate::connection_editor::{
    storage_type_options, up_hosts, ConnectionDraft, ConnectionForm, HostChoice, HostToUse,
};
use crate::ui::{Dialog, DialogFooter, SelectField};
use leptos::prelude::*;
use storage_model::{Host, StorageConnection, StorageType};

#[component]
pub fn ConnectionDialog(
    /// The connection to edit; `None` adds a new one.
    existing: Option<StorageConnection>,
    on_close: Callback<()>,
    /// Called with a summary once saved.
    on_saved: Callback<String>,
) -> impl IntoView {
    let editing = existing.is_some();
    let draft = match &existing {
        Some(c) => ConnectionDraft::from_wire(c),
        None => ConnectionDraft::new(StorageType::Nfs),
    };
    let stored = draft.to_wire().ok().filter(|_| editing);
    let type_text = RwSignal::new(draft.storage_type.get_untracked().as_str().to_string());
    Effect::new(move |_| {
        if let Ok(t) = type_text.get().parse::<StorageType>() {
            if t != draft.storage_type.get_untracked() {
                draft.storage_type.set(t);
            }
        }
    });
    let hosts = Loaded::<Vec<Host>>::default();
    hosts.load(datacenters::hosts());
    let up = Signal::derive(move || hosts.with(|h| h.map(|h| up_hosts(h)).unwrap_or_default()));
    let host = HostChoice::new(up, false);
    let banner = RwSignal::new(None::<String>);
    let id = existing.as_ref().and_then(|c| c.id.clone());

    let send = Action::new_local(move |c: &StorageConnection| {
        let (c, id, host) = (c.clone(), id.clone(), host.chosen());
        async move {
            match save::send(draft, id, c, host).await {
                Ok(saved) => on_saved.run(format!("Saved connection {}", saved.summary())),
                Err(e) => banner.set(Some(e.message())),
            }
        }
    });
    let busy = send.pending();
    let submit = move || {
        if busy.get_untracked() {
            return;
        }
        banner.set(None);
        match save::prepare(draft, stored.as_ref()) {
            Prepared::Invalid => banner.set(Some(save::CORRECT_FIRST.into())),
            Prepared::Unchanged => on_close.run(()),
            Prepared::Changed(c) => {
                send.dispatch_local(*c);
            }
        }
    };
    let title = if editing {
        "Edit Connection"
    } else {
        "New Connection"
    };
    view! {
        <Dialog title=title on_close=on_close class="wide">
            <form class="dialog-body" on:submit=move |ev| { ev.prevent_default(); submit(); }>
                {move || banner.get().map(|b| view! { <div class="dialog-error" role="alert">{b}</div> })}
                <SelectField
                    label="Storage Type"
                    value=type_text
                    options=storage_type_options()
                    disabled=Signal::derive(move || editing)
                />
                <HostToUse choice=host up_hosts=up />
                <ConnectionForm draft editable=Signal::derive(|| true) />
                <DialogFooter busy on_close />
            </form>
        </Dialog>
    }
}

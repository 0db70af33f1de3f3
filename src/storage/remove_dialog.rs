//! "Remove Storage": confirmation naming the domain, the host that removes it, and "Format Domain".

use super::state::StorageCtx;
use crate::api::domains::{self, DomainRow};
use crate::connection_editor::{HostChoice, HostToUse};
use crate::ui::{CheckboxField, Dialog, DialogFooter};
use leptos::prelude::*;

#[component]
pub fn RemoveDomainDialog(row: DomainRow, on_close: Callback<()>) -> impl IntoView {
    let ctx = expect_context::<StorageCtx>();
    let up = Signal::derive(move || ctx.up_hosts());
    let host = HostChoice::new(up, true);
    let format = RwSignal::new(false);
    let banner = RwSignal::new(None::<String>);
    let name = row.name();
    let id = row.id();
    let navigate = leptos_router::hooks::use_navigate();
    let send = Action::new_local(move |(host, format): &(String, bool)| {
        let (id, name, host, format) = (id.clone(), name.clone(), host.clone(), *format);
        let navigate = navigate.clone();
        async move {
            match domains::remove(&id, &host, format).await {
                Ok(_) => {
                    ctx.dialog_done(on_close, format!("Removed storage domain {name}"));
                    navigate("/storage", Default::default());
                }
                Err(e) => banner.set(Some(e.message())),
            }
        }
    });
    let busy = send.pending();
    let remove = move || {
        if busy.get_untracked() {
            return;
        }
        match host.chosen() {
            None => banner.set(Some("Choose a host that is up.".into())),
            Some(h) => {
                send.dispatch_local((h, format.get_untracked()));
            }
        }
    };
    view! {
        <Dialog title="Remove Storage" on_close=on_close>
            <form class="dialog-body" on:submit=move |ev| { ev.prevent_default(); remove(); }>
                {move || banner.get().map(|b| view! { <div class="dialog-error" role="alert">{b}</div> })}
                <p>"Are you sure you want to remove the storage domain " <strong>{row.name()}</strong> "?"</p>
                <HostToUse choice=host up_hosts=up optional=false />
                <CheckboxField label="Format Domain, i.e. Storage Content will be lost!" checked=format />
                <DialogFooter busy on_close busy_label="Removing…" danger=true />
            </form>
        </Dialog>
    }
}

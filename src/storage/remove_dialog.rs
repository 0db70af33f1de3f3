//! "Remove Storage": confirmation naming the domain, the host that removes it, and "Format Domain".

use super::state::StorageCtx;
use crate::api::domains::{self, DomainRow};
use crate::ui::{CheckboxField, Dialog, SelectField};
use leptos::prelude::*;
use leptos::task::spawn_local;

#[component]
pub fn RemoveDomainDialog(row: DomainRow, on_close: Callback<()>) -> impl IntoView {
    let ctx = expect_context::<StorageCtx>();
    let (host, host_chosen) = ctx.host_choice();
    let format = RwSignal::new(false);
    let busy = RwSignal::new(false);
    let banner = RwSignal::new(None::<String>);
    let name = row.name();
    let id = row.id();
    let navigate = leptos_router::hooks::use_navigate();
    let remove = {
        let name = name.clone();
        move || {
            if busy.get_untracked() {
                return;
            }
            let h = host.get_untracked();
            if h.is_empty() {
                banner.set(Some("Choose a host that is up.".into()));
                return;
            }
            busy.set(true);
            let (id, name) = (id.clone(), name.clone());
            let navigate = navigate.clone();
            let fmt = format.get_untracked();
            spawn_local(async move {
                match domains::remove(&id, &h, fmt).await {
                    Ok(_) => {
                        busy.set(false);
                        on_close.run(());
                        ctx.done(Ok(format!("Removed storage domain {name}")));
                        navigate("/storage", Default::default());
                    }
                    Err(e) => {
                        banner.set(Some(e.message()));
                        busy.set(false);
                    }
                }
            });
        }
    };
    let hosts = Signal::derive(move || ctx.up_hosts());
    view! {
        <Dialog title="Remove Storage" on_close=on_close>
            <form class="dialog-body" on:submit=move |ev| { ev.prevent_default(); remove(); }>
                {move || banner.get().map(|b| view! { <div class="dialog-error" role="alert">{b}</div> })}
                <p>"Are you sure you want to remove the storage domain " <strong>{name.clone()}</strong> "?"</p>
                <SelectField label="Host to Use" value=host on_edit=host_chosen options=hosts />
                <CheckboxField label="Format Domain, i.e. Storage Content will be lost!" checked=format />
                <footer class="dialog-footer">
                    <button type="submit" class="danger" disabled=move || busy.get()>
                        {move || if busy.get() { "Removing…" } else { "OK" }}
                    </button>
                    <button type="button" class="secondary" on:click=move |_| on_close.run(())>"Cancel"</button>
                </footer>
            </form>
        </Dialog>
    }
}

//! "New Domain": name, function, storage type, host and the connection form (`form.rs`), added
//! in one request (the engine adds the connection and the domain together, or neither); iSCSI
//! domains are added over a LUN reached through the target.

mod embedded;
mod form;
mod name;

use super::state::StorageCtx;
use crate::api::domains;
use crate::connection_editor::save;
use crate::ui::{Dialog, DialogFooter};
use form::{NewDomain, NewDomainForm};
use leptos::prelude::*;
use storage_model::StorageDomain;

#[component]
pub fn NewDomainDialog(on_close: Callback<()>) -> impl IntoView {
    let ctx = expect_context::<StorageCtx>();
    let form = NewDomain::new(Signal::derive(move || ctx.up_hosts()));
    let banner = RwSignal::new(None::<String>);
    let send = Action::new_local(move |domain: &StorageDomain| {
        let domain = domain.clone();
        async move {
            match domains::add(&domain).await {
                Ok(d) => {
                    let name = d.name.unwrap_or_default();
                    ctx.dialog_done(on_close, format!("Added storage domain {name}"));
                }
                Err(e) => {
                    // On the field the fault names: the name, or one of the connection's.
                    if e.field() == Some("name") {
                        form.name.server_error.set(Some(e.message()));
                    } else {
                        save::mark_fault(form.draft, &e);
                    }
                    banner.set(Some(e.message()));
                }
            }
        }
    });
    let busy = send.pending();
    let submit = move || {
        if busy.get_untracked() {
            return;
        }
        banner.set(None);
        match form.read() {
            Some(domain) => {
                send.dispatch_local(domain);
            }
            None => banner.set(Some(save::CORRECT_FIRST.into())),
        }
    };
    view! {
        <Dialog title="New Domain" on_close=on_close class="wide">
            <form class="dialog-body" on:submit=move |ev| { ev.prevent_default(); submit(); }>
                {move || banner.get().map(|b| view! { <div class="dialog-error" role="alert">{b}</div> })}
                <NewDomainForm form />
                <DialogFooter busy on_close />
            </form>
        </Dialog>
    }
}

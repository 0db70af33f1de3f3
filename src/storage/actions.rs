//! The Storage tab's actions (New Domain, Manage Domain, Remove): when each is enabled and why
//! not, and which dialog each opens. The toolbar and a row's context menu show the same list.

use super::manage::ManageDomainDialog;
use super::new_domain::NewDomainDialog;
use super::remove_dialog::RemoveDomainDialog;
use crate::api::domains::DomainRow;
use crate::session::Session;
use crate::ui::{deferred, for_selected, open_for, wasm_split, Later, MenuItem};
use leptos::prelude::*;
use storage_model::rules::permissions::ActionGroup;

/// The open dialog.
#[derive(Clone)]
pub enum Open {
    New,
    Manage(DomainRow),
    Remove(DomainRow),
}

/// The actions on the selected domain (`current`); choosing one sets `open`.
pub fn domain_actions(
    current: Memo<Option<DomainRow>>,
    open: RwSignal<Option<Open>>,
) -> Vec<MenuItem> {
    let session = Session::get();
    const NONE: &str = "Select a storage domain first.";
    vec![
        MenuItem {
            label: "New Domain",
            enabled: Signal::derive(move || {
                session.gate(ActionGroup::CreateStorageDomain, None, Ok(()))
            }),
            on_select: Callback::new(move |_| open.set(Some(Open::New))),
        },
        MenuItem {
            label: "Manage Domain",
            enabled: for_selected(current, NONE, move |r| {
                session.gate(
                    ActionGroup::ManipulateStorageDomain,
                    Some(&r.id()),
                    r.state().can_manage(),
                )
            }),
            on_select: open_for(current, open, Open::Manage),
        },
        MenuItem {
            label: "Remove",
            enabled: for_selected(current, NONE, move |r| {
                session.gate(
                    ActionGroup::CreateStorageDomain,
                    None,
                    r.state().can_remove(),
                )
            }),
            on_select: open_for(current, open, Open::Remove),
        },
    ]
}

/// The dialog `open` names, if any.
#[component]
pub fn OpenDialog(open: RwSignal<Option<Open>>) -> impl IntoView {
    move || {
        let close = Callback::new(move |_| open.set(None));
        open.get()
            .map(|o| deferred("this dialog", move || dialog(o.clone(), close)))
    }
}

/// The dialogs' code, fetched when the first opens.
#[wasm_split(storage_dialogs, wasm_split_path = ::leptos::wasm_split, fallible)]
fn dialog(open: Open, close: Callback<()>) -> Later {
    Ok(match open {
        Open::New => view! { <NewDomainDialog on_close=close /> }.into_any(),
        Open::Manage(row) => view! { <ManageDomainDialog row on_close=close /> }.into_any(),
        Open::Remove(row) => view! { <RemoveDomainDialog row on_close=close /> }.into_any(),
    })
}

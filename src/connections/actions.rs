//! The view's actions (New Connection, Edit, Remove): when each is enabled and why not, and
//! which dialog each opens. The toolbar and a row's context menu show the same list.

use super::lines::Line;
use super::remove_dialog::RemoveConnectionDialog;
use super::ConnectionDialog;
use crate::session::Session;
use crate::ui::{open_for, MenuItem};
use leptos::prelude::*;
use storage_model::rules::permissions::ActionGroup;
use storage_model::StorageConnection;

/// The open dialog.
#[derive(Clone)]
pub enum Open {
    New,
    Edit(StorageConnection),
    Remove(Line),
}

/// The actions on the selected connection (`current`); choosing one sets `open`.
pub fn connection_actions(
    current: Memo<Option<Line>>,
    open: RwSignal<Option<Open>>,
) -> Vec<MenuItem> {
    let session = Session::get();
    let gate = move |e| session.gate(ActionGroup::CreateStorageDomain, None, e);
    const NONE: &str = "Select a connection first.";
    vec![
        MenuItem {
            label: "New Connection",
            enabled: Signal::derive(move || gate(Ok(()))),
            on_select: Callback::new(move |_| open.set(Some(Open::New))),
        },
        MenuItem {
            label: "Edit",
            enabled: Signal::derive(move || {
                gate(match current.get() {
                    None => Err(NONE),
                    Some(_) => Ok(()),
                })
            }),
            on_select: open_for(current, open, |l| Open::Edit(l.connection)),
        },
        MenuItem {
            label: "Remove",
            // (The permission's reason first, as on the other actions of this view.)
            enabled: Signal::derive(move || {
                gate(match current.get() {
                    None => Err(NONE),
                    Some(l) if !l.used_by.is_empty() => {
                        Err("The connection is in use; remove or detach what uses it first.")
                    }
                    Some(_) => Ok(()),
                })
            }),
            on_select: open_for(current, open, Open::Remove),
        },
    ]
}

/// The dialog `open` names, if any; `on_done` gets what a finished one says.
#[component]
pub fn OpenDialog(open: RwSignal<Option<Open>>, on_done: Callback<String>) -> impl IntoView {
    move || {
        let close = Callback::new(move |_| open.set(None));
        open.get().map(|o| match o {
            Open::New => {
                view! { <ConnectionDialog existing=None on_close=close on_saved=on_done /> }
                    .into_any()
            }
            Open::Edit(c) => {
                view! { <ConnectionDialog existing=Some(c) on_close=close on_saved=on_done /> }
                    .into_any()
            }
            Open::Remove(line) => {
                view! { <RemoveConnectionDialog line on_close=close on_done /> }.into_any()
            }
        })
    }
}

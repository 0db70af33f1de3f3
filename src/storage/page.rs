//! The Storage tab page: loads domains, hosts and data centers, keeps them fresh, and hosts the
//! toolbar, the grid, the detail sub-tabs and the dialogs.

use super::detail::DomainDetail;
use super::grid::DomainGrid;
use super::manage::ManageDomainDialog;
use super::new_dialog::NewDomainDialog;
use super::remove_dialog::RemoveDomainDialog;
use super::state::StorageCtx;
use super::switch_selected::{Selection, SwitchSelected};
use crate::api::domains::DomainRow;
use crate::api::loaded::Phase;
use crate::refresh::{RefreshControl, Refresher};
use crate::session::Session;
use crate::ui::{ActionButton, LoadError, MenuItem, RefreshFailure, RowMenu};
use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_params_map};
use storage_model::rules::permissions::ActionGroup;

/// The open dialog.
#[derive(Clone)]
pub enum Open {
    New,
    Manage(DomainRow),
    Remove(DomainRow),
}

#[component]
pub fn StoragePage() -> impl IntoView {
    let refresher = Refresher::get();
    let ctx = StorageCtx::new(refresher);
    provide_context(ctx);
    Effect::new(move |_| {
        refresher.tick.track();
        ctx.reload();
    });

    let params = use_params_map();
    let selected = Signal::derive(move || params.with(|p| p.get("id")));
    let navigate = use_navigate();
    // Ctrl+click adds a domain to the selection (for Switch Storage…); a plain click starts anew.
    let many = Selection::new(selected);
    let on_select = Callback::new(move |id: String| {
        many.clear();
        navigate(&format!("/storage/{id}"), Default::default());
    });
    let on_mark = Callback::new(move |id: String| many.toggle(id));
    let current = Memo::new(move |_| {
        let id = selected.get()?;
        ctx.rows
            .with(|r| r.and_then(|rows| rows.iter().find(|r| r.id() == id).cloned()))
    });
    // Copied once per load (a derived signal would copy on every read).
    let rows = Memo::new(move |_| ctx.rows.get().unwrap_or_default());
    // The grid is built once and kept across refreshes; only the phase decides what shows.
    let phase = Memo::new(move |_| ctx.rows.phase());
    let open = RwSignal::new(None::<Open>);
    let has_selection = Memo::new(move |_| selected.get().is_some());

    let session = Session::get();
    let manage_enabled = Signal::derive(move || match current.get() {
        None => Err("Select a storage domain first."),
        Some(r) => session.gate(
            ActionGroup::ManipulateStorageDomain,
            Some(&r.id()),
            r.state().can_manage(),
        ),
    });
    let remove_enabled = Signal::derive(move || match current.get() {
        None => Err("Select a storage domain first."),
        Some(r) => session.gate(
            ActionGroup::CreateStorageDomain,
            None,
            r.state().can_remove(),
        ),
    });
    let new_enabled =
        Signal::derive(move || session.gate(ActionGroup::CreateStorageDomain, None, Ok(())));
    // The toolbar's actions, for the toolbar and a row's context menu alike.
    let on_new = Callback::new(move |_| open.set(Some(Open::New)));
    let on_manage = Callback::new(move |_| {
        if let Some(r) = current.get_untracked() {
            open.set(Some(Open::Manage(r)))
        }
    });
    let on_remove = Callback::new(move |_| {
        if let Some(r) = current.get_untracked() {
            open.set(Some(Open::Remove(r)))
        }
    });
    let menu = RwSignal::new(None::<(String, (i32, i32))>);
    let on_menu = Callback::new(move |at| menu.set(Some(at)));
    let menu_items = vec![
        MenuItem {
            label: "New Domain",
            enabled: new_enabled,
            on_select: on_new,
        },
        MenuItem {
            label: "Manage Domain",
            enabled: manage_enabled,
            on_select: on_manage,
        },
        MenuItem {
            label: "Remove",
            enabled: remove_enabled,
            on_select: on_remove,
        },
    ];

    view! {
        <section class="page">
            <div class="page-head">
                <h1>"Storage Domains"</h1>
                <RefreshControl />
            </div>
            <div class="toolbar" role="toolbar" aria-label="Storage domain actions">
                <ActionButton label="New Domain" enabled=new_enabled on_click=on_new primary=true />
                <ActionButton label="Manage Domain" enabled=manage_enabled on_click=on_manage />
                <ActionButton label="Remove" enabled=remove_enabled on_click=on_remove />
                <SwitchSelected chosen=many.chosen
                    on_error=Callback::new(move |e| ctx.notice.set(Some((false, e))))
                    on_closed=Callback::new(move |_| refresher.burst()) />
            </div>
            {move || {
                ctx.notice
                    .get()
                    .map(|(ok, text)| {
                        view! {
                            <div
                                class=if ok { "notice-bar ok" } else { "notice-bar error" }
                                role=if ok { "status" } else { "alert" }
                            >
                                <span>{text}</span>
                                <button
                                    type="button"
                                    class="icon-button"
                                    aria-label="Dismiss"
                                    on:click=move |_| ctx.notice.set(None)
                                >
                                    "×"
                                </button>
                            </div>
                        }
                    })
            }}
            <RefreshFailure loaded=ctx.rows />
            {move || match phase.get() {
                Phase::Loading => view! { <p class="loading" role="status">"Loading storage domains…"</p> }.into_any(),
                Phase::Failed(error) => {
                    view! {
                        <LoadError what="storage domains" error on_retry=move || ctx.reload() />
                    }
                        .into_any()
                }
                Phase::Ready => view! { <DomainGrid rows selected on_select marked=many.marked on_mark on_menu /> }.into_any(),
            }}
            <RowMenu label="Storage domain" open=menu items=menu_items />
            {move || has_selection.get().then(|| view! { <DomainDetail row=current /> })}
            {move || {
                let close = Callback::new(move |_| open.set(None));
                open.get()
                    .map(|o| match o {
                        Open::New => view! { <NewDomainDialog on_close=close /> }.into_any(),
                        Open::Manage(row) => view! { <ManageDomainDialog row on_close=close /> }.into_any(),
                        Open::Remove(row) => view! { <RemoveDomainDialog row on_close=close /> }.into_any(),
                    })
            }}
        </section>
    }
}

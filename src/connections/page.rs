//! Every storage connection with what uses it; add, edit and remove.

use super::ConnectionDialog;
use crate::api::loaded::{Loaded, Phase};
use crate::api::{connections, datacenters, get_json, ApiError};
use crate::refresh::{RefreshControl, Refresher};
use crate::session::Session;
use crate::ui::{
    ActionButton, Dialog, DialogFooter, LoadError, MenuItem, RefreshFailure, RowMenu, Spacer,
    VirtualRows,
};
use futures::future::try_join3;
use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_params_map};
use std::collections::HashMap;
use storage_model::rules::permissions::ActionGroup;
use storage_model::{StorageConnection, StorageDomains};
use wasm_bindgen::JsCast;

/// A connection and the names of what uses it.
#[derive(Clone, PartialEq)]
struct Line {
    connection: StorageConnection,
    used_by: Vec<String>,
}

impl Line {
    fn id(&self) -> String {
        self.connection.id.clone().unwrap_or_default()
    }
}

/// Every connection with its users: three requests in parallel (domains come with their
/// connections inline; a direct-LUN disk names the portals and targets it is seen through).
async fn load() -> Result<Vec<Line>, ApiError> {
    let (all, domains, disks) = try_join3(
        connections::list(),
        get_json::<StorageDomains>("/storagedomains?follow=storage_connections"),
        datacenters::disks(),
    )
    .await?;
    let mut used: HashMap<String, Vec<String>> = HashMap::new();
    for d in domains.storage_domain {
        let name = d.name.unwrap_or_default();
        for c in d.storage_connections.unwrap_or_default().storage_connection {
            used.entry(c.id.unwrap_or_default())
                .or_default()
                .push(format!("{name} (domain)"));
        }
    }
    for c in &all {
        for d in disks.iter().filter(|d| d.uses_connection(c)) {
            used.entry(c.id.clone().unwrap_or_default())
                .or_default()
                .push(format!("{} (disk)", d.alias.clone().unwrap_or_default()));
        }
    }
    crate::perf::mark("connections:loaded");
    Ok(all
        .into_iter()
        .map(|c| {
            let used_by = used
                .remove(c.id.as_deref().unwrap_or_default())
                .unwrap_or_default();
            Line {
                connection: c,
                used_by,
            }
        })
        .collect())
}

#[derive(Clone)]
enum Open {
    New,
    Edit(StorageConnection),
    Remove(Line),
}

#[component]
pub fn ConnectionsPage() -> impl IntoView {
    let refresher = Refresher::get();
    let lines = Loaded::<Vec<Line>>::default();
    let notice = RwSignal::new(None::<(bool, String)>);
    let reload = move || lines.load(load());
    Effect::new(move |_| {
        refresher.tick.track();
        reload();
    });
    let params = use_params_map();
    let selected = Signal::derive(move || params.with(|p| p.get("id")));
    let navigate = use_navigate();
    let select = move |id: String| navigate(&format!("/connections/{id}"), Default::default());
    let current = Memo::new(move |_| {
        let id = selected.get()?;
        lines.with(|l| l.and_then(|l| l.iter().find(|x| x.id() == id).cloned()))
    });
    // Copied once per load; the table is built once and kept across refreshes.
    let items = Memo::new(move |_| lines.get().unwrap_or_default());
    let phase = Memo::new(move |_| lines.phase());
    let open = RwSignal::new(None::<Open>);
    let session = Session::get();
    let gate = move |e| session.gate(ActionGroup::CreateStorageDomain, None, e);
    let new_enabled = Signal::derive(move || gate(Ok(())));
    let edit_enabled = Signal::derive(move || {
        gate(match current.get() {
            None => Err("Select a connection first."),
            Some(_) => Ok(()),
        })
    });
    let remove_enabled = Signal::derive(move || {
        gate(match current.get() {
            None => Err("Select a connection first."),
            Some(l) if !l.used_by.is_empty() => {
                Err("The connection is in use; remove or detach what uses it first.")
            }
            Some(_) => Ok(()),
        })
    });
    let done = move |text: String| {
        open.set(None);
        notice.set(Some((true, text)));
        refresher.burst();
    };
    // The toolbar's actions, for the toolbar and a row's context menu alike.
    let on_new = Callback::new(move |_| open.set(Some(Open::New)));
    let on_edit = Callback::new(move |_| {
        if let Some(l) = current.get_untracked() {
            open.set(Some(Open::Edit(l.connection)))
        }
    });
    let on_remove = Callback::new(move |_| {
        if let Some(l) = current.get_untracked() {
            open.set(Some(Open::Remove(l)))
        }
    });
    let menu = RwSignal::new(None::<(String, (i32, i32))>);
    let on_menu = Callback::new(move |at| menu.set(Some(at)));
    let menu_items = vec![
        MenuItem {
            label: "New Connection",
            enabled: new_enabled,
            on_select: on_new,
        },
        MenuItem {
            label: "Edit",
            enabled: edit_enabled,
            on_select: on_edit,
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
                <h1>"Storage Connections"</h1>
                <RefreshControl />
            </div>
            <div class="toolbar" role="toolbar" aria-label="Connection actions">
                <ActionButton label="New Connection" enabled=new_enabled primary=true on_click=on_new />
                <ActionButton label="Edit" enabled=edit_enabled on_click=on_edit />
                <ActionButton label="Remove" enabled=remove_enabled on_click=on_remove />
            </div>
            {move || notice.get().map(|(ok, text)| view! {
                <div class=if ok { "notice-bar ok" } else { "notice-bar error" } role=if ok { "status" } else { "alert" }>
                    <span>{text}</span>
                    <button type="button" class="icon-button" aria-label="Dismiss" on:click=move |_| notice.set(None)>"×"</button>
                </div>
            })}
            <RefreshFailure loaded=lines />
            {move || match phase.get() {
                Phase::Loading => view! { <p class="loading" role="status">"Loading storage connections…"</p> }.into_any(),
                Phase::Failed(error) => view! { <LoadError what="storage connections" error on_retry=reload /> }.into_any(),
                Phase::Ready => view! { <ConnectionTable items selected select=Callback::new(select.clone()) on_menu /> }.into_any(),
            }}
            <RowMenu label="Storage connection" open=menu items=menu_items />
            {move || open.get().map(|o| {
                let close = Callback::new(move |_| open.set(None));
                match o {
                    Open::New => view! { <ConnectionDialog existing=None on_close=close on_saved=Callback::new(done) /> }.into_any(),
                    Open::Edit(c) => view! { <ConnectionDialog existing=Some(c) on_close=close on_saved=Callback::new(done) /> }.into_any(),
                    Open::Remove(l) => view! { <RemoveConnectionDialog line=l on_close=close on_done=Callback::new(done) /> }.into_any(),
                }
            })}
        </section>
    }
}

/// The connections, only those in view in the DOM (there may be tens of thousands).
#[component]
fn ConnectionTable(
    items: Memo<Vec<Line>>,
    selected: Signal<Option<String>>,
    select: Callback<String>,
    on_menu: Callback<(String, (i32, i32))>,
) -> impl IntoView {
    let win = VirtualRows::new(Signal::derive(move || items.with(Vec::len)));
    let slice = Memo::new(move |_| {
        let (start, end) = win.range.get();
        items.with(|l| {
            l.get(start..end)
                .unwrap_or_default()
                .iter()
                .enumerate()
                .map(|(k, line)| (start + k, line.clone()))
                .collect::<Vec<_>>()
        })
    });
    crate::perf::mark_first_paint("connections:painted", move || slice.with(|s| !s.is_empty()));
    view! {
        <Show
            when=move || items.with(|l| !l.is_empty())
            fallback=|| view! { <p class="empty">"No storage connections yet."</p> }
        >
            <div class="grid-scroll" node_ref=win.scroller on:scroll=move |_| win.measure()>
                <table class="grid virtual" aria-label="Storage connections" aria-rowcount=move || items.with(Vec::len) + 1>
                    <thead><tr aria-rowindex="1">
                        <th scope="col">"Type"</th><th scope="col">"Address"</th><th scope="col">"Path / Target"</th>
                        <th scope="col" class="num">"Port"</th><th scope="col">"Used by"</th><th scope="col">"ID"</th>
                    </tr></thead>
                    <tbody node_ref=win.body>
                        <Spacer px=Signal::derive(move || win.top_px()) columns=6 />
                        <For
                            each=move || slice.get()
                            key=|(i, l)| (*i, l.id(), l.connection.summary(), l.connection.port, l.used_by.clone())
                            let:item
                        >
                            <ConnectionLine line=item.1 index=item.0 selected select on_menu />
                        </For>
                        <Spacer px=Signal::derive(move || win.bottom_px()) columns=6 />
                    </tbody>
                </table>
            </div>
        </Show>
    }
}

#[component]
fn ConnectionLine(
    line: Line,
    index: usize,
    selected: Signal<Option<String>>,
    select: Callback<String>,
    on_menu: Callback<(String, (i32, i32))>,
) -> impl IntoView {
    let id = line.id();
    let menu_id = id.clone();
    let c = line.connection;
    let sel = {
        let id = id.clone();
        move || selected.get().as_deref() == Some(id.as_str())
    };
    let sel2 = sel.clone();
    let (click, key_id) = (id.clone(), id.clone());
    let used_by = if line.used_by.is_empty() {
        "—".to_string()
    } else {
        line.used_by.join(", ")
    };
    view! {
        <tr data-id=id.clone() aria-rowindex=index + 2 class:selected=sel.clone()
            aria-selected=move || if sel() { "true" } else { "false" }
            tabindex="0"
            on:click=move |_| select.run(click.clone())
            on:keydown=move |ev: web_sys::KeyboardEvent| {
                let key = ev.key();
                if key == "Enter" || key == " " {
                    ev.prevent_default();
                    select.run(key_id.clone());
                } else if key == "ContextMenu" || (key == "F10" && ev.shift_key()) {
                    ev.prevent_default();
                    select.run(key_id.clone());
                    if let Some(row) = ev.current_target().and_then(|t| t.dyn_into::<web_sys::Element>().ok()) {
                        on_menu.run((key_id.clone(), crate::ui::context_menu::under(&row)));
                    }
                }
            }
            on:contextmenu=move |ev: web_sys::MouseEvent| {
                ev.prevent_default();
                select.run(menu_id.clone());
                on_menu.run((menu_id.clone(), (ev.client_x(), ev.client_y())));
            }
        >
            <td>{c.storage_type.map(|t| t.label())}</td>
            <td class="mono">{c.address.clone()}</td>
            <td class="mono clip" title=c.target.clone().or(c.path.clone())>{c.target.clone().or(c.path.clone())}</td>
            <td class="num">{c.port.map(|p| p.to_string())}</td>
            <td class="clip" title=used_by.clone()>{used_by.clone()}</td>
            <td class="mono small" class:strong=sel2>{id.clone()}</td>
        </tr>
    }
}

#[component]
fn RemoveConnectionDialog(
    line: Line,
    on_close: Callback<()>,
    on_done: Callback<String>,
) -> impl IntoView {
    let banner = RwSignal::new(None::<String>);
    let summary = line.connection.summary();
    let id = line.id();
    let navigate = use_navigate();
    let send = Action::new_local({
        let summary = summary.clone();
        move |_: &()| {
            let (id, summary, navigate) = (id.clone(), summary.clone(), navigate.clone());
            async move {
                match connections::remove(&id).await {
                    Ok(_) => {
                        on_done.run(format!("Removed connection {summary}"));
                        navigate("/connections", Default::default());
                    }
                    Err(e) => banner.set(Some(e.message())),
                }
            }
        }
    });
    let busy = send.pending();
    let remove = move || {
        if !busy.get_untracked() {
            send.dispatch_local(());
        }
    };
    view! {
        <Dialog title="Remove Connection" on_close=on_close>
            <form class="dialog-body" on:submit=move |ev| { ev.prevent_default(); remove(); }>
                {move || banner.get().map(|b| view! { <div class="dialog-error" role="alert">{b}</div> })}
                <p>"Are you sure you want to remove the connection " <strong class="mono">{summary.clone()}</strong> "?"</p>
                <DialogFooter busy on_close busy_label="Removing…" danger=true />
            </form>
        </Dialog>
    }
}

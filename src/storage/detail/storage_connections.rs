//! Storage Connections: the paths of an iSCSI domain (attach, detach) and editing them.

use super::super::state::StorageCtx;
use crate::api::connections;
use crate::api::domains::DomainRow;
use crate::api::loaded::{Loaded, Phase};
use crate::connections::ConnectionDialog;
use crate::session::Session;
use crate::ui::{ActionButton, RefreshFailure};
use leptos::prelude::*;
use storage_model::rules::actions::Enablement;
use storage_model::rules::permissions::ActionGroup;
use storage_model::{StorageConnection, StorageType};

const NOT_EDITABLE: &str =
    "Put the domain in maintenance (or detach it) to change its connections.";

/// Attaching a connection to the domain, or detaching one: (connection id, what to report).
#[derive(Clone)]
enum Change {
    Attach(String),
    Detach(String, String),
}

#[component]
pub fn ConnectionsTab(row: Signal<Option<DomainRow>>) -> impl IntoView {
    let ctx = expect_context::<StorageCtx>();
    let list = Loaded::<Vec<StorageConnection>>::default();
    let all = Loaded::<Vec<StorageConnection>>::default();
    let editing = RwSignal::new(None::<StorageConnection>);
    let id = move || row.get_untracked().map(|r| r.id()).unwrap_or_default();
    Effect::new(move |_| {
        ctx.refresher.tick.track();
        let domain = id();
        list.load(async move { connections::of_domain(&domain).await });
        all.load(connections::list());
    });
    let is_block = Signal::derive(move || {
        row.get()
            .is_some_and(|r| r.storage_type() == StorageType::Iscsi)
    });
    let editable = move || {
        if row.get().is_some_and(|r| r.state().connection_editable()) {
            Ok(())
        } else {
            Err(NOT_EDITABLE)
        }
    };
    let session = Session::get();
    let may_attach = Signal::derive(move || {
        session.gate(
            ActionGroup::ManipulateStorageDomain,
            Some(&id()),
            editable(),
        )
    });
    let may_edit =
        Signal::derive(move || session.gate(ActionGroup::CreateStorageDomain, None, editable()));
    let change = Action::new_local(move |c: &Change| {
        let (c, domain) = (c.clone(), id());
        async move {
            let done = match c {
                Change::Attach(conn) => connections::attach(&domain, &conn)
                    .await
                    .map(|_| "Connection attached".to_string()),
                Change::Detach(conn, summary) => connections::detach(&domain, &conn)
                    .await
                    .map(|_| format!("Detached {summary}")),
            };
            ctx.done(done);
        }
    });
    let on_change = Callback::new(move |c: Change| {
        change.dispatch_local(c);
    });
    view! {
        <Show when=move || is_block.get()>
            <AttachBar list all may_attach on_change />
        </Show>
        <RefreshFailure loaded=list />
        {move || match (list.phase(), list.get()) {
            (Phase::Failed(e), _) => view! { <p class="field-error">{e.message()}</p> }.into_any(),
            (_, None) => view! { <p class="loading">"Loading connections…"</p> }.into_any(),
            (_, Some(items)) => view! {
                <table class="grid compact" aria-label="Domain connections">
                    <thead><tr>
                        <th scope="col">"Type"</th><th scope="col">"Address"</th><th scope="col">"Path / Target"</th><th scope="col">"Port"</th><th scope="col"><span class="sr-only">"Actions"</span></th>
                    </tr></thead>
                    <tbody>
                        {items.into_iter().map(|c| view! {
                            <ConnectionRow c is_block may_edit may_attach on_edit=Callback::new(move |c| editing.set(Some(c))) on_change />
                        }).collect_view()}
                    </tbody>
                </table>
            }.into_any(),
        }}
        {move || editing.get().map(|c| view! {
            <ConnectionDialog
                existing=Some(c)
                on_close=Callback::new(move |_| editing.set(None))
                on_saved=Callback::new(move |text: String| { editing.set(None); ctx.done(Ok(text)); })
            />
        })}
    }
}

/// The iSCSI connections not yet the domain's, to attach one.
#[component]
fn AttachBar(
    list: Loaded<Vec<StorageConnection>>,
    all: Loaded<Vec<StorageConnection>>,
    may_attach: Signal<Enablement>,
    on_change: Callback<Change>,
) -> impl IntoView {
    let ctx = expect_context::<StorageCtx>();
    let chosen = RwSignal::new(String::new());
    let candidates = move || {
        let mine: Vec<String> = list.with(|l| {
            l.into_iter()
                .flatten()
                .filter_map(|c| c.id.clone())
                .collect()
        });
        all.get()
            .unwrap_or_default()
            .into_iter()
            .filter(|c| c.storage_type == Some(StorageType::Iscsi))
            .filter(|c| c.id.as_ref().is_some_and(|id| !mine.contains(id)))
            .collect::<Vec<_>>()
    };
    let attach = move |_| {
        let conn = chosen.get_untracked();
        if conn.is_empty() {
            ctx.notice.set(Some((
                false,
                "Choose the connection to attach first.".into(),
            )));
            return;
        }
        chosen.set(String::new());
        on_change.run(Change::Attach(conn));
    };
    view! {
        <div class="toolbar" role="toolbar" aria-label="Connection actions">
            <label class="inline">
                "Connection to attach "
                // Keyed options and a bound value: a refresh never drops the user's choice.
                <select
                    on:change=move |ev| chosen.set(event_target_value(&ev))
                    prop:value=move || chosen.get()
                    aria-label="Connection to attach"
                >
                    <option value="">"Choose an iSCSI connection…"</option>
                    <For each=candidates key=|c| (c.id.clone(), c.summary()) let:c>
                        <option value=c.id.clone().unwrap_or_default()>{c.summary()}</option>
                    </For>
                </select>
            </label>
            <ActionButton label="Attach Connection" enabled=may_attach on_click=Callback::new(attach) />
        </div>
    }
}

/// One of the domain's connections: Edit, and Detach for iSCSI.
#[component]
fn ConnectionRow(
    c: StorageConnection,
    is_block: Signal<bool>,
    may_edit: Signal<Enablement>,
    may_attach: Signal<Enablement>,
    on_edit: Callback<StorageConnection>,
    on_change: Callback<Change>,
) -> impl IntoView {
    let cid = c.id.clone().unwrap_or_default();
    let summary = c.summary();
    let edit_c = c.clone();
    let row_id = cid.clone();
    view! {
        <tr data-id=row_id>
            <td>{c.storage_type.map(|t| t.label())}</td>
            <td class="mono">{c.address.clone()}</td>
            <td class="mono">{c.target.clone().or(c.path.clone())}</td>
            <td class="num">{c.port.map(|p| p.to_string())}</td>
            <td class="row-actions">
                <ActionButton
                    label="Edit"
                    enabled=may_edit
                    on_click=Callback::new(move |_| on_edit.run(edit_c.clone()))
                />
                <Show when=move || is_block.get()>
                    {
                        let (cid, summary) = (cid.clone(), summary.clone());
                        view! {
                            <ActionButton
                                label="Detach"
                                enabled=may_attach
                                on_click=Callback::new(move |_| on_change.run(Change::Detach(cid.clone(), summary.clone())))
                            />
                        }
                    }
                </Show>
            </td>
        </tr>
    }
}

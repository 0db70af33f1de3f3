//! Storage Connections: the paths of an iSCSI domain (attach, detach) and editing them.

use super::super::state::StorageCtx;
use crate::api::connections;
use crate::api::domains::DomainRow;
use crate::api::loaded::{Loaded, Phase};
use crate::connections::ConnectionDialog;
use crate::session::Session;
use crate::ui::{ActionButton, RefreshFailure};
use leptos::prelude::*;
use leptos::task::spawn_local;
use storage_model::rules::permissions::ActionGroup;
use storage_model::{StorageConnection, StorageType};

#[component]
pub fn ConnectionsTab(row: Signal<Option<DomainRow>>) -> impl IntoView {
    let ctx = expect_context::<StorageCtx>();
    let list = Loaded::<Vec<StorageConnection>>::default();
    let all = Loaded::<Vec<StorageConnection>>::default();
    let editing = RwSignal::new(None::<StorageConnection>);
    let chosen = RwSignal::new(String::new());
    let id = move || row.get_untracked().map(|r| r.id()).unwrap_or_default();
    Effect::new(move |_| {
        ctx.refresher.tick.track();
        let domain = id();
        list.load(async move { connections::of_domain(&domain).await });
        all.load(connections::list());
    });
    let is_block = move || {
        row.get()
            .is_some_and(|r| r.storage_type() == StorageType::Iscsi)
    };
    let editable = move || row.get().is_some_and(|r| r.state().connection_editable());
    let reason = "Put the domain in maintenance (or detach it) to change its connections.";
    let session = Session::get();
    let may_attach = move || {
        let state = if editable() { Ok(()) } else { Err(reason) };
        session.gate(ActionGroup::ManipulateStorageDomain, Some(&id()), state)
    };
    let may_edit = move || {
        let state = if editable() { Ok(()) } else { Err(reason) };
        session.gate(ActionGroup::CreateStorageDomain, None, state)
    };
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
        let domain = id();
        chosen.set(String::new());
        spawn_local(async move {
            ctx.done(
                connections::attach(&domain, &conn)
                    .await
                    .map(|_| "Connection attached".to_string()),
            );
        });
    };
    view! {
        <Show when=is_block>
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
                        <For
                            each=candidates
                            key=|c| (c.id.clone(), c.summary())
                            let:c
                        >
                            <option value=c.id.clone().unwrap_or_default()>{c.summary()}</option>
                        </For>
                    </select>
                </label>
                <ActionButton
                    label="Attach Connection"
                    enabled=Signal::derive(may_attach)
                    on_click=Callback::new(attach)
                />
            </div>
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
                        {items.into_iter().map(|c| {
                            let cid = c.id.clone().unwrap_or_default();
                            let edit_c = c.clone();
                            let summary = c.summary();
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
                                            enabled=Signal::derive(may_edit)
                                            on_click=Callback::new(move |_| editing.set(Some(edit_c.clone())))
                                        />
                                        <Show when=is_block>
                                            {
                                                let cid = cid.clone();
                                                let summary = summary.clone();
                                                view! {
                                                    <ActionButton
                                                        label="Detach"
                                                        enabled=Signal::derive(may_attach)
                                                        on_click=Callback::new(move |_| {
                                                            let (domain, conn, summary) = (id(), cid.clone(), summary.clone());
                                                            spawn_local(async move {
                                                                ctx.done(connections::detach(&domain, &conn).await.map(|_| format!("Detached {summary}")));
                                                            });
                                                        })
                                                    />
                                                }
                                            }
                                        </Show>
                                    </td>
                                </tr>
                            }
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

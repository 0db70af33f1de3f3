//! The Storage Servers view.

use crate::api::loaded::{Loaded, Phase};
use crate::api::{connections, datacenters, domains, get_json, ApiError};
use crate::refresh::{RefreshControl, Refresher};
use crate::session::Session;
use crate::switch::{SwitchWizard, NO_SWITCH};
use crate::ui::{ActionButton, LoadError, RefreshFailure};
use futures::future::try_join4;
use leptos::prelude::*;
use std::collections::HashMap;
use storage_model::rules::permissions::ActionGroup;
use storage_model::rules::servers::{self, Server};
use storage_model::{StorageDomains, StorageSwitch};

/// A server and what is behind it, in words.
#[derive(Clone, PartialEq)]
struct Line {
    server: Server,
    kind: String,
    /// "data-nfs (Active)", …
    domains: Vec<String>,
    disks: Vec<String>,
}

/// Connections, the domains using each (with their statuses) and the LUN disks: four requests
/// in parallel.
async fn load() -> Result<Vec<Line>, ApiError> {
    let (all, with_connections, rows, disks) = try_join4(
        connections::list(),
        get_json::<StorageDomains>("/storagedomains?follow=storage_connections"),
        domains::list_rows(),
        datacenters::disks(),
    )
    .await?;
    let status: HashMap<String, &'static str> =
        rows.iter().map(|r| (r.id(), r.status.label())).collect();
    let mut behind: HashMap<String, Vec<String>> = HashMap::new();
    for d in &with_connections.storage_domain {
        let id = d.id.clone().unwrap_or_default();
        let label = format!(
            "{} ({})",
            d.name.clone().unwrap_or_default(),
            status.get(&id).copied().unwrap_or("Unattached")
        );
        for c in d
            .storage_connections
            .clone()
            .unwrap_or_default()
            .storage_connection
        {
            behind
                .entry(c.id.unwrap_or_default())
                .or_default()
                .push(label.clone());
        }
    }
    Ok(servers::group(&all)
        .into_iter()
        .map(|server| {
            let on: Vec<_> = all
                .iter()
                .filter(|c| {
                    server
                        .connections
                        .contains(&c.id.clone().unwrap_or_default())
                })
                .collect();
            let mut domains: Vec<String> = on
                .iter()
                .flat_map(|c| {
                    behind
                        .get(c.id.as_deref().unwrap_or(""))
                        .cloned()
                        .unwrap_or_default()
                })
                .collect();
            domains.sort();
            domains.dedup();
            let disks = disks
                .iter()
                .filter(|d| on.iter().any(|c| d.uses_connection(c)))
                .map(|d| d.alias.clone().unwrap_or_default())
                .collect();
            let mut kinds: Vec<&str> = on
                .iter()
                .filter_map(|c| c.storage_type.map(|t| t.label()))
                .collect();
            kinds.dedup();
            Line {
                kind: kinds.join(", "),
                server,
                domains,
                disks,
            }
        })
        .collect())
}

#[component]
pub fn ServersPage() -> impl IntoView {
    let refresher = Refresher::get();
    let lines = Loaded::<Vec<Line>>::default();
    let reload = move || lines.load(load());
    Effect::new(move |_| {
        refresher.tick.track();
        reload();
    });
    let selected = RwSignal::new(None::<String>);
    let current = Memo::new(move |_| {
        let label = selected.get()?;
        lines.with(|l| l.and_then(|l| l.iter().find(|x| x.server.label == label).cloned()))
    });
    let session = Session::get();
    let switch_enabled = Signal::derive(move || {
        session.gate(
            ActionGroup::CreateStorageDomain,
            None,
            session
                .extension(NO_SWITCH)
                .and_then(|_| match current.get() {
                    None => Err("Select the server that failed first."),
                    Some(_) => Ok(()),
                }),
        )
    });
    let wizard = RwSignal::new(None::<StorageSwitch>);
    let on_switch = Callback::new(move |_| {
        if let Some(l) = current.get_untracked() {
            wizard.set(Some(StorageSwitch {
                rules: vec![l.server.rule()],
                ..Default::default()
            }));
        }
    });
    let phase = Memo::new(move |_| lines.phase());
    view! {
        <section class="page">
            <div class="page-head">
                <h1>"Storage Servers"</h1>
                <RefreshControl />
            </div>
            <div class="toolbar" role="toolbar" aria-label="Server actions">
                <ActionButton label="Switch Storage…" enabled=switch_enabled primary=true on_click=on_switch />
            </div>
            <RefreshFailure loaded=lines />
            {move || match phase.get() {
                Phase::Loading => view! { <p class="loading" role="status">"Loading storage servers…"</p> }.into_any(),
                Phase::Failed(error) => view! { <LoadError what="storage servers" error on_retry=reload /> }.into_any(),
                Phase::Ready => view! { <ServerTable lines selected /> }.into_any(),
            }}
            {move || wizard.get().map(|request| view! {
                <SwitchWizard request on_close=Callback::new(move |_| { wizard.set(None); refresher.burst(); }) />
            })}
        </section>
    }
}

#[component]
fn ServerTable(lines: Loaded<Vec<Line>>, selected: RwSignal<Option<String>>) -> impl IntoView {
    let rows = move || lines.get().unwrap_or_default();
    view! {
        <table class="grid" aria-label="Storage servers">
            <thead><tr>
                <th scope="col">"Server"</th><th scope="col">"Type"</th><th scope="col" class="num">"Connections"</th>
                <th scope="col">"Storage domains"</th><th scope="col">"LUN disks"</th>
            </tr></thead>
            <tbody>
                <For each=rows key=|l| (l.server.label.clone(), l.domains.clone(), l.disks.clone()) let:line>
                    {
                        let label = line.server.label.clone();
                        let (pick, key) = (label.clone(), label.clone());
                        let sel = move || selected.get().as_deref() == Some(label.as_str());
                        view! {
                            <tr tabindex="0" class:selected=sel.clone() aria-selected=move || sel().to_string()
                                on:click=move |_| selected.set(Some(pick.clone()))
                                on:keydown=move |ev: web_sys::KeyboardEvent| if ev.key() == "Enter" || ev.key() == " " {
                                    ev.prevent_default();
                                    selected.set(Some(key.clone()));
                                }>
                                <td class="mono">{line.server.label.clone()}</td>
                                <td>{line.kind.clone()}</td>
                                <td class="num">{line.server.connections.len()}</td>
                                <td>{if line.domains.is_empty() { "—".to_string() } else { line.domains.join(", ") }}</td>
                                <td>{if line.disks.is_empty() { "—".to_string() } else { line.disks.join(", ") }}</td>
                            </tr>
                        }
                    }
                </For>
            </tbody>
        </table>
    }
}

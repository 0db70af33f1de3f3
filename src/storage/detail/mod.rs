//! The selected domain's sub-tabs (one file each): General, Data Center, Storage Connections,
//! Disks, and its Events.

mod data_center;
mod disks;
mod general;
mod storage_connections;

use data_center::DataCenterTab;
use disks::DisksTab;
use general::GeneralTab;
use storage_connections::ConnectionsTab;

use super::state::{StorageCtx, Tab};
use crate::api::domains::DomainRow;
use crate::events::EventList;
use leptos::prelude::*;

const TABS: &[(Tab, &str)] = &[
    (Tab::General, "General"),
    (Tab::DataCenter, "Data Center"),
    (Tab::Connections, "Storage Connections"),
    (Tab::Disks, "Disks"),
    (Tab::Events, "Events"),
];

#[component]
pub fn DomainDetail(#[prop(into)] row: Signal<Option<DomainRow>>) -> impl IntoView {
    // The sub-tab stays when another domain is selected, as in webadmin.
    let tab = expect_context::<StorageCtx>().tab;
    let title = move || row.get().map(|r| r.name()).unwrap_or_default();
    let domain = Memo::new(move |_| row.with(|r| r.as_ref().map(|r| r.id())));
    view! {
        <section class="detail" aria-label="Selected storage domain">
            <h2>{title}</h2>
            <div class="tabs" role="tablist" aria-label="Domain details">
                {TABS
                    .iter()
                    .map(|(t, label)| {
                        let t = *t;
                        view! {
                            <button
                                type="button"
                                role="tab"
                                aria-selected=move || if tab.get() == t { "true" } else { "false" }
                                class:active=move || tab.get() == t
                                on:click=move |_| tab.set(t)
                            >
                                {*label}
                            </button>
                        }
                    })
                    .collect_view()}
            </div>
            <div class="tab-panel" role="tabpanel">
                {move || {
                    // Mounted again only when the domain or the tab changes: a refresh that brings
                    // a new copy of the same domain must not reset a tab's own state (the
                    // connection chosen to attach, an open dialog).
                    if domain.get().is_none() {
                        return view! { <p class="empty">"This domain no longer exists."</p> }.into_any();
                    }
                    match tab.get() {
                        Tab::General => {
                            (move || row.get().map(|r| view! { <GeneralTab row=r /> })).into_any()
                        }
                        Tab::DataCenter => {
                            (move || row.get().map(|r| view! { <DataCenterTab row=r /> })).into_any()
                        }
                        Tab::Connections => view! { <ConnectionsTab row /> }.into_any(),
                        Tab::Disks => view! { <DisksTab row /> }.into_any(),
                        Tab::Events => {
                            let name = row.with_untracked(|r| r.as_ref().map(|r| r.name()));
                            view! { <EventList domain_name=name.unwrap_or_default() /> }.into_any()
                        }
                    }
                }}
            </div>
        </section>
    }
}

pub(super) fn item(label: &'static str, value: Option<String>) -> impl IntoView {
    value.filter(|v| !v.is_empty()).map(|v| {
        view! {
            <dt>{label}</dt>
            <dd>{v}</dd>
        }
    })
}

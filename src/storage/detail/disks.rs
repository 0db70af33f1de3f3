//! Disks: the domain's disks and the direct-LUN disks on its connections.

use super::super::state::StorageCtx;
use crate::api::domains::DomainRow;
use crate::api::loaded::Loaded;
use crate::api::{connections, datacenters};
use crate::ui::{gib_text, RefreshFailure};
use futures::future::try_join;
use leptos::prelude::*;
use storage_model::{Disk, StorageConnection};

#[component]
pub fn DisksTab(row: Signal<Option<DomainRow>>) -> impl IntoView {
    let ctx = expect_context::<StorageCtx>();
    // This domain's connections and every disk, loaded together.
    let loaded = Loaded::<(Vec<StorageConnection>, Vec<Disk>)>::default();
    Effect::new(move |_| {
        ctx.refresher.tick.track();
        let domain = row.get_untracked().map(|r| r.id()).unwrap_or_default();
        loaded.load(async move {
            try_join(connections::of_domain(&domain), datacenters::disks()).await
        });
    });
    // Direct-LUN disks reached through one of this domain's connections.
    let related = move || {
        loaded.with(|l| {
            l.map(|(mine, disks)| {
                disks
                    .iter()
                    .filter(|d| mine.iter().any(|c| d.uses_connection(c)))
                    .cloned()
                    .collect::<Vec<_>>()
            })
            .unwrap_or_default()
        })
    };
    view! {
        <RefreshFailure loaded />
        {move || {
            let list = related();
            if list.is_empty() {
                view! { <p class="empty">"No direct-LUN disks use this domain's connections."</p> }.into_any()
            } else {
                view! {
                    <table class="grid compact" aria-label="Direct LUN disks">
                        <thead><tr><th scope="col">"Alias"</th><th scope="col">"Size (GB)"</th><th scope="col">"LUN ID"</th></tr></thead>
                        <tbody>
                            {list.into_iter().map(|d| {
                                let lun = d.lun_storage.as_ref().and_then(|s| s.logical_units.as_ref()).and_then(|l| l.logical_unit.first()).and_then(|u| u.id.clone());
                                view! {
                                    <tr>
                                        <td>{d.alias.clone()}</td>
                                        <td class="num">{gib_text(d.provisioned_size)}</td>
                                        <td class="mono">{lun}</td>
                                    </tr>
                                }
                            }).collect_view()}
                        </tbody>
                    </table>
                }.into_any()
            }
        }}
    }
}

//! Disks: the domain's disks and the direct-LUN disks on its connections.

use super::super::state::StorageCtx;
use crate::api::domains::DomainRow;
use crate::api::{connections, datacenters};
use crate::ui::gib_text;
use leptos::prelude::*;
use leptos::task::spawn_local;
use storage_model::{Disk, StorageConnection};

#[component]
pub fn DisksTab(row: Signal<Option<DomainRow>>) -> impl IntoView {
    let ctx = expect_context::<StorageCtx>();
    let disks = RwSignal::new(None::<Vec<Disk>>);
    let mine = RwSignal::new(Vec::<StorageConnection>::new());
    Effect::new(move |_| {
        ctx.refresher.tick.track();
        let domain = row.get_untracked().map(|r| r.id()).unwrap_or_default();
        spawn_local(async move {
            if let Ok(c) = connections::of_domain(&domain).await {
                mine.set(c);
            }
            disks.set(datacenters::disks().await.ok());
        });
    });
    // Direct-LUN disks reached through one of this domain's targets.
    let related = move || {
        let mine = mine.get();
        disks
            .get()
            .unwrap_or_default()
            .into_iter()
            .filter(|d| {
                d.lun_storage
                    .as_ref()
                    .and_then(|s| s.logical_units.as_ref())
                    .is_some_and(|l| {
                        l.logical_unit.iter().any(|u| {
                            mine.iter().any(|c| {
                                c.address == u.address && c.port == u.port && c.target == u.target
                            })
                        })
                    })
            })
            .collect::<Vec<_>>()
    };
    view! {
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

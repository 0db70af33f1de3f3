//! The selected domain's sub-tabs: General, Data Center, Storage Connections, Disks.

use super::page::StorageCtx;
use crate::api::domains::DomainRow;
use crate::api::{connections, datacenters};
use crate::connections::ConnectionDialog;
use crate::events::EventList;
use crate::session::Session;
use crate::ui::{gib_text, ActionButton, StatusBadge};
use leptos::prelude::*;
use leptos::task::spawn_local;
use storage_model::rules::permissions::ActionGroup;
use storage_model::{Disk, StorageConnection, StorageType};

#[derive(Clone, Copy, PartialEq, Eq, Default)]
pub enum Tab {
    #[default]
    General,
    DataCenter,
    Connections,
    Disks,
    Events,
}

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
                    let Some(id) = domain.get() else {
                        return view! { <p class="empty">"This domain no longer exists."</p> }.into_any();
                    };
                    match tab.get() {
                        Tab::General => {
                            (move || row.get().map(|r| view! { <GeneralTab row=r /> })).into_any()
                        }
                        Tab::DataCenter => {
                            (move || row.get().map(|r| view! { <DataCenterTab row=r /> })).into_any()
                        }
                        Tab::Connections => view! { <ConnectionsTab row /> }.into_any(),
                        Tab::Disks => view! { <DisksTab row /> }.into_any(),
                        Tab::Events => view! { <EventList domain=id /> }.into_any(),
                    }
                }}
            </div>
        </section>
    }
}

fn item(label: &'static str, value: Option<String>) -> impl IntoView {
    value.filter(|v| !v.is_empty()).map(|v| {
        view! {
            <dt>{label}</dt>
            <dd>{v}</dd>
        }
    })
}

#[component]
fn GeneralTab(row: DomainRow) -> impl IntoView {
    let d = row.domain.clone();
    let s = d.storage.clone().unwrap_or_default();
    let t = row.storage_type();
    let path = match t {
        StorageType::Localfs => s.path.clone(),
        StorageType::Nfs | StorageType::Posixfs | StorageType::Glusterfs => {
            Some(match (&s.address, &s.path) {
                (Some(a), Some(p)) => format!("{a}:{p}"),
                (None, Some(p)) => p.clone(),
                _ => String::new(),
            })
        }
        _ => None,
    };
    let luns = s
        .volume_group
        .as_ref()
        .and_then(|vg| vg.logical_units.clone())
        .map(|l| l.logical_unit)
        .unwrap_or_default();
    view! {
        <dl class="props">
            <dt>"Status"</dt>
            <dd>
                <StatusBadge kind=row.status.as_str() label=row.status.label() />
            </dd>
            {item("Storage Type", Some(t.label().to_string()))}
            {item("Path", path)}
            {item("NFS Version", s.nfs_version.map(|v| v.label().to_string()))}
            {item("Retransmissions (#)", s.nfs_retrans.map(|v| v.to_string()))}
            {item("Timeout (deciseconds)", s.nfs_timeo.map(|v| v.to_string()))}
            {item("VFS Type", s.vfs_type.clone())}
            {item("Mount Options", s.mount_options.clone())}
            {item("Volume Group", s.volume_group.as_ref().and_then(|v| v.id.clone()))}
            {item("Total Space", Some(format!("{} GB", gib_text(d.total_bytes()))))}
            {item("Free Space", Some(format!("{} GB", gib_text(d.available))))}
            {item("Used Space", Some(format!("{} GB", gib_text(d.used))))}
            {item("Format", d.storage_format.map(|f| f.as_str().to_uppercase()))}
            {item("Warning Low Space Indicator (%)", d.warning_low_space_indicator.map(|v| v.to_string()))}
            {item("Critical Space Action Blocker (GB)", d.critical_space_action_blocker.map(|v| v.to_string()))}
            {item("Description", d.description.clone())}
            {item("Comment", d.comment.clone())}
        </dl>
        {(!luns.is_empty()).then(|| view! {
            <table class="grid compact" aria-label="Logical units">
                <thead><tr><th scope="col">"LUN ID"</th><th scope="col">"Size (GB)"</th><th scope="col">"Paths"</th><th scope="col">"Serial"</th></tr></thead>
                <tbody>
                    {luns.into_iter().map(|l| view! {
                        <tr>
                            <td class="mono">{l.id.clone()}</td>
                            <td class="num">{gib_text(l.size)}</td>
                            <td class="num">{l.paths.map(|p| p.to_string())}</td>
                            <td class="mono">{l.serial.clone()}</td>
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
        })}
    }
}

#[component]
fn DataCenterTab(row: DomainRow) -> impl IntoView {
    let ctx = expect_context::<StorageCtx>();
    let session = Session::get();
    let state = row.state();
    let id = row.id();
    let gate = {
        let id = id.clone();
        move |e: storage_model::rules::actions::Enablement| {
            session.gate(ActionGroup::ManipulateStorageDomain, Some(&id), e)
        }
    };
    let (g1, g2, g3, g4) = (gate.clone(), gate.clone(), gate.clone(), gate);
    let name = row.name();
    let dc = row.data_center();
    let dc_name = {
        let dc = dc.clone();
        move || {
            ctx.data_centers.with(|dcs| {
                dcs.iter()
                    .find(|d| d.id == dc)
                    .and_then(|d| d.name.clone())
                    .unwrap_or_default()
            })
        }
    };
    let target_dc = move || {
        ctx.data_centers
            .with(|d| d.first().and_then(|d| d.id.clone()))
            .unwrap_or_default()
    };
    let run = move |label: &'static str,
                    fut: std::pin::Pin<
        Box<dyn std::future::Future<Output = Result<(), crate::api::ApiError>>>,
    >,
                    name: String| {
        spawn_local(async move {
            ctx.done(fut.await.map(|_| format!("{label}: {name}")));
        });
    };
    let (id1, id2, id3, id4) = (id.clone(), id.clone(), id.clone(), id.clone());
    let (dc1, dc2, dc3) = (dc.clone(), dc.clone(), dc.clone());
    let (n1, n2, n3, n4) = (name.clone(), name.clone(), name.clone(), name.clone());
    view! {
        <div class="toolbar" role="toolbar" aria-label="Data center actions">
            <ActionButton
                label="Attach"
                enabled=Signal::derive(move || g1(state.can_attach()))
                on_click=Callback::new(move |_| {
                    let (dc, sd) = (target_dc(), id1.clone());
                    run("Attached", Box::pin(async move { datacenters::attach(&dc, &sd).await.map(|_| ()) }), n1.clone())
                })
            />
            <ActionButton
                label="Detach"
                enabled=Signal::derive(move || g2(state.can_detach()))
                on_click=Callback::new(move |_| {
                    let (dc, sd) = (dc1.clone().unwrap_or_default(), id2.clone());
                    run("Detached", Box::pin(async move { datacenters::detach(&dc, &sd).await.map(|_| ()) }), n2.clone())
                })
            />
            <ActionButton
                label="Activate"
                enabled=Signal::derive(move || g3(state.can_activate()))
                on_click=Callback::new(move |_| {
                    let (dc, sd) = (dc2.clone().unwrap_or_default(), id3.clone());
                    run("Activated", Box::pin(async move { datacenters::activate(&dc, &sd).await.map(|_| ()) }), n3.clone())
                })
            />
            <ActionButton
                label="Maintenance"
                enabled=Signal::derive(move || g4(state.can_deactivate()))
                on_click=Callback::new(move |_| {
                    let (dc, sd) = (dc3.clone().unwrap_or_default(), id4.clone());
                    run("Moved to maintenance", Box::pin(async move { datacenters::deactivate(&dc, &sd).await.map(|_| ()) }), n4.clone())
                })
            />
        </div>
        {match dc {
            Some(_) => view! {
                <table class="grid compact" aria-label="Data centers">
                    <thead><tr><th scope="col">"Name"</th><th scope="col">"Domain Status in Data Center"</th></tr></thead>
                    <tbody>
                        <tr>
                            <td>{dc_name}</td>
                            <td><StatusBadge kind=row.status.as_str() label=row.status.label() /></td>
                        </tr>
                    </tbody>
                </table>
            }.into_any(),
            None => view! { <p class="empty">"Not attached to a data center."</p> }.into_any(),
        }}
    }
}

#[component]
fn ConnectionsTab(row: Signal<Option<DomainRow>>) -> impl IntoView {
    let ctx = expect_context::<StorageCtx>();
    let list = RwSignal::new(None::<Result<Vec<StorageConnection>, crate::api::ApiError>>);
    let all = RwSignal::new(Vec::<StorageConnection>::new());
    let editing = RwSignal::new(None::<StorageConnection>);
    let chosen = RwSignal::new(String::new());
    let id = move || row.get_untracked().map(|r| r.id()).unwrap_or_default();
    Effect::new(move |_| {
        ctx.refresher.tick.track();
        let domain = id();
        spawn_local(async move {
            list.set(Some(connections::of_domain(&domain).await));
            if let Ok(a) = connections::list().await {
                all.set(a);
            }
        });
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
        let mine: Vec<String> = match list.get() {
            Some(Ok(l)) => l.iter().filter_map(|c| c.id.clone()).collect(),
            _ => Vec::new(),
        };
        all.get()
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
        {move || match list.get() {
            None => view! { <p class="loading">"Loading connections…"</p> }.into_any(),
            Some(Err(e)) => view! { <p class="field-error">{e.message()}</p> }.into_any(),
            Some(Ok(items)) => view! {
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

#[component]
fn DisksTab(row: Signal<Option<DomainRow>>) -> impl IntoView {
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

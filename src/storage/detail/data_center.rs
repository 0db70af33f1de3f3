//! Data Center: the domain's status in each data center, attach, detach, activate, maintenance.

use super::super::state::StorageCtx;
use crate::api::datacenters;
use crate::api::domains::DomainRow;
use crate::session::Session;
use crate::ui::{ActionButton, StatusBadge};
use leptos::prelude::*;
use leptos::task::spawn_local;
use storage_model::rules::permissions::ActionGroup;

#[component]
pub fn DataCenterTab(row: DomainRow) -> impl IntoView {
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
        move || ctx.data_center_name(&dc).unwrap_or_default()
    };
    let target_dc = move || ctx.first_data_center().unwrap_or_default();
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

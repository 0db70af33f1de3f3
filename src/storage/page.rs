//! The Storage tab page: loads domains, hosts and data centers, keeps them fresh, and hosts the
//! toolbar, the grid, the detail sub-tabs and the dialogs.

use super::actions::{domain_actions, Open, OpenDialog};
use super::detail::DomainDetail;
use super::grid::DomainGrid;
use super::state::StorageCtx;
use super::switch_selected::{Selection, SwitchSelected};
use crate::api::loaded::Phase;
use crate::refresh::{RefreshControl, Refresher};
use crate::ui::{
    deferred, wasm_split, Later, LoadError, NoticeBar, RefreshFailure, RowMenu, Toolbar,
};
use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_params_map};

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
    let actions = domain_actions(current, open);
    let menu = RwSignal::new(None::<(String, (i32, i32))>);
    let on_menu = Callback::new(move |at| menu.set(Some(at)));

    view! {
        <section class="page">
            <div class="page-head">
                <h1>"Storage Domains"</h1>
                <RefreshControl />
            </div>
            <Toolbar label="Storage domain actions" items=actions.clone()>
                <SwitchSelected chosen=many.chosen
                    on_error=Callback::new(move |e| ctx.notice.set(Some((false, e))))
                    on_closed=Callback::new(move |_| refresher.burst()) />
            </Toolbar>
            <NoticeBar notice=ctx.notice />
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
            <RowMenu label="Storage domain" open=menu items=actions />
            {move || has_selection.get().then(|| deferred("the storage domain's details", move || detail(current)))}
            <OpenDialog open />
        </section>
    }
}

/// The sub-tabs' code, fetched when a domain is first selected.
#[wasm_split(domain_detail, wasm_split_path = ::leptos::wasm_split, fallible)]
fn detail(row: Memo<Option<crate::api::domains::DomainRow>>) -> Later {
    Ok(view! { <DomainDetail row /> }.into_any())
}

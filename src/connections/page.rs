//! Every storage connection with what uses it; add, edit and remove.

use super::actions::{connection_actions, Open, OpenDialog};
use super::lines::{load, Line};
use super::table::ConnectionTable;
use crate::api::loaded::{Loaded, Phase};
use crate::refresh::{RefreshControl, Refresher};
use crate::ui::{LoadError, NoticeBar, RefreshFailure, RowMenu, Toolbar};
use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_params_map};

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
    let select = Callback::new(move |id: String| {
        navigate(&format!("/connections/{id}"), Default::default())
    });
    let current = Memo::new(move |_| {
        let id = selected.get()?;
        lines.with(|l| l.and_then(|l| l.iter().find(|x| x.id() == id).cloned()))
    });
    // Copied once per load; the table is built once and kept across refreshes.
    let items = Memo::new(move |_| lines.get().unwrap_or_default());
    let phase = Memo::new(move |_| lines.phase());
    let open = RwSignal::new(None::<Open>);
    let actions = connection_actions(current, open);
    let on_done = Callback::new(move |text: String| {
        open.set(None);
        notice.set(Some((true, text)));
        refresher.burst();
    });
    let menu = RwSignal::new(None::<(String, (i32, i32))>);
    let on_menu = Callback::new(move |at| menu.set(Some(at)));

    view! {
        <section class="page">
            <div class="page-head">
                <h1>"Storage Connections"</h1>
                <RefreshControl />
            </div>
            <Toolbar label="Connection actions" items=actions.clone() />
            <NoticeBar notice />
            <RefreshFailure loaded=lines />
            {move || match phase.get() {
                Phase::Loading => view! { <p class="loading" role="status">"Loading storage connections…"</p> }.into_any(),
                Phase::Failed(error) => view! { <LoadError what="storage connections" error on_retry=reload /> }.into_any(),
                Phase::Ready => view! { <ConnectionTable items selected select on_menu /> }.into_any(),
            }}
            <RowMenu label="Storage connection" open=menu items=actions />
            <OpenDialog open on_done />
        </section>
    }
}

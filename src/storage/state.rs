//! What the Storage tab's page shares with its grid, sub-tabs and dialogs (its own module, so
//! that the page imports its dialogs and they import only this, not the page).

use crate::api::domains::{list_rows, DomainRow};
use crate::api::latest::Latest;
use crate::api::{datacenters, ApiError};
use crate::refresh::Refresher;
use leptos::prelude::*;
use leptos::task::spawn_local;
use storage_model::{DataCenter, Host};

/// What the page knows, shared with its children.
#[derive(Clone, Copy)]
pub struct StorageCtx {
    pub rows: RwSignal<Option<Result<Vec<DomainRow>, ApiError>>>,
    pub hosts: RwSignal<Vec<Host>>,
    pub data_centers: RwSignal<Vec<DataCenter>>,
    /// The last action's outcome: (success, text).
    pub notice: RwSignal<Option<(bool, String)>>,
    pub refresher: Refresher,
    /// The detail sub-tab shown.
    pub tab: RwSignal<Tab>,
    /// Orders the loads: an older refresh's answer never replaces a newer one's.
    pub latest: Latest,
}

impl StorageCtx {
    pub fn reload(&self) {
        let ctx = *self;
        let ticket = ctx.latest.ticket();
        spawn_local(async move {
            let rows = list_rows().await;
            if !ctx.latest.is_newest(ticket) {
                return;
            }
            // A failed refresh keeps what was shown; only a first load shows the error page.
            match (&rows, ctx.rows.get_untracked()) {
                (Err(e), Some(Ok(_))) => ctx
                    .notice
                    .set(Some((false, format!("Refresh failed: {e}")))),
                _ => ctx.rows.set(Some(rows)),
            }
            if let Ok(h) = datacenters::hosts().await {
                if ctx.latest.is_newest(ticket) {
                    ctx.hosts.set(h);
                }
            }
            if let Ok(d) = datacenters::list().await {
                if ctx.latest.is_newest(ticket) {
                    ctx.data_centers.set(d);
                }
            }
        });
    }

    /// Reports an action's outcome and refreshes.
    pub fn done(&self, result: Result<String, ApiError>) {
        match result {
            Ok(text) => self.notice.set(Some((true, text))),
            Err(e) => self.notice.set(Some((false, e.message()))),
        }
        self.refresher.burst();
    }

    /// A "Host to Use" value: the first host that is up, also when the hosts arrive after the
    /// dialog opened, until the user picks one (call the returned callback on their edit).
    pub fn host_choice(&self) -> (RwSignal<String>, Callback<()>) {
        let ctx = *self;
        let host = RwSignal::new(String::new());
        let chosen = RwSignal::new(false);
        Effect::new(move |_| {
            let first = ctx.up_hosts().first().map(|h| h.0.clone());
            if !chosen.get_untracked() {
                if let Some(first) = first {
                    host.set(first);
                }
            }
        });
        (host, Callback::new(move |_| chosen.set(true)))
    }

    /// Hosts that are up, as (id, name) options.
    pub fn up_hosts(&self) -> Vec<(String, String)> {
        self.hosts.with(|hs| {
            hs.iter()
                .filter(|h| h.status == Some(storage_model::HostStatus::Up))
                .filter_map(|h| Some((h.id.clone()?, h.name.clone()?)))
                .collect()
        })
    }
}

/// The selected domain's sub-tab shown (it stays when another domain is selected, as in
/// webadmin).
#[derive(Clone, Copy, PartialEq, Eq, Default)]
pub enum Tab {
    #[default]
    General,
    DataCenter,
    Connections,
    Disks,
    Events,
}

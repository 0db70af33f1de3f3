//! What the Storage tab's page shares with its grid, sub-tabs and dialogs (its own module, so
//! that the page imports its dialogs and they import only this, not the page).

use crate::api::domains::{list_rows, DomainRow};
use crate::api::loaded::Loaded;
use crate::api::{datacenters, ApiError};
use crate::refresh::Refresher;
use leptos::prelude::*;
use storage_model::{DataCenter, Host};

/// What the page knows, shared with its children.
#[derive(Clone, Copy)]
pub struct StorageCtx {
    pub rows: Loaded<Vec<DomainRow>>,
    pub hosts: Loaded<Vec<Host>>,
    pub data_centers: Loaded<Vec<DataCenter>>,
    /// The last action's outcome: (success, text).
    pub notice: crate::ui::Notice,
    pub refresher: Refresher,
    /// The detail sub-tab shown.
    pub tab: RwSignal<Tab>,
}

impl StorageCtx {
    pub fn new(refresher: Refresher) -> Self {
        StorageCtx {
            rows: Loaded::default(),
            hosts: Loaded::default(),
            data_centers: Loaded::default(),
            notice: RwSignal::new(None),
            refresher,
            tab: RwSignal::new(Tab::default()),
        }
    }

    /// Loads the domains, hosts and data centers again (together; each keeps what it showed if
    /// its refresh fails).
    pub fn reload(&self) {
        self.rows.load(list_rows());
        self.hosts.load(datacenters::hosts());
        self.data_centers.load(datacenters::list());
    }

    /// A data center's name (tracked).
    pub fn data_center_name(&self, id: &Option<String>) -> Option<String> {
        self.data_centers.with(|dcs| {
            dcs?.iter()
                .find(|d| &d.id == id)
                .and_then(|d| d.name.clone())
        })
    }

    /// The data center a domain is attached to (the one there is).
    pub fn first_data_center(&self) -> Option<String> {
        self.data_centers
            .with(|d| d.and_then(|d| d.first()).and_then(|d| d.id.clone()))
    }

    /// Reports an action's outcome and refreshes.
    pub fn done(&self, result: Result<String, ApiError>) {
        match result {
            Ok(text) => self.notice.set(Some((true, text))),
            Err(e) => self.notice.set(Some((false, e.message()))),
        }
        self.refresher.burst();
    }

    /// A dialog's write went through: the dialog closes and the page says what was done.
    pub fn dialog_done(&self, on_close: Callback<()>, text: String) {
        on_close.run(());
        self.done(Ok(text));
    }

    /// Hosts that are up, as (id, name) options.
    pub fn up_hosts(&self) -> Vec<(String, String)> {
        self.hosts
            .with(|hs| hs.map(|h| crate::connection_editor::up_hosts(h)))
            .unwrap_or_default()
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

//! The connection editor, one module for every screen that edits a connection (Manage Domain,
//! New Domain, the Storage Connections dialog): the draft and its validation by the shared
//! rules, one form per storage type, Discover and Test, the host that connects, and saving
//! (validate → compare → send → the fault on its field).

mod discover;
mod draft;
mod host;
mod iscsi;
mod local;
mod nfs;
mod posix;
pub mod save;
mod test_connection;

pub use discover::DiscoverTargets;
pub use draft::{split_export, ConnectionDraft};
pub use host::{up_hosts, HostChoice, HostToUse};
pub use iscsi::IscsiForm;
pub use local::LocalForm;
pub use nfs::NfsForm;
pub use posix::PosixForm;
pub use test_connection::TestConnection;

use leptos::prelude::*;
use storage_model::StorageType;

/// The form for the draft's current type.
#[component]
pub fn ConnectionForm(
    draft: ConnectionDraft,
    #[prop(into)] editable: Signal<bool>,
) -> impl IntoView {
    let form = move || match draft.storage_type.get() {
        StorageType::Nfs => view! { <NfsForm draft editable /> }.into_any(),
        StorageType::Posixfs | StorageType::Glusterfs => {
            view! { <PosixForm draft editable /> }.into_any()
        }
        StorageType::Localfs => view! { <LocalForm draft editable /> }.into_any(),
        _ => view! {
            <IscsiForm draft editable />
            <DiscoverTargets draft editable />
        }
        .into_any(),
    };
    view! {
        {form}
        <TestConnection draft />
    }
}

/// The storage types the forms offer, with webadmin's labels.
pub fn storage_type_options() -> Vec<(String, String)> {
    [
        StorageType::Nfs,
        StorageType::Posixfs,
        StorageType::Localfs,
        StorageType::Iscsi,
    ]
    .iter()
    .map(|t| (t.as_str().to_string(), t.label().to_string()))
    .collect()
}

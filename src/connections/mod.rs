//! The Storage Connections view: every connection (the `/storageconnections` root resource), who
//! uses it, and add / edit / remove.

mod actions;
mod dialog;
mod lines;
mod page;
mod remove_dialog;
mod table;

pub use dialog::ConnectionDialog;
pub use page::ConnectionsPage;

/// The view's code, fetched when it is first opened.
#[crate::ui::wasm_split(connections_page, wasm_split_path = ::leptos::wasm_split, fallible)]
pub fn connections_page() -> crate::ui::Later {
    use leptos::prelude::*;
    Ok(view! { <ConnectionsPage /> }.into_any())
}

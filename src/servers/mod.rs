//! Storage Servers: the connections grouped by the server they reach, with the domains and LUN
//! disks behind each and their statuses — where an administrator says "this server failed" and
//! starts a switch to its replica.

mod page;

pub use page::ServersPage;

/// The view's code, fetched when it is first opened.
#[crate::ui::wasm_split(servers_page, wasm_split_path = ::leptos::wasm_split, fallible)]
pub fn servers_page() -> crate::ui::Later {
    use leptos::prelude::*;
    Ok(view! { <ServersPage /> }.into_any())
}

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

//! The Storage Connections view: every connection (the `/storageconnections` root resource), who
//! uses it, and add / edit / remove.

mod dialog;
mod page;

pub use dialog::ConnectionDialog;
pub use page::ConnectionsPage;

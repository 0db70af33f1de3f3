//! The Storage Connections view.

mod list;

pub use list::ConnectionList;

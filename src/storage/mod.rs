//! The Storage tab.

mod list;

pub use list::DomainList;

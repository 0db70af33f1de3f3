//! The Storage tab: the domain grid, its toolbar, the selected domain's sub-tabs and the dialogs.

mod detail;
mod grid;
mod manage;
mod new_dialog;
mod page;
mod remove_dialog;
mod state;

pub use page::StoragePage;

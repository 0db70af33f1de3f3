//! The Storage tab: the domain grid, its toolbar, the selected domain's sub-tabs and the dialogs.

mod actions;
mod detail;
mod grid;
mod manage;
mod new_domain;
mod page;
mod remove_dialog;
mod state;
mod switch_selected;

pub use page::StoragePage;

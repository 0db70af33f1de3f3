//! Small widgets shared by the pages.

mod action_button;
mod capacity;
pub mod context_menu;
mod deferred;
pub mod dialog;
mod field;
mod load_error;
mod notice;
mod status;
mod toolbar;
mod virtual_rows;

pub use action_button::ActionButton;
pub use capacity::CapacityBar;
pub use context_menu::{for_selected, is_row, open_for, MenuItem, RowMenu};
pub use deferred::{deferred, wasm_split, Later};
pub use dialog::{Dialog, DialogFooter};
pub use field::unreadable_text;
pub use field::{CheckboxField, SelectField, TextField};
pub use load_error::{LoadError, RefreshFailure};
pub use notice::{Notice, NoticeBar};
pub use status::StatusBadge;
pub use toolbar::Toolbar;
pub use virtual_rows::{Spacer, VirtualRows};

use storage_model::GIB;

/// Whole GiB for the "(GB)" columns; webadmin rounds down and shows "< 1" for a sliver.
pub fn gib_text(bytes: Option<i64>) -> String {
    match bytes {
        None => String::new(),
        Some(b) if b > 0 && b < GIB => "< 1".to_string(),
        Some(b) => (b / GIB).to_string(),
    }
}

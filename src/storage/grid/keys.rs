//! The grid's keyboard: arrows, Page Up/Down, Home/End move the selection (keeping focus on the
//! selected row); Shift+F10 or the context-menu key opens the focused row's menu.

use super::Shown;
use crate::ui::VirtualRows;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

pub fn handler(
    shown: Shown,
    win: VirtualRows,
    selected: Signal<Option<String>>,
    on_select: Callback<String>,
    on_menu: Callback<(String, (i32, i32))>,
) -> impl Fn(web_sys::KeyboardEvent) + Clone + 'static {
    move |ev: web_sys::KeyboardEvent| {
        if crate::ui::context_menu::is_menu_key(&ev) {
            ev.prevent_default();
            open_menu(&ev, on_menu);
            return;
        }
        let key = ev.key();
        let page = win.page_rows();
        let delta = match key.as_str() {
            "ArrowDown" => 1,
            "ArrowUp" => -1,
            "PageDown" => page,
            "PageUp" => -page,
            "Home" => -1_000_000_000,
            "End" => 1_000_000_000,
            _ => return,
        };
        ev.prevent_default();
        move_selection(shown, win, selected, on_select, delta);
    }
}

/// The menu of the row the key was pressed in, under that row.
fn open_menu(ev: &web_sys::KeyboardEvent, on_menu: Callback<(String, (i32, i32))>) {
    let row = ev
        .target()
        .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
        .and_then(|el| el.closest("tr[data-id]").ok().flatten());
    if let Some(row) = row {
        if let Some(id) = row.get_attribute("data-id") {
            on_menu.run((id, crate::ui::context_menu::under(&row)));
        }
    }
}

fn move_selection(
    shown: Shown,
    win: VirtualRows,
    selected: Signal<Option<String>>,
    on_select: Callback<String>,
    delta: i64,
) {
    let len = shown.order.with_untracked(Vec::len);
    if len == 0 {
        return;
    }
    let current = selected.get_untracked().and_then(|id| shown.position(&id));
    let next = match current {
        None => 0,
        Some(i) => (i as i64 + delta).clamp(0, len as i64 - 1) as usize,
    };
    let Some(id) = shown.id_at(next) else {
        return;
    };
    on_select.run(id.clone());
    win.reveal(next);
    // Keep keyboard focus on the newly selected row once it is rendered.
    if let Some(tbody) = win.body.get_untracked() {
        let selector = format!("tr[data-id='{id}']");
        request_animation_frame(move || {
            if let Ok(Some(el)) = tbody.query_selector(&selector) {
                if let Ok(el) = el.dyn_into::<web_sys::HtmlElement>() {
                    let _ = el.focus();
                }
            }
        });
    }
}

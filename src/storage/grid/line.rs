//! One domain row of the grid: click selects, Ctrl/⌘+click adds to the multi-selection, right
//! click opens the row's menu.

use super::prepared::domain_type_text;
use crate::api::domains::DomainRow;
use crate::ui::context_menu::on_right_click;
use crate::ui::{gib_text, is_row, CapacityBar, StatusBadge};
use leptos::prelude::*;

#[component]
pub fn DomainLine(
    row: DomainRow,
    index: usize,
    selected: Signal<Option<String>>,
    on_select: Callback<String>,
    marked: Signal<Vec<String>>,
    on_mark: Callback<String>,
    on_menu: Callback<(String, (i32, i32))>,
) -> impl IntoView {
    let id = row.id();
    let menu_id = id.clone();
    let is_focus = is_row(selected, id.clone());
    let is_selected = {
        let (id, is_focus) = (id.clone(), is_focus.clone());
        move || is_focus() || marked.with(|m| m.contains(&id))
    };
    let is_selected2 = is_focus;
    let d = &row.domain;
    let cross = row.cross_data_center;
    let click_id = id.clone();
    view! {
        <tr
            data-id=id.clone()
            aria-rowindex=index + 2
            class:selected=is_selected.clone()
            aria-selected=move || if is_selected() { "true" } else { "false" }
            tabindex=move || if is_selected2() { "0" } else { "-1" }
            on:click=move |ev: web_sys::MouseEvent| {
                if ev.ctrl_key() || ev.meta_key() {
                    on_mark.run(click_id.clone())
                } else {
                    on_select.run(click_id.clone())
                }
            }
            on:contextmenu=move |ev| on_right_click(&ev, &menu_id, on_select, on_menu)
        >
            <td>
                <StatusBadge kind=row.status.as_str() label=row.status.label() />
            </td>
            <td class="name">{d.name.clone()}</td>
            <td>{domain_type_text(&row)}</td>
            <td>{row.storage_type().label()}</td>
            <td>{cross.label()}</td>
            <td class="num">{gib_text(d.total_bytes())}</td>
            <td class="num">
                <span class="free">
                    <CapacityBar used=d.used total=d.total_bytes() />
                    {gib_text(d.available)}
                </span>
            </td>
            <td class="desc" title=d.description.clone()>{d.description.clone()}</td>
        </tr>
    }
}

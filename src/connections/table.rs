//! The connections table: one line per connection, only those in view in the DOM.

use super::lines::Line;
use crate::ui::context_menu::{is_menu_key, on_right_click};
use crate::ui::{is_row, Spacer, VirtualRows};
use leptos::prelude::*;
use wasm_bindgen::JsCast;

/// The connections, only those in view in the DOM (there may be tens of thousands).
#[component]
pub fn ConnectionTable(
    items: Memo<Vec<Line>>,
    selected: Signal<Option<String>>,
    select: Callback<String>,
    on_menu: Callback<(String, (i32, i32))>,
) -> impl IntoView {
    let win = VirtualRows::new(Signal::derive(move || items.with(Vec::len)));
    let slice = Memo::new(move |_| {
        let (start, end) = win.range.get();
        items.with(|l| {
            l.get(start..end)
                .unwrap_or_default()
                .iter()
                .enumerate()
                .map(|(k, line)| (start + k, line.clone()))
                .collect::<Vec<_>>()
        })
    });
    crate::perf::mark_first_paint("connections:painted", move || slice.with(|s| !s.is_empty()));
    view! {
        <Show
            when=move || items.with(|l| !l.is_empty())
            fallback=|| view! { <p class="empty">"No storage connections yet."</p> }
        >
            <div class="grid-scroll" node_ref=win.scroller on:scroll=move |_| win.measure()>
                <table class="grid virtual" aria-label="Storage connections" aria-rowcount=move || items.with(Vec::len) + 1>
                    <thead><tr aria-rowindex="1">
                        <th scope="col">"Type"</th><th scope="col">"Address"</th><th scope="col">"Path / Target"</th>
                        <th scope="col" class="num">"Port"</th><th scope="col">"Used by"</th><th scope="col">"ID"</th>
                    </tr></thead>
                    <tbody node_ref=win.body>
                        <Spacer px=Signal::derive(move || win.top_px()) columns=6 />
                        <For
                            each=move || slice.get()
                            key=|(i, l)| (*i, l.id(), l.connection.summary(), l.connection.port, l.used_by.clone())
                            let:item
                        >
                            <ConnectionLine line=item.1 index=item.0 selected select on_menu />
                        </For>
                        <Spacer px=Signal::derive(move || win.bottom_px()) columns=6 />
                    </tbody>
                </table>
            </div>
        </Show>
    }
}

#[component]
fn ConnectionLine(
    line: Line,
    index: usize,
    selected: Signal<Option<String>>,
    select: Callback<String>,
    on_menu: Callback<(String, (i32, i32))>,
) -> impl IntoView {
    let id = line.id();
    let menu_id = id.clone();
    let c = line.connection;
    let sel = is_row(selected, id.clone());
    let sel2 = sel.clone();
    let (click, key_id) = (id.clone(), id.clone());
    let used_by = if line.used_by.is_empty() {
        "—".to_string()
    } else {
        line.used_by.join(", ")
    };
    view! {
        <tr data-id=id.clone() aria-rowindex=index + 2 class:selected=sel.clone()
            aria-selected=move || if sel() { "true" } else { "false" }
            tabindex="0"
            on:click=move |_| select.run(click.clone())
            on:keydown=move |ev: web_sys::KeyboardEvent| {
                let key = ev.key();
                if key == "Enter" || key == " " {
                    ev.prevent_default();
                    select.run(key_id.clone());
                } else if is_menu_key(&ev) {
                    ev.prevent_default();
                    select.run(key_id.clone());
                    if let Some(row) = ev.current_target().and_then(|t| t.dyn_into::<web_sys::Element>().ok()) {
                        on_menu.run((key_id.clone(), crate::ui::context_menu::under(&row)));
                    }
                }
            }
            on:contextmenu=move |ev| on_right_click(&ev, &menu_id, select, on_menu)
        >
            <td>{c.storage_type.map(|t| t.label())}</td>
            <td class="mono">{c.address.clone()}</td>
            <td class="mono clip" title=c.target.clone().or(c.path.clone())>{c.target.clone().or(c.path.clone())}</td>
            <td class="num">{c.port.map(|p| p.to_string())}</td>
            <td class="clip" title=used_by.clone()>{used_by.clone()}</td>
            <td class="mono small" class:strong=sel2>{id.clone()}</td>
        </tr>
    }
}

//! The storage domain grid: sortable columns, a filter, single selection with the keyboard.
//!
//! Built for large sites: sort keys and filter text are prepared once per data load, filtering
//! and sorting work on row indices, and only the rows in view are in the DOM (`VirtualRows`).

use crate::api::domains::DomainRow;
use crate::ui::{gib_text, CapacityBar, Spacer, StatusBadge, VirtualRows};
use leptos::prelude::*;
use std::cmp::Ordering;
use wasm_bindgen::JsCast;

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Column {
    Status,
    Name,
    DomainType,
    StorageType,
    CrossDataCenter,
    Total,
    Free,
    Description,
}

const COLUMNS: &[(Column, &str, bool)] = &[
    (Column::Status, "Status", false),
    (Column::Name, "Domain Name", false),
    (Column::DomainType, "Domain Type", false),
    (Column::StorageType, "Storage Type", false),
    (Column::CrossDataCenter, "Cross Data Center Status", false),
    (Column::Total, "Total Space (GB)", true),
    (Column::Free, "Free Space (GB)", true),
    (Column::Description, "Description", false),
];

fn domain_type_text(r: &DomainRow) -> String {
    match (r.domain.domain_type, r.domain.master) {
        (Some(t), Some(true)) => format!("{} (Master)", t.label()),
        (Some(t), _) => t.label().to_string(),
        (None, _) => String::new(),
    }
}

/// What sorting and filtering need of each row (by index), computed once per load.
#[derive(PartialEq)]
struct Prepared {
    ids: Vec<String>,
    name_key: Vec<String>,
    type_text: Vec<String>,
    status: Vec<&'static str>,
    storage_type: Vec<&'static str>,
    cross: Vec<&'static str>,
    total: Vec<Option<i64>>,
    free: Vec<Option<i64>>,
    description: Vec<Option<String>>,
    /// Lowercase text the filter searches: name, description, types and statuses.
    hay: Vec<String>,
}

impl Prepared {
    fn new(rows: &[DomainRow]) -> Self {
        let type_text: Vec<String> = rows.iter().map(domain_type_text).collect();
        Prepared {
            name_key: rows.iter().map(|r| r.name().to_lowercase()).collect(),
            hay: rows
                .iter()
                .zip(&type_text)
                .map(|(r, t)| {
                    format!(
                        "{} {} {} {} {} {}",
                        r.name(),
                        r.domain.description.as_deref().unwrap_or_default(),
                        t,
                        r.storage_type().label(),
                        r.status.label(),
                        r.cross_data_center.label()
                    )
                    .to_lowercase()
                })
                .collect(),
            type_text,
            ids: rows.iter().map(DomainRow::id).collect(),
            status: rows.iter().map(|r| r.status.label()).collect(),
            storage_type: rows.iter().map(|r| r.storage_type().label()).collect(),
            cross: rows.iter().map(|r| r.cross_data_center.label()).collect(),
            total: rows.iter().map(|r| r.domain.total_bytes()).collect(),
            free: rows.iter().map(|r| r.domain.available).collect(),
            description: rows.iter().map(|r| r.domain.description.clone()).collect(),
        }
    }

    fn compare(&self, a: usize, b: usize, col: Column) -> Ordering {
        match col {
            Column::Status => self.status[a].cmp(self.status[b]),
            Column::Name => self.name_key[a].cmp(&self.name_key[b]),
            Column::DomainType => self.type_text[a].cmp(&self.type_text[b]),
            Column::StorageType => self.storage_type[a].cmp(self.storage_type[b]),
            Column::CrossDataCenter => self.cross[a].cmp(self.cross[b]),
            Column::Total => self.total[a].cmp(&self.total[b]),
            Column::Free => self.free[a].cmp(&self.free[b]),
            Column::Description => self.description[a].cmp(&self.description[b]),
        }
        .then_with(|| self.name_key[a].cmp(&self.name_key[b]))
    }

    /// Every row index in the chosen order (once per load and sort change, not per keystroke).
    fn sorted(&self, col: Column, ascending: bool) -> Vec<usize> {
        let mut idx: Vec<usize> = (0..self.ids.len()).collect();
        idx.sort_by(|&a, &b| {
            let o = self.compare(a, b, col);
            if ascending {
                o
            } else {
                o.reverse()
            }
        });
        idx
    }

    /// The rows of `sorted` matching every word of `filter`, keeping their order.
    fn filter(&self, sorted: &[usize], filter: &str) -> Vec<usize> {
        let words: Vec<String> = filter
            .to_lowercase()
            .split_whitespace()
            .map(str::to_string)
            .collect();
        if words.is_empty() {
            return sorted.to_vec();
        }
        sorted
            .iter()
            .copied()
            .filter(|&i| words.iter().all(|w| self.hay[i].contains(w.as_str())))
            .collect()
    }
}

#[component]
pub fn DomainGrid(
    #[prop(into)] rows: Signal<Vec<DomainRow>>,
    #[prop(into)] selected: Signal<Option<String>>,
    on_select: Callback<String>,
    /// Rows added to the selection with Ctrl+click (or ⌘+click): a multi-selection for the
    /// actions that take several domains (Switch Storage…).
    #[prop(into)]
    marked: Signal<Vec<String>>,
    on_mark: Callback<String>,
    /// A row's context menu asked for (right click, Shift+F10, the context-menu key): the row
    /// and where to open it.
    on_menu: Callback<(String, (i32, i32))>,
) -> impl IntoView {
    let sort = RwSignal::new((Column::Name, true));
    let filter = RwSignal::new(String::new());
    let prepared = Memo::new(move |_| rows.with(|r| Prepared::new(r)));
    let sorted = Memo::new(move |_| {
        let (col, asc) = sort.get();
        prepared.with(|p| p.sorted(col, asc))
    });
    let order = Memo::new(move |_| {
        let f = filter.get();
        prepared.with(|p| sorted.with(|s| p.filter(s, &f)))
    });

    let rows_len = Signal::derive(move || order.with(Vec::len));
    let win = VirtualRows::new(rows_len);
    let slice = Memo::new(move |_| {
        let (start, end) = win.range.get();
        rows.with(|rows| {
            order.with(|o| {
                o[start..end]
                    .iter()
                    .enumerate()
                    .filter_map(|(k, &i)| Some((start + k, rows.get(i)?.clone())))
                    .collect::<Vec<_>>()
            })
        })
    });
    crate::perf::mark_first_paint("grid:painted", move || slice.with(|s| !s.is_empty()));
    // A selection made elsewhere (a deep link, the URL) is scrolled into view once rows exist.
    Effect::new(move |done: Option<bool>| {
        if done == Some(true) {
            return true;
        }
        let Some(id) = selected.get() else {
            return false;
        };
        let at = prepared.with(|p| order.with(|o| o.iter().position(|&i| p.ids[i] == id)));
        if let Some(i) = at {
            request_animation_frame(move || win.reveal(i));
            return true;
        }
        false
    });

    let move_selection = move |delta: i64| {
        let (len, current) = prepared.with_untracked(|p| {
            order.with_untracked(|o| {
                let sel = selected.get_untracked();
                (
                    o.len(),
                    sel.and_then(|id| o.iter().position(|&i| p.ids[i] == id)),
                )
            })
        });
        if len == 0 {
            return;
        }
        let next = match current {
            None => 0,
            Some(i) => (i as i64 + delta).clamp(0, len as i64 - 1) as usize,
        };
        let id = prepared.with_untracked(|p| order.with_untracked(|o| p.ids[o[next]].clone()));
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
    };
    let page = move || win.page_rows();
    let on_keydown = move |ev: web_sys::KeyboardEvent| {
        let key = ev.key();
        if key == "ContextMenu" || (key == "F10" && ev.shift_key()) {
            ev.prevent_default();
            let row = ev
                .target()
                .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
                .and_then(|el| el.closest("tr[data-id]").ok().flatten());
            if let Some(row) = row {
                if let Some(id) = row.get_attribute("data-id") {
                    on_menu.run((id, crate::ui::context_menu::under(&row)));
                }
            }
            return;
        }
        let delta = match key.as_str() {
            "ArrowDown" => 1,
            "ArrowUp" => -1,
            "PageDown" => page(),
            "PageUp" => -page(),
            "Home" => -1_000_000_000,
            "End" => 1_000_000_000,
            _ => return,
        };
        ev.prevent_default();
        move_selection(delta);
    };

    view! {
        <div class="grid-tools">
            <input
                type="search"
                class="filter"
                placeholder="Filter domains"
                aria-label="Filter storage domains"
                prop:value=move || filter.get()
                on:input=move |ev| {
                    crate::perf::mark("filter:input");
                    filter.set(event_target_value(&ev));
                    crate::perf::mark_after_paint("filter:painted");
                }
            />
            <span class="count" aria-live="polite">
                {move || format!("{} of {} domains", order.with(Vec::len), rows.with(Vec::len))}
            </span>
        </div>
        <div class="grid-scroll" node_ref=win.scroller on:scroll=move |_| win.measure()>
            <table
                class="grid virtual"
                aria-label="Storage domains"
                aria-rowcount=move || order.with(Vec::len) + 1
                on:keydown=on_keydown
            >
                <thead>
                    <tr aria-rowindex="1">
                        {COLUMNS
                            .iter()
                            .map(|(col, label, numeric)| {
                                let col = *col;
                                let aria = move || {
                                    let (c, asc) = sort.get();
                                    if c != col {
                                        "none"
                                    } else if asc {
                                        "ascending"
                                    } else {
                                        "descending"
                                    }
                                };
                                view! {
                                    <th scope="col" class:num=*numeric aria-sort=aria>
                                        <button
                                            type="button"
                                            class="sort"
                                            on:click=move |_| {
                                                sort.update(|(c, asc)| {
                                                    if *c == col {
                                                        *asc = !*asc;
                                                    } else {
                                                        *c = col;
                                                        *asc = true;
                                                    }
                                                })
                                            }
                                        >
                                            {*label}
                                            <span class="sort-mark" aria-hidden="true">
                                                {move || match sort.get() {
                                                    (c, true) if c == col => "▲",
                                                    (c, false) if c == col => "▼",
                                                    _ => "",
                                                }}
                                            </span>
                                        </button>
                                    </th>
                                }
                            })
                            .collect_view()}
                    </tr>
                </thead>
                <tbody node_ref=win.body>
                    <Spacer px=Signal::derive(move || win.top_px()) columns=8 />
                    <For
                        each=move || slice.get()
                        key=|(i, r)| (*i, r.id(), r.status, r.domain.name.clone(), r.domain.available, r.domain.master, r.domain.description.clone())
                        let:item
                    >
                        <DomainLine row=item.1 index=item.0 selected on_select marked on_mark on_menu />
                    </For>
                    <Spacer px=Signal::derive(move || win.bottom_px()) columns=8 />
                </tbody>
            </table>
            <Show when=move || order.with(Vec::is_empty)>
                <p class="empty">
                    {move || if rows.with(Vec::is_empty) { "No storage domains yet." } else { "No domain matches the filter." }}
                </p>
            </Show>
        </div>
    }
}

#[component]
fn DomainLine(
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
    let is_focus = {
        let id = id.clone();
        move || selected.get().as_deref() == Some(id.as_str())
    };
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
            on:contextmenu=move |ev: web_sys::MouseEvent| {
                ev.prevent_default();
                on_select.run(menu_id.clone());
                on_menu.run((menu_id.clone(), (ev.client_x(), ev.client_y())));
            }
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

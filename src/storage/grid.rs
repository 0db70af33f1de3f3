//! The storage domain grid: sortable columns, a filter, single selection with the keyboard.

use crate::api::domains::DomainRow;
use crate::ui::{gib_text, CapacityBar, StatusBadge};
use leptos::prelude::*;
use std::cmp::Ordering;

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

fn compare(a: &DomainRow, b: &DomainRow, col: Column) -> Ordering {
    match col {
        Column::Status => a.status.label().cmp(b.status.label()),
        Column::Name => a.name().to_lowercase().cmp(&b.name().to_lowercase()),
        Column::DomainType => domain_type_text(a).cmp(&domain_type_text(b)),
        Column::StorageType => a.storage_type().label().cmp(b.storage_type().label()),
        Column::CrossDataCenter => a.cross_data_center.label().cmp(b.cross_data_center.label()),
        Column::Total => a.domain.total_bytes().cmp(&b.domain.total_bytes()),
        Column::Free => a.domain.available.cmp(&b.domain.available),
        Column::Description => a.domain.description.cmp(&b.domain.description),
    }
}

/// Whether a row matches the filter text (name, description, types and statuses).
fn matches(r: &DomainRow, filter: &str) -> bool {
    if filter.is_empty() {
        return true;
    }
    let hay = format!(
        "{} {} {} {} {} {}",
        r.name(),
        r.domain.description.clone().unwrap_or_default(),
        domain_type_text(r),
        r.storage_type().label(),
        r.status.label(),
        r.cross_data_center.label()
    )
    .to_lowercase();
    filter
        .to_lowercase()
        .split_whitespace()
        .all(|word| hay.contains(word))
}

#[component]
pub fn DomainGrid(
    #[prop(into)] rows: Signal<Vec<DomainRow>>,
    #[prop(into)] selected: Signal<Option<String>>,
    on_select: Callback<String>,
) -> impl IntoView {
    let sort = RwSignal::new((Column::Name, true));
    let filter = RwSignal::new(String::new());
    let visible = Memo::new(move |_| {
        let f = filter.get();
        let (col, asc) = sort.get();
        let mut v: Vec<DomainRow> =
            rows.with(|r| r.iter().filter(|r| matches(r, &f)).cloned().collect());
        v.sort_by(|a, b| {
            let o = compare(a, b, col).then_with(|| a.name().cmp(&b.name()));
            if asc {
                o
            } else {
                o.reverse()
            }
        });
        v
    });
    let body = NodeRef::<leptos::html::Tbody>::new();
    let move_selection = move |delta: i32| {
        let list = visible.get_untracked();
        if list.is_empty() {
            return;
        }
        let current = selected
            .get_untracked()
            .and_then(|id| list.iter().position(|r| r.id() == id));
        let next = match current {
            None => 0,
            Some(i) => (i as i32 + delta).clamp(0, list.len() as i32 - 1) as usize,
        };
        let id = list[next].id();
        on_select.run(id.clone());
        // Keep keyboard focus on the newly selected row.
        if let Some(tbody) = body.get_untracked() {
            let selector = format!("tr[data-id='{id}']");
            request_animation_frame(move || {
                if let Ok(Some(el)) = tbody.query_selector(&selector) {
                    use wasm_bindgen::JsCast;
                    if let Ok(el) = el.dyn_into::<web_sys::HtmlElement>() {
                        let _ = el.focus();
                    }
                }
            });
        }
    };
    let on_keydown = move |ev: web_sys::KeyboardEvent| match ev.key().as_str() {
        "ArrowDown" => {
            ev.prevent_default();
            move_selection(1);
        }
        "ArrowUp" => {
            ev.prevent_default();
            move_selection(-1);
        }
        "Home" => {
            ev.prevent_default();
            move_selection(-1_000_000);
        }
        "End" => {
            ev.prevent_default();
            move_selection(1_000_000);
        }
        _ => {}
    };

    view! {
        <div class="grid-tools">
            <input
                type="search"
                class="filter"
                placeholder="Filter domains"
                aria-label="Filter storage domains"
                prop:value=move || filter.get()
                on:input=move |ev| filter.set(event_target_value(&ev))
            />
            <span class="count" aria-live="polite">
                {move || format!("{} of {} domains", visible.with(Vec::len), rows.with(Vec::len))}
            </span>
        </div>
        <div class="grid-scroll">
            <table class="grid" aria-label="Storage domains" on:keydown=on_keydown>
                <thead>
                    <tr>
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
                <tbody node_ref=body>
                    <For
                        each=move || visible.get()
                        key=|r| (r.id(), r.status, r.domain.clone().name, r.domain.available, r.domain.master, r.domain.description.clone())
                        let:row
                    >
                        <DomainLine row selected on_select />
                    </For>
                </tbody>
            </table>
            <Show when=move || visible.with(Vec::is_empty)>
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
    selected: Signal<Option<String>>,
    on_select: Callback<String>,
) -> impl IntoView {
    let id = row.id();
    let is_selected = {
        let id = id.clone();
        move || selected.get().as_deref() == Some(id.as_str())
    };
    let is_selected2 = is_selected.clone();
    let d = &row.domain;
    let cross = row.cross_data_center;
    let click_id = id.clone();
    view! {
        <tr
            data-id=id.clone()
            class:selected=is_selected.clone()
            aria-selected=move || if is_selected() { "true" } else { "false" }
            tabindex=move || if is_selected2() { "0" } else { "-1" }
            on:click=move |_| on_select.run(click_id.clone())
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
            <td class="desc">{d.description.clone()}</td>
        </tr>
    }
}

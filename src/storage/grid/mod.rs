//! The storage domain grid: sortable columns, a filter, single selection with the keyboard,
//! Ctrl/⌘+click multi-selection and a context menu per row.
//!
//! Built for large sites: sort keys and filter text are prepared once per data load
//! (`prepared.rs`), filtering and sorting work on row indices, and only the rows in view are in
//! the DOM (`VirtualRows`).

mod header;
mod keys;
mod line;
mod prepared;

use crate::api::domains::DomainRow;
use crate::ui::{Spacer, VirtualRows};
use header::SortHeader;
use leptos::prelude::*;
use line::DomainLine;
use prepared::{Column, Prepared};

/// The grid's rows as shown: the chosen sort and filter over the prepared rows.
#[derive(Clone, Copy)]
struct Shown {
    sort: RwSignal<(Column, bool)>,
    filter: RwSignal<String>,
    prepared: Memo<Prepared>,
    /// Row indices in display order, filtered.
    order: Memo<Vec<usize>>,
}

impl Shown {
    fn new(rows: Signal<Vec<DomainRow>>) -> Self {
        let sort = RwSignal::new((Column::Name, true));
        let filter = RwSignal::new(String::new());
        let prepared = Memo::new(move |_| rows.with(|r| Prepared::new(r)));
        // Sorting once per load and sort change, filtering per keystroke.
        let sorted = Memo::new(move |_| {
            let (col, asc) = sort.get();
            prepared.with(|p| p.sorted(col, asc))
        });
        let order = Memo::new(move |_| {
            let f = filter.get();
            prepared.with(|p| sorted.with(|s| p.filter(s, &f)))
        });
        Shown {
            sort,
            filter,
            prepared,
            order,
        }
    }

    /// Where the domain `id` is in the display order (untracked: for event handlers).
    fn position(&self, id: &str) -> Option<usize> {
        self.prepared.with_untracked(|p| {
            self.order
                .with_untracked(|o| o.iter().position(|&i| p.ids[i] == id))
        })
    }

    /// The id of the row at display position `at` (untracked).
    fn id_at(&self, at: usize) -> Option<String> {
        self.prepared.with_untracked(|p| {
            self.order
                .with_untracked(|o| o.get(at).map(|&i| p.ids[i].clone()))
        })
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
    let shown = Shown::new(rows);
    let order = shown.order;
    let win = VirtualRows::new(Signal::derive(move || order.with(Vec::len)));
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
    reveal_selected_once(shown, win, selected);
    let on_keydown = keys::handler(shown, win, selected, on_select, on_menu);

    view! {
        <FilterBar shown rows />
        <div class="grid-scroll" node_ref=win.scroller on:scroll=move |_| win.measure()>
            <table
                class="grid virtual"
                aria-label="Storage domains"
                aria-rowcount=move || order.with(Vec::len) + 1
                on:keydown=on_keydown
            >
                <thead>
                    <tr aria-rowindex="1">
                        {prepared::COLUMNS
                            .iter()
                            .map(|&(col, label, numeric)| view! { <SortHeader col label numeric sort=shown.sort /> })
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

/// The filter box and how many rows it lets through.
#[component]
fn FilterBar(shown: Shown, rows: Signal<Vec<DomainRow>>) -> impl IntoView {
    let filter = shown.filter;
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
                {move || format!("{} of {} domains", shown.order.with(Vec::len), rows.with(Vec::len))}
            </span>
        </div>
    }
}

/// A selection made elsewhere (a deep link, the URL) is scrolled into view once its row exists.
fn reveal_selected_once(shown: Shown, win: VirtualRows, selected: Signal<Option<String>>) {
    Effect::new(move |done: Option<bool>| {
        if done == Some(true) {
            return true;
        }
        let Some(id) = selected.get() else {
            return false;
        };
        let at = shown
            .prepared
            .with(|p| shown.order.with(|o| o.iter().position(|&i| p.ids[i] == id)));
        if let Some(i) = at {
            request_animation_frame(move || win.reveal(i));
            return true;
        }
        false
    });
}

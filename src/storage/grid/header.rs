//! A column header: a button that sorts by the column, then reverses; `aria-sort` says which.

use super::prepared::Column;
use leptos::prelude::*;

#[component]
pub fn SortHeader(
    col: Column,
    label: &'static str,
    numeric: bool,
    sort: RwSignal<(Column, bool)>,
) -> impl IntoView {
    let aria = move || match sort.get() {
        (c, _) if c != col => "none",
        (_, true) => "ascending",
        (_, false) => "descending",
    };
    let mark = move || match sort.get() {
        (c, true) if c == col => "▲",
        (c, false) if c == col => "▼",
        _ => "",
    };
    let toggle = move |_| {
        sort.update(|(c, asc)| {
            if *c == col {
                *asc = !*asc;
            } else {
                *c = col;
                *asc = true;
            }
        })
    };
    view! {
        <th scope="col" class:num=numeric aria-sort=aria>
            <button type="button" class="sort" on:click=toggle>
                {label}
                <span class="sort-mark" aria-hidden="true">{mark}</span>
            </button>
        </th>
    }
}

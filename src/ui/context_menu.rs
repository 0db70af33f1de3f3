//! A row's context menu (right click, Shift+F10 or the context-menu key), as webadmin has: the
//! toolbar's actions with the same enablement and reasons, as an ARIA menu.

use leptos::prelude::*;
use storage_model::rules::actions::Enablement;
use wasm_bindgen::JsCast;

/// One action of the menu.
#[derive(Clone, Copy)]
pub struct MenuItem {
    pub label: &'static str,
    pub enabled: Signal<Enablement>,
    pub on_select: Callback<()>,
}

/// The menu at `at` (viewport pixels). It takes the focus (its first enabled item); arrows move
/// it, Enter or Space runs an enabled item, Escape, Tab or a click elsewhere close it.
#[component]
pub fn ContextMenu(
    label: &'static str,
    items: Vec<MenuItem>,
    at: (i32, i32),
    on_close: Callback<()>,
) -> impl IntoView {
    let menu = NodeRef::<leptos::html::Ul>::new();
    let first_enabled = items.iter().position(|i| i.enabled.get_untracked().is_ok());
    Effect::new(move |_| {
        if let Some(ul) = menu.get() {
            keep_in_view(&ul);
            if let Some(el) = focusables(menu).get(first_enabled.unwrap_or(0)) {
                let _ = el.focus();
            }
        }
    });
    // The reasons an item is disabled are its description, kept outside the item so that its
    // name stays its label (and outside the menu, which holds only menu items).
    let items: Vec<(MenuItem, String)> = items
        .into_iter()
        .map(|item| (item, format!("menu-reason-{}", super::dialog::uuid_like())))
        .collect();
    let reasons = items
        .iter()
        .map(|(item, id)| {
            let enabled = item.enabled;
            view! { <span id=id.clone()>{move || enabled.get().err().unwrap_or("")}</span> }
        })
        .collect_view();
    view! {
        <div
            class="menu-backdrop"
            on:click=move |_| on_close.run(())
            on:contextmenu=move |ev: web_sys::MouseEvent| {
                ev.prevent_default();
                on_close.run(());
            }
        ></div>
        <ul
            class="context-menu"
            role="menu"
            aria-label=label
            node_ref=menu
            style:left=format!("{}px", at.0)
            style:top=format!("{}px", at.1)
            on:keydown=move |ev| on_menu_key(&ev, menu, on_close)
        >
            {items
                .into_iter()
                .map(|(item, reason_id)| view! { <MenuLine item reason_id on_close /> })
                .collect_view()}
        </ul>
        <div class="sr-only">{reasons}</div>
    }
}

/// One item: runs its action (closing the menu first) when enabled, on a click, Enter or Space.
#[component]
fn MenuLine(item: MenuItem, reason_id: String, on_close: Callback<()>) -> impl IntoView {
    let enabled = item.enabled;
    let run = move || {
        if enabled.get_untracked().is_ok() {
            on_close.run(());
            item.on_select.run(());
        }
    };
    view! {
        <li
            role="menuitem"
            tabindex="-1"
            aria-disabled=move || if enabled.get().is_err() { "true" } else { "false" }
            aria-describedby=reason_id
            title=move || enabled.get().err().unwrap_or("")
            on:click=move |_| run()
            on:keydown=move |ev: web_sys::KeyboardEvent| {
                if matches!(ev.key().as_str(), "Enter" | " ") {
                    ev.prevent_default();
                    run();
                }
            }
        >
            {item.label}
        </li>
    }
}

/// The menu's items as elements, in order.
fn focusables(menu: NodeRef<leptos::html::Ul>) -> Vec<web_sys::HtmlElement> {
    let Some(ul) = menu.get_untracked() else {
        return Vec::new();
    };
    let Ok(list) = ul.query_selector_all("[role=menuitem]") else {
        return Vec::new();
    };
    (0..list.length())
        .filter_map(|i| list.item(i)?.dyn_into::<web_sys::HtmlElement>().ok())
        .collect()
}

/// Arrows, Home and End move the focus among the items (around the ends); Escape and Tab close.
fn on_menu_key(
    ev: &web_sys::KeyboardEvent,
    menu: NodeRef<leptos::html::Ul>,
    on_close: Callback<()>,
) {
    let all = focusables(menu);
    let active = document().active_element();
    let now = all.iter().position(|el| {
        active
            .as_ref()
            .is_some_and(|a| a == el.unchecked_ref::<web_sys::Element>())
    });
    let n = all.len().max(1);
    let target = match ev.key().as_str() {
        "ArrowDown" => now.map_or(0, |i| (i + 1) % n),
        "ArrowUp" => now.map_or(0, |i| (i + n - 1) % n),
        "Home" => 0,
        "End" => all.len().saturating_sub(1),
        "Escape" | "Tab" => {
            ev.prevent_default();
            on_close.run(());
            return;
        }
        _ => return,
    };
    ev.prevent_default();
    if let Some(el) = all.get(target) {
        let _ = el.focus();
    }
}

/// Moves the menu back inside the window when it opened too near its right or bottom edge.
fn keep_in_view(ul: &web_sys::HtmlElement) {
    let r = ul.get_bounding_client_rect();
    let w = window();
    let width = w
        .inner_width()
        .ok()
        .and_then(|v| v.as_f64())
        .unwrap_or(f64::MAX);
    let height = w
        .inner_height()
        .ok()
        .and_then(|v| v.as_f64())
        .unwrap_or(f64::MAX);
    let style = ul.style();
    if r.right() > width {
        let _ = style.set_property("left", &format!("{}px", (width - r.width() - 4.0).max(0.0)));
    }
    if r.bottom() > height {
        let _ = style.set_property(
            "top",
            &format!("{}px", (height - r.height() - 4.0).max(0.0)),
        );
    }
}

/// Whether the key asks for a context menu (Shift+F10 or the context-menu key).
pub fn is_menu_key(ev: &web_sys::KeyboardEvent) -> bool {
    let key = ev.key();
    key == "ContextMenu" || (key == "F10" && ev.shift_key())
}

/// A right click on the row `id`: the browser's menu is replaced by the row's, which selects
/// the row and opens where the pointer is.
pub fn on_right_click(
    ev: &web_sys::MouseEvent,
    id: &str,
    select: Callback<String>,
    on_menu: Callback<(String, (i32, i32))>,
) {
    ev.prevent_default();
    select.run(id.to_string());
    on_menu.run((id.to_string(), (ev.client_x(), ev.client_y())));
}

/// Whether the row `id` is the selected one.
pub fn is_row(selected: Signal<Option<String>>, id: String) -> impl Fn() -> bool + Clone {
    move || selected.with(|s| s.as_deref() == Some(id.as_str()))
}

/// The action that opens `dialog` for the selected item (nothing when none is selected).
pub fn open_for<T, O>(
    current: Memo<Option<T>>,
    open: RwSignal<Option<O>>,
    dialog: fn(T) -> O,
) -> Callback<()>
where
    T: Clone + PartialEq + Send + Sync + 'static,
    O: Send + Sync + 'static,
{
    Callback::new(move |_| {
        if let Some(item) = current.get_untracked() {
            open.set(Some(dialog(item)))
        }
    })
}

/// An action's enablement that needs a selected item: `none` says so when nothing is selected,
/// `rule` decides for the selected one.
pub fn for_selected<T>(
    current: Memo<Option<T>>,
    none: &'static str,
    rule: impl Fn(&T) -> Enablement + Send + Sync + 'static,
) -> Signal<Enablement>
where
    T: PartialEq + Send + Sync + 'static,
{
    Signal::derive(move || current.with(|c| c.as_ref().map_or(Err(none), &rule)))
}

/// Where a keyboard-opened menu goes: under the focused row's start.
pub fn under(el: &web_sys::Element) -> (i32, i32) {
    let r = el.get_bounding_client_rect();
    (r.left() as i32 + 24, r.bottom() as i32)
}

/// A grid's row menu: shown while `open` holds the row's id and where to open it; closing it
/// gives the focus back to that row.
#[component]
pub fn RowMenu(
    label: &'static str,
    items: Vec<MenuItem>,
    open: RwSignal<Option<(String, (i32, i32))>>,
) -> impl IntoView {
    move || {
        open.get().map(|(id, at)| {
            let on_close = Callback::new(move |_| {
                open.set(None);
                refocus_row(&id);
            });
            view! { <ContextMenu label items=items.clone() at on_close /> }
        })
    }
}

/// Gives the focus back to the row a menu was opened on (when it is still shown).
pub fn refocus_row(id: &str) {
    let selector = format!("tr[data-id='{id}']");
    if let Ok(Some(el)) = document().query_selector(&selector) {
        if let Ok(el) = el.dyn_into::<web_sys::HtmlElement>() {
            let _ = el.focus();
        }
    }
}

//! A modal dialog: focus moves into it and is trapped there, Esc closes it, and focus returns to
//! whatever opened it.

use leptos::html;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

const FOCUSABLE: &str =
    "button:not([disabled]), [href], input:not([disabled]), select:not([disabled]), \
     textarea:not([disabled]), summary, [tabindex]:not([tabindex='-1'])";

fn focusables(root: &web_sys::HtmlElement) -> Vec<web_sys::HtmlElement> {
    let Ok(list) = root.query_selector_all(FOCUSABLE) else {
        return Vec::new();
    };
    (0..list.length())
        .filter_map(|i| list.item(i))
        .filter_map(|n| n.dyn_into::<web_sys::HtmlElement>().ok())
        .collect()
}

#[component]
pub fn Dialog(
    /// Heading, also the dialog's accessible name.
    #[prop(into)]
    title: String,
    /// Called on Esc, on the close button and by the caller's Cancel.
    on_close: Callback<()>,
    /// Extra CSS class (e.g. `wide`).
    #[prop(optional, into)]
    class: String,
    children: Children,
) -> impl IntoView {
    let root = NodeRef::<html::Div>::new();
    let title_id = format!("dialog-title-{}", uuid_like());
    let opener = document()
        .active_element()
        .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok());
    // Return focus to the opener when the dialog goes away.
    let opener = send_wrapper::SendWrapper::new(opener);
    on_cleanup(move || {
        if let Some(el) = opener.take() {
            let _ = el.focus();
        }
    });
    Effect::new(move |_| {
        if let Some(el) = root.get() {
            focus_first(&el.into());
        }
    });
    // Keys are handled at the window: focus may have left the dialog (a control that disabled
    // itself while saving), and Esc and Tab must still act on the dialog.
    let on_keydown = move |ev: web_sys::KeyboardEvent| {
        if ev.key() == "Escape" {
            ev.prevent_default();
            on_close.run(());
        } else if ev.key() == "Tab" {
            if let Some(el) = root.get_untracked() {
                trap_tab(&ev, &el.into());
            }
        }
    };
    let handle = window_event_listener(leptos::ev::keydown, on_keydown);
    on_cleanup(move || handle.remove());
    let labelled_by = title_id.clone();
    view! {
        <div class="dialog-backdrop">
            <div
                class=format!("dialog {class}")
                role="dialog"
                aria-modal="true"
                aria-labelledby=labelled_by
                node_ref=root
            >
                <header class="dialog-header">
                    <h2 id=title_id>{title}</h2>
                    <button
                        type="button"
                        class="icon-button"
                        aria-label="Close"
                        on:click=move |_| on_close.run(())
                    >
                        "×"
                    </button>
                </header>
                {children()}
            </div>
        </div>
    }
}

/// The first field, else the first control, takes the focus.
fn focus_first(el: &web_sys::HtmlElement) {
    let first = el
        .query_selector("input:not([disabled]), select:not([disabled]), textarea:not([disabled])")
        .ok()
        .flatten()
        .and_then(|n| n.dyn_into::<web_sys::HtmlElement>().ok())
        .or_else(|| focusables(el).into_iter().next());
    if let Some(f) = first {
        let _ = f.focus();
    }
}

/// Tab and Shift+Tab go round the dialog's controls and never leave it; from outside, Tab
/// comes back to its first control.
fn trap_tab(ev: &web_sys::KeyboardEvent, el: &web_sys::HtmlElement) {
    let items = focusables(el);
    let (Some(first), Some(last)) = (items.first(), items.last()) else {
        return;
    };
    let active = document().active_element();
    let inside = active.as_ref().is_some_and(|a| el.contains(Some(a)));
    let at = |x: &web_sys::HtmlElement| {
        active
            .as_ref()
            .is_some_and(|a| a == x.unchecked_ref::<web_sys::Element>())
    };
    if !inside {
        ev.prevent_default();
        let _ = first.focus();
    } else if ev.shift_key() && at(first) {
        ev.prevent_default();
        let _ = last.focus();
    } else if !ev.shift_key() && at(last) {
        ev.prevent_default();
        let _ = first.focus();
    }
}

/// A short unique suffix for element ids.
pub fn uuid_like() -> String {
    thread_local! {
        static NEXT: std::cell::Cell<u32> = const { std::cell::Cell::new(0) };
    }
    NEXT.with(|n| {
        n.set(n.get() + 1);
        n.get().to_string()
    })
}

/// A dialog form's footer: OK submits the form and says what is happening while `busy`
/// (disabled then, and while `blocked`); Cancel closes.
#[component]
pub fn DialogFooter(
    #[prop(into)] busy: Signal<bool>,
    on_close: Callback<()>,
    /// What OK says while busy.
    #[prop(default = "Saving…")]
    busy_label: &'static str,
    /// OK destroys something (red).
    #[prop(optional)]
    danger: bool,
    /// OK cannot be used yet (the dialog is still loading what it edits).
    #[prop(optional, into)]
    blocked: Signal<bool>,
    /// What OK says (a wizard's "Plan").
    #[prop(default = "OK")]
    ok_label: &'static str,
) -> impl IntoView {
    view! {
        <footer class="dialog-footer">
            <button type="submit" class=if danger { "danger" } else { "primary" }
                disabled=move || busy.get() || blocked.get()
                aria-busy=move || busy.get().to_string()>
                {move || if busy.get() { busy_label } else { ok_label }}
            </button>
            <button type="button" class="secondary" on:click=move |_| on_close.run(())>"Cancel"</button>
        </footer>
    }
}

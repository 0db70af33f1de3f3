//! A scroll window for long tables: only the rows in view (plus a margin) are in the DOM, between
//! two spacer rows that keep the scroll height true. Rows are one line each, so a row's height
//! (measured from the first rendered one) maps scroll offsets to row indices.

use leptos::html::{Div, Tbody};
use leptos::prelude::*;
use wasm_bindgen::JsCast;

/// Rows rendered above and below the visible ones, so a fast scroll never shows a gap.
const OVERSCAN: usize = 12;
/// The row height until one is measured (matches `.grid.virtual tbody tr` in main.css).
const DEFAULT_ROW_PX: f64 = 33.0;

#[derive(Clone, Copy)]
pub struct VirtualRows {
    pub scroller: NodeRef<Div>,
    pub body: NodeRef<Tbody>,
    scroll_top: RwSignal<f64>,
    view_height: RwSignal<f64>,
    row_px: RwSignal<f64>,
    len: Signal<usize>,
    /// The rendered rows: `start..end` of the current order.
    pub range: Memo<(usize, usize)>,
}

fn height_of(el: web_sys::Element) -> f64 {
    el.dyn_into::<web_sys::HtmlElement>()
        .map(|e| f64::from(e.offset_height()))
        .unwrap_or(0.0)
}

impl VirtualRows {
    /// A window over `len` rows. Call inside a component (it sets up an effect that measures the
    /// real row height once rows are rendered).
    pub fn new(len: Signal<usize>) -> Self {
        let scroll_top = RwSignal::new(0.0_f64);
        let view_height = RwSignal::new(600.0_f64);
        let row_px = RwSignal::new(DEFAULT_ROW_PX);
        let range = Memo::new(move |_| {
            let len = len.get();
            let h = row_px.get();
            let first = ((scroll_top.get() / h).floor() as usize).saturating_sub(OVERSCAN);
            let count = (view_height.get() / h).ceil() as usize + 2 * OVERSCAN;
            (first.min(len), (first + count).min(len))
        });
        let v = VirtualRows {
            scroller: NodeRef::new(),
            body: NodeRef::new(),
            scroll_top,
            view_height,
            row_px,
            len,
            range,
        };
        Effect::new(move |_| {
            range.track();
            request_animation_frame(move || v.measure());
        });
        v
    }

    /// Reads the scroll position, the viewport and the row height from the DOM.
    pub fn measure(&self) {
        if let Some(el) = self.scroller.get_untracked() {
            self.scroll_top.set(f64::from(el.scroll_top()));
            self.view_height.set(f64::from(el.client_height()).max(1.0));
        }
        if let Some(tbody) = self.body.get_untracked() {
            if let Ok(Some(tr)) = tbody.query_selector("tr[data-id]") {
                let h = height_of(tr);
                if h > 0.0 && (h - self.row_px.get_untracked()).abs() > 0.5 {
                    self.row_px.set(h);
                }
            }
        }
    }

    /// Scrolls so that row `i` of the current order is in view.
    pub fn reveal(&self, i: usize) {
        let Some(el) = self.scroller.get_untracked() else {
            return;
        };
        let h = self.row_px.get_untracked();
        let header = el
            .query_selector("thead")
            .ok()
            .flatten()
            .map(height_of)
            .unwrap_or(0.0);
        let top = i as f64 * h;
        let current = f64::from(el.scroll_top());
        let visible = f64::from(el.client_height()) - header;
        if top < current {
            el.set_scroll_top(top as i32);
        } else if top + h > current + visible {
            el.set_scroll_top((top + h - visible).ceil() as i32);
        }
        self.measure();
    }

    /// Rows in one screenful (for Page Up / Page Down).
    pub fn page_rows(&self) -> i64 {
        (self.view_height.get_untracked() / self.row_px.get_untracked()).max(1.0) as i64 - 1
    }

    pub fn top_px(&self) -> f64 {
        self.range.get().0 as f64 * self.row_px.get()
    }

    pub fn bottom_px(&self) -> f64 {
        let len = self.len.get();
        (len - self.range.get().1.min(len)) as f64 * self.row_px.get()
    }
}

/// The spacer row standing in for the rows above or below the window (absent when empty).
#[component]
pub fn Spacer(#[prop(into)] px: Signal<f64>, columns: usize) -> impl IntoView {
    view! {
        <Show when=move || { px.get() > 0.0 }>
            <tr class="spacer" aria-hidden="true">
                <td colspan=columns style:height=move || format!("{}px", px.get())></td>
            </tr>
        </Show>
    }
}

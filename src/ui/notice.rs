//! The bar under a page's toolbar that says how the last action went (a status when it worked,
//! an alert when it did not) until dismissed.

use leptos::prelude::*;

/// `(worked, text)`; `None` shows nothing.
pub type Notice = RwSignal<Option<(bool, String)>>;

#[component]
pub fn NoticeBar(notice: Notice) -> impl IntoView {
    move || {
        notice.get().map(|(ok, text)| {
            view! {
                <div
                    class=if ok { "notice-bar ok" } else { "notice-bar error" }
                    role=if ok { "status" } else { "alert" }
                >
                    <span>{text}</span>
                    <button
                        type="button"
                        class="icon-button"
                        aria-label="Dismiss"
                        on:click=move |_| notice.set(None)
                    >
                        "×"
                    </button>
                </div>
            }
        })
    }
}

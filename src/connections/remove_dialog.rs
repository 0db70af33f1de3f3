//! Remove Connection: asks, removes, and says how it went.

use super::lines::Line;
use crate::api::connections;
use crate::ui::{Dialog, DialogFooter};
use leptos::prelude::*;
use leptos_router::hooks::use_navigate;

#[component]
pub fn RemoveConnectionDialog(
    line: Line,
    on_close: Callback<()>,
    on_done: Callback<String>,
) -> impl IntoView {
    let banner = RwSignal::new(None::<String>);
    let summary = line.connection.summary();
    let id = line.id();
    let navigate = use_navigate();
    let send = Action::new_local({
        let summary = summary.clone();
        move |_: &()| {
            let (id, summary, navigate) = (id.clone(), summary.clone(), navigate.clone());
            async move {
                match connections::remove(&id).await {
                    Ok(_) => {
                        on_done.run(format!("Removed connection {summary}"));
                        navigate("/connections", Default::default());
                    }
                    Err(e) => banner.set(Some(e.message())),
                }
            }
        }
    });
    let busy = send.pending();
    let remove = move || {
        if !busy.get_untracked() {
            send.dispatch_local(());
        }
    };
    view! {
        <Dialog title="Remove Connection" on_close=on_close>
            <form class="dialog-body" on:submit=move |ev| { ev.prevent_default(); remove(); }>
                {move || banner.get().map(|b| view! { <div class="dialog-error" role="alert">{b}</div> })}
                <p>"Are you sure you want to remove the connection " <strong class="mono">{summary.clone()}</strong> "?"</p>
                <DialogFooter busy on_close busy_label="Removing…" danger=true />
            </form>
        </Dialog>
    }
}

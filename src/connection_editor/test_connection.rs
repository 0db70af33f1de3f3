//! "Test Connection": runs the host agent's checks on the form's details and shows each step.

use super::ConnectionDraft;
use crate::api::probes;
use leptos::prelude::*;
use storage_model::StorageConnection;

/// Why the test is off in front of oVirt's own engine.
const NO_TEST: &str = "This engine has no connection test (oVirt's engine has none): save the \
                       connection, then activate its domain to try it.";

#[component]
pub fn TestConnection(draft: ConnectionDraft) -> impl IntoView {
    let available = {
        let session = crate::session::Session::get();
        Signal::derive(move || session.extension(NO_TEST))
    };
    let test = Action::new_local(|c: &StorageConnection| {
        let c = c.clone();
        async move { probes::test(&c).await.map_err(|e| e.message()) }
    });
    let running = test.pending();
    // Cancel drops the running test, which aborts its request.
    let handle = StoredValue::new(None::<ActionAbortHandle>);
    let invalid = RwSignal::new(false);
    let result = move || {
        if invalid.get() {
            return Some(Err(super::save::CORRECT_FIRST.to_string()));
        }
        // (A new run hides the last one's result until it answers.)
        test.value().get().filter(|_| !running.get())
    };
    let run = move |_| {
        if running.get_untracked() {
            return;
        }
        let Ok(mut c) = draft.to_wire() else {
            invalid.set(true);
            return;
        };
        invalid.set(false);
        c.id = draft.id.get_untracked();
        handle.set_value(Some(test.dispatch_local(c)));
    };
    let cancel = move |_| {
        handle.update_value(|h| {
            if let Some(h) = h.take() {
                h.abort();
            }
        })
    };
    view! {
        <div class="probe">
            <div class="probe-bar">
                <button type="button" class="secondary" on:click=run
                    disabled=move || running.get() || available.get().is_err()
                    aria-describedby=move || available.get().is_err().then_some("test-unavailable")>
                    "Test Connection"
                </button>
                {move || available.get().err().map(|why| view! {
                    <span id="test-unavailable" class="hint">{why}</span>
                })}
                <Show when=move || running.get()>
                    <span class="spinner" role="status" aria-label="Testing the connection"></span>
                    <span>"Testing…"</span>
                    <button type="button" class="secondary" on:click=cancel>"Cancel Test"</button>
                </Show>
            </div>
            {move || result().map(|r| match r {
                Err(e) => view! { <p class="field-error" role="alert">{e}</p> }.into_any(),
                Ok(report) => {
                    let ok = report.ok();
                    view! {
                        <div class=if ok { "probe-result ok" } else { "probe-result failed" } role="status" aria-label="Connection test result">
                            <strong>{if ok { "The storage can be reached." } else { "The storage cannot be used." }}</strong>
                            <ol>
                                {report.steps().iter().map(|s| {
                                    let mark = match s.ok { Some(true) => "✓", Some(false) => "✗", None => "–" };
                                    let cls = match s.ok { Some(true) => "step ok", Some(false) => "step failed", None => "step skipped" };
                                    view! {
                                        <li class=cls>
                                            <span aria-hidden="true">{mark}" "</span>
                                            <span class="step-name">{s.name.clone()}</span>": "{s.detail.clone()}
                                            <span class="duration">{s.duration_ms.map(|d| format!(" ({d} ms)"))}</span>
                                        </li>
                                    }
                                }).collect_view()}
                            </ol>
                        </div>
                    }.into_any()
                }
            })}
        </div>
    }
}

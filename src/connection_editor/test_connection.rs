//! "Test Connection": runs the host agent's checks on the form's details and shows each step.

use super::ConnectionDraft;
use crate::api::probes;
use leptos::prelude::*;
use leptos::task::spawn_local;
use storage_model::probe::ProbeReport;

/// Why the test is off in front of oVirt's own engine.
const NO_TEST: &str = "This engine has no connection test (oVirt's engine has none): save the \
                       connection, then activate its domain to try it.";

#[component]
pub fn TestConnection(draft: ConnectionDraft) -> impl IntoView {
    let available = {
        let session = crate::session::Session::get();
        Signal::derive(move || session.extension(NO_TEST))
    };
    let running = RwSignal::new(false);
    let result = RwSignal::new(None::<Result<ProbeReport, String>>);
    // Each run has a number; a cancelled or superseded run's answer is ignored.
    let generation = RwSignal::new(0u32);
    let run = move |_| {
        if running.get_untracked() {
            return;
        }
        let Ok(mut c) = draft.to_wire() else {
            result.set(Some(Err("Correct the marked fields first.".into())));
            return;
        };
        c.id = draft.id.get_untracked();
        generation.update(|g| *g += 1);
        let mine = generation.get_untracked();
        running.set(true);
        result.set(None);
        spawn_local(async move {
            let r = probes::test(&c).await.map_err(|e| e.message());
            if generation.get_untracked() == mine {
                result.set(Some(r));
                running.set(false);
            }
        });
    };
    let cancel = move |_| {
        generation.update(|g| *g += 1);
        running.set(false);
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
            {move || result.get().map(|r| match r {
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

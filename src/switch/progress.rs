//! The switch running: every step's state, timing and message, a progress bar, and what can be
//! done from where it is — cancel a running switch, roll back a failed or cancelled one, fail
//! back a finished one. Polled while it runs; the engine runs it whether this is open or not.

use crate::api::loaded::Loaded;
use crate::api::switches;
use leptos::prelude::*;
use std::time::Duration;
use storage_model::{StepState, StorageSwitch, SwitchStatus};

#[component]
pub fn ProgressView(
    id: String,
    on_failback: Callback<StorageSwitch>,
    on_close: Callback<()>,
) -> impl IntoView {
    let switch = Loaded::<StorageSwitch>::default();
    let load = {
        let id = id.clone();
        move || {
            let id = id.clone();
            switch.load(async move { switches::get(&id).await })
        }
    };
    load();
    let status = Memo::new(move |_| switch.with(|s| s.and_then(|s| s.status)));
    let poll = load.clone();
    if let Ok(handle) = set_interval_with_handle(
        move || {
            if matches!(
                status.get_untracked(),
                Some(SwitchStatus::Running | SwitchStatus::Planned) | None
            ) {
                poll();
            }
        },
        Duration::from_millis(400),
    ) {
        on_cleanup(move || handle.clear());
    }
    let banner = RwSignal::new(None::<String>);
    let act = Action::new_local(move |verb: &&'static str| {
        let (id, verb) = (id.clone(), *verb);
        async move {
            match switches::act(&id, verb).await {
                Ok(s) if verb == "failback" => on_failback.run(s),
                Ok(s) => switch.update(|v| *v = s),
                Err(e) => banner.set(Some(e.message())),
            }
        }
    });
    let can = move |verb: &str| {
        use SwitchStatus::*;
        match (verb, status.get()) {
            ("cancel", Some(Running)) => {
                switch.with(|s| s.is_some_and(|s| s.rolling_back != Some(true)))
            }
            ("rollback", Some(Failed | Cancelled)) => true,
            ("failback", Some(Succeeded | Cancelled | Failed)) => true,
            _ => false,
        }
    };
    let button = move |verb: &'static str, label: &'static str| {
        view! {
            <button type="button" disabled=move || !can(verb) || act.pending().get()
                on:click=move |_| { act.dispatch_local(verb); }>{label}</button>
        }
    };
    view! {
        <div class="dialog-body">
            {move || banner.get().map(|b| view! { <div class="dialog-error" role="alert">{b}</div> })}
            {move || switch.get().map(|s| view! { <Progress switch=s /> })}
            <footer class="dialog-footer">
                {button("cancel", "Cancel Switch")}
                {button("rollback", "Roll Back")}
                {button("failback", "Fail Back")}
                <button type="button" class="secondary" on:click=move |_| on_close.run(())>"Close"</button>
            </footer>
        </div>
    }
}

fn status_text(s: &StorageSwitch) -> String {
    let status = match (s.status, s.rolling_back) {
        (Some(SwitchStatus::Running), Some(true)) => "Rolling back".to_string(),
        (Some(st), _) => match st {
            SwitchStatus::Planned => "Planned",
            SwitchStatus::Running => "Running",
            SwitchStatus::Succeeded => "Succeeded",
            SwitchStatus::Failed => "Failed",
            SwitchStatus::Cancelled => "Cancelled",
            SwitchStatus::RolledBack => "Rolled back",
        }
        .to_string(),
        (None, _) => String::new(),
    };
    match &s.message {
        Some(m) => format!("{status}: {m}"),
        None => status,
    }
}

fn state_text(state: StepState) -> &'static str {
    match state {
        StepState::Pending => "Pending",
        StepState::Maintenance => "In maintenance",
        StepState::Updating => "Re-pointing",
        StepState::Updated => "Re-pointed",
        StepState::Done => "Done",
        StepState::Failed => "Failed",
        StepState::RolledBack => "Rolled back",
    }
}

#[component]
fn Progress(switch: StorageSwitch) -> impl IntoView {
    let (done, total) = switch.progress();
    view! {
        <p role="status" aria-label="Switch status" class="switch-status">{status_text(&switch)}</p>
        <progress aria-label="Switch progress" max=total value=done></progress>
        <span class="hint">{format!("{done} of {total} steps")}</span>
        <table class="grid" aria-label="Switch steps">
            <thead><tr><th scope="col" class="num">"#"</th><th scope="col">"Domains"</th><th scope="col">"State"</th>
                <th scope="col" class="num">"Took"</th><th scope="col">"Message"</th></tr></thead>
            <tbody>
                {switch.steps.iter().enumerate().map(|(i, s)| {
                    let took = s.started_ms.zip(s.finished_ms).map(|(a, b)| format!("{} ms", b - a));
                    view! {
                        <tr class:problem=s.state == StepState::Failed>
                            <td class="num">{i + 1}</td><td>{s.label()}</td><td>{state_text(s.state)}</td>
                            <td class="num">{took}</td><td>{s.message.clone()}</td>
                        </tr>
                    }
                }).collect_view()}
            </tbody>
        </table>
    }
}

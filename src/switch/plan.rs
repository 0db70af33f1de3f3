//! The plan the engine made: the preflight (each problem on the row of its connection), every
//! connection that changes with what is behind it and a place to override or leave it out, and
//! the steps in order. Start only when the preflight passed.

use crate::api::switches;
use leptos::html;
use leptos::prelude::*;
use storage_model::switch::{ConnectionChange, SwitchProblem};
use storage_model::{StorageConnection, StorageSwitch};

/// One changing connection as shown, with its override and exclusion being edited.
#[derive(Clone)]
struct Row {
    change: ConnectionChange,
    block: bool,
    address: RwSignal<String>,
    /// The path (file) or target (iSCSI).
    part: RwSignal<String>,
    left_out: RwSignal<bool>,
    problems: Vec<SwitchProblem>,
}

impl Row {
    fn of(change: &ConnectionChange, preflight: &[SwitchProblem]) -> Row {
        let block = change.new.storage_type.is_some_and(|t| t.is_block());
        let part = if block {
            &change.new.target
        } else {
            &change.new.path
        };
        Row {
            block,
            address: RwSignal::new(change.new.address.clone().unwrap_or_default()),
            part: RwSignal::new(part.clone().unwrap_or_default()),
            left_out: RwSignal::new(false),
            problems: preflight
                .iter()
                .filter(|p| p.connection.as_deref() == Some(change.id.as_str()))
                .cloned()
                .collect(),
            change: change.clone(),
        }
    }

    /// The override this row asks for, if it was edited.
    fn edited(&self) -> Option<StorageConnection> {
        let address = self.address.get_untracked().trim().to_string();
        let part = self.part.get_untracked().trim().to_string();
        let was = if self.block {
            &self.change.new.target
        } else {
            &self.change.new.path
        };
        if Some(&address) == self.change.new.address.as_ref() && Some(&part) == was.as_ref() {
            return None;
        }
        let mut o = StorageConnection {
            id: Some(self.change.id.clone()),
            address: Some(address),
            ..Default::default()
        };
        if self.block {
            o.target = Some(part);
        } else {
            o.path = Some(part);
        }
        Some(o)
    }
}

#[component]
pub fn PlanView(
    plan: StorageSwitch,
    request: RwSignal<StorageSwitch>,
    on_back: Callback<()>,
    on_planned: Callback<StorageSwitch>,
    on_started: Callback<String>,
    on_close: Callback<()>,
) -> impl IntoView {
    let id = plan.id.clone().unwrap_or_default();
    let rows: Vec<Row> = plan
        .connections
        .iter()
        .map(|c| Row::of(c, &plan.preflight))
        .collect();
    let problems = plan.preflight.len();
    let banner = RwSignal::new(None::<String>);
    let replan = Action::new_local({
        let rows = rows.clone();
        move |_: &()| {
            let mut r = request.get_untracked();
            for row in &rows {
                if row.left_out.get_untracked() && !r.excluded.contains(&row.change.id) {
                    r.excluded.push(row.change.id.clone());
                }
                if let Some(o) = row.edited() {
                    r.overrides.retain(|x| x.id != o.id);
                    r.overrides.push(o);
                }
            }
            request.set(r.clone());
            async move {
                match switches::plan(&r).await {
                    Ok(p) => on_planned.run(p),
                    Err(e) => banner.set(Some(e.message())),
                }
            }
        }
    });
    let start = Action::new_local({
        let id = id.clone();
        move |_: &()| {
            let id = id.clone();
            async move {
                match switches::act(&id, "start").await {
                    Ok(_) => on_started.run(id),
                    Err(e) => banner.set(Some(e.message())),
                }
            }
        }
    });
    let busy = Signal::derive(move || replan.pending().get() || start.pending().get());
    let blocked = problems != 0;
    let start_reason = blocked.then(|| {
        format!("The preflight found {problems} problem(s): fix them (override the new details) or leave their connections out, then plan again.")
    });
    view! {
        <div class="dialog-body">
            {move || banner.get().map(|b| view! { <div class="dialog-error" role="alert">{b}</div> })}
            <Preflight problems=plan.preflight.clone() rows=rows.clone() />
            <Changes rows />
            <Steps plan=plan.clone() />
            <footer class="dialog-footer">
                <button type="button" class="primary" disabled=move || busy.get() || blocked
                    aria-describedby="start-reason" on:click=move |_| { start.dispatch_local(()); }>
                    {move || if start.pending().get() { "Starting…" } else { "Start" }}
                </button>
                <button type="button" disabled=move || busy.get() on:click=move |_| { replan.dispatch_local(()); }>"Plan Again"</button>
                <ExportMapping id=id.clone() />
                <button type="button" class="secondary" on:click=move |_| on_back.run(())>"Back"</button>
                <button type="button" class="secondary" on:click=move |_| on_close.run(())>"Cancel"</button>
            </footer>
            <p id="start-reason" class="hint">{start_reason.clone()}</p>
        </div>
    }
}

#[component]
fn Preflight(problems: Vec<SwitchProblem>, rows: Vec<Row>) -> impl IntoView {
    if problems.is_empty() {
        return view! { <p class="notice-bar ok" role="status">"Preflight passed: every connection can be re-pointed."</p> }.into_any();
    }
    let summary = move |id: &Option<String>| {
        rows.iter()
            .find(|r| Some(&r.change.id) == id.as_ref())
            .map(|r| r.change.old.summary())
            .unwrap_or_default()
    };
    view! {
        <table class="grid" aria-label="Preflight problems">
            <thead><tr><th scope="col">"Connection"</th><th scope="col">"Domain"</th><th scope="col">"Field"</th><th scope="col">"Problem"</th></tr></thead>
            <tbody>
                {problems.iter().map(|p| view! {
                    <tr class="problem">
                        <td class="mono">{summary(&p.connection)}</td>
                        <td>{p.domain.clone()}</td>
                        <td>{p.field.clone()}</td>
                        <td>{p.reason.clone()}</td>
                    </tr>
                }).collect_view()}
            </tbody>
        </table>
    }
    .into_any()
}

#[component]
fn Changes(rows: Vec<Row>) -> impl IntoView {
    view! {
        <table class="grid" aria-label="Connections that change">
            <thead><tr>
                <th scope="col">"Connection now"</th><th scope="col">"New address"</th><th scope="col">"New path / target"</th>
                <th scope="col">"Behind it"</th><th scope="col">"Leave out"</th>
            </tr></thead>
            <tbody>
                {rows.into_iter().map(|r| {
                    let now = r.change.old.summary();
                    let behind = r.change.domains.iter().chain(&r.change.disks).cloned().collect::<Vec<_>>().join(", ");
                    let bad = !r.problems.is_empty();
                    let why = r.problems.iter().map(|p| p.reason.clone()).collect::<Vec<_>>().join(" ");
                    let (address, part, left_out) = (r.address, r.part, r.left_out);
                    view! {
                        <tr class:problem=bad aria-invalid=bad.to_string() title=why>
                            <td class="mono">{now.clone()}</td>
                            <td><input aria-label=format!("New address of {now}") prop:value=move || address.get()
                                on:input=move |ev| address.set(event_target_value(&ev)) /></td>
                            <td><input aria-label=format!("New path or target of {now}") prop:value=move || part.get()
                                on:input=move |ev| part.set(event_target_value(&ev)) /></td>
                            <td>{behind}</td>
                            <td><input type="checkbox" aria-label=format!("Leave out {now}") prop:checked=move || left_out.get()
                                on:change=move |ev| left_out.set(event_target_checked(&ev)) /></td>
                        </tr>
                    }
                }).collect_view()}
            </tbody>
        </table>
    }
}

#[component]
fn Steps(plan: StorageSwitch) -> impl IntoView {
    view! {
        <table class="grid" aria-label="Steps in order">
            <thead><tr><th scope="col" class="num">"#"</th><th scope="col">"Domains"</th><th scope="col">"Connections"</th></tr></thead>
            <tbody>
                {plan.steps.iter().enumerate().map(|(i, s)| {
                    let domains = s.domains.iter().map(|d| {
                        let status = d.status_before.map(|s| s.label()).unwrap_or("Unattached");
                        format!("{} ({status}{})", d.name, if d.master { ", master" } else { "" })
                    }).collect::<Vec<_>>().join(", ");
                    view! { <tr><td class="num">{i + 1}</td><td>{if domains.is_empty() { s.label() } else { domains }}</td><td class="num">{s.connections.len()}</td></tr> }
                }).collect_view()}
            </tbody>
        </table>
    }
}

/// Downloads the plan as the oVirt disaster-recovery role's mapping file.
#[component]
fn ExportMapping(id: String) -> impl IntoView {
    let link = NodeRef::<html::A>::new();
    let fetch = Action::new_local(move |_: &()| {
        let id = id.clone();
        async move {
            if let Ok(yaml) = switches::dr_mapping(&id).await {
                let url = format!(
                    "data:application/yaml;charset=utf-8,{}",
                    js_sys::encode_uri_component(&yaml)
                );
                if let Some(a) = link.get_untracked() {
                    let _ = a.set_attribute("href", &url);
                    a.click();
                }
            }
        }
    });
    view! {
        <button type="button" on:click=move |_| { fetch.dispatch_local(()); }>"Export Mapping File"</button>
        <a node_ref=link download="disaster_recovery_vars.yml" hidden=true>"mapping file"</a>
    }
}

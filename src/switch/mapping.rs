//! The mapping: rules (a server's or a portal's connections moved to the replica), the host
//! that tests the replicas, what to do on a failure — or the oVirt DR role's mapping file.

use super::rule::{RuleDraft, RuleFields};
use crate::api::{datacenters, switches};
use crate::connection_editor::up_hosts;
use crate::ui::{DialogFooter, SelectField};
use leptos::prelude::*;
use storage_model::switch::SwitchRule;
use storage_model::{OnFailure, Ref, StorageSwitch};
use wasm_bindgen::JsCast;

/// Reads the file chosen in `<input type=file>` as text.
async fn file_text(input: web_sys::HtmlInputElement) -> Option<String> {
    let file = input.files()?.get(0)?;
    let text = wasm_bindgen_futures::JsFuture::from(file.text())
        .await
        .ok()?;
    text.as_string()
}

/// Every rule as the engine takes it, or none when one is not whole (its error shown on it).
fn checked_rules(drafts: Vec<RuleDraft>) -> Result<Vec<SwitchRule>, ()> {
    let mut rules = Vec::new();
    let mut whole = true;
    for d in drafts {
        match d.rule() {
            Ok(r) => rules.push(r),
            Err(e) => {
                d.error.set(Some(e));
                whole = false;
            }
        }
    }
    if whole {
        Ok(rules)
    } else {
        Err(())
    }
}

#[component]
pub fn MappingForm(
    request: RwSignal<StorageSwitch>,
    on_planned: Callback<StorageSwitch>,
    on_close: Callback<()>,
) -> impl IntoView {
    let start = request.get_untracked();
    let drafts = RwSignal::new(start.rules.iter().map(RuleDraft::of).collect::<Vec<_>>());
    let host = RwSignal::new(start.host.and_then(|h| h.id).unwrap_or_default());
    let on_failure = RwSignal::new(start.on_failure.unwrap_or(OnFailure::Stop).to_string());
    let dr_file = RwSignal::new(None::<(String, String)>);
    let banner = RwSignal::new(None::<String>);
    let send = Action::new_local(move |r: &StorageSwitch| {
        let r = r.clone();
        async move {
            match switches::plan(&r).await {
                Ok(p) => on_planned.run(p),
                Err(e) => banner.set(Some(e.message())),
            }
        }
    });
    let busy = send.pending();
    let submit = move || {
        let file = dr_file.get_untracked().map(|(_, text)| text);
        // A mapping file replaces the rules; without one, every rule must be whole.
        let rules = if file.is_some() {
            Vec::new()
        } else {
            match checked_rules(drafts.get_untracked()) {
                Ok(rules) => rules,
                Err(()) => return,
            }
        };
        let r = StorageSwitch {
            rules,
            dr_mapping: file,
            host: Some(host.get_untracked())
                .filter(|h| !h.is_empty())
                .map(|id| Ref {
                    id: Some(id),
                    ..Default::default()
                }),
            on_failure: on_failure.get_untracked().parse().ok(),
            ..request.get_untracked()
        };
        request.set(r.clone());
        if !busy.get_untracked() {
            send.dispatch_local(r);
        }
    };
    let add = move |portal: bool| {
        let kind = if portal { "portal" } else { "server" };
        drafts.update(|d| {
            d.push(RuleDraft::of(&SwitchRule {
                kind: kind.into(),
                ..Default::default()
            }))
        });
    };
    view! {
        <form class="dialog-body" on:submit=move |ev| { ev.prevent_default(); submit(); }>
            {move || banner.get().map(|b| view! { <div class="dialog-error" role="alert">{b}</div> })}
            <p>"Every connection on the failed storage moves to its replica. Nothing changes until you start the plan the engine makes of this."</p>
            {(!start.excluded.is_empty()).then(|| view! {
                <p class="hint" role="note">{format!("{} other connection(s) on these servers are left out: only the selected domains move.", start.excluded.len())}</p>
            })}
            <For each=move || drafts.get().into_iter().enumerate() key=|(i, _)| *i let:item>
                <RuleFields draft=item.1 index=item.0 />
            </For>
            <div class="button-row">
                <button type="button" on:click=move |_| add(false)>"Add Server Rule"</button>
                <button type="button" on:click=move |_| add(true)>"Add Portal Rule"</button>
            </div>
            <ImportMappingFile dr_file />
            <RunChoices host on_failure />
            <DialogFooter busy on_close busy_label="Planning…" ok_label="Plan" />
        </form>
    }
}

/// The oVirt DR role's mapping file, read in the browser; the engine parses it.
#[component]
fn ImportMappingFile(dr_file: RwSignal<Option<(String, String)>>) -> impl IntoView {
    let import = move |ev: web_sys::Event| {
        let Some(input) = ev
            .target()
            .and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok())
        else {
            return;
        };
        leptos::task::spawn_local(async move {
            let name = input
                .files()
                .and_then(|f| f.get(0))
                .map(|f| f.name())
                .unwrap_or_default();
            dr_file.set(file_text(input).await.map(|t| (name, t)));
        });
    };
    view! {
        <div class="field">
            <label for="dr-mapping-file">"Import Mapping File"</label>
            <input id="dr-mapping-file" type="file" accept=".yml,.yaml" on:change=import />
            {move || dr_file.get().map(|(name, _)| view! {
                <p class="hint" role="status">{format!("The plan is made from {name} (the oVirt disaster-recovery role's dr_import_storages); the rules above are not used.")}</p>
            })}
        </div>
    }
}

/// The host that tests the replicas (none: the records only) and what a failure does.
#[component]
fn RunChoices(host: RwSignal<String>, on_failure: RwSignal<String>) -> impl IntoView {
    let hosts = LocalResource::new(|| async {
        datacenters::hosts()
            .await
            .map(|h| up_hosts(&h))
            .unwrap_or_default()
    });
    let host_options = Signal::derive(move || {
        let mut o = vec![(String::new(), "None: change the records only".to_string())];
        o.extend(hosts.get().unwrap_or_default());
        o
    });
    let failure_options = Signal::derive(|| {
        vec![
            (
                "stop".to_string(),
                "Stop and hold where it failed".to_string(),
            ),
            ("rollback".to_string(), "Roll every domain back".to_string()),
        ]
    });
    view! {
        <SelectField label="Host to test the replicas from" value=host options=host_options />
        <SelectField label="If a domain fails" value=on_failure options=failure_options />
    }
}

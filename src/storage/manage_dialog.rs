//! "Manage Domain": the domain's own fields and its connection, each editable by the domain's
//! state exactly as webadmin allows.

use super::state::StorageCtx;
use crate::api::connections;
use crate::api::domains::{self, DomainRow};
use crate::connection_editor::save::{self, Prepared};
use crate::connection_editor::{ConnectionDraft, ConnectionForm, HostChoice, HostToUse};
use crate::ui::{unreadable_text, Dialog, TextField};
use leptos::prelude::*;
use leptos::task::spawn_local;
use storage_model::rules::domain::{
    validate_critical_space, validate_name, validate_warning_low_space,
};
use storage_model::{StorageConnection, StorageDomain, StorageType, GIB};

#[component]
pub fn ManageDomainDialog(row: DomainRow, on_close: Callback<()>) -> impl IntoView {
    let ctx = expect_context::<StorageCtx>();
    let state = row.state();
    let conn_editable = state.connection_editable();
    let name_editable = state.name_editable();
    let storage_type = row.storage_type();
    let d = row.domain.clone();
    let id = row.id();

    let name = RwSignal::new(d.name.clone().unwrap_or_default());
    let description = RwSignal::new(d.description.clone().unwrap_or_default());
    let comment = RwSignal::new(d.comment.clone().unwrap_or_default());
    let description_error = unreadable_text(description, "description");
    let comment_error = unreadable_text(comment, "comment");
    let warning = RwSignal::new(
        d.warning_low_space_indicator
            .map(|v| v.to_string())
            .unwrap_or_default(),
    );
    let critical = RwSignal::new(
        d.critical_space_action_blocker
            .map(|v| v.to_string())
            .unwrap_or_default(),
    );
    let up = Signal::derive(move || ctx.up_hosts());
    let host = HostChoice::new(up, true);
    let draft = ConnectionDraft::new(storage_type);
    let connections_of = RwSignal::new(Vec::<StorageConnection>::new());
    let conn_id = RwSignal::new(String::new());
    let baseline = RwSignal::new(None::<StorageConnection>);
    let banner = RwSignal::new(None::<String>);
    // The connection form appears once the stored connection is in: filled later, it would
    // overwrite what the administrator had already typed.
    let loaded = RwSignal::new(false);
    let name_error = RwSignal::new(None::<String>);
    let threshold_error = RwSignal::new(None::<(&'static str, String)>);

    let select_connection = move |cid: String| {
        let c = connections_of.with_untracked(|l| {
            l.iter()
                .find(|c| c.id.as_deref() == Some(cid.as_str()))
                .cloned()
        });
        if let Some(c) = c {
            draft.load(&c);
            baseline.set(draft.to_wire().ok());
            conn_id.set(cid);
        }
    };
    {
        let id = id.clone();
        spawn_local(async move {
            match connections::of_domain(&id).await {
                Ok(list) => {
                    let first = list.first().and_then(|c| c.id.clone());
                    connections_of.set(list);
                    if let Some(f) = first {
                        select_connection(f);
                    }
                    loaded.set(true);
                }
                Err(e) => banner.set(Some(format!(
                    "Could not load the domain's connection: {}",
                    e.message()
                ))),
            }
        });
    }

    let total_gib = d.total_bytes().map(|b| b / GIB);
    // The connection first (if it changed), then the domain's own fields: a refused connection
    // leaves the domain as it was.
    let send = Action::new_local(
        move |(conn, body): &(Option<(String, StorageConnection)>, StorageDomain)| {
            let (conn, body, id, host) = (conn.clone(), body.clone(), id.clone(), host.chosen());
            async move {
                if let Some((cid, c)) = conn {
                    if let Err(e) = save::send(draft, Some(cid), c, host).await {
                        banner.set(Some(e.message()));
                        return;
                    }
                }
                match domains::update(&id, &body).await {
                    Ok(saved) => {
                        on_close.run(());
                        let name = saved.name.unwrap_or_default();
                        ctx.done(Ok(format!("Saved storage domain {name}")));
                    }
                    Err(e) => {
                        if e.field() == Some("name") {
                            name_error.set(Some(e.message()));
                        }
                        banner.set(Some(e.message()));
                    }
                }
            }
        },
    );
    let busy = send.pending();
    let submit = {
        let original_name = d.name.clone().unwrap_or_default();
        move || {
            // (Enter in a field submits too; nothing is saved before the connection is in.)
            if busy.get_untracked() || !loaded.get_untracked() {
                return;
            }
            banner.set(None);
            name_error.set(None);
            threshold_error.set(None);
            if description_error.get_untracked().is_some()
                || comment_error.get_untracked().is_some()
            {
                banner.set(Some("Correct the marked fields first.".into()));
                return;
            }
            let new_name = name.get_untracked();
            let rename = new_name != original_name;
            if rename {
                if let Err(m) = validate_name(&new_name) {
                    name_error.set(Some(m.text));
                    return;
                }
            }
            let warning_v = warning.get_untracked().trim().parse::<i32>().ok();
            let critical_v = critical.get_untracked().trim().parse::<i32>().ok();
            if let Some(Err(m)) = warning_v.map(validate_warning_low_space) {
                threshold_error.set(Some(("warning", m.text)));
                return;
            }
            if let Some(Err(m)) = critical_v.map(|v| validate_critical_space(v, total_gib)) {
                threshold_error.set(Some(("critical", m.text)));
                return;
            }
            let cid = conn_id.get_untracked();
            let conn = if conn_editable && !cid.is_empty() {
                match save::prepare(draft, baseline.get_untracked().as_ref()) {
                    Prepared::Invalid => {
                        banner.set(Some("Correct the marked fields first.".into()));
                        return;
                    }
                    Prepared::Unchanged => None,
                    Prepared::Changed(c) => Some((cid, *c)),
                }
            } else {
                None
            };
            let body = StorageDomain {
                name: rename.then_some(new_name),
                description: Some(description.get_untracked()),
                comment: Some(comment.get_untracked()),
                warning_low_space_indicator: warning_v,
                critical_space_action_blocker: critical_v,
                ..Default::default()
            };
            send.dispatch_local((conn, body));
        }
    };
    let dc_name =
        untrack(|| ctx.data_center_name(&row.data_center())).unwrap_or_else(|| "(none)".into());
    let function = d.domain_type.map(|t| t.label()).unwrap_or_default();
    let conn_choices = Signal::derive(move || {
        connections_of
            .get()
            .into_iter()
            .filter_map(|c| Some((c.id.clone()?, c.summary())))
            .collect::<Vec<_>>()
    });
    view! {
        <Dialog title="Manage Domain" on_close=on_close class="wide">
            <form class="dialog-body" on:submit=move |ev| { ev.prevent_default(); submit(); }>
                {move || banner.get().map(|b| view! { <div class="dialog-error" role="alert">{b}</div> })}
                <div class="field-row">
                    <div class="field"><label for="manage-dc">"Data Center"</label><input id="manage-dc" type="text" disabled value=dc_name /></div>
                    <div class="field"><label for="manage-function">"Domain Function"</label><input id="manage-function" type="text" disabled value=function /></div>
                    <div class="field"><label for="manage-type">"Storage Type"</label><input id="manage-type" type="text" disabled value=storage_type.label() /></div>
                </div>
                <HostToUse choice=host up_hosts=up disabled=Signal::derive(move || !conn_editable) />
                <TextField
                    label="Name"
                    value=name
                    disabled=Signal::derive(move || !name_editable)
                    error=Signal::derive(move || name_error.get())
                    hint=if name_editable { String::new() } else { "The name can be changed only while the domain is active.".to_string() }
                />
                <TextField label="Description" value=description error=description_error />
                <TextField label="Comment" value=comment error=comment_error />
                <fieldset class="connection">
                    <legend>"Connection"</legend>
                    {(!conn_editable).then(|| view! {
                        <p class="notice" role="note">
                            "The connection can be changed only while the domain is in maintenance or unattached. Put the domain in maintenance first."
                        </p>
                    })}
                    {(storage_type == StorageType::Iscsi).then(|| view! {
                        <div class="field">
                            <label for="manage-conn-choice">"Connection to edit"</label>
                            <select id="manage-conn-choice" on:change=move |ev| select_connection(event_target_value(&ev))>
                                {move || conn_choices.get().into_iter().map(|(v, l)| {
                                    let sel = v == conn_id.get_untracked();
                                    view! { <option value=v selected=sel>{l}</option> }
                                }).collect_view()}
                            </select>
                        </div>
                    })}
                    <Show
                        when=move || loaded.get()
                        fallback=|| view! { <p class="loading" role="status">"Loading the domain's connection…"</p> }
                    >
                        <ConnectionForm draft editable=Signal::derive(move || conn_editable) />
                    </Show>
                </fieldset>
                <details class="section" prop:open=move || threshold_error.get().is_some()>
                    <summary>"Advanced Parameters"</summary>
                    <TextField
                        label="Warning Low Space Indicator (%)"
                        value=warning
                        input_type="number"
                        error=Signal::derive(move || threshold_error.get().filter(|(f, _)| *f == "warning").map(|(_, t)| t))
                    />
                    <TextField
                        label="Critical Space Action Blocker (GB)"
                        value=critical
                        input_type="number"
                        error=Signal::derive(move || threshold_error.get().filter(|(f, _)| *f == "critical").map(|(_, t)| t))
                    />
                </details>
                <footer class="dialog-footer">
                    <button type="submit" class="primary" disabled=move || busy.get() || !loaded.get() aria-busy=move || busy.get().to_string()>
                        {move || if busy.get() { "Saving…" } else { "OK" }}
                    </button>
                    <button type="button" class="secondary" on:click=move |_| on_close.run(())>"Cancel"</button>
                </footer>
            </form>
        </Dialog>
    }
}

//! "Manage Domain": the domain's own fields and its connection, each editable by the domain's
//! state exactly as webadmin allows. The connection part is `connection.rs`, the space
//! thresholds `thresholds.rs`.

mod connection;
mod thresholds;

use super::state::StorageCtx;
use crate::api::domains::{self, DomainRow};
use crate::connection_editor::save;
use crate::connection_editor::{HostChoice, HostToUse};
use crate::ui::{unreadable_text, Dialog, DialogFooter, TextField};
use connection::{ConnectionSection, DomainConnection};
use leptos::prelude::*;
use storage_model::rules::domain::validate_name;
use storage_model::{StorageConnection, StorageDomain, GIB};
use thresholds::{AdvancedParameters, Thresholds};

/// What one OK sends: the connection (if it changed) and the domain's own fields.
type Change = (Option<(String, StorageConnection)>, StorageDomain);

#[component]
pub fn ManageDomainDialog(row: DomainRow, on_close: Callback<()>) -> impl IntoView {
    let ctx = expect_context::<StorageCtx>();
    let state = row.state();
    let name_editable = state.name_editable();
    let storage_type = row.storage_type();
    let d = row.domain.clone();
    let id = row.id();

    let name = RwSignal::new(d.name.clone().unwrap_or_default());
    let description = RwSignal::new(d.description.clone().unwrap_or_default());
    let comment = RwSignal::new(d.comment.clone().unwrap_or_default());
    let description_error = unreadable_text(description, "description");
    let comment_error = unreadable_text(comment, "comment");
    let name_error = RwSignal::new(None::<String>);
    let thresholds = Thresholds::of(&d);
    let up = Signal::derive(move || ctx.up_hosts());
    let host = HostChoice::new(up, true);
    let banner = RwSignal::new(None::<String>);
    let connection = DomainConnection::load(
        id.clone(),
        storage_type,
        state.connection_editable(),
        banner,
    );

    // The connection first (if it changed), then the domain's own fields: a refused connection
    // leaves the domain as it was.
    let send = Action::new_local(move |(conn, body): &Change| {
        let (conn, body, id, host) = (conn.clone(), body.clone(), id.clone(), host.chosen());
        async move {
            if let Some((cid, c)) = conn {
                if let Err(e) = save::send(connection.draft, Some(cid), c, host).await {
                    banner.set(Some(e.message()));
                    return;
                }
            }
            match domains::update(&id, &body).await {
                Ok(saved) => {
                    let name = saved.name.unwrap_or_default();
                    ctx.dialog_done(on_close, format!("Saved storage domain {name}"));
                }
                Err(e) => {
                    if e.field() == Some("name") {
                        name_error.set(Some(e.message()));
                    }
                    banner.set(Some(e.message()));
                }
            }
        }
    });
    let busy = send.pending();
    let total_gib = d.total_bytes().map(|b| b / GIB);
    let original_name = d.name.clone().unwrap_or_default();
    let submit = move || {
        // (Enter in a field submits too; nothing is saved before the connection is in.)
        if busy.get_untracked() || !connection.loaded.get_untracked() {
            return;
        }
        banner.set(None);
        name_error.set(None);
        let new_name = name.get_untracked();
        let rename = new_name != original_name;
        if let (true, Err(m)) = (rename, validate_name(&new_name)) {
            name_error.set(Some(m.text));
            return;
        }
        let Some((warning, critical)) = thresholds.read(total_gib) else {
            return;
        };
        let conn = connection.prepare();
        let (Ok(conn), None, None) = (
            conn,
            description_error.get_untracked(),
            comment_error.get_untracked(),
        ) else {
            banner.set(Some(save::CORRECT_FIRST.into()));
            return;
        };
        let body = StorageDomain {
            name: rename.then_some(new_name),
            description: Some(description.get_untracked()),
            comment: Some(comment.get_untracked()),
            warning_low_space_indicator: warning,
            critical_space_action_blocker: critical,
            ..Default::default()
        };
        send.dispatch_local((conn, body));
    };
    let dc_name =
        untrack(|| ctx.data_center_name(&row.data_center())).unwrap_or_else(|| "(none)".into());
    let function = d.domain_type.map(|t| t.label()).unwrap_or_default();
    view! {
        <Dialog title="Manage Domain" on_close=on_close class="wide">
            <form class="dialog-body" on:submit=move |ev| { ev.prevent_default(); submit(); }>
                {move || banner.get().map(|b| view! { <div class="dialog-error" role="alert">{b}</div> })}
                <div class="field-row">
                    <div class="field"><label for="manage-dc">"Data Center"</label><input id="manage-dc" type="text" disabled value=dc_name /></div>
                    <div class="field"><label for="manage-function">"Domain Function"</label><input id="manage-function" type="text" disabled value=function /></div>
                    <div class="field"><label for="manage-type">"Storage Type"</label><input id="manage-type" type="text" disabled value=storage_type.label() /></div>
                </div>
                <HostToUse choice=host up_hosts=up disabled=Signal::derive(move || !connection.editable) />
                <TextField
                    label="Name"
                    value=name
                    disabled=Signal::derive(move || !name_editable)
                    error=Signal::derive(move || name_error.get())
                    hint=if name_editable { String::new() } else { "The name can be changed only while the domain is active.".to_string() }
                />
                <TextField label="Description" value=description error=description_error />
                <TextField label="Comment" value=comment error=comment_error />
                <ConnectionSection connection storage_type />
                <AdvancedParameters thresholds />
                <DialogFooter busy on_close blocked=Signal::derive(move || !connection.loaded.get()) />
            </form>
        </Dialog>
    }
}

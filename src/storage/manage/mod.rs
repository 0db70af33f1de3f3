//! "Manage Domain": the domain's own fields and its connection, each editable by the domain's
//! state exactly as webadmin allows. The connection part is `connection.rs`, the domain's
//! own fields `fields.rs`, the space thresholds `thresholds.rs`.

mod connection;
mod fields;
mod thresholds;

use super::state::StorageCtx;
use crate::api::domains::{self, DomainRow};
use crate::connection_editor::save;
use crate::connection_editor::{HostChoice, HostToUse};
use crate::ui::{Dialog, DialogFooter};
use connection::{ConnectionSection, DomainConnection};
use fields::{DomainFacts, DomainFields, DomainFieldsForm};
use leptos::prelude::*;
use storage_model::{StorageConnection, StorageDomain, GIB};
use thresholds::{AdvancedParameters, Thresholds};

/// What one OK sends: the connection (if it changed) and the domain's own fields.
type Change = (Option<(String, StorageConnection)>, StorageDomain);

#[component]
pub fn ManageDomainDialog(row: DomainRow, on_close: Callback<()>) -> impl IntoView {
    let ctx = expect_context::<StorageCtx>();
    let state = row.state();
    let storage_type = row.storage_type();
    let d = row.domain.clone();
    let fields = DomainFields::of(&d, state.name_editable());
    let thresholds = Thresholds::of(&d);
    let up = Signal::derive(move || ctx.up_hosts());
    let host = HostChoice::new(up, true);
    let banner = RwSignal::new(None::<String>);
    let connection =
        DomainConnection::load(row.id(), storage_type, state.connection_editable(), banner);

    // The connection first (if it changed), then the domain's own fields: a refused connection
    // leaves the domain as it was.
    let id = row.id();
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
                        fields.name_error.set(Some(e.message()));
                    }
                    banner.set(Some(e.message()));
                }
            }
        }
    });
    let busy = send.pending();
    let total_gib = d.total_bytes().map(|b| b / GIB);
    let submit = move || {
        // (Enter in a field submits too; nothing is saved before the connection is in.)
        if busy.get_untracked() || !connection.loaded.get_untracked() {
            return;
        }
        banner.set(None);
        let Some(body) = fields.read() else {
            banner.set(Some(save::CORRECT_FIRST.into()));
            return;
        };
        let Some((warning, critical)) = thresholds.read(total_gib) else {
            return;
        };
        let Ok(conn) = connection.prepare() else {
            banner.set(Some(save::CORRECT_FIRST.into()));
            return;
        };
        let body = StorageDomain {
            warning_low_space_indicator: warning,
            critical_space_action_blocker: critical,
            ..body
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
                <DomainFacts data_center=dc_name function storage_type />
                <HostToUse choice=host up_hosts=up disabled=Signal::derive(move || !connection.editable) />
                <DomainFieldsForm fields />
                <ConnectionSection connection storage_type />
                <AdvancedParameters thresholds />
                <DialogFooter busy on_close blocked=Signal::derive(move || !connection.loaded.get()) />
            </form>
        </Dialog>
    }
}

//! "New Domain": name, function, storage type, host and the connection form. File domains get
//! their connection added first and then the domain that references it; iSCSI domains are added
//! over a LUN reached through the target.

use super::forms::{storage_type_options, ConnectionDraft, ConnectionForm};
use super::manage_dialog::show_connection_fault;
use super::state::StorageCtx;
use crate::api::domains;
use crate::ui::{unreadable_text, Dialog, SelectField, TextField};
use leptos::prelude::*;
use leptos::task::spawn_local;
use storage_model::rules::domain::validate_name;
use storage_model::{
    HostStorage, LogicalUnit, LogicalUnits, Ref, StorageDomain, StorageDomainType, StorageType,
};

#[component]
pub fn NewDomainDialog(on_close: Callback<()>) -> impl IntoView {
    let ctx = expect_context::<StorageCtx>();
    let name = RwSignal::new(String::new());
    let description = RwSignal::new(String::new());
    let comment = RwSignal::new(String::new());
    let function = RwSignal::new(StorageDomainType::Data.as_str().to_string());
    let type_text = RwSignal::new(StorageType::Nfs.as_str().to_string());
    let (host, host_chosen) = ctx.host_choice();
    let lun = RwSignal::new(String::new());
    let draft = ConnectionDraft::new(StorageType::Nfs);
    let banner = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let name_touched = RwSignal::new(false);
    let name_server_error = RwSignal::new(None::<String>);
    let tried = RwSignal::new(false);

    Effect::new(move |_| {
        if let Ok(t) = type_text.get().parse::<StorageType>() {
            draft.storage_type.set(t);
        }
    });
    let name_error = Signal::derive(move || {
        if let Some(e) = name_server_error.get() {
            return Some(e);
        }
        if !(name_touched.get() || tried.get()) {
            return None;
        }
        validate_name(&name.get()).err().map(|m| m.text)
    });
    let host_error = Signal::derive(move || {
        (tried.get() && host.get().is_empty()).then(|| "Choose a host that is up.".to_string())
    });
    let is_iscsi = move || draft.storage_type.get() == StorageType::Iscsi;
    let lun_error = Signal::derive(move || {
        (tried.get() && is_iscsi() && lun.get().trim().is_empty())
            .then(|| "Enter the LUN's ID.".to_string())
    });

    let description_error = unreadable_text(description, "description");
    let comment_error = unreadable_text(comment, "comment");
    let save = move || {
        if busy.get_untracked() {
            return;
        }
        tried.set(true);
        draft.show_all.set(true);
        draft.server_error.set(None);
        name_server_error.set(None);
        banner.set(None);
        if name_error.get_untracked().is_some()
            || host_error.get_untracked().is_some()
            || lun_error.get_untracked().is_some()
            || description_error.get_untracked().is_some()
            || comment_error.get_untracked().is_some()
            || !draft.problems().is_empty()
        {
            banner.set(Some("Correct the marked fields first.".into()));
            return;
        }
        let Ok(c) = draft.to_wire() else { return };
        let host_ref = Ref {
            id: Some(host.get_untracked()),
            ..Default::default()
        };
        let mut domain = StorageDomain {
            name: Some(name.get_untracked()),
            description: Some(description.get_untracked()).filter(|s| !s.is_empty()),
            comment: Some(comment.get_untracked()).filter(|s| !s.is_empty()),
            domain_type: function.get_untracked().parse().ok(),
            host: Some(host_ref.clone()),
            ..Default::default()
        };
        busy.set(true);
        let lun_id = lun.get_untracked().trim().to_string();
        spawn_local(async move {
            let finish = |ok: Result<String, crate::api::ApiError>| {
                busy.set(false);
                match ok {
                    Ok(text) => {
                        on_close.run(());
                        ctx.done(Ok(text));
                    }
                    Err(e) => {
                        if e.field() == Some("name") {
                            name_server_error.set(Some(e.message()));
                        }
                        banner.set(Some(e.message()));
                    }
                }
            };
            // One request: the engine adds the connection and the domain together (and takes
            // the connection away again if the domain cannot be added).
            domain.storage = Some(if c.storage_type == Some(StorageType::Iscsi) {
                HostStorage {
                    storage_type: Some(StorageType::Iscsi),
                    logical_units: Some(LogicalUnits {
                        logical_unit: vec![LogicalUnit {
                            id: Some(lun_id),
                            address: c.address.clone(),
                            port: c.port,
                            target: c.target.clone(),
                            username: c.username.clone(),
                            password: c.password.clone(),
                            ..Default::default()
                        }],
                    }),
                    ..Default::default()
                }
            } else {
                HostStorage {
                    storage_type: c.storage_type,
                    address: c.address.clone(),
                    path: c.path.clone(),
                    mount_options: c.mount_options.clone(),
                    vfs_type: c.vfs_type.clone(),
                    nfs_version: c.nfs_version,
                    nfs_timeo: c.nfs_timeo,
                    nfs_retrans: c.nfs_retrans,
                    ..Default::default()
                }
            });
            match domains::add(&domain).await {
                Ok(d) => finish(Ok(format!(
                    "Added storage domain {}",
                    d.name.unwrap_or_default()
                ))),
                Err(e) => {
                    // A fault about the connection's details is shown on their fields.
                    let field = e.field();
                    if field.is_some() && field != Some("name") {
                        show_connection_fault(&draft, banner, &e);
                        busy.set(false);
                    } else {
                        finish(Err(e));
                    }
                }
            }
        });
    };
    let functions = vec![
        (
            StorageDomainType::Data.as_str().to_string(),
            "Data".to_string(),
        ),
        (
            StorageDomainType::Iso.as_str().to_string(),
            "ISO".to_string(),
        ),
        (
            StorageDomainType::Export.as_str().to_string(),
            "Export".to_string(),
        ),
    ];
    let hosts = Signal::derive(move || ctx.up_hosts());
    view! {
        <Dialog title="New Domain" on_close=on_close class="wide">
            <form class="dialog-body" on:submit=move |ev| { ev.prevent_default(); save(); }>
                {move || banner.get().map(|b| view! { <div class="dialog-error" role="alert">{b}</div> })}
                <div class="field-row">
                    <SelectField label="Domain Function" value=function options=functions />
                    <SelectField label="Storage Type" value=type_text options=storage_type_options() />
                </div>
                <SelectField label="Host to Use" value=host on_edit=host_chosen options=hosts error=host_error />
                <TextField
                    label="Name"
                    value=name
                    error=name_error
                    on_edit=Callback::new(move |_| { name_touched.set(true); name_server_error.set(None); })
                />
                <TextField label="Description" value=description error=description_error />
                <TextField label="Comment" value=comment error=comment_error />
                <fieldset class="connection">
                    <legend>"Connection"</legend>
                    <ConnectionForm draft editable=Signal::derive(|| true) />
                    <Show when=is_iscsi>
                        <TextField label="LUN ID" value=lun error=lun_error hint="The LUN on this target that will hold the domain." />
                    </Show>
                </fieldset>
                <footer class="dialog-footer">
                    <button type="submit" class="primary" disabled=move || busy.get()>
                        {move || if busy.get() { "Saving…" } else { "OK" }}
                    </button>
                    <button type="button" class="secondary" on:click=move |_| on_close.run(())>"Cancel"</button>
                </footer>
            </form>
        </Dialog>
    }
}

//! "New Domain": name, function, storage type, host and the connection form, added in one
//! request (the engine adds the connection and the domain together, or neither); iSCSI domains
//! are added over a LUN reached through the target.

use super::state::StorageCtx;
use crate::api::domains;
use crate::connection_editor::save::{self, Prepared};
use crate::connection_editor::{
    storage_type_options, ConnectionDraft, ConnectionForm, HostChoice, HostToUse,
};
use crate::ui::{unreadable_text, Dialog, DialogFooter, SelectField, TextField};
use leptos::prelude::*;
use storage_model::rules::domain::validate_name;
use storage_model::{
    HostStorage, LogicalUnit, LogicalUnits, Ref, StorageConnection, StorageDomain,
    StorageDomainType, StorageType,
};

#[component]
pub fn NewDomainDialog(on_close: Callback<()>) -> impl IntoView {
    let ctx = expect_context::<StorageCtx>();
    let description = RwSignal::new(String::new());
    let comment = RwSignal::new(String::new());
    let function = RwSignal::new(StorageDomainType::Data.as_str().to_string());
    let type_text = RwSignal::new(StorageType::Nfs.as_str().to_string());
    let up = Signal::derive(move || ctx.up_hosts());
    let host = HostChoice::new(up, true);
    let lun = RwSignal::new(String::new());
    let draft = ConnectionDraft::new(StorageType::Nfs);
    let banner = RwSignal::new(None::<String>);
    let tried = RwSignal::new(false);
    let name = NewName::new(tried);

    Effect::new(move |_| {
        if let Ok(t) = type_text.get().parse::<StorageType>() {
            draft.storage_type.set(t);
        }
    });
    let host_error = Signal::derive(move || {
        (tried.get() && host.host.get().is_empty()).then(|| "Choose a host that is up.".to_string())
    });
    let is_iscsi = move || draft.storage_type.get() == StorageType::Iscsi;
    let lun_error = Signal::derive(move || {
        (tried.get() && is_iscsi() && lun.get().trim().is_empty())
            .then(|| "Enter the LUN's ID.".to_string())
    });

    let description_error = unreadable_text(description, "description");
    let comment_error = unreadable_text(comment, "comment");
    let send = Action::new_local(move |domain: &StorageDomain| {
        let domain = domain.clone();
        async move {
            match domains::add(&domain).await {
                Ok(d) => {
                    let name = d.name.unwrap_or_default();
                    ctx.dialog_done(on_close, format!("Added storage domain {name}"));
                }
                Err(e) => {
                    // On the field the fault names: the name, or one of the connection's.
                    if e.field() == Some("name") {
                        name.server_error.set(Some(e.message()));
                    } else {
                        save::mark_fault(draft, &e);
                    }
                    banner.set(Some(e.message()));
                }
            }
        }
    });
    let busy = send.pending();
    let submit = move || {
        if busy.get_untracked() {
            return;
        }
        tried.set(true);
        name.server_error.set(None);
        banner.set(None);
        let connection = save::prepare(draft, None);
        let (Prepared::Changed(c), None, None, None, None, None) = (
            connection,
            name.error.get_untracked(),
            host_error.get_untracked(),
            lun_error.get_untracked(),
            description_error.get_untracked(),
            comment_error.get_untracked(),
        ) else {
            banner.set(Some(save::CORRECT_FIRST.into()));
            return;
        };
        let lun_id = lun.get_untracked().trim().to_string();
        send.dispatch_local(StorageDomain {
            name: Some(name.value.get_untracked()),
            description: Some(description.get_untracked()).filter(|s| !s.is_empty()),
            comment: Some(comment.get_untracked()).filter(|s| !s.is_empty()),
            domain_type: function.get_untracked().parse().ok(),
            host: Some(Ref {
                id: host.chosen(),
                ..Default::default()
            }),
            storage: Some(embedded(&c, lun_id)),
            ..Default::default()
        });
    };
    view! {
        <Dialog title="New Domain" on_close=on_close class="wide">
            <form class="dialog-body" on:submit=move |ev| { ev.prevent_default(); submit(); }>
                {move || banner.get().map(|b| view! { <div class="dialog-error" role="alert">{b}</div> })}
                <div class="field-row">
                    <SelectField label="Domain Function" value=function options=domain_functions() />
                    <SelectField label="Storage Type" value=type_text options=storage_type_options() />
                </div>
                <HostToUse choice=host up_hosts=up optional=false error=host_error />
                <TextField
                    label="Name"
                    value=name.value
                    error=name.error
                    on_edit=Callback::new(move |_| name.edited())
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
                <DialogFooter busy on_close />
            </form>
        </Dialog>
    }
}

/// The storage a new domain is made on, embedded in its request: the connection's details, or
/// for iSCSI the LUN reached through the target.
fn embedded(c: &StorageConnection, lun_id: String) -> HostStorage {
    if c.storage_type == Some(StorageType::Iscsi) {
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
    }
}

/// The new domain's name: checked by the model's rule once typed in (or after a first OK), and
/// the engine's refusal of it (a duplicate) until it is edited again.
#[derive(Clone, Copy)]
struct NewName {
    value: RwSignal<String>,
    touched: RwSignal<bool>,
    server_error: RwSignal<Option<String>>,
    error: Signal<Option<String>>,
}

impl NewName {
    fn new(tried: RwSignal<bool>) -> Self {
        let value = RwSignal::new(String::new());
        let touched = RwSignal::new(false);
        let server_error = RwSignal::new(None::<String>);
        let error = Signal::derive(move || {
            if let Some(e) = server_error.get() {
                return Some(e);
            }
            if !(touched.get() || tried.get()) {
                return None;
            }
            validate_name(&value.get()).err().map(|m| m.text)
        });
        NewName {
            value,
            touched,
            server_error,
            error,
        }
    }

    fn edited(&self) {
        self.touched.set(true);
        self.server_error.set(None);
    }
}

/// The functions a new domain may have, with webadmin's labels.
fn domain_functions() -> Vec<(String, String)> {
    [
        (StorageDomainType::Data, "Data"),
        (StorageDomainType::Iso, "ISO"),
        (StorageDomainType::Export, "Export"),
    ]
    .iter()
    .map(|(t, label)| (t.as_str().to_string(), label.to_string()))
    .collect()
}

//! Everything New Domain asks for, read into one request once every field is right.

use super::embedded::embedded;
use super::name::NewName;
use crate::connection_editor::save::{self, Prepared};
use crate::connection_editor::{
    storage_type_options, ConnectionDraft, ConnectionForm, HostChoice, HostToUse,
};
use crate::ui::{unreadable_text, SelectField, TextField};
use leptos::prelude::*;
use storage_model::{Ref, StorageDomain, StorageDomainType, StorageType};

#[derive(Clone, Copy)]
pub struct NewDomain {
    pub name: NewName,
    function: RwSignal<String>,
    type_text: RwSignal<String>,
    description: RwSignal<String>,
    comment: RwSignal<String>,
    description_error: Signal<Option<String>>,
    comment_error: Signal<Option<String>>,
    up: Signal<Vec<(String, String)>>,
    host: HostChoice,
    lun: RwSignal<String>,
    pub draft: ConnectionDraft,
    /// OK was pressed once: every empty required field shows its error from then on.
    tried: RwSignal<bool>,
}

impl NewDomain {
    pub fn new(up: Signal<Vec<(String, String)>>) -> Self {
        let tried = RwSignal::new(false);
        let type_text = RwSignal::new(StorageType::Nfs.as_str().to_string());
        let draft = ConnectionDraft::new(StorageType::Nfs);
        Effect::new(move |_| {
            if let Ok(t) = type_text.get().parse::<StorageType>() {
                draft.storage_type.set(t);
            }
        });
        let description = RwSignal::new(String::new());
        let comment = RwSignal::new(String::new());
        NewDomain {
            name: NewName::new(tried),
            function: RwSignal::new(StorageDomainType::Data.as_str().to_string()),
            type_text,
            description,
            comment,
            description_error: unreadable_text(description, "description"),
            comment_error: unreadable_text(comment, "comment"),
            up,
            host: HostChoice::new(up, true),
            lun: RwSignal::new(String::new()),
            draft,
            tried,
        }
    }

    fn is_iscsi(&self) -> bool {
        self.draft.storage_type.get() == StorageType::Iscsi
    }

    fn host_error(self) -> Signal<Option<String>> {
        Signal::derive(move || {
            (self.tried.get() && self.host.host.get().is_empty())
                .then(|| "Choose a host that is up.".to_string())
        })
    }

    fn lun_error(self) -> Signal<Option<String>> {
        Signal::derive(move || {
            (self.tried.get() && self.is_iscsi() && self.lun.get().trim().is_empty())
                .then(|| "Enter the LUN's ID.".to_string())
        })
    }

    /// The request, or `None` with every problem marked on its field.
    pub fn read(self) -> Option<StorageDomain> {
        self.tried.set(true);
        self.name.server_error.set(None);
        let Prepared::Changed(c) = save::prepare(self.draft, None) else {
            return None;
        };
        let problems = [
            self.name.error.get_untracked(),
            self.host_error().get_untracked(),
            self.lun_error().get_untracked(),
            self.description_error.get_untracked(),
            self.comment_error.get_untracked(),
        ];
        if problems.iter().any(Option::is_some) {
            return None;
        }
        let lun_id = self.lun.get_untracked().trim().to_string();
        Some(StorageDomain {
            name: Some(self.name.value.get_untracked()),
            description: Some(self.description.get_untracked()).filter(|s| !s.is_empty()),
            comment: Some(self.comment.get_untracked()).filter(|s| !s.is_empty()),
            domain_type: self.function.get_untracked().parse().ok(),
            host: Some(Ref {
                id: self.host.chosen(),
                ..Default::default()
            }),
            storage: Some(embedded(&c, lun_id)),
            ..Default::default()
        })
    }
}

#[component]
pub fn NewDomainForm(form: NewDomain) -> impl IntoView {
    let name = form.name;
    let draft = form.draft;
    view! {
        <div class="field-row">
            <SelectField label="Domain Function" value=form.function options=domain_functions() />
            <SelectField label="Storage Type" value=form.type_text options=storage_type_options() />
        </div>
        <HostToUse choice=form.host up_hosts=form.up optional=false error=form.host_error() />
        <TextField
            label="Name"
            value=name.value
            error=name.error
            on_edit=Callback::new(move |_| name.edited())
        />
        <TextField label="Description" value=form.description error=form.description_error />
        <TextField label="Comment" value=form.comment error=form.comment_error />
        <fieldset class="connection">
            <legend>"Connection"</legend>
            <ConnectionForm draft editable=Signal::derive(|| true) />
            <Show when=move || form.is_iscsi()>
                <TextField label="LUN ID" value=form.lun error=form.lun_error() hint="The LUN on this target that will hold the domain." />
            </Show>
        </fieldset>
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

//! The domain's own fields in Manage Domain: name (editable only while active), description and
//! comment, and the facts shown but never edited (data center, function, storage type).

use crate::ui::{unreadable_text, TextField};
use leptos::prelude::*;
use storage_model::rules::domain::validate_name;
use storage_model::{StorageDomain, StorageType};

#[derive(Clone, Copy)]
pub struct DomainFields {
    original_name: StoredValue<String>,
    name_editable: bool,
    name: RwSignal<String>,
    description: RwSignal<String>,
    comment: RwSignal<String>,
    pub name_error: RwSignal<Option<String>>,
    description_error: Signal<Option<String>>,
    comment_error: Signal<Option<String>>,
}

impl DomainFields {
    pub fn of(d: &StorageDomain, name_editable: bool) -> Self {
        let original = d.name.clone().unwrap_or_default();
        let description = RwSignal::new(d.description.clone().unwrap_or_default());
        let comment = RwSignal::new(d.comment.clone().unwrap_or_default());
        DomainFields {
            name: RwSignal::new(original.clone()),
            original_name: StoredValue::new(original),
            name_editable,
            description,
            comment,
            name_error: RwSignal::new(None),
            description_error: unreadable_text(description, "description"),
            comment_error: unreadable_text(comment, "comment"),
        }
    }

    /// The fields as a domain update (the name only when renamed), or `None` with the errors
    /// marked on their fields.
    pub fn read(&self) -> Option<StorageDomain> {
        self.name_error.set(None);
        let name = self.name.get_untracked();
        let rename = self.original_name.with_value(|o| *o != name);
        if rename {
            if let Err(m) = validate_name(&name) {
                self.name_error.set(Some(m.text));
                return None;
            }
        }
        if self.description_error.get_untracked().is_some()
            || self.comment_error.get_untracked().is_some()
        {
            return None;
        }
        Some(StorageDomain {
            name: rename.then_some(name),
            description: Some(self.description.get_untracked()),
            comment: Some(self.comment.get_untracked()),
            ..Default::default()
        })
    }
}

#[component]
pub fn DomainFieldsForm(fields: DomainFields) -> impl IntoView {
    let editable = fields.name_editable;
    view! {
        <TextField
            label="Name"
            value=fields.name
            disabled=Signal::derive(move || !editable)
            error=Signal::derive(move || fields.name_error.get())
            hint=if editable { String::new() } else { "The name can be changed only while the domain is active.".to_string() }
        />
        <TextField label="Description" value=fields.description error=fields.description_error />
        <TextField label="Comment" value=fields.comment error=fields.comment_error />
    }
}

/// What the dialog shows about the domain without letting it change.
#[component]
pub fn DomainFacts(
    data_center: String,
    function: &'static str,
    storage_type: StorageType,
) -> impl IntoView {
    view! {
        <div class="field-row">
            <div class="field"><label for="manage-dc">"Data Center"</label><input id="manage-dc" type="text" disabled value=data_center /></div>
            <div class="field"><label for="manage-function">"Domain Function"</label><input id="manage-function" type="text" disabled value=function /></div>
            <div class="field"><label for="manage-type">"Storage Type"</label><input id="manage-type" type="text" disabled value=storage_type.label() /></div>
        </div>
    }
}

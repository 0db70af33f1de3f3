//! Manage Domain's connection: the domain's connections loaded, the one being edited (an iSCSI
//! domain has several), and its form, editable only while the domain allows it.

use crate::api::connections;
use crate::connection_editor::save::{self, Prepared};
use crate::connection_editor::{ConnectionDraft, ConnectionForm};
use leptos::prelude::*;
use storage_model::{StorageConnection, StorageType};

/// The domain's connections and the draft of the one chosen.
#[derive(Clone, Copy)]
pub struct DomainConnection {
    pub draft: ConnectionDraft,
    all: RwSignal<Vec<StorageConnection>>,
    chosen: RwSignal<String>,
    stored: RwSignal<Option<StorageConnection>>,
    /// The form appears once the stored connection is in: filled later, it would overwrite
    /// what the administrator had already typed.
    pub loaded: RwSignal<bool>,
    pub editable: bool,
}

impl DomainConnection {
    /// Starts loading `domain`'s connections (the first is chosen); a failure goes to `banner`.
    pub fn load(
        domain: String,
        storage_type: StorageType,
        editable: bool,
        banner: RwSignal<Option<String>>,
    ) -> Self {
        let dc = DomainConnection {
            draft: ConnectionDraft::new(storage_type),
            all: RwSignal::new(Vec::new()),
            chosen: RwSignal::new(String::new()),
            stored: RwSignal::new(None),
            loaded: RwSignal::new(false),
            editable,
        };
        leptos::task::spawn_local_scoped_with_cancellation(async move {
            match connections::of_domain(&domain).await {
                Ok(list) => {
                    let first = list.first().and_then(|c| c.id.clone());
                    dc.all.set(list);
                    if let Some(f) = first {
                        dc.choose(f);
                    }
                    dc.loaded.set(true);
                }
                Err(e) => banner.set(Some(format!(
                    "Could not load the domain's connection: {}",
                    e.message()
                ))),
            }
        });
        dc
    }

    fn choose(&self, id: String) {
        let c = self.all.with_untracked(|l| {
            l.iter()
                .find(|c| c.id.as_deref() == Some(id.as_str()))
                .cloned()
        });
        if let Some(c) = c {
            self.draft.load(&c);
            self.stored.set(self.draft.to_wire().ok());
            self.chosen.set(id);
        }
    }

    /// What to save: `Ok(None)` when the connection is not to be (or was not) changed, `Err`
    /// when the form has a problem (marked on its field).
    pub fn prepare(&self) -> Result<Option<(String, StorageConnection)>, ()> {
        let id = self.chosen.get_untracked();
        if !self.editable || id.is_empty() {
            return Ok(None);
        }
        match save::prepare(self.draft, self.stored.get_untracked().as_ref()) {
            Prepared::Invalid => Err(()),
            Prepared::Unchanged => Ok(None),
            Prepared::Changed(c) => Ok(Some((id, *c))),
        }
    }
}

#[component]
pub fn ConnectionSection(connection: DomainConnection, storage_type: StorageType) -> impl IntoView {
    let dc = connection;
    let choices = Signal::derive(move || {
        dc.all
            .get()
            .into_iter()
            .filter_map(|c| Some((c.id.clone()?, c.summary())))
            .collect::<Vec<_>>()
    });
    view! {
        <fieldset class="connection">
            <legend>"Connection"</legend>
            {(!dc.editable).then(|| view! {
                <p class="notice" role="note">
                    "The connection can be changed only while the domain is in maintenance or unattached. Put the domain in maintenance first."
                </p>
            })}
            {(storage_type == StorageType::Iscsi).then(|| view! {
                <div class="field">
                    <label for="manage-conn-choice">"Connection to edit"</label>
                    <select id="manage-conn-choice" on:change=move |ev| dc.choose(event_target_value(&ev))>
                        {move || choices.get().into_iter().map(|(v, l)| {
                            let sel = v == dc.chosen.get_untracked();
                            view! { <option value=v selected=sel>{l}</option> }
                        }).collect_view()}
                    </select>
                </div>
            })}
            <Show
                when=move || dc.loaded.get()
                fallback=|| view! { <p class="loading" role="status">"Loading the domain's connection…"</p> }
            >
                <ConnectionForm draft=dc.draft editable=Signal::derive(move || dc.editable) />
            </Show>
        </fieldset>
    }
}

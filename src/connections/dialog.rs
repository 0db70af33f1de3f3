//! Add or edit one connection, with the per-type form and an optional host that connects.

use crate::api::{connections, datacenters};
use crate::storage::forms::{storage_type_options, ConnectionDraft, ConnectionForm};
use crate::ui::{Dialog, SelectField};
use leptos::prelude::*;
use leptos::task::spawn_local;
use storage_model::{HostStatus, Ref, StorageConnection, StorageType};

#[component]
pub fn ConnectionDialog(
    /// The connection to edit; `None` adds a new one.
    existing: Option<StorageConnection>,
    on_close: Callback<()>,
    /// Called with a summary once saved.
    on_saved: Callback<String>,
) -> impl IntoView {
    let editing = existing.is_some();
    let draft = match &existing {
        Some(c) => ConnectionDraft::from_wire(c),
        None => ConnectionDraft::new(StorageType::Nfs),
    };
    let baseline = draft.to_wire().ok();
    let type_text = RwSignal::new(draft.storage_type.get_untracked().as_str().to_string());
    Effect::new(move |_| {
        if let Ok(t) = type_text.get().parse::<StorageType>() {
            if t != draft.storage_type.get_untracked() {
                draft.storage_type.set(t);
            }
        }
    });
    let hosts = RwSignal::new(vec![(
        String::new(),
        "None (only save the details)".to_string(),
    )]);
    spawn_local(async move {
        if let Ok(list) = datacenters::hosts().await {
            let mut o: Vec<(String, String)> = list
                .into_iter()
                .filter(|h| h.status == Some(HostStatus::Up))
                .filter_map(|h| Some((h.id?, h.name?)))
                .collect();
            o.push((String::new(), "None (only save the details)".to_string()));
            hosts.set(o);
        }
    });
    let host = RwSignal::new(String::new());
    let banner = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let id = existing
        .as_ref()
        .and_then(|c| c.id.clone())
        .unwrap_or_default();

    let save = move || {
        if busy.get_untracked() {
            return;
        }
        draft.show_all.set(true);
        draft.server_error.set(None);
        banner.set(None);
        if !draft.problems().is_empty() {
            banner.set(Some("Correct the marked fields first.".into()));
            return;
        }
        let Ok(mut c) = draft.to_wire() else { return };
        if editing && Some(&c) == baseline.as_ref() {
            on_close.run(());
            return;
        }
        busy.set(true);
        let h = host.get_untracked();
        let id = id.clone();
        spawn_local(async move {
            let result = if editing {
                c.storage_type = None;
                connections::update(&id, &c, (!h.is_empty()).then_some(h.as_str())).await
            } else {
                if !h.is_empty() {
                    c.host = Some(Ref {
                        id: Some(h),
                        ..Default::default()
                    });
                }
                connections::add(&c).await
            };
            busy.set(false);
            match result {
                Ok(saved) => on_saved.run(format!("Saved connection {}", saved.summary())),
                Err(e) => {
                    if let Some(f) = e.field() {
                        draft
                            .server_error
                            .set(Some((Some(f.to_string()), e.message())));
                    }
                    banner.set(Some(e.message()));
                }
            }
        });
    };
    let title = if editing {
        "Edit Connection"
    } else {
        "New Connection"
    };
    view! {
        <Dialog title=title on_close=on_close class="wide">
            <form class="dialog-body" on:submit=move |ev| { ev.prevent_default(); save(); }>
                {move || banner.get().map(|b| view! { <div class="dialog-error" role="alert">{b}</div> })}
                <SelectField
                    label="Storage Type"
                    value=type_text
                    options=storage_type_options()
                    disabled=Signal::derive(move || editing)
                />
                <SelectField label="Host to Use" value=host options=hosts />
                <ConnectionForm draft editable=Signal::derive(|| true) />
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

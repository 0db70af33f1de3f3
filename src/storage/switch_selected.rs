//! Switch Storage… from the Storage tab: the selected domains (Ctrl+click adds more) move to
//! their replicas — a rule for each server their connections are on, every other connection on
//! those servers left out (`rules::servers::mapping_for`).

use crate::api::{connections, ApiError};
use crate::session::Session;
use crate::switch::{switch_wizard, NO_SWITCH};
use crate::ui::{deferred, wasm_split, ActionButton};
use futures::future::{try_join_all, LocalBoxFuture};
use leptos::prelude::*;
use storage_model::rules::permissions::ActionGroup;
use storage_model::rules::servers::mapping_for;
use storage_model::StorageSwitch;

/// The Storage tab's multi-selection: the selected domain and those Ctrl+clicked beside it.
#[derive(Clone, Copy)]
pub struct Selection {
    pub marked: RwSignal<Vec<String>>,
    /// The selected domain first, then the added ones.
    pub chosen: Memo<Vec<String>>,
}

impl Selection {
    pub fn new(selected: Signal<Option<String>>) -> Self {
        let marked = RwSignal::new(Vec::<String>::new());
        let chosen = Memo::new(move |_| {
            let mut ids = marked.get();
            if let Some(id) = selected.get().filter(|id| !ids.contains(id)) {
                ids.insert(0, id);
            }
            ids
        });
        Selection { marked, chosen }
    }

    pub fn clear(&self) {
        self.marked.set(Vec::new());
    }

    /// Adds a domain, or takes it out again.
    pub fn toggle(&self, id: String) {
        self.marked
            .update(|m| match m.iter().position(|x| *x == id) {
                Some(i) => {
                    m.remove(i);
                }
                None => m.push(id),
            })
    }
}

/// The selection's rules and what is left out on their servers (its code fetched on first use:
/// the connections' wire format and the grouping by server are not needed before).
#[wasm_split(switch_mapping, wasm_split_path = ::leptos::wasm_split, fallible)]
fn mapping(domains: Vec<String>) -> Result<LocalBoxFuture<'static, Mapped>, ApiError> {
    Ok(Box::pin(mapping_of(domains)))
}

type Mapped = Result<StorageSwitch, ApiError>;

async fn mapping_of(domains: Vec<String>) -> Mapped {
    let all = connections::list().await?;
    let chosen: Vec<_> = try_join_all(domains.iter().map(|d| connections::of_domain(d)))
        .await?
        .into_iter()
        .flatten()
        .collect();
    let (rules, excluded) = mapping_for(&all, &chosen);
    Ok(StorageSwitch {
        rules,
        excluded,
        ..Default::default()
    })
}

#[component]
pub fn SwitchSelected(
    /// The selected domains' ids.
    chosen: Memo<Vec<String>>,
    /// Where a failure to read their connections is reported.
    on_error: Callback<String>,
    /// After the wizard closes (the domains may have changed).
    on_closed: Callback<()>,
) -> impl IntoView {
    let session = Session::get();
    let enabled = Signal::derive(move || {
        session.gate(
            ActionGroup::CreateStorageDomain,
            None,
            session.extension(NO_SWITCH).and_then(|_| {
                if chosen.with(Vec::is_empty) {
                    Err("Select the storage domains to switch first (Ctrl+click adds one).")
                } else {
                    Ok(())
                }
            }),
        )
    });
    let open = RwSignal::new(None::<StorageSwitch>);
    let prepare = Action::new_local(move |ids: &Vec<String>| {
        let ids = ids.clone();
        async move {
            // (Its code first, then the mapping it makes.)
            let mapped = async { mapping(ids).await?.await };
            match mapped.await {
                Ok(m) if m.rules.is_empty() => {
                    on_error.run("The selected domains have no connection to a server to switch (local storage stays where it is).".into())
                }
                Ok(m) => open.set(Some(m)),
                Err(e) => on_error.run(e.message()),
            }
        }
    });
    let on_click = Callback::new(move |_| {
        prepare.dispatch_local(chosen.get_untracked());
    });
    view! {
        <ActionButton label="Switch Storage…" enabled on_click />
        {move || open.get().map(|request| {
            let on_close = Callback::new(move |_| { open.set(None); on_closed.run(()); });
            deferred("Switch Storage", move || switch_wizard(request.clone(), on_close))
        })}
    }
}

//! Switch Storage…: re-point a whole server's connections to its replica in one guided,
//! durable, reversible operation — the mapping (a rule prefilled from the failed server), the
//! engine's plan with its preflight and per-connection overrides, then the switch running with
//! its progress, cancel, roll back and fail back. The engine does the work
//! (`/storageswitches`); this only asks and shows.

mod mapping;
mod plan;
mod progress;
mod rule;

use crate::ui::Dialog;
use leptos::prelude::*;
use storage_model::{OnFailure, StorageSwitch};

/// Why Switch Storage is off in front of an engine without storage switches.
pub const NO_SWITCH: &str = "This engine has no storage switch (oVirt's engine has none): re-point each connection with Edit, its domain in maintenance.";

#[derive(Clone)]
enum Stage {
    Mapping,
    Plan(Box<StorageSwitch>),
    Progress(String),
}

#[component]
pub fn SwitchWizard(
    /// The mapping to start from: a failed server's rule, or a selection's rules and the other
    /// connections on those servers left out.
    request: StorageSwitch,
    on_close: Callback<()>,
) -> impl IntoView {
    let stage = RwSignal::new(Stage::Mapping);
    // The request as edited so far: kept across the stages, so Back loses nothing.
    let request = RwSignal::new(StorageSwitch {
        on_failure: request.on_failure.or(Some(OnFailure::Stop)),
        ..request
    });
    let to_plan = Callback::new(move |p| stage.set(Stage::Plan(Box::new(p))));
    let started = Callback::new(move |id| stage.set(Stage::Progress(id)));
    let back = Callback::new(move |_| stage.set(Stage::Mapping));
    view! {
        <Dialog title="Switch Storage" on_close=on_close class="wide switch">
            {move || match stage.get() {
                Stage::Mapping => view! { <mapping::MappingForm request on_planned=to_plan on_close /> }.into_any(),
                Stage::Plan(p) => view! { <plan::PlanView plan=*p request on_back=back on_planned=to_plan on_started=started on_close /> }.into_any(),
                Stage::Progress(id) => view! { <progress::ProgressView id on_failback=to_plan on_close /> }.into_any(),
            }}
        </Dialog>
    }
}

/// The wizard's code, fetched when it first opens.
#[crate::ui::wasm_split(switch_wizard, wasm_split_path = ::leptos::wasm_split, fallible)]
pub fn switch_wizard(request: StorageSwitch, on_close: Callback<()>) -> crate::ui::Later {
    Ok(view! { <SwitchWizard request on_close /> }.into_any())
}

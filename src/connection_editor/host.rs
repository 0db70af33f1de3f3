//! "Host to Use": which host connects to the storage when the connection is saved, or none
//! (only the details are saved).

use crate::ui::SelectField;
use leptos::prelude::*;

/// The option that saves without connecting.
pub const NONE: &str = "None (only save the details)";

/// The chosen host's id ("" for none). Until the user picks, the first host that is up is
/// chosen when `first_up` is set, also when the hosts arrive after the dialog opened.
#[derive(Clone, Copy)]
pub struct HostChoice {
    pub host: RwSignal<String>,
    picked: RwSignal<bool>,
}

impl HostChoice {
    pub fn new(up_hosts: Signal<Vec<(String, String)>>, first_up: bool) -> Self {
        let choice = HostChoice {
            host: RwSignal::new(String::new()),
            picked: RwSignal::new(false),
        };
        if first_up {
            Effect::new(move |_| {
                let first = up_hosts.with(|h| h.first().map(|h| h.0.clone()));
                if let (false, Some(first)) = (choice.picked.get_untracked(), first) {
                    choice.host.set(first);
                }
            });
        }
        choice
    }

    /// The chosen host's id, if one is chosen.
    pub fn chosen(&self) -> Option<String> {
        Some(self.host.get_untracked()).filter(|h| !h.is_empty())
    }
}

/// The field: the hosts that are up, and (unless a host is required) none.
#[component]
pub fn HostToUse(
    choice: HostChoice,
    up_hosts: Signal<Vec<(String, String)>>,
    /// Whether saving without a host is offered.
    #[prop(default = true)]
    optional: bool,
    #[prop(into, optional)] disabled: Signal<bool>,
    #[prop(into, optional)] error: Signal<Option<String>>,
) -> impl IntoView {
    let options = Signal::derive(move || {
        let mut o = up_hosts.get();
        if optional {
            o.push((String::new(), NONE.to_string()));
        }
        o
    });
    view! {
        <SelectField
            label="Host to Use"
            value=choice.host
            on_edit=Callback::new(move |_| choice.picked.set(true))
            options=options
            disabled=disabled
            error=error
        />
    }
}

/// The hosts that are up, as (id, name) options.
pub fn up_hosts(hosts: &[storage_model::Host]) -> Vec<(String, String)> {
    hosts
        .iter()
        .filter(|h| h.status == Some(storage_model::HostStatus::Up))
        .filter_map(|h| Some((h.id.clone()?, h.name.clone()?)))
        .collect()
}

//! Manage Domain's "Advanced Parameters": the space thresholds, checked by the model's rules.

use crate::ui::TextField;
use leptos::prelude::*;
use storage_model::rules::domain::{validate_critical_space, validate_warning_low_space};
use storage_model::StorageDomain;

/// The two thresholds as typed, and the one that is wrong.
#[derive(Clone, Copy)]
pub struct Thresholds {
    warning: RwSignal<String>,
    critical: RwSignal<String>,
    error: RwSignal<Option<(&'static str, String)>>,
}

fn text(v: Option<i32>) -> String {
    v.map(|v| v.to_string()).unwrap_or_default()
}

impl Thresholds {
    pub fn of(d: &StorageDomain) -> Self {
        Thresholds {
            warning: RwSignal::new(text(d.warning_low_space_indicator)),
            critical: RwSignal::new(text(d.critical_space_action_blocker)),
            error: RwSignal::new(None),
        }
    }

    /// (warning %, critical GB) when both are valid for a domain of `total_gib`; else the wrong
    /// one is marked (and its section opens).
    pub fn read(&self, total_gib: Option<i64>) -> Option<(Option<i32>, Option<i32>)> {
        self.error.set(None);
        let warning = self.warning.get_untracked().trim().parse::<i32>().ok();
        let critical = self.critical.get_untracked().trim().parse::<i32>().ok();
        if let Some(Err(m)) = warning.map(validate_warning_low_space) {
            self.error.set(Some(("warning", m.text)));
            return None;
        }
        if let Some(Err(m)) = critical.map(|v| validate_critical_space(v, total_gib)) {
            self.error.set(Some(("critical", m.text)));
            return None;
        }
        Some((warning, critical))
    }

    fn error_of(&self, field: &'static str) -> Signal<Option<String>> {
        let error = self.error;
        Signal::derive(move || error.get().filter(|(f, _)| *f == field).map(|(_, t)| t))
    }
}

#[component]
pub fn AdvancedParameters(thresholds: Thresholds) -> impl IntoView {
    view! {
        <details class="section" prop:open=move || thresholds.error.get().is_some()>
            <summary>"Advanced Parameters"</summary>
            <TextField
                label="Warning Low Space Indicator (%)"
                value=thresholds.warning
                input_type="number"
                error=thresholds.error_of("warning")
            />
            <TextField
                label="Critical Space Action Blocker (GB)"
                value=thresholds.critical
                input_type="number"
                error=thresholds.error_of("critical")
            />
        </details>
    }
}

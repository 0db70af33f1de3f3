//! The new domain's name and when its errors show.

use leptos::prelude::*;
use storage_model::rules::domain::validate_name;

/// The new domain's name: checked by the model's rule once typed in (or after a first OK), and
/// the engine's refusal of it (a duplicate) until it is edited again.
#[derive(Clone, Copy)]
pub struct NewName {
    pub value: RwSignal<String>,
    touched: RwSignal<bool>,
    pub server_error: RwSignal<Option<String>>,
    pub error: Signal<Option<String>>,
}

impl NewName {
    pub fn new(tried: RwSignal<bool>) -> Self {
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

    pub fn edited(&self) {
        self.touched.set(true);
        self.server_error.set(None);
    }
}

//! Labelled form controls that show their error next to them.

use super::dialog::uuid_like;
use leptos::prelude::*;

/// The refusal of a character no field accepts (`rules::text`), shown as the field is typed.
pub fn unreadable_text(value: RwSignal<String>, field: &'static str) -> Signal<Option<String>> {
    Signal::derive(move || storage_model::rules::text::check(field, &value.get()).map(|m| m.text))
}

/// A text input bound to `value`. `error` is shown under it and marks it invalid.
#[component]
pub fn TextField(
    #[prop(into)] label: String,
    value: RwSignal<String>,
    #[prop(into, optional)] error: Signal<Option<String>>,
    #[prop(into, optional)] disabled: Signal<bool>,
    #[prop(optional)] input_type: Option<&'static str>,
    #[prop(optional, into)] placeholder: String,
    #[prop(optional, into)] hint: String,
    /// Called on every edit (e.g. to mark the field touched).
    #[prop(optional)]
    on_edit: Option<Callback<()>>,
    /// Suggestions offered while typing (a `<datalist>`).
    #[prop(into, optional)]
    suggestions: Signal<Vec<String>>,
    /// Called when the field loses focus.
    #[prop(optional)]
    on_blur: Option<Callback<()>>,
) -> impl IntoView {
    let id = format!("field-{}", uuid_like());
    let list_id = format!("{id}-list");
    let error_id = format!("{id}-error");
    let hint_id = format!("{id}-hint");
    let has_hint = !hint.is_empty();
    let described = {
        let error_id = error_id.clone();
        let hint_id = hint_id.clone();
        move || {
            let mut ids = Vec::new();
            if has_hint {
                ids.push(hint_id.clone());
            }
            if error.get().is_some() {
                ids.push(error_id.clone());
            }
            ids.join(" ")
        }
    };
    view! {
        <div class="field" class:invalid=move || error.get().is_some()>
            <label for=id.clone()>{label}</label>
            <input
                id=id.clone()
                type=input_type.unwrap_or("text")
                placeholder=placeholder
                list=list_id.clone()
                on:blur=move |_| {
                    if let Some(cb) = on_blur {
                        cb.run(());
                    }
                }
                prop:value=move || value.get()
                disabled=move || disabled.get()
                aria-invalid=move || if error.get().is_some() { "true" } else { "false" }
                aria-describedby=described
                on:input=move |ev| {
                    value.set(event_target_value(&ev));
                    if let Some(cb) = on_edit {
                        cb.run(());
                    }
                }
            />
            <datalist id=list_id>
                {move || {
                    suggestions
                        .get()
                        .into_iter()
                        .map(|s| view! { <option value=s></option> })
                        .collect_view()
                }}
            </datalist>
            {has_hint.then(|| view! { <p class="hint" id=hint_id.clone()>{hint.clone()}</p> })}
            <p class="field-error" id=error_id role="alert">
                {move || error.get()}
            </p>
        </div>
    }
}

/// A select bound to `value` (option values are the wire spellings).
#[component]
pub fn SelectField(
    #[prop(into)] label: String,
    value: RwSignal<String>,
    /// (value, label) pairs.
    #[prop(into)]
    options: Signal<Vec<(String, String)>>,
    #[prop(into, optional)] error: Signal<Option<String>>,
    #[prop(into, optional)] disabled: Signal<bool>,
    #[prop(optional)] on_edit: Option<Callback<()>>,
) -> impl IntoView {
    let id = format!("field-{}", uuid_like());
    let error_id = format!("{id}-error");
    view! {
        <div class="field" class:invalid=move || error.get().is_some()>
            <label for=id.clone()>{label}</label>
            <select
                id=id.clone()
                prop:value=move || value.get()
                disabled=move || disabled.get()
                aria-invalid=move || if error.get().is_some() { "true" } else { "false" }
                aria-describedby=error_id.clone()
                on:change=move |ev| {
                    value.set(event_target_value(&ev));
                    if let Some(cb) = on_edit {
                        cb.run(());
                    }
                }
            >
                {move || {
                    options
                        .get()
                        .into_iter()
                        .map(|(v, l)| {
                            let selected = v == value.get_untracked();
                            view! {
                                <option value=v selected=selected>
                                    {l}
                                </option>
                            }
                        })
                        .collect_view()
                }}
            </select>
            <p class="field-error" id=error_id role="alert">
                {move || error.get()}
            </p>
        </div>
    }
}

/// A checkbox bound to `checked`.
#[component]
pub fn CheckboxField(
    #[prop(into)] label: String,
    checked: RwSignal<bool>,
    #[prop(into, optional)] disabled: Signal<bool>,
) -> impl IntoView {
    let id = format!("field-{}", uuid_like());
    view! {
        <div class="field checkbox">
            <input
                id=id.clone()
                type="checkbox"
                prop:checked=move || checked.get()
                disabled=move || disabled.get()
                on:change=move |ev| checked.set(event_target_checked(&ev))
            />
            <label for=id>{label}</label>
        </div>
    }
}

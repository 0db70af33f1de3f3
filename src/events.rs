//! The audit trail: the global Events view and a domain's Events sub-tab, newest first.

use crate::api::get_json;
use crate::api::loaded::{Loaded, Phase};
use crate::refresh::{RefreshControl, Refresher};
use crate::ui::{LoadError, RefreshFailure};
use leptos::prelude::*;
use storage_model::{Event, Events};

fn time_text(ms: Option<i64>) -> String {
    let Some(ms) = ms else { return String::new() };
    let d = js_sys::Date::new(&wasm_bindgen::JsValue::from_f64(ms as f64));
    String::from(d.to_locale_string("en-GB", &wasm_bindgen::JsValue::UNDEFINED))
}

/// Events, optionally only those about one storage domain (by its name, with the search any
/// oVirt engine understands).
#[component]
pub fn EventList(#[prop(optional)] domain_name: Option<String>) -> impl IntoView {
    let refresher = Refresher::get();
    let events = Loaded::<Vec<Event>>::default();
    let path = match &domain_name {
        Some(d) => format!(
            "/events?search={}&max=200",
            crate::api::enc(&format!("event_storage = {d}"))
        ),
        None => "/events?max=500".to_string(),
    };
    let load =
        move |path: String| events.load(async move { Ok(get_json::<Events>(&path).await?.event) });
    {
        let path = path.clone();
        Effect::new(move |_| {
            refresher.tick.track();
            load(path.clone());
        });
    }
    let list = move || {
        match (events.phase(), events.get()) {
        (Phase::Failed(error), _) => {
            let path = path.clone();
            view! { <LoadError what="events" error on_retry=move || load(path.clone()) /> }.into_any()
        }
        (_, None) => view! { <p class="loading" role="status">"Loading events…"</p> }.into_any(),
        (_, Some(list)) if list.is_empty() => view! { <p class="empty">"No events yet."</p> }.into_any(),
        (_, Some(list)) => view! {
            <table class="grid compact" aria-label="Events">
                <thead><tr><th scope="col">"Time"</th><th scope="col">"Severity"</th><th scope="col">"User"</th><th scope="col">"Message"</th></tr></thead>
                <tbody>
                    {list.into_iter().map(|e| {
                        let sev = e.severity.clone().unwrap_or_default();
                        view! {
                            <tr>
                                <td class="nowrap">{time_text(e.time)}</td>
                                <td><span class=format!("severity severity-{sev}")>{sev.clone()}</span></td>
                                <td>{e.user.and_then(|u| u.name)}</td>
                                <td class="desc">{e.description.clone()}</td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
        }.into_any(),
    }
    };
    view! {
        <RefreshFailure loaded=events />
        {list}
    }
}

#[component]
pub fn EventsPage() -> impl IntoView {
    view! {
        <section class="page">
            <div class="page-head">
                <h1>"Events"</h1>
                <RefreshControl />
            </div>
            <EventList />
        </section>
    }
}

/// The view's code, fetched when it is first opened.
#[crate::ui::wasm_split(events_page, wasm_split_path = ::leptos::wasm_split, fallible)]
pub fn events_page() -> crate::ui::Later {
    Ok(view! { <EventsPage /> }.into_any())
}

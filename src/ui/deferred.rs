//! Views whose code travels in a WebAssembly module of its own, fetched the first time one shows
//! (`crates/spa-build` splits the build at each `#[wasm_split(…)]` function): what the first
//! screen does not need stays out of the first download.
//!
//! Not a `<Suspense>`: one would also wait for (and blank the view during) every resource read
//! inside it, so a dialog would vanish while it loads its hosts. This waits for the code only.

use crate::api::ApiError;
use crate::ui::LoadError;
use leptos::prelude::*;
use leptos::task::spawn_local_scoped_with_cancellation;
pub use leptos::wasm_split::wasm_split;
use std::future::Future;

/// A view made by code that may not have arrived yet (a failed fetch is `Unreachable`).
pub type Later = Result<AnyView, ApiError>;

#[derive(Clone, PartialEq)]
enum Stage {
    Loading,
    Ready,
    Failed(ApiError),
}

/// Shows the view `load` makes once its code is here: "Loading…" until then, and when the code
/// cannot be fetched (the engine unreachable), why, with a Retry. `what` names it for that.
pub fn deferred<F, Fut>(what: &'static str, load: F) -> impl IntoView
where
    F: Fn() -> Fut + 'static,
    Fut: Future<Output = Later> + 'static,
{
    let stage = RwSignal::new(Stage::Loading);
    let made = StoredValue::new_local(None::<AnyView>);
    let load = StoredValue::new_local(load);
    // The view is made under this owner (its contexts), also when a Retry starts the load.
    let owner = Owner::current().unwrap_or_default();
    let start = move || {
        let view = load.with_value(|load| load());
        owner.with(|| {
            spawn_local_scoped_with_cancellation(async move {
                match view.await {
                    Ok(view) => {
                        made.set_value(Some(view));
                        stage.set(Stage::Ready);
                    }
                    Err(e) => stage.set(Stage::Failed(e)),
                }
            })
        });
    };
    start();
    move || match stage.get() {
        Stage::Loading => view! { <p class="loading" role="status">"Loading…"</p> }.into_any(),
        Stage::Ready => made
            .try_update_value(Option::take)
            .flatten()
            .unwrap_or_else(|| ().into_any()),
        Stage::Failed(error) => {
            let start = start.clone();
            let on_retry = move || {
                stage.set(Stage::Loading);
                start();
            };
            view! { <LoadError what error on_retry /> }.into_any()
        }
    }
}

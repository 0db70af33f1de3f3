//! Every storage connection, with or without a domain.

use crate::api::connections::list;
use crate::ui::LoadError;
use leptos::prelude::*;
use storage_model::StorageConnection;

#[component]
pub fn ConnectionList() -> impl IntoView {
    let connections = LocalResource::new(list);
    view! {
        <section class="page">
            <h1>"Storage Connections"</h1>
            <Transition fallback=|| {
                view! { <p class="loading" role="status">"Loading storage connections…"</p> }
            }>
                {move || Suspend::new(async move {
                    match connections.await {
                        Ok(items) => view! { <ConnectionTable items /> }.into_any(),
                        Err(error) => {
                            view! {
                                <LoadError
                                    what="storage connections"
                                    error
                                    on_retry=move || connections.refetch()
                                />
                            }
                                .into_any()
                        }
                    }
                })}
            </Transition>
        </section>
    }
}

#[component]
fn ConnectionTable(items: Vec<StorageConnection>) -> impl IntoView {
    if items.is_empty() {
        return view! { <p class="empty">"No storage connections yet."</p> }.into_any();
    }
    view! {
        <table class="grid" aria-label="Storage connections">
            <thead>
                <tr>
                    <th scope="col">"Type"</th>
                    <th scope="col">"Connection"</th>
                    <th scope="col">"ID"</th>
                </tr>
            </thead>
            <tbody>
                {items
                    .into_iter()
                    .map(|c| {
                        let kind = c.storage_type.map(|t| t.label()).unwrap_or_default();
                        let summary = c.summary();
                        view! {
                            <tr data-id=c.id.clone()>
                                <td>{kind}</td>
                                <td class="mono">{summary}</td>
                                <td class="mono">{c.id.clone()}</td>
                            </tr>
                        }
                    })
                    .collect_view()}
            </tbody>
        </table>
    }
    .into_any()
}

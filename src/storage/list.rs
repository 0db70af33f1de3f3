//! The storage domain grid.

use crate::api::domains::{list_rows, DomainRow};
use crate::ui::{gib_text, LoadError, StatusBadge};
use leptos::prelude::*;

#[component]
pub fn DomainList() -> impl IntoView {
    let rows = LocalResource::new(list_rows);
    view! {
        <section class="page">
            <h1>"Storage Domains"</h1>
            <Transition fallback=|| {
                view! { <p class="loading" role="status">"Loading storage domains…"</p> }
            }>
                {move || Suspend::new(async move {
                    match rows.await {
                        Ok(rows) => view! { <DomainTable rows /> }.into_any(),
                        Err(error) => {
                            view! {
                                <LoadError what="storage domains" error on_retry=move || rows.refetch() />
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
fn DomainTable(rows: Vec<DomainRow>) -> impl IntoView {
    if rows.is_empty() {
        return view! { <p class="empty">"No storage domains yet."</p> }.into_any();
    }
    view! {
        <table class="grid" aria-label="Storage domains">
            <thead>
                <tr>
                    <th scope="col">"Status"</th>
                    <th scope="col">"Domain Name"</th>
                    <th scope="col">"Domain Type"</th>
                    <th scope="col">"Storage Type"</th>
                    <th scope="col">"Cross Data Center Status"</th>
                    <th scope="col" class="num">"Total Space (GB)"</th>
                    <th scope="col" class="num">"Free Space (GB)"</th>
                    <th scope="col">"Description"</th>
                </tr>
            </thead>
            <tbody>
                {rows.into_iter().map(|row| view! { <DomainLine row /> }).collect_view()}
            </tbody>
        </table>
    }
    .into_any()
}

#[component]
fn DomainLine(row: DomainRow) -> impl IntoView {
    let d = &row.domain;
    let domain_type = match (d.domain_type, d.master) {
        (Some(t), Some(true)) => format!("{} (Master)", t.label()),
        (Some(t), _) => t.label().to_string(),
        (None, _) => String::new(),
    };
    let storage_type = d
        .storage
        .as_ref()
        .and_then(|s| s.storage_type)
        .map(|t| t.label())
        .unwrap_or_default();
    let cross = row.cross_data_center;
    view! {
        <tr data-id=row.id()>
            <td>
                <StatusBadge kind=row.status.as_str() label=row.status.label() />
            </td>
            <td class="name">{d.name.clone()}</td>
            <td>{domain_type}</td>
            <td>{storage_type}</td>
            <td>{cross.label()}</td>
            <td class="num">{gib_text(d.total_bytes())}</td>
            <td class="num">{gib_text(d.available)}</td>
            <td>{d.description.clone()}</td>
        </tr>
    }
}

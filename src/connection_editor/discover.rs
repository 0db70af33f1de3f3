//! iSCSI "Discover Targets": SendTargets through a host, then Login per target or Login All; a
//! logged-in target fills the form.

use super::ConnectionDraft;
use crate::api::{datacenters, probes};
use leptos::prelude::*;
// (Probes belong to the dialog: closed, it takes them and their requests with it.)
use leptos::task::spawn_local_scoped_with_cancellation as spawn_local;
use storage_model::probe::IscsiDetails;
use storage_model::HostStatus;

#[derive(Clone, PartialEq)]
struct Found {
    details: IscsiDetails,
    state: RwSignal<Option<Result<(), String>>>,
}

async fn first_up_host() -> Option<String> {
    datacenters::hosts()
        .await
        .ok()?
        .into_iter()
        .find(|h| h.status == Some(HostStatus::Up))
        .and_then(|h| h.id)
}

#[component]
pub fn DiscoverTargets(
    draft: ConnectionDraft,
    #[prop(into)] editable: Signal<bool>,
) -> impl IntoView {
    let found = RwSignal::new(None::<Result<Vec<Found>, String>>);
    let busy = RwSignal::new(false);
    let portal = move || IscsiDetails {
        address: Some(draft.address.get_untracked().trim().to_string()),
        port: draft.port.get_untracked().trim().parse().ok(),
        username: Some(draft.username.get_untracked()).filter(|s| !s.is_empty()),
        password: Some(draft.password.get_untracked()).filter(|s| !s.is_empty()),
        ..Default::default()
    };
    let discover = move |_| {
        if busy.get_untracked() {
            return;
        }
        if draft.address.get_untracked().trim().is_empty() {
            found.set(Some(Err("Enter the portal's address first.".into())));
            return;
        }
        busy.set(true);
        // The earlier result goes while the portal is asked again: nothing can be logged in to
        // from a list the new answer is about to replace.
        found.set(None);
        let p = portal();
        spawn_local(async move {
            let Some(host) = first_up_host().await else {
                found.set(Some(Err("No host is up to discover through.".into())));
                busy.set(false);
                return;
            };
            let r = probes::discover(&host, &p)
                .await
                .map_err(|e| e.message())
                .map(|list| {
                    list.into_iter()
                        .map(|details| Found {
                            details,
                            state: RwSignal::new(None),
                        })
                        .collect()
                });
            found.set(Some(r));
            busy.set(false);
        });
    };
    let login = move |f: Found| {
        let mut target = f.details.clone();
        let p = portal();
        target.username = p.username;
        target.password = p.password;
        spawn_local(async move {
            let Some(host) = first_up_host().await else {
                return;
            };
            match probes::login(&host, &target).await {
                Ok(_) => {
                    f.state.set(Some(Ok(())));
                    if let Some(t) = target.target.clone() {
                        draft.target.set(t);
                        draft.touch("target");
                    }
                }
                Err(e) => f.state.set(Some(Err(e.message()))),
            }
        });
    };
    let login = Callback::new(login);
    view! {
        <div class="discover">
            <div class="probe-bar">
                <button type="button" class="secondary" on:click=discover disabled=move || busy.get() || !editable.get()>
                    {move || if busy.get() { "Discovering…" } else { "Discover" }}
                </button>
            </div>
            {move || found.get().map(|r| match r {
                Err(e) => view! { <p class="field-error" role="alert">{e}</p> }.into_any(),
                Ok(list) if list.is_empty() => view! { <p class="empty">"The portal offers no targets."</p> }.into_any(),
                Ok(list) => view! { <FoundTargets list login /> }.into_any(),
            })}
        </div>
    }
}

/// The targets the portal offers, each with its Login (or how it went), and Login All.
#[component]
fn FoundTargets(list: Vec<Found>, login: Callback<Found>) -> impl IntoView {
    let all = list.clone();
    let login_all = move |_| {
        for f in all
            .iter()
            .filter(|f| f.state.get_untracked() != Some(Ok(())))
        {
            login.run(f.clone());
        }
    };
    view! {
        <table class="grid compact" aria-label="Discovered targets">
            <thead><tr>
                <th scope="col">"Target Name"</th><th scope="col">"Address"</th><th scope="col">"Port"</th>
                <th scope="col"><button type="button" class="secondary" on:click=login_all>"Login All"</button></th>
            </tr></thead>
            <tbody>
                {list.into_iter().map(|found| view! { <TargetLine found login /> }).collect_view()}
            </tbody>
        </table>
    }
}

#[component]
fn TargetLine(found: Found, login: Callback<Found>) -> impl IntoView {
    let d = found.details.clone();
    let state = found.state;
    view! {
        <tr>
            <td class="mono">{d.target.clone()}</td>
            <td class="mono">{d.address.clone()}</td>
            <td class="num">{d.port.map(|p| p.to_string())}</td>
            <td>
                {move || match state.get() {
                    Some(Ok(())) => view! { <span class="status status-active"><span class="status-icon" aria-hidden="true"></span>"Logged in"</span> }.into_any(),
                    Some(Err(e)) => view! { <span class="field-error">{e}</span> }.into_any(),
                    None => {
                        let f = found.clone();
                        view! { <button type="button" class="secondary" on:click=move |_| login.run(f.clone())>"Login"</button> }.into_any()
                    }
                }}
            </td>
        </tr>
    }
}

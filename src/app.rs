//! The application shell: sign-in guard, top bar with the user, left navigation, routes, and the
//! auto-refresh clock.

use crate::connections::connections_page;
use crate::events::events_page;
use crate::login::LoginPage;
use crate::refresh::Refresher;
use crate::servers::servers_page;
use crate::session::{self, Session};
use crate::storage::StoragePage;
use crate::ui::deferred;
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::{Redirect, Route, Router, Routes, A};
use leptos_router::path;
use wasm_bindgen::JsValue;

#[component]
pub fn App() -> impl IntoView {
    let on_login_page = window()
        .location()
        .pathname()
        .map(|p| p.starts_with("/login"))
        .unwrap_or(false);
    if on_login_page || session::token().is_none() {
        // Signed out elsewhere: the sign-in page at its own address, shown in place (not by
        // loading the app again).
        let moved = on_login_page
            || window()
                .history()
                .and_then(|h| {
                    h.replace_state_with_url(&JsValue::NULL, "", Some(&session::login_address()))
                })
                .is_ok();
        if !moved {
            session::to_login();
            return view! { <p class="loading">"Redirecting to sign in…"</p> }.into_any();
        }
        // (No router: the sign-in page is the only thing at /login.)
        return view! { <LoginPage /> }.into_any();
    }
    Refresher::provide();
    let s = Session::provide();
    spawn_local(async move {
        // A 401 here sends the user to the login page (see the API client).
        let _ = s.load().await;
    });
    view! {
        <Router>
            <div class="shell">
                <header class="topbar">
                    <span class="brand">"Storage Web Admin"</span>
                    <UserMenu />
                </header>
                <nav class="sidebar" aria-label="Main">
                    <A href="/storage">"Storage"</A>
                    <A href="/connections">"Storage Connections"</A>
                    <A href="/servers">"Storage Servers"</A>
                    <A href="/events">"Events"</A>
                </nav>
                <main class="content">
                    <Routes fallback=NotFound>
                        <Route path=path!("/") view=|| view! { <Redirect path="/storage" /> } />
                        // One route each with an optional id, so selecting a row keeps the page.
                        <Route path=path!("/storage/:id?") view=StoragePage />
                        <Route path=path!("/connections/:id?") view=|| deferred("storage connections", connections_page) />
                        <Route path=path!("/servers") view=|| deferred("storage servers", servers_page) />
                        <Route path=path!("/events") view=|| deferred("events", events_page) />
                    </Routes>
                </main>
            </div>
        </Router>
    }
    .into_any()
}

#[component]
fn UserMenu() -> impl IntoView {
    let s = Session::get();
    let sign_out = move |_| {
        spawn_local(async move {
            if let Some(t) = session::token() {
                // (Signed out here whatever the engine answers.)
                let _ = crate::api::sso::sign_out(&t).await;
            }
            session::clear();
            let _ = window().location().set_href("/login");
        });
    };
    view! {
        <div class="user-menu">
            <span class="user" aria-label="Signed in as">{move || s.login.get()}</span>
            <span class="role">{move || s.roles_text()}</span>
            <button type="button" class="topbar-button" on:click=sign_out>"Sign Out"</button>
        </div>
    }
}

#[component]
fn NotFound() -> impl IntoView {
    view! {
        <h1>"Page not found"</h1>
        <p>
            "There is nothing at this address. "
            <A href="/storage">"Go to Storage"</A>
        </p>
    }
}

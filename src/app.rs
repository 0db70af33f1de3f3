//! The application shell: left navigation, routes, and the auto-refresh clock.

use crate::connections::ConnectionsPage;
use crate::refresh::Refresher;
use crate::storage::StoragePage;
use leptos::prelude::*;
use leptos_router::components::{Redirect, Route, Router, Routes, A};
use leptos_router::path;

#[component]
pub fn App() -> impl IntoView {
    Refresher::provide();
    view! {
        <Router>
            <div class="shell">
                <header class="topbar">
                    <span class="brand">"Storage Web Admin"</span>
                </header>
                <nav class="sidebar" aria-label="Main">
                    <A href="/storage">"Storage"</A>
                    <A href="/connections">"Storage Connections"</A>
                </nav>
                <main class="content">
                    <Routes fallback=NotFound>
                        <Route path=path!("/") view=|| view! { <Redirect path="/storage" /> } />
                        // One route each with an optional id, so selecting a row keeps the page.
                        <Route path=path!("/storage/:id?") view=StoragePage />
                        <Route path=path!("/connections/:id?") view=ConnectionsPage />
                    </Routes>
                </main>
            </div>
        </Router>
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

//! The login page: user, password and the (only) profile, `internal`.

use leptos::prelude::*;
use leptos::task::spawn_local;

/// Where to go after signing in: the address's own `next` when it is a path on this site.
fn next_page() -> String {
    window()
        .location()
        .search()
        .ok()
        .and_then(|q| web_sys::UrlSearchParams::new_with_str(&q).ok())
        .and_then(|q| q.get("next"))
        .filter(|n| n.starts_with('/') && !n.starts_with("//"))
        .unwrap_or_else(|| "/storage".to_string())
}

#[component]
pub fn LoginPage() -> impl IntoView {
    let user = RwSignal::new("admin".to_string());
    let password = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if busy.get_untracked() {
            return;
        }
        let name = user.get_untracked().trim().to_string();
        let login = if name.contains('@') {
            name
        } else {
            format!("{name}@internal")
        };
        let pw = password.get_untracked();
        if pw.is_empty() {
            error.set(Some("Enter the password.".into()));
            return;
        }
        busy.set(true);
        let next = next_page();
        spawn_local(async move {
            match crate::api::sso::sign_in(&login, &pw).await {
                Ok(t) => {
                    crate::session::store(&t.access_token, &login);
                    // A full load starts the app afresh with the new session.
                    let _ = window().location().set_href(&next);
                }
                Err(e) => {
                    error.set(Some(e));
                    busy.set(false);
                }
            }
        });
    };
    view! {
        <main class="login-page">
            <form class="login-card" on:submit=submit>
                <h1>"Storage Web Admin"</h1>
                <p class="hint">"Sign in to manage storage domains and connections."</p>
                {move || error.get().map(|e| view! { <div class="dialog-error" role="alert">{e}</div> })}
                <div class="field">
                    <label for="login-user">"User Name"</label>
                    <input id="login-user" type="text" autocomplete="username" prop:value=move || user.get()
                        on:input=move |ev| user.set(event_target_value(&ev)) />
                </div>
                <div class="field">
                    <label for="login-password">"Password"</label>
                    <input id="login-password" type="password" autocomplete="current-password" prop:value=move || password.get()
                        on:input=move |ev| password.set(event_target_value(&ev)) />
                </div>
                <div class="field">
                    <label for="login-profile">"Profile"</label>
                    <select id="login-profile"><option value="internal" selected>"internal"</option></select>
                </div>
                <button type="submit" class="primary" disabled=move || busy.get()>
                    {move || if busy.get() { "Signing in…" } else { "Log In" }}
                </button>
            </form>
        </main>
    }
}

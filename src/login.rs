//! The login page: user, password and the (only) profile, `internal`.

use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::hooks::use_query_map;
use storage_model::{TokenError, TokenResponse};

async fn request_token(login: &str, password: &str) -> Result<TokenResponse, String> {
    let body = format!(
        "grant_type=password&scope=ovirt-app-api&username={}&password={}",
        crate::api::enc(login),
        crate::api::enc(password)
    );
    let r = gloo_net::http::Request::post("/ovirt-engine/sso/oauth/token")
        .header("Accept", "application/json")
        .header("Content-Type", "application/x-www-form-urlencoded")
        .body(body)
        .map_err(|e| e.to_string())?
        .send()
        .await
        .map_err(|_| {
            "The engine could not be reached. Check that it is running, then try again.".to_string()
        })?;
    if r.ok() {
        r.json::<TokenResponse>().await.map_err(|e| e.to_string())
    } else {
        let e = r.json::<TokenError>().await.unwrap_or_default();
        Err(if e.error.is_empty() {
            format!("Sign-in failed (HTTP {}).", r.status())
        } else {
            e.error
        })
    }
}

#[component]
pub fn LoginPage() -> impl IntoView {
    let user = RwSignal::new("admin".to_string());
    let password = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let query = use_query_map();
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
        let next = query
            .get_untracked()
            .get("next")
            .filter(|n| n.starts_with('/') && !n.starts_with("//"))
            .unwrap_or_else(|| "/storage".to_string());
        spawn_local(async move {
            match request_token(&login, &pw).await {
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

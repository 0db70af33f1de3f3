//! The signed-in session: the bearer token (kept in `sessionStorage`, so it ends with the tab),
//! who the user is, and what their roles allow.

use crate::api::{get_json, ApiError};
use leptos::prelude::*;
use storage_model::rules::actions::Enablement;
use storage_model::rules::permissions::{allows, ActionGroup, Grant, NOT_ALLOWED};
use storage_model::{ApiRoot, Permissions};

const TOKEN_KEY: &str = "webadmin.token";
const LOGIN_KEY: &str = "webadmin.login";

fn storage() -> Option<web_sys::Storage> {
    window().session_storage().ok().flatten()
}

/// The stored bearer token, if signed in.
pub fn token() -> Option<String> {
    storage()?
        .get_item(TOKEN_KEY)
        .ok()
        .flatten()
        .filter(|t| !t.is_empty())
}

pub fn login_name() -> Option<String> {
    storage()?.get_item(LOGIN_KEY).ok().flatten()
}

pub fn store(token: &str, login: &str) {
    if let Some(s) = storage() {
        let _ = s.set_item(TOKEN_KEY, token);
        let _ = s.set_item(LOGIN_KEY, login);
    }
}

pub fn clear() {
    if let Some(s) = storage() {
        let _ = s.remove_item(TOKEN_KEY);
        let _ = s.remove_item(LOGIN_KEY);
    }
}

/// Sends the browser to the login page, to come back to where it was.
pub fn to_login() {
    let _ = window().location().set_href(&login_address());
}

/// The login page's address, with where to come back to.
pub fn login_address() -> String {
    let loc = window().location();
    let here = format!(
        "{}{}",
        loc.pathname().unwrap_or_default(),
        loc.search().unwrap_or_default()
    );
    let next = if here.starts_with("/login") {
        "/storage".to_string()
    } else {
        here
    };
    format!("/login?next={}", crate::api::enc(&next))
}

/// What the signed-in user may do.
#[derive(Clone, Copy)]
pub struct Session {
    pub login: RwSignal<String>,
    pub grants: RwSignal<Option<Vec<Grant>>>,
    /// Whether the engine is this project's, with its extensions of the API (None until the
    /// API root has answered; oVirt's own engine has none).
    pub extensions: RwSignal<Option<bool>>,
}

impl Session {
    pub fn provide() -> Self {
        let s = Session {
            login: RwSignal::new(login_name().unwrap_or_default()),
            grants: RwSignal::new(None),
            extensions: RwSignal::new(None),
        };
        provide_context(s);
        s
    }

    pub fn get() -> Self {
        expect_context::<Session>()
    }

    /// Loads the user's grants (API root → user → permissions).
    pub async fn load(&self) -> Result<(), ApiError> {
        let root = get_json::<ApiRoot>("").await?;
        self.extensions.set(Some(
            root.product_info
                .as_ref()
                .is_some_and(|p| p.has_extensions()),
        ));
        let user = root.authenticated_user.unwrap_or_default();
        if let Some(name) = user.name {
            self.login.set(name);
        }
        let id = user.id.unwrap_or_default();
        let perms = get_json::<Permissions>(&format!("/users/{id}/permissions")).await?;
        self.grants.set(Some(
            perms
                .permission
                .into_iter()
                .filter_map(|p| {
                    Some(Grant {
                        role: p.role?.name?.parse().ok()?,
                        storage_domain: p.storage_domain.and_then(|d| d.id),
                    })
                })
                .collect(),
        ));
        Ok(())
    }

    /// Whether the user's roles allow `group` (on `domain`); unknown until loaded.
    pub fn allows(&self, group: ActionGroup, domain: Option<&str>) -> bool {
        self.grants
            .with(|g| g.as_ref().is_some_and(|g| allows(g, group, domain)))
    }

    /// `state` unless the user's roles forbid it.
    pub fn gate(&self, group: ActionGroup, domain: Option<&str>, state: Enablement) -> Enablement {
        if self.allows(group, domain) {
            state
        } else {
            Err(NOT_ALLOWED)
        }
    }

    /// A control that needs one of this engine's extensions: enabled with them, else disabled
    /// with `without` as the reason (also while it is not yet known which engine this is).
    pub fn extension(&self, without: &'static str) -> Enablement {
        match self.extensions.get() {
            Some(true) => Ok(()),
            _ => Err(without),
        }
    }

    /// The roles, for the top bar ("SuperUser", "StorageAdmin on 1 domain", …).
    pub fn roles_text(&self) -> String {
        self.grants.with(|g| match g {
            None => String::new(),
            Some(g) if g.is_empty() => "no role".into(),
            Some(g) => g
                .iter()
                .map(|g| match &g.storage_domain {
                    None => g.role.as_str().to_string(),
                    Some(_) => format!("{} (one domain)", g.role.as_str()),
                })
                .collect::<Vec<_>>()
                .join(", "),
        })
    }
}

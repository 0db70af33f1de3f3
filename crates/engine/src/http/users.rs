//! The API root, users and permissions.

use crate::auth::{users, Actor};
use crate::error::{guid, ApiError};
use crate::AppState;
use axum::extract::{Path, State};
use axum::{Extension, Json};
use storage_model::{
    ApiRoot, Link, Permission, Permissions, ProductInfo, Ref, Summary, SummaryItem, User, Version,
    API_BASE,
};

/// `GET /ovirt-engine/api`: product information, the signed-in user, and the collections.
pub async fn root(
    State(state): State<AppState>,
    Extension(actor): Extension<Actor>,
) -> Result<Json<ApiRoot>, ApiError> {
    let links = [
        "storageconnections",
        "storagedomains",
        "datacenters",
        "clusters",
        "hosts",
        "disks",
        "vms",
        "events",
    ]
    .iter()
    .map(|c| Link {
        href: format!("{API_BASE}/{c}"),
        rel: (*c).to_string(),
    })
    .collect();
    let n = crate::store::summary::counts(&state.store.pool).await?;
    let item = |active, total| {
        Some(SummaryItem {
            active: Some(active),
            total: Some(total),
        })
    };
    let me = Ref {
        name: Some(actor.login.to_string()),
        ..Ref::to("users", &actor.user_id)
    };
    // How a client tells this engine (and its extensions) from oVirt's.
    let product = if crate::extensions::enabled() {
        storage_model::session::THIS_ENGINE
    } else {
        storage_model::session::OVIRT_ENGINE
    };
    Ok(Json(ApiRoot {
        product_info: Some(ProductInfo {
            name: Some(product.0.into()),
            vendor: Some(product.1.into()),
            version: Some(Version {
                major: Some(PRODUCT_VERSION.0),
                minor: Some(PRODUCT_VERSION.1),
                build: Some(PRODUCT_VERSION.2),
                revision: Some(PRODUCT_VERSION.3),
                full_version: Some(format!(
                    "{}.{}.{}-{}",
                    PRODUCT_VERSION.0,
                    PRODUCT_VERSION.1,
                    PRODUCT_VERSION.2,
                    env!("CARGO_PKG_VERSION")
                )),
            }),
        }),
        authenticated_user: Some(me.clone()),
        effective_user: Some(me),
        summary: Some(Summary {
            hosts: item(n.hosts_up, n.hosts),
            storage_domains: item(n.domains_active, n.domains),
            users: item(n.users, n.users),
            vms: item(n.vms_up, n.vms),
        }),
        time: Some(crate::store::now_ms()),
        link: Some(links),
    }))
}

/// The oVirt API version this engine speaks (major, minor, build, revision).
pub const PRODUCT_VERSION: (i32, i32, i32, i32) = (4, 5, 0, 0);

pub async fn get(
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> Result<Json<User>, ApiError> {
    let id = guid(&id)?;
    let u = users::by_id(&state.store.pool, &id)
        .await?
        .ok_or(ApiError::NotFound)?;
    Ok(Json(User {
        href: Some(format!("{API_BASE}/users/{}", u.id)),
        id: Some(u.id.clone()),
        name: Some(u.name.clone()),
        user_name: Some(u.login()),
        domain: Some(Ref {
            name: Some(u.profile.clone()),
            ..Default::default()
        }),
    }))
}

use crate::store::users::PermissionRow;

fn to_wire(rows: Vec<PermissionRow>) -> Permissions {
    Permissions {
        permission: rows
            .into_iter()
            .map(|r| Permission {
                href: Some(format!("{API_BASE}/permissions/{}", r.id)),
                id: Some(r.id),
                role: Some(Ref {
                    name: Some(r.role),
                    ..Default::default()
                }),
                user: Some(Ref::to("users", &r.user_id)),
                storage_domain: r.storage_domain_id.map(|d| Ref::to("storagedomains", &d)),
            })
            .collect(),
    }
}

/// `GET /users/{id}/permissions`
pub async fn permissions(
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> Result<Json<Permissions>, ApiError> {
    let id = guid(&id)?;
    users::by_id(&state.store.pool, &id)
        .await?
        .ok_or(ApiError::NotFound)?;
    let rows = crate::store::users::grants_of(&state.store.pool, &id).await?;
    Ok(Json(to_wire(rows)))
}

/// `GET /storagedomains/{id}/permissions`: the grants on the domain and the system-wide ones
/// that apply to it.
pub async fn of_domain(
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> Result<Json<Permissions>, ApiError> {
    let id = guid(&id)?;
    if !crate::store::domains::exists(&state.store.pool, &id).await? {
        return Err(ApiError::NotFound);
    }
    let rows = crate::store::users::grants_on_domain(&state.store.pool, &id).await?;
    Ok(Json(to_wire(rows)))
}

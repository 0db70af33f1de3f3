//! `/templates` and `/vmpools`: every site has the `Blank` template and, here, no pools. oVirt
//! clients list both (searching them by data center) before they take a site apart.

use super::params::Params;
use super::search::Selection;
use crate::error::{guid, ApiError};
use axum::extract::Path;
use axum::Json;
use storage_model::search::{fields, Searchable, Val};
use storage_model::{Template, Templates, VmPools, API_BASE};

/// The Blank template's fixed id, as on every oVirt engine.
pub const BLANK: &str = "00000000-0000-0000-0000-000000000000";

fn blank() -> Template {
    Template {
        href: Some(format!("{API_BASE}/templates/{BLANK}")),
        id: Some(BLANK.into()),
        name: Some("Blank".into()),
        description: Some("Blank template".into()),
    }
}

struct Found(Template);

impl Searchable for Found {
    fn values(&self, field: &str) -> Vec<Val<'_>> {
        match field {
            "name" => Val::opt(&self.0.name),
            "description" => Val::opt(&self.0.description),
            "id" => Val::opt(&self.0.id),
            // The Blank template belongs to no data center and no cluster.
            _ => Vec::new(),
        }
    }
}

/// `GET /templates[?search=…]`
pub async fn list(params: Params) -> Result<Json<Templates>, ApiError> {
    let selection = Selection::read(&fields::TEMPLATES, &params)?;
    let found = selection.apply(vec![Found(blank())]);
    Ok(Json(
        found.into_iter().map(|f| f.0).collect::<Vec<_>>().into(),
    ))
}

/// `GET /templates/{id}`
pub async fn get(Path(id): Path<String>) -> Result<Json<Template>, ApiError> {
    if guid(&id)? == BLANK {
        Ok(Json(blank()))
    } else {
        Err(ApiError::NotFound)
    }
}

/// `GET /vmpools[?search=…]`: none (the search is still checked).
pub async fn pools(params: Params) -> Result<Json<VmPools>, ApiError> {
    Selection::read(&fields::VM_POOLS, &params)?;
    Ok(Json(VmPools::default()))
}

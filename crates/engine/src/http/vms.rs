//! `/vms`, whose status the LUN rules check, with `start` and `stop` so it can be changed.
//! VM power is not a storage permission: it is declared in the operations table.

use super::params::Params;
use super::responses::ActionResult;
use super::search::Selection;
use crate::commands::Subject;
use crate::error::{guid, ApiError};
use crate::store::{self, parse_column, vms::VmRow};
use crate::AppState;
use axum::extract::{Path, State};
use axum::Json;
use std::collections::HashMap;
use storage_model::search::{fields, Searchable, Val};
use storage_model::{DiskAttachment, DiskAttachments, Ref, Vm, VmStatus, Vms, API_BASE};

fn to_wire(row: &VmRow, attachments: Vec<store::vms::AttachmentRow>) -> anyhow::Result<Vm> {
    Ok(Vm {
        href: Some(format!("{API_BASE}/vms/{}", row.id)),
        id: Some(row.id.clone()),
        name: Some(row.name.clone()),
        status: Some(parse_column("vms", "status", &row.status)?),
        cluster: row.cluster_id.as_deref().map(|c| Ref::to("clusters", c)),
        disk_attachments: Some(DiskAttachments {
            disk_attachment: attachments
                .into_iter()
                .map(|a| DiskAttachment {
                    id: Some(a.disk_id.clone()),
                    active: Some(a.active),
                    disk: Some(Ref::to("disks", &a.disk_id)),
                })
                .collect(),
        }),
    })
}

impl Searchable for VmRow {
    fn values(&self, field: &str) -> Vec<Val<'_>> {
        match field {
            "name" => vec![Val::Text(&self.name)],
            "status" => vec![Val::Text(&self.status)],
            "cluster" => Val::opt(&self.cluster_name),
            "datacenter" => Val::opt(&self.data_center_name),
            "description" | "comment" => vec![Val::Text("")],
            "id" => vec![Val::Text(&self.id)],
            _ => Vec::new(),
        }
    }
}

/// `GET /vms[?search=…]`: VMs and their disk attachments in two queries.
pub async fn list(State(state): State<AppState>, params: Params) -> Result<Json<Vms>, ApiError> {
    let selection = Selection::read(&fields::VMS, &params)?;
    let rows = selection.apply(store::vms::list(&state.store.pool).await?);
    let mut by_vm: HashMap<String, Vec<store::vms::AttachmentRow>> = HashMap::new();
    for a in store::vms::attachments(&state.store.pool, None).await? {
        by_vm.entry(a.vm_id.clone()).or_default().push(a);
    }
    let vms = rows
        .iter()
        .map(|r| to_wire(r, by_vm.remove(&r.id).unwrap_or_default()))
        .collect::<anyhow::Result<Vec<_>>>()?;
    Ok(Json(vms.into()))
}

async fn row(state: &AppState, id: &str) -> Result<VmRow, ApiError> {
    let id = guid(id)?;
    store::vms::get(&state.store.pool, &id)
        .await?
        .ok_or(ApiError::NotFound)
}

pub async fn get(
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> Result<Json<Vm>, ApiError> {
    let row = row(&state, &id).await?;
    let attachments = store::vms::attachments(&state.store.pool, Some(&row.id)).await?;
    Ok(Json(to_wire(&row, attachments)?))
}

async fn set_status(
    state: &AppState,
    subject: &Subject,
    id: &str,
    status: VmStatus,
) -> Result<(), ApiError> {
    let row = row(state, id).await?;
    subject.name(row.name.clone(), None);
    store::vms::set_status(&state.store.pool, &row.id, status).await?;
    Ok(())
}

/// `POST /vms/{id}/start` (who may: the operations table).
pub async fn start(
    State(state): State<AppState>,
    subject: Subject,
    Path(id): Path<String>,
) -> ActionResult {
    ActionResult(set_status(&state, &subject, &id, VmStatus::Up).await)
}

/// `POST /vms/{id}/stop` (who may: the operations table).
pub async fn stop(
    State(state): State<AppState>,
    subject: Subject,
    Path(id): Path<String>,
) -> ActionResult {
    ActionResult(set_status(&state, &subject, &id, VmStatus::Down).await)
}

/// `DELETE /vms/{id}`: a VM that is down, with the disks only it used.
pub async fn remove(
    State(state): State<AppState>,
    subject: Subject,
    Path(id): Path<String>,
) -> Result<axum::response::Response, ApiError> {
    let id = guid(&id)?;
    crate::commands::remove_vm::run(&state, &subject, &id).await?;
    Ok(super::responses::complete())
}

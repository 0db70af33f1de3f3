//! `POST /storageswitches`: a switch is a plan first. Applies the mapping to every stored
//! connection (`rules::switch_plan`), and for each one that changes loads who uses it and runs
//! the preflight: the edit rules the update would apply (`rules::connection_update::decide`,
//! with the domains as the switch will have them: in maintenance), duplicates against the site
//! as it will be, domains busy with another operation, and — with a host — a real connectivity
//! test of the new details. Changes nothing but the stored plan.

use super::update_connection::{facts, merge};
use super::{details_key, normalize, require_up_host, resolve_host};
use crate::error::ApiError;
use crate::store::{self, usage};
use crate::AppState;
use axum::http::StatusCode;
use std::collections::{BTreeMap, HashSet};
use storage_model::rules::connection_update::{self, Edit};
use storage_model::rules::switch_plan::{self, Rule};
use storage_model::switch::{ConnectionChange, StepDomain, SwitchProblem, SwitchStep};
use storage_model::{
    OnFailure, StorageConnection, StorageDomainStatus, StorageSwitch, SwitchStatus,
};

pub const OBJECT: &str = "Storage Switch";

/// A request the plan cannot be made of (a bad rule, an unknown host): 400 with the reason.
pub fn bad_mapping(detail: impl Into<String>) -> ApiError {
    ApiError::fault(
        StatusCode::BAD_REQUEST,
        "Incomplete parameters",
        format!("[Cannot plan {OBJECT}. {}]", detail.into()),
    )
}

/// The mapping of a request, ready to apply: its rules, and its overrides merged onto the
/// connections they name.
pub struct Mapping {
    pub rules: Vec<Rule>,
    pub overrides: Vec<StorageConnection>,
}

impl Mapping {
    pub fn of(request: &StorageSwitch, extra: Vec<StorageConnection>) -> Result<Self, ApiError> {
        let rules = request
            .rules
            .iter()
            .map(|r| r.to_rule().map_err(bad_mapping))
            .collect::<Result<Vec<_>, _>>()?;
        let mut overrides = Vec::new();
        for o in request.overrides.iter().chain(&extra) {
            let id = o.id.as_deref().map(str::trim).unwrap_or("");
            let Ok(id) = uuid::Uuid::parse_str(id) else {
                return Err(bad_mapping(format!(
                    "An override names no connection id ('{id}')."
                )));
            };
            overrides.push(StorageConnection {
                id: Some(id.hyphenated().to_string()),
                ..o.clone()
            });
        }
        Ok(Mapping { rules, overrides })
    }
}

/// Builds the plan of `request` (its mapping, exclusions, host and failure choice) against the
/// site as it is now. `extra` are overrides read from a DR mapping file.
pub async fn build(
    state: &AppState,
    request: &StorageSwitch,
    extra: Vec<StorageConnection>,
) -> Result<StorageSwitch, ApiError> {
    let pool = &state.store.pool;
    let mapping = Mapping::of(request, extra)?;
    let host = match request.host.as_ref().filter(|r| !r.names_nothing()) {
        Some(r) => Some(require_up_host(
            resolve_host(state, r).await?,
            storage_model::rules::messages::Verb::Edit,
            OBJECT,
        )?),
        None => None,
    };
    for o in &mapping.overrides {
        let known = store::connections::get(pool, o.id.as_deref().unwrap_or("")).await?;
        if known.is_none() {
            return Err(bad_mapping(format!(
                "There is no connection {} to override.",
                o.id.as_deref().unwrap_or("")
            )));
        }
    }

    let excluded: HashSet<&str> = request.excluded.iter().map(String::as_str).collect();
    let mut conn = pool.acquire().await.map_err(anyhow::Error::from)?;
    let mut changes: Vec<ConnectionChange> = Vec::new();
    let mut problems: Vec<SwitchProblem> = Vec::new();
    let mut uses: Vec<(String, Vec<String>)> = Vec::new();
    let mut domains: BTreeMap<String, Vec<StepDomain>> = BTreeMap::new();
    for row in store::connections::list(pool).await? {
        if excluded.contains(row.id.as_str()) {
            continue;
        }
        let old = row.details()?;
        let overrides: Vec<StorageConnection> = mapping
            .overrides
            .iter()
            .filter(|o| o.id.as_deref() == Some(row.id.as_str()))
            .map(|o| merge(&old, o))
            .collect();
        let Some(new) = switch_plan::remap(&old, &mapping.rules, &overrides).map(normalize) else {
            continue;
        };
        let Some(in_use) = usage::connection_in_use(&mut conn, &row.id).await? else {
            continue;
        };
        let (file_domains, luns) = facts(&in_use)?;
        let mut problem = |reason: String, field: Option<&str>, domain: Option<String>| {
            problems.push(SwitchProblem {
                connection: Some(row.id.clone()),
                domain,
                field: field.map(str::to_string),
                reason,
            })
        };
        // The switch puts every domain in maintenance itself, so their statuses now do not
        // refuse the edit (`force`); everything else the engine checks on an edit does.
        if let Err(msgs) = connection_update::decide(&Edit {
            stored: &old,
            merged: &new,
            duplicate: None,
            file_domains: &file_domains,
            luns: &luns,
            force: true,
        }) {
            for m in msgs {
                problem(m.text.clone(), m.field, None);
            }
        }
        let data_center = in_use
            .file_domains
            .first()
            .and_then(|d| d.attachments.first())
            .map(|a| a.data_center_id.clone());
        if let Some((dup, name)) =
            usage::find_duplicate(&mut conn, &new, Some(&row.id), data_center.as_deref()).await?
        {
            problem(
                format!(
                    "The new details are those of connection {dup}{}, which stays.",
                    if name.is_empty() {
                        String::new()
                    } else {
                        format!(" (storage domain {name})")
                    }
                ),
                Some(storage_model::rules::connection::duplicate_field(&new)),
                None,
            );
        }
        // Every domain behind it, with its status in each data center now.
        let mut behind: Vec<String> = Vec::new();
        let attachments = in_use
            .file_domains
            .iter()
            .map(|d| (d.id.clone(), d.name.clone(), d.attachments.clone()))
            .chain(in_use.luns.iter().filter_map(|l| {
                Some((
                    l.lun.storage_domain_id.clone()?,
                    l.lun.domain_name.clone()?,
                    l.domain_attachments.clone(),
                ))
            }));
        for (id, name, atts) in attachments {
            if behind.contains(&id) {
                continue;
            }
            behind.push(id.clone());
            let mut step_domains = Vec::new();
            for a in &atts {
                let status: StorageDomainStatus =
                    store::parse_column("storage_domain_data_centers", "status", &a.status)?;
                if status.is_in_process() || status == StorageDomainStatus::Locked {
                    problem(
                        format!(
                            "Storage domain {name} is {}: another operation holds it.",
                            status.label()
                        ),
                        None,
                        Some(name.clone()),
                    );
                }
                step_domains.push(StepDomain {
                    id: id.clone(),
                    name: name.clone(),
                    data_center: Some(a.data_center_id.clone()),
                    status_before: Some(status),
                    master: a.is_master,
                });
            }
            if atts.is_empty() {
                step_domains.push(StepDomain {
                    id: id.clone(),
                    name: name.clone(),
                    ..Default::default()
                });
            }
            domains.entry(id).or_insert(step_domains);
        }
        if let Some(h) = &host {
            if let Err(reason) = state.agent.connect(&h.name, &new).await {
                problem(
                    format!("Host {} cannot reach the new storage: {reason}.", h.name),
                    Some("address"),
                    None,
                );
            }
        }
        uses.push((row.id.clone(), behind.clone()));
        changes.push(ConnectionChange {
            id: row.id.clone(),
            disks: in_use
                .luns
                .iter()
                .filter_map(|l| l.lun.disk_id.clone())
                .collect(),
            domains: behind
                .iter()
                .filter_map(|d| {
                    domains
                        .get(d)
                        .and_then(|s| s.first())
                        .map(|s| s.name.clone())
                })
                .collect(),
            old,
            new,
        });
    }
    drop(conn);
    if changes.is_empty() {
        return Err(bad_mapping(
            "The mapping changes no connection: no rule or override matches one.",
        ));
    }
    // Two connections re-pointed onto the same storage would be duplicates of each other.
    let keys: Vec<(String, String)> = changes
        .iter()
        .map(|c| (c.id.clone(), details_key(&c.new)))
        .collect();
    for (id, other) in switch_plan::clashes(&keys) {
        problems.push(SwitchProblem {
            connection: Some(id),
            domain: None,
            field: Some("address".into()),
            reason: format!("Connection {other} would be re-pointed to the same storage."),
        });
    }
    Ok(StorageSwitch {
        status: Some(SwitchStatus::Planned),
        rules: request.rules.clone(),
        // What a DR mapping file said is kept as overrides: a start re-plans from them.
        overrides: mapping.overrides,
        excluded: request.excluded.clone(),
        host: request.host.clone(),
        on_failure: Some(request.on_failure.unwrap_or(OnFailure::Stop)),
        inverse_of: request.inverse_of.clone(),
        steps: steps(&uses, &domains),
        connections: changes,
        preflight: problems,
        created_ms: Some(store::now_ms()),
        ..Default::default()
    })
}

/// The steps: domains sharing a connection together, every data center's master last.
fn steps(
    uses: &[(String, Vec<String>)],
    domains: &BTreeMap<String, Vec<StepDomain>>,
) -> Vec<SwitchStep> {
    let mut steps: Vec<SwitchStep> = switch_plan::group(uses)
        .into_iter()
        .map(|(ids, connections)| SwitchStep {
            domains: ids
                .iter()
                .flat_map(|d| domains.get(d).cloned().unwrap_or_default())
                .collect(),
            connections,
            ..Default::default()
        })
        .collect();
    let master = |s: &SwitchStep| s.domains.iter().any(|d| d.master);
    steps.sort_by(|a, b| {
        master(a)
            .cmp(&master(b))
            .then_with(|| a.label().cmp(&b.label()))
    });
    steps
}

/// Every connection of the plan with its stored password kept out of what is answered.
pub fn without_secrets(mut s: StorageSwitch) -> StorageSwitch {
    for c in &mut s.connections {
        c.old.password = None;
        c.new.password = None;
    }
    for o in &mut s.overrides {
        o.password = None;
    }
    s.dr_mapping = None;
    s
}

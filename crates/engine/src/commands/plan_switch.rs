//! `POST /storageswitches`: a switch is a plan first. Applies the mapping to every stored
//! connection (`rules::switch_plan`), and for each one that changes loads who uses it and runs
//! the preflight: the edit rules the update would apply (`rules::connection_update::decide`,
//! with the domains as the switch will have them: in maintenance), duplicates against the site
//! as it will be, domains busy with another operation, and — with a host — a real connectivity
//! test of the new details. Changes nothing but the stored plan.

use super::update_connection::{facts, merge};
use super::{details_key, normalize, require_up_host, resolve_host};
use crate::error::ApiError;
use crate::store::hosts::HostRow;
use crate::store::{self, usage};
use crate::AppState;
use axum::http::StatusCode;
use std::collections::{BTreeMap, HashSet};
use storage_model::rules::connection::duplicate_field;
use storage_model::rules::connection_update::{self, Edit};
use storage_model::rules::messages::Verb;
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

impl Mapping {
    /// Where the stored connection `old` (id `id`) goes, if anywhere.
    fn apply(&self, id: &str, old: &StorageConnection) -> Option<StorageConnection> {
        let overrides: Vec<StorageConnection> = self
            .overrides
            .iter()
            .filter(|o| o.id.as_deref() == Some(id))
            .map(|o| merge(old, o))
            .collect();
        switch_plan::remap(old, &self.rules, &overrides).map(normalize)
    }

    /// Every override names a stored connection (400 naming the one that does not).
    async fn check_known(&self, state: &AppState) -> Result<(), ApiError> {
        for o in &self.overrides {
            let id = o.id.as_deref().unwrap_or("");
            if store::connections::get(&state.store.pool, id)
                .await?
                .is_none()
            {
                return Err(bad_mapping(format!(
                    "There is no connection {id} to override."
                )));
            }
        }
        Ok(())
    }
}

/// The host named to test the replicas: it must exist and be up.
async fn host_of(state: &AppState, request: &StorageSwitch) -> Result<Option<HostRow>, ApiError> {
    match request.host.as_ref().filter(|r| !r.names_nothing()) {
        Some(r) => Ok(Some(require_up_host(
            resolve_host(state, r).await?,
            Verb::Edit,
            OBJECT,
        )?)),
        None => Ok(None),
    }
}

/// The plan as it is gathered, connection by connection.
#[derive(Default)]
struct Gathered {
    changes: Vec<ConnectionChange>,
    problems: Vec<SwitchProblem>,
    /// Each changing connection with the ids of the domains behind it.
    uses: Vec<(String, Vec<String>)>,
    /// Each domain's attachments as a step takes them.
    domains: BTreeMap<String, Vec<StepDomain>>,
}

impl Gathered {
    fn problem(
        &mut self,
        connection: &str,
        reason: String,
        field: Option<&str>,
        domain: Option<String>,
    ) {
        self.problems.push(SwitchProblem {
            connection: Some(connection.to_string()),
            domain,
            field: field.map(str::to_string),
            reason,
        });
    }

    /// The edit rules, as the update would apply them. The switch puts every domain in
    /// maintenance itself, so their statuses now do not refuse it (`force`); all else does. A
    /// duplicate is looked for in the site as it will be.
    async fn check_rules(
        &mut self,
        conn: &mut sqlx::AnyConnection,
        id: &str,
        (old, new): (&StorageConnection, &StorageConnection),
        in_use: &usage::ConnectionInUse,
    ) -> Result<(), ApiError> {
        let (file_domains, luns) = facts(in_use)?;
        let edit = Edit {
            stored: old,
            merged: new,
            duplicate: None,
            file_domains: &file_domains,
            luns: &luns,
            force: true,
        };
        if let Err(msgs) = connection_update::decide(&edit) {
            for m in msgs {
                self.problem(id, m.text, m.field, None);
            }
        }
        let data_center = in_use
            .file_domains
            .first()
            .and_then(|d| d.attachments.first())
            .map(|a| a.data_center_id.clone());
        if let Some((dup, name)) =
            usage::find_duplicate(conn, new, Some(id), data_center.as_deref()).await?
        {
            let of = if name.is_empty() {
                String::new()
            } else {
                format!(" (storage domain {name})")
            };
            let reason = format!("The new details are those of connection {dup}{of}, which stays.");
            self.problem(id, reason, Some(duplicate_field(new)), None);
        }
        Ok(())
    }

    /// Every domain behind the connection, with its status in each data center now (one held
    /// by another operation is a problem); answers their ids.
    fn behind(&mut self, id: &str, in_use: &usage::ConnectionInUse) -> anyhow::Result<Vec<String>> {
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
        let mut ids: Vec<String> = Vec::new();
        for (domain, name, atts) in attachments {
            if ids.contains(&domain) {
                continue;
            }
            ids.push(domain.clone());
            let mut step_domains = Vec::new();
            for a in &atts {
                let status: StorageDomainStatus =
                    store::parse_column("storage_domain_data_centers", "status", &a.status)?;
                if status.is_in_process() {
                    let reason = format!(
                        "Storage domain {name} is {}: another operation holds it.",
                        status.label()
                    );
                    self.problem(id, reason, None, Some(name.clone()));
                }
                step_domains.push(StepDomain {
                    id: domain.clone(),
                    name: name.clone(),
                    data_center: Some(a.data_center_id.clone()),
                    status_before: Some(status),
                    master: a.is_master,
                });
            }
            if atts.is_empty() {
                step_domains.push(StepDomain {
                    id: domain.clone(),
                    name: name.clone(),
                    ..Default::default()
                });
            }
            self.domains.entry(domain).or_insert(step_domains);
        }
        Ok(ids)
    }

    /// With a host: it must reach the new storage (a real test from it).
    async fn check_reach(
        &mut self,
        state: &AppState,
        host: &HostRow,
        id: &str,
        new: &StorageConnection,
    ) {
        if let Err(reason) = state.agent.connect(&host.name, new).await {
            let reason = format!("Host {} cannot reach the new storage: {reason}.", host.name);
            self.problem(id, reason, Some("address"), None);
        }
    }

    fn add(
        &mut self,
        id: &str,
        (old, new): (StorageConnection, StorageConnection),
        behind: Vec<String>,
        in_use: &usage::ConnectionInUse,
    ) {
        let names = behind
            .iter()
            .filter_map(|d| {
                self.domains
                    .get(d)
                    .and_then(|s| s.first())
                    .map(|s| s.name.clone())
            })
            .collect();
        self.uses.push((id.to_string(), behind));
        self.changes.push(ConnectionChange {
            id: id.to_string(),
            disks: in_use
                .luns
                .iter()
                .filter_map(|l| l.lun.disk_id.clone())
                .collect(),
            domains: names,
            old,
            new,
        });
    }

    /// Two connections re-pointed onto the same storage would be duplicates of each other.
    fn check_clashes(&mut self) {
        let keys: Vec<(String, String)> = self
            .changes
            .iter()
            .map(|c| (c.id.clone(), details_key(&c.new)))
            .collect();
        for (id, other) in switch_plan::clashes(&keys) {
            let reason = format!("Connection {other} would be re-pointed to the same storage.");
            self.problem(&id, reason, Some("address"), None);
        }
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
    let host = host_of(state, request).await?;
    mapping.check_known(state).await?;
    let excluded: HashSet<&str> = request.excluded.iter().map(String::as_str).collect();
    let mut conn = pool.acquire().await.map_err(anyhow::Error::from)?;
    let mut g = Gathered::default();
    for row in store::connections::list(pool).await? {
        if excluded.contains(row.id.as_str()) {
            continue;
        }
        let old = row.details()?;
        let Some(new) = mapping.apply(&row.id, &old) else {
            continue;
        };
        let Some(in_use) = usage::connection_in_use(&mut conn, &row.id).await? else {
            continue;
        };
        g.check_rules(&mut conn, &row.id, (&old, &new), &in_use)
            .await?;
        let behind = g.behind(&row.id, &in_use)?;
        if let Some(h) = &host {
            g.check_reach(state, h, &row.id, &new).await;
        }
        g.add(&row.id, (old, new), behind, &in_use);
    }
    drop(conn);
    if g.changes.is_empty() {
        return Err(bad_mapping(
            "The mapping changes no connection: no rule or override matches one.",
        ));
    }
    g.check_clashes();
    Ok(StorageSwitch {
        status: Some(SwitchStatus::Planned),
        rules: request.rules.clone(),
        // What a DR mapping file said is kept as overrides: a start re-plans from them.
        overrides: mapping.overrides,
        excluded: request.excluded.clone(),
        host: request.host.clone(),
        on_failure: Some(request.on_failure.unwrap_or(OnFailure::Stop)),
        inverse_of: request.inverse_of.clone(),
        steps: steps(&g.uses, &g.domains),
        connections: g.changes,
        preflight: g.problems,
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

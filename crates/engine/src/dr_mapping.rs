//! The oVirt disaster-recovery role's mapping file (`dr_import_storages`), read into a switch's
//! per-connection overrides and written from a switch, so sites that already keep that file
//! reuse it. Each entry names a domain of this site by `dr_primary_name`; its `dr_secondary_*`
//! keys are where its storage goes: address and path for file domains, portal and targets
//! (`dr_primary_target[i]` becomes `dr_secondary_target[i]`) for iSCSI. Keys this engine has no
//! use for (clusters, affinity groups, the sites' URLs) are accepted and left alone.

use crate::error::ApiError;
use crate::store::{self, domains::Scope};
use crate::AppState;
use serde_yaml::{Mapping, Value};
use storage_model::connection::ISCSI_PORT;
use storage_model::{StorageConnection, StorageSwitch, StorageType};

fn bad(detail: String) -> ApiError {
    crate::commands::plan_switch::bad_mapping(format!("The DR mapping file: {detail}"))
}

/// A scalar as text (YAML writes ports and flags unquoted); empty and null are "not given".
fn text(entry: &Mapping, key: &str) -> Option<String> {
    let s = match entry.get(key)? {
        Value::String(s) => s.trim().to_string(),
        Value::Number(n) => n.to_string(),
        Value::Bool(b) => b.to_string(),
        _ => return None,
    };
    (!s.is_empty()).then_some(s)
}

/// A list of targets: a YAML list, or one target, or a comma-separated string.
fn list(entry: &Mapping, key: &str) -> Vec<String> {
    match entry.get(key) {
        Some(Value::Sequence(items)) => items
            .iter()
            .filter_map(|v| v.as_str().map(|s| s.trim().to_string()))
            .filter(|s| !s.is_empty())
            .collect(),
        Some(Value::String(s)) => s
            .split(',')
            .map(|t| t.trim().trim_matches('"').to_string())
            .filter(|t| !t.is_empty())
            .collect(),
        _ => Vec::new(),
    }
}

fn port(entry: &Mapping, key: &str, n: usize) -> Result<Option<i32>, ApiError> {
    text(entry, key)
        .map(|p| {
            p.parse::<i32>()
                .map_err(|_| bad(format!("entry {n}: {key} '{p}' is not a port number.")))
        })
        .transpose()
}

/// The overrides a mapping file states for this site.
pub async fn overrides(state: &AppState, yaml: &str) -> Result<Vec<StorageConnection>, ApiError> {
    let doc: Value = serde_yaml::from_str(yaml).map_err(|e| bad(format!("not YAML: {e}")))?;
    let entries = match doc.get("dr_import_storages") {
        Some(Value::Sequence(entries)) => entries.clone(),
        _ => return Err(bad("it has no dr_import_storages list.".into())),
    };
    let pool = &state.store.pool;
    let mut out = Vec::new();
    for (i, entry) in entries.iter().enumerate() {
        let n = i + 1;
        let entry = entry
            .as_mapping()
            .ok_or_else(|| bad(format!("entry {n} is not a mapping.")))?;
        let name = text(entry, "dr_primary_name")
            .ok_or_else(|| bad(format!("entry {n} has no dr_primary_name.")))?;
        let domain = store::domains::id_by_name(pool, &name)
            .await?
            .ok_or_else(|| {
                bad(format!(
                    "entry {n}: there is no storage domain named {name}."
                ))
            })?;
        let kind: Option<StorageType> = text(entry, "dr_domain_type").and_then(|t| t.parse().ok());
        let connections = store::connections::for_domain(pool, &domain).await?;
        match kind {
            Some(StorageType::Iscsi) => {
                let from = text(entry, "dr_primary_address");
                let from_port = port(entry, "dr_primary_port", n)?;
                let to = text(entry, "dr_secondary_address");
                let to_port = port(entry, "dr_secondary_port", n)?;
                let (old_targets, new_targets) = (
                    list(entry, "dr_primary_target"),
                    list(entry, "dr_secondary_target"),
                );
                for row in connections {
                    let c = row.details()?;
                    if from.is_some() && c.address != from
                        || from_port.is_some()
                            && c.port_or_default() != from_port.unwrap_or(ISCSI_PORT)
                    {
                        continue;
                    }
                    let at = old_targets
                        .iter()
                        .position(|t| Some(t) == c.target.as_ref());
                    if !old_targets.is_empty() && at.is_none() {
                        continue;
                    }
                    out.push(StorageConnection {
                        id: Some(row.id.clone()),
                        address: to.clone(),
                        port: to_port,
                        target: at.and_then(|i| new_targets.get(i).cloned()),
                        ..Default::default()
                    });
                }
            }
            Some(t) if t.is_file() => {
                let (address, path) = (
                    text(entry, "dr_secondary_address"),
                    text(entry, "dr_secondary_path"),
                );
                if address.is_none() && path.is_none() {
                    return Err(bad(format!(
                        "entry {n} ({name}) has no dr_secondary_address or dr_secondary_path."
                    )));
                }
                for row in connections {
                    out.push(StorageConnection {
                        id: Some(row.id.clone()),
                        address: address.clone(),
                        path: path.clone(),
                        ..Default::default()
                    });
                }
            }
            // Fibre Channel has nothing to re-point; other types have no connection to move.
            _ => {}
        }
    }
    Ok(out)
}

fn put(m: &mut Mapping, key: &str, v: impl Into<Value>) {
    m.insert(Value::String(key.into()), v.into());
}

fn opt(m: &mut Mapping, key: &str, v: &Option<String>) {
    if let Some(v) = v {
        put(m, key, v.clone());
    }
}

/// The mapping file of a switch: one `dr_import_storages` entry per domain, primary the details
/// before, secondary the details after.
pub async fn export(state: &AppState, switch: &StorageSwitch) -> anyhow::Result<String> {
    let pool = &state.store.pool;
    let mut entries = Vec::new();
    let mut seen: Vec<&str> = Vec::new();
    for d in switch.steps.iter().flat_map(|s| &s.domains) {
        if seen.contains(&d.id.as_str()) {
            continue;
        }
        seen.push(&d.id);
        let Some(view) = store::domains::load(pool, Scope::One(&d.id)).await?.pop() else {
            continue;
        };
        let changes: Vec<_> = switch
            .connections
            .iter()
            .filter(|c| c.domains.contains(&d.name))
            .collect();
        let Some(first) = changes.first() else {
            continue;
        };
        let dc = match &d.data_center {
            Some(id) => store::datacenters::get(pool, id).await?.map(|r| r.name),
            None => None,
        };
        let row = &view.row;
        let common = |m: &mut Mapping| {
            put(m, "dr_domain_type", row.storage_type.clone());
            put(m, "dr_primary_name", d.name.clone());
            put(m, "dr_master_domain", d.master);
            put(m, "dr_wipe_after_delete", row.wipe_after_delete);
            put(m, "dr_backup", row.backup);
            put(
                m,
                "dr_critical_space_action_blocker",
                row.critical_space_action_blocker,
            );
            put(m, "dr_warning_low_space", row.warning_low_space_indicator);
            put(m, "dr_discard_after_delete", row.discard_after_delete);
            opt(m, "dr_primary_dc_name", &dc);
            put(m, "dr_domain_id", d.id.clone());
        };
        if row.storage_type != StorageType::Iscsi.as_str() {
            let mut m = Mapping::new();
            common(&mut m);
            opt(&mut m, "dr_primary_address", &first.old.address);
            opt(&mut m, "dr_primary_path", &first.old.path);
            put(&mut m, "dr_secondary_name", d.name.clone());
            opt(&mut m, "dr_secondary_dc_name", &dc);
            opt(&mut m, "dr_secondary_address", &first.new.address);
            opt(&mut m, "dr_secondary_path", &first.new.path);
            entries.push(Value::Mapping(m));
            continue;
        }
        // iSCSI: one entry per portal the domain's paths go through (a multipath domain has
        // several), its targets in the same order on both sides.
        let mut portals: Vec<(Option<String>, i32)> = Vec::new();
        for c in &changes {
            let p = (c.old.address.clone(), c.old.port_or_default());
            if !portals.contains(&p) {
                portals.push(p);
            }
        }
        for (address, port) in portals {
            let on: Vec<_> = changes
                .iter()
                .filter(|c| c.old.address == address && c.old.port_or_default() == port)
                .collect();
            let targets = |new: bool| -> Value {
                Value::Sequence(
                    on.iter()
                        .filter_map(|c| if new { &c.new } else { &c.old }.target.clone())
                        .map(Value::String)
                        .collect(),
                )
            };
            let mut m = Mapping::new();
            common(&mut m);
            opt(&mut m, "dr_primary_address", &address);
            put(&mut m, "dr_primary_port", i64::from(port));
            put(&mut m, "dr_primary_target", targets(false));
            put(&mut m, "dr_secondary_name", d.name.clone());
            opt(&mut m, "dr_secondary_dc_name", &dc);
            opt(&mut m, "dr_secondary_address", &on[0].new.address);
            put(
                &mut m,
                "dr_secondary_port",
                i64::from(on[0].new.port_or_default()),
            );
            put(&mut m, "dr_secondary_target", targets(true));
            entries.push(Value::Mapping(m));
        }
    }
    let mut file = Mapping::new();
    put(&mut file, "dr_import_storages", Value::Sequence(entries));
    Ok(format!(
        "# Storage mapping of switch {} (oVirt disaster-recovery role format).\n{}",
        switch.id.as_deref().unwrap_or(""),
        serde_yaml::to_string(&Value::Mapping(file))?
    ))
}

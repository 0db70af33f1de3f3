//! A storage switch on the wire (`/storageswitches`, this project's extension of the API): the
//! mapping an administrator asks for, the plan the engine answers (what changes, who is behind
//! it, the preflight, the ordered steps) and, once started, every step's progress.

use crate::connection::ISCSI_PORT;
use crate::rules::switch_plan::Rule;
use crate::{OnFailure, Ref, StepState, StorageConnection, StorageDomainStatus, SwitchStatus};
use serde::{Deserialize, Serialize};

/// One "move everything on this server" line of a mapping. `kind` is `server` (NFS, POSIX,
/// GlusterFS: `from_address` → `to_address`, optionally `from_path` prefix → `to_path`) or
/// `portal` (iSCSI: `from_address:from_port` → `to_address:to_port`, optionally the target
/// `from_target` → `to_target`).
#[derive(Serialize, Deserialize, Debug, Clone, Default, PartialEq)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[serde(default)]
pub struct SwitchRule {
    pub kind: String,
    pub from_address: String,
    pub to_address: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub from_port: Option<i32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub to_port: Option<i32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub from_path: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub to_path: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub from_target: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub to_target: Option<String>,
}

impl SwitchRule {
    /// The rule it states, or why it states none.
    pub fn to_rule(&self) -> Result<Rule, String> {
        let from = self.from_address.trim();
        let to = self.to_address.trim();
        if from.is_empty() || to.is_empty() {
            return Err("a rule needs both from_address and to_address".into());
        }
        let pair = |a: &Option<String>, b: &Option<String>, what: &str| match (a, b) {
            (Some(a), Some(b)) if !a.trim().is_empty() && !b.trim().is_empty() => {
                Ok(Some((a.trim().to_string(), b.trim().to_string())))
            }
            (None, None) => Ok(None),
            _ => Err(format!(
                "a rule rewriting the {what} needs both from_{what} and to_{what}"
            )),
        };
        match self.kind.trim() {
            "" | "server" => Ok(Rule::Server {
                from: from.into(),
                to: to.into(),
                path_prefix: pair(&self.from_path, &self.to_path, "path")?,
            }),
            "portal" => Ok(Rule::Portal {
                from: (from.into(), self.from_port.unwrap_or(ISCSI_PORT)),
                to: (to.into(), self.to_port.unwrap_or(ISCSI_PORT)),
                target: pair(&self.from_target, &self.to_target, "target")?,
            }),
            other => Err(format!(
                "unknown rule kind '{other}' (valid: 'server', 'portal')"
            )),
        }
    }
}

/// A connection the switch re-points: as stored now and as it will be (secrets never shown).
#[derive(Serialize, Deserialize, Debug, Clone, Default, PartialEq)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[serde(default)]
pub struct ConnectionChange {
    pub id: String,
    pub old: StorageConnection,
    pub new: StorageConnection,
    /// The domains behind it (by name) and the LUN disks (by id) made of it.
    pub domains: Vec<String>,
    pub disks: Vec<String>,
}

/// One thing the preflight found: the connection (and domain) it is about and the reason, in
/// the engine's own words. A switch with problems does not start until they are fixed or the
/// connection is left out (`excluded`).
#[derive(Serialize, Deserialize, Debug, Clone, Default, PartialEq)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[serde(default)]
pub struct SwitchProblem {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub connection: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub domain: Option<String>,
    /// The connection field it is about, when one is.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub field: Option<String>,
    pub reason: String,
}

/// A domain switched in a step, its data center and its status there before the switch (what
/// it is brought back to).
#[derive(Serialize, Deserialize, Debug, Clone, Default, PartialEq)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[serde(default)]
pub struct StepDomain {
    pub id: String,
    pub name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub data_center: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status_before: Option<StorageDomainStatus>,
    pub master: bool,
}

/// One step: the domains switched together (one, or several sharing a connection) and every
/// connection of theirs that changes — all of them or none.
#[derive(Serialize, Deserialize, Debug, Clone, PartialEq)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[serde(default)]
pub struct SwitchStep {
    pub domains: Vec<StepDomain>,
    pub connections: Vec<String>,
    pub state: StepState,
    /// For a failed step: the last phase it had finished (up to `maintenance`, its
    /// connections were not touched).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub failed_after: Option<StepState>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub started_ms: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub finished_ms: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub message: Option<String>,
}

impl Default for SwitchStep {
    fn default() -> Self {
        SwitchStep {
            domains: Vec::new(),
            connections: Vec::new(),
            state: StepState::Pending,
            failed_after: None,
            started_ms: None,
            finished_ms: None,
            message: None,
        }
    }
}

impl SwitchStep {
    /// A label for events and progress: its domains' names, or its connections when it has no
    /// domain (an orphan connection, a direct LUN disk's).
    /// Whether its connections may have been re-pointed (a rollback puts them back); a step that
    /// failed before that only has its domains' statuses to restore.
    pub fn touched_connections(&self) -> bool {
        match self.state {
            StepState::Pending => false,
            StepState::Failed => !matches!(
                self.failed_after,
                None | Some(StepState::Pending | StepState::Maintenance)
            ),
            _ => true,
        }
    }

    pub fn label(&self) -> String {
        if self.domains.is_empty() {
            format!("connection {}", self.connections.join(", "))
        } else {
            self.domains
                .iter()
                .map(|d| d.name.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        }
    }
}

/// `POST /storageswitches` takes the mapping part; every answer is the whole switch.
#[derive(Serialize, Deserialize, Debug, Clone, Default, PartialEq)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[serde(default)]
pub struct StorageSwitch {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub href: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status: Option<SwitchStatus>,
    // The mapping.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub rules: Vec<SwitchRule>,
    /// Per-connection new details (by `id`), winning over the rules.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub overrides: Vec<StorageConnection>,
    /// The oVirt disaster-recovery role's mapping file (YAML, `dr_import_storages`): read into
    /// overrides on input.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub dr_mapping: Option<String>,
    /// Connections left out of the switch.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub excluded: Vec<String>,
    /// The host that tests every new connection in the preflight and connects during the
    /// switch; none: the switch changes the records only.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub host: Option<Ref>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub on_failure: Option<OnFailure>,
    // The plan.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub connections: Vec<ConnectionChange>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub preflight: Vec<SwitchProblem>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub steps: Vec<SwitchStep>,
    /// The switch this one undoes (a fail-back).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub inverse_of: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cancel_requested: Option<bool>,
    /// Running backwards: every started step is being put back.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rolling_back: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub message: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub created_ms: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub started_ms: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub finished_ms: Option<i64>,
}

impl StorageSwitch {
    /// How many steps have finished, of how many: the progress bar.
    pub fn progress(&self) -> (usize, usize) {
        let done = self
            .steps
            .iter()
            .filter(|s| matches!(s.state, StepState::Done | StepState::RolledBack))
            .count();
        (done, self.steps.len())
    }
}

/// `{"storage_switch":[…]}`
#[derive(Serialize, Deserialize, Debug, Clone, Default, PartialEq)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[serde(default)]
pub struct StorageSwitches {
    pub storage_switch: Vec<StorageSwitch>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_wire_rule_states_its_rule_or_says_what_is_missing() {
        let r = SwitchRule {
            kind: "portal".into(),
            from_address: "192.0.2.21".into(),
            to_address: "198.51.100.21".into(),
            ..Default::default()
        };
        assert_eq!(
            r.to_rule(),
            Ok(Rule::Portal {
                from: ("192.0.2.21".into(), 3260),
                to: ("198.51.100.21".into(), 3260),
                target: None
            })
        );
        let half = SwitchRule {
            from_address: "a".into(),
            to_address: "b".into(),
            from_path: Some("/x".into()),
            ..Default::default()
        };
        assert!(half.to_rule().unwrap_err().contains("to_path"));
        let bad = SwitchRule {
            kind: "fibre".into(),
            ..half
        };
        assert!(bad.to_rule().is_err());
        assert!(SwitchRule::default().to_rule().is_err());
    }
}

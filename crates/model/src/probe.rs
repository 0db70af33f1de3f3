//! Connectivity checks: what a test of a connection reports, step by step.

use crate::wire;
use serde::{Deserialize, Serialize};

/// One step of a connectivity test ("resolve", "connect", "login", …).
#[derive(Serialize, Deserialize, Debug, Clone, Default, PartialEq)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[serde(default)]
pub struct ProbeStep {
    pub name: String,
    #[serde(with = "wire::opt_bool", skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schemars(with = "Option<String>"))]
    pub ok: Option<bool>,
    /// What happened, in words an administrator understands.
    pub detail: String,
    #[serde(with = "wire::opt_int", skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schemars(with = "Option<String>"))]
    pub duration_ms: Option<i64>,
}

/// `{"probe_step":[…]}`
#[derive(Serialize, Deserialize, Debug, Clone, Default, PartialEq)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[serde(default)]
pub struct ProbeSteps {
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub probe_step: Vec<ProbeStep>,
}

/// The answer of a connection test: an action whose status says whether the storage can be
/// reached, with the steps taken.
#[derive(Serialize, Deserialize, Debug, Clone, Default, PartialEq)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[serde(default)]
pub struct ProbeReport {
    /// `complete` when every step passed, else `failed`.
    pub status: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub probe_steps: Option<ProbeSteps>,
}

impl ProbeReport {
    pub fn steps(&self) -> &[ProbeStep] {
        self.probe_steps
            .as_ref()
            .map(|s| s.probe_step.as_slice())
            .unwrap_or(&[])
    }

    pub fn ok(&self) -> bool {
        self.status == "complete"
    }
}

/// An iSCSI target found by discovery.
#[derive(Serialize, Deserialize, Debug, Clone, Default, PartialEq)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[serde(default)]
pub struct IscsiDetails {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub address: Option<String>,
    #[serde(with = "wire::opt_int", skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schemars(with = "Option<String>"))]
    pub port: Option<i32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub portal: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub target: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub username: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub password: Option<String>,
}

/// `{"iscsi_details":[…]}`
#[derive(Serialize, Deserialize, Debug, Clone, Default, PartialEq)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[serde(default)]
pub struct DiscoveredTargets {
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub iscsi_details: Vec<IscsiDetails>,
}

/// The body of `discoveriscsi` and `iscsilogin` actions, and the discovery answer.
#[derive(Serialize, Deserialize, Debug, Clone, Default, PartialEq)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[serde(default)]
pub struct IscsiAction {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status: Option<String>,
    #[serde(
        deserialize_with = "crate::wire::opt_object::deserialize",
        skip_serializing_if = "Option::is_none"
    )]
    pub iscsi: Option<IscsiDetails>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub discovered_targets: Option<DiscoveredTargets>,
}

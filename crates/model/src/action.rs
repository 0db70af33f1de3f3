//! The `action` body: what an action endpoint (activate, deactivate, attach, remove…) receives
//! and answers.

use crate::{wire, Fault, Ref};
use serde::{Deserialize, Serialize};

#[derive(Serialize, Deserialize, Debug, Clone, Default, PartialEq)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[serde(default)]
pub struct Action {
    /// `pending`, `in_progress`, `complete` or `failed`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fault: Option<Fault>,
    #[serde(
        rename = "async",
        with = "wire::opt_bool",
        skip_serializing_if = "Option::is_none"
    )]
    #[cfg_attr(feature = "openapi", schemars(with = "Option<String>"))]
    pub is_async: Option<bool>,
    #[serde(with = "wire::opt_bool", skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schemars(with = "Option<String>"))]
    pub force: Option<bool>,
    #[serde(
        deserialize_with = "crate::wire::opt_object::deserialize",
        skip_serializing_if = "Option::is_none"
    )]
    pub host: Option<Ref>,
}

impl Action {
    pub fn complete() -> Self {
        Action {
            status: Some("complete".into()),
            ..Default::default()
        }
    }

    pub fn failed(fault: Fault) -> Self {
        Action {
            status: Some("failed".into()),
            fault: Some(fault),
            ..Default::default()
        }
    }
}

//! The engine's error body.

use serde::{Deserialize, Serialize};

/// `{"reason":"Operation Failed","detail":"[Cannot edit Storage Connection. …]"}`
#[derive(Serialize, Deserialize, Debug, Clone, Default, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[serde(default)]
pub struct Fault {
    pub reason: String,
    pub detail: String,
    /// The input field the fault is about (`path`, `target`, `name`…), for a form to mark it.
    /// An extension: the real engine's faults have none, and its clients skip what they do not
    /// know.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub field: Option<String>,
}

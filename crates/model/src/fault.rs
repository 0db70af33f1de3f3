//! The engine's error body.

use serde::{Deserialize, Serialize};

/// `{"reason":"Operation Failed","detail":"[Cannot edit Storage Connection. …]"}`
#[derive(Serialize, Deserialize, Debug, Clone, Default, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[serde(default)]
pub struct Fault {
    pub reason: String,
    pub detail: String,
}

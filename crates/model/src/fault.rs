//! The engine's error body.

use serde::{Deserialize, Serialize};

/// `{"reason":"Operation Failed","detail":"[Cannot edit Storage Connection. …]"}`
#[derive(Serialize, Deserialize, Debug, Clone, Default, PartialEq, Eq)]
#[serde(default)]
pub struct Fault {
    pub reason: String,
    pub detail: String,
}

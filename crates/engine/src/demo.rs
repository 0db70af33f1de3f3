//! The demo site (`--demo`): one data center, two hosts, domains of every type in every state,
//! a multipath iSCSI domain, an orphan connection and a direct-LUN disk of a running VM. Its rows
//! are written by `store::demo`; tests and documentation name its objects by `ids`.

pub use crate::store::demo::{ids, seed, seed_into};

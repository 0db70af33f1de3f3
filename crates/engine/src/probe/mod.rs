//! The host agent: what a host does with storage on the engine's behalf (connect, disconnect,
//! report space). The embedded agent acts as every host from the engine's own machine.
//!
//! Connectivity checks over the network (NFS RPC, iSCSI login) are not implemented yet: `connect`
//! accepts every connection, so adds and updates that name a host behave as if the host
//! connected. Local paths are real: their space comes from `statvfs`.

use storage_model::{StorageConnection, StorageType};

/// Free and used bytes of a storage location.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SpaceStats {
    pub available: i64,
    pub used: i64,
}

#[derive(Debug, Clone, Default)]
pub struct HostAgent;

impl HostAgent {
    /// Connects the host to the storage. An error is the reason it could not.
    pub async fn connect(&self, _host: &str, _c: &StorageConnection) -> Result<(), String> {
        Ok(())
    }

    /// Disconnects the host from the storage (best effort).
    pub async fn disconnect(&self, _host: &str, _c: &StorageConnection) {}

    /// Space of the storage behind a connection, when the agent can measure it.
    pub async fn space(&self, c: &StorageConnection) -> Option<SpaceStats> {
        if c.storage_type != Some(StorageType::Localfs) {
            return None;
        }
        let path = c.path.clone()?;
        tokio::task::spawn_blocking(move || statvfs_space(&path))
            .await
            .ok()
            .flatten()
    }
}

fn statvfs_space(path: &str) -> Option<SpaceStats> {
    let st = rustix::fs::statvfs(path).ok()?;
    let frsize = i64::try_from(st.f_frsize).ok()?;
    let total = i64::try_from(st.f_blocks).ok()? * frsize;
    let available = i64::try_from(st.f_bavail).ok()? * frsize;
    let free = i64::try_from(st.f_bfree).ok()? * frsize;
    Some(SpaceStats {
        available,
        used: total - free,
    })
}

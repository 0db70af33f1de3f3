//! The storage a new domain is made on, as its request embeds it.

use storage_model::{HostStorage, LogicalUnit, LogicalUnits, StorageConnection, StorageType};

/// The storage a new domain is made on, embedded in its request: the connection's details, or
/// for iSCSI the LUN reached through the target.
pub fn embedded(c: &StorageConnection, lun_id: String) -> HostStorage {
    if c.storage_type == Some(StorageType::Iscsi) {
        HostStorage {
            storage_type: Some(StorageType::Iscsi),
            logical_units: Some(LogicalUnits {
                logical_unit: vec![LogicalUnit {
                    id: Some(lun_id),
                    address: c.address.clone(),
                    port: c.port,
                    target: c.target.clone(),
                    username: c.username.clone(),
                    password: c.password.clone(),
                    ..Default::default()
                }],
            }),
            ..Default::default()
        }
    } else {
        HostStorage {
            storage_type: c.storage_type,
            address: c.address.clone(),
            path: c.path.clone(),
            mount_options: c.mount_options.clone(),
            vfs_type: c.vfs_type.clone(),
            nfs_version: c.nfs_version,
            nfs_timeo: c.nfs_timeo,
            nfs_retrans: c.nfs_retrans,
            ..Default::default()
        }
    }
}

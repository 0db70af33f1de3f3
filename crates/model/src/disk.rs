//! Disks (direct-LUN disks matter here) and the virtual machines that use them.

use crate::{wire, DiskStorageType, HostStorage, Ref, VmStatus};
use serde::{Deserialize, Serialize};

#[derive(Serialize, Deserialize, Debug, Clone, Default, PartialEq)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[serde(default)]
pub struct Disk {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub href: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub alias: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub storage_type: Option<DiskStorageType>,
    #[serde(with = "wire::opt_int", skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schemars(with = "Option<String>"))]
    pub provisioned_size: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub lun_storage: Option<HostStorage>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub link: Option<Vec<crate::Link>>,
}

impl Disk {
    /// Whether this direct-LUN disk reaches its LUN through `c`: one of its logical units is
    /// seen at the connection's portal (address and port) and target, which is how any oVirt
    /// engine describes a LUN disk's paths (`lun_storage.logical_units`).
    pub fn uses_connection(&self, c: &crate::StorageConnection) -> bool {
        let units = self
            .lun_storage
            .as_ref()
            .and_then(|s| s.logical_units.as_ref());
        units.is_some_and(|u| {
            u.logical_unit.iter().any(|lu| {
                lu.address.is_some()
                    && lu.address == c.address
                    && lu.target == c.target
                    && lu.port.unwrap_or(3260) == c.port.unwrap_or(3260)
            })
        })
    }
}

#[derive(Serialize, Deserialize, Debug, Clone, Default, PartialEq)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[serde(default)]
pub struct Vm {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub href: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status: Option<VmStatus>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cluster: Option<Ref>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub disk_attachments: Option<DiskAttachments>,
}

/// `{"disk_attachment":[…]}`
#[derive(Serialize, Deserialize, Debug, Clone, Default, PartialEq)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[serde(default)]
pub struct DiskAttachments {
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub disk_attachment: Vec<DiskAttachment>,
}

#[derive(Serialize, Deserialize, Debug, Clone, Default, PartialEq)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[serde(default)]
pub struct DiskAttachment {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    #[serde(with = "wire::opt_bool", skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schemars(with = "Option<String>"))]
    pub active: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub disk: Option<Ref>,
}

#[cfg(test)]
mod tests {
    use crate::{Disk, HostStorage, LogicalUnit, LogicalUnits, StorageConnection};

    fn path(address: &str, port: Option<i32>, target: &str) -> StorageConnection {
        StorageConnection {
            address: Some(address.into()),
            port,
            target: Some(target.into()),
            ..Default::default()
        }
    }

    #[test]
    fn a_lun_disk_uses_the_connections_its_logical_units_are_seen_through() {
        let disk = Disk {
            lun_storage: Some(HostStorage {
                logical_units: Some(LogicalUnits {
                    logical_unit: vec![LogicalUnit {
                        address: Some("192.0.2.21".into()),
                        port: Some(3260),
                        target: Some("iqn.2026-01.com.example:db".into()),
                        ..Default::default()
                    }],
                }),
                ..Default::default()
            }),
            ..Default::default()
        };
        assert!(disk.uses_connection(&path(
            "192.0.2.21",
            Some(3260),
            "iqn.2026-01.com.example:db"
        )));
        // The default port is the same portal.
        assert!(disk.uses_connection(&path("192.0.2.21", None, "iqn.2026-01.com.example:db")));
        assert!(!disk.uses_connection(&path(
            "192.0.2.21",
            Some(3261),
            "iqn.2026-01.com.example:db"
        )));
        assert!(!disk.uses_connection(&path(
            "192.0.2.22",
            Some(3260),
            "iqn.2026-01.com.example:db"
        )));
        assert!(!disk.uses_connection(&path(
            "192.0.2.21",
            Some(3260),
            "iqn.2026-01.com.example:other"
        )));
        assert!(!Disk::default().uses_connection(&path("192.0.2.21", None, "t")));
    }
}

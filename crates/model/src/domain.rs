//! The `storage_domain` resource and the `storage` (HostStorage) it embeds.

use crate::{
    wire, ExternalStatus, Link, NfsVersion, Ref, RefList, StorageDomainStatus, StorageDomainType,
    StorageFormat, StorageType,
};
use serde::{Deserialize, Serialize};

/// A storage domain on the wire. Sizes are bytes (64-bit, written as strings).
#[derive(Serialize, Deserialize, Debug, Clone, Default, PartialEq)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[serde(default)]
pub struct StorageDomain {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub href: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub comment: Option<String>,
    #[serde(rename = "type", skip_serializing_if = "Option::is_none")]
    pub domain_type: Option<StorageDomainType>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status: Option<StorageDomainStatus>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub external_status: Option<ExternalStatus>,
    #[serde(with = "wire::opt_bool", skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schemars(with = "Option<String>"))]
    pub master: Option<bool>,
    #[serde(
        deserialize_with = "crate::wire::opt_object::deserialize",
        skip_serializing_if = "Option::is_none"
    )]
    pub storage: Option<HostStorage>,
    #[serde(with = "wire::opt_int", skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schemars(with = "Option<String>"))]
    pub available: Option<i64>,
    #[serde(with = "wire::opt_int", skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schemars(with = "Option<String>"))]
    pub used: Option<i64>,
    #[serde(with = "wire::opt_int", skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schemars(with = "Option<String>"))]
    pub committed: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub storage_format: Option<StorageFormat>,
    #[serde(with = "wire::opt_bool", skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schemars(with = "Option<String>"))]
    pub wipe_after_delete: Option<bool>,
    #[serde(with = "wire::opt_bool", skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schemars(with = "Option<String>"))]
    pub discard_after_delete: Option<bool>,
    #[serde(with = "wire::opt_bool", skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schemars(with = "Option<String>"))]
    pub supports_discard: Option<bool>,
    #[serde(with = "wire::opt_bool", skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schemars(with = "Option<String>"))]
    pub backup: Option<bool>,
    #[serde(with = "wire::opt_int", skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schemars(with = "Option<String>"))]
    pub warning_low_space_indicator: Option<i32>,
    #[serde(with = "wire::opt_int", skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schemars(with = "Option<String>"))]
    pub critical_space_action_blocker: Option<i32>,
    #[serde(with = "wire::opt_int", skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schemars(with = "Option<String>"))]
    pub block_size: Option<i32>,
    #[serde(
        deserialize_with = "crate::wire::opt_object::deserialize",
        skip_serializing_if = "Option::is_none"
    )]
    pub data_center: Option<Ref>,
    #[serde(
        deserialize_with = "crate::wire::opt_object::deserialize",
        skip_serializing_if = "Option::is_none"
    )]
    pub data_centers: Option<RefList>,
    #[serde(
        deserialize_with = "crate::wire::opt_object::deserialize",
        skip_serializing_if = "Option::is_none"
    )]
    pub host: Option<Ref>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub actions: Option<crate::Actions>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub link: Option<Vec<Link>>,
    /// The domain's connections, inline when asked with `follow=storage_connections`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub storage_connections: Option<crate::StorageConnections>,
}

impl StorageDomain {
    /// Total size in bytes (free plus used), when both are known.
    pub fn total_bytes(&self) -> Option<i64> {
        Some(self.available? + self.used?)
    }

    /// Ids of the data centers the domain is attached to.
    pub fn data_center_ids(&self) -> Vec<String> {
        self.data_centers
            .as_ref()
            .map(|l| l.data_center.iter().filter_map(|r| r.id.clone()).collect())
            .unwrap_or_default()
    }
}

/// The `storage` element: the connection details of a domain (file types) or its volume group
/// (block types).
#[derive(Serialize, Deserialize, Debug, Clone, Default, PartialEq)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[serde(default)]
pub struct HostStorage {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    #[serde(rename = "type", skip_serializing_if = "Option::is_none")]
    pub storage_type: Option<StorageType>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub address: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub path: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub mount_options: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub vfs_type: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub nfs_version: Option<NfsVersion>,
    #[serde(with = "wire::opt_int", skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schemars(with = "Option<String>"))]
    pub nfs_timeo: Option<i32>,
    #[serde(with = "wire::opt_int", skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schemars(with = "Option<String>"))]
    pub nfs_retrans: Option<i32>,
    #[serde(with = "wire::opt_int", skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schemars(with = "Option<String>"))]
    pub port: Option<i32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub target: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub username: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub password: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub portal: Option<String>,
    #[serde(
        deserialize_with = "crate::wire::opt_object::deserialize",
        skip_serializing_if = "Option::is_none"
    )]
    pub volume_group: Option<VolumeGroup>,
    #[serde(
        deserialize_with = "crate::wire::opt_object::deserialize",
        skip_serializing_if = "Option::is_none"
    )]
    pub logical_units: Option<LogicalUnits>,
    #[serde(with = "wire::opt_bool", skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schemars(with = "Option<String>"))]
    pub override_luns: Option<bool>,
    #[serde(
        deserialize_with = "crate::wire::opt_object::deserialize",
        skip_serializing_if = "Option::is_none"
    )]
    pub host: Option<Ref>,
}

/// The volume group of a block domain.
#[derive(Serialize, Deserialize, Debug, Clone, Default, PartialEq)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[serde(default)]
pub struct VolumeGroup {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    #[serde(
        deserialize_with = "crate::wire::opt_object::deserialize",
        skip_serializing_if = "Option::is_none"
    )]
    pub logical_units: Option<LogicalUnits>,
}

/// `{"logical_unit":[…]}`
#[derive(Serialize, Deserialize, Debug, Clone, Default, PartialEq)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[serde(default)]
pub struct LogicalUnits {
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub logical_unit: Vec<LogicalUnit>,
}

/// A LUN as seen through one of its connections.
#[derive(Serialize, Deserialize, Debug, Clone, Default, PartialEq)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[serde(default)]
pub struct LogicalUnit {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub address: Option<String>,
    #[serde(with = "wire::opt_int", skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schemars(with = "Option<String>"))]
    pub port: Option<i32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub target: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub username: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub password: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub portal: Option<String>,
    #[serde(with = "wire::opt_int", skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schemars(with = "Option<String>"))]
    pub size: Option<i64>,
    #[serde(with = "wire::opt_int", skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schemars(with = "Option<String>"))]
    pub paths: Option<i32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub serial: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub vendor_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub product_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub volume_group_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub storage_domain_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub disk_id: Option<String>,
}

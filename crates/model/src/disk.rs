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

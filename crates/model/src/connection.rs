//! The `storage_connection` resource.

use crate::{wire, NfsVersion, Ref, StorageType};
use serde::{Deserialize, Serialize};

/// A storage connection as it travels on the wire. Every field is optional because the same
/// shape serves output, add input and the partial body of an update.
///
/// `password` and `portal` are input-only: the engine never fills them on output.
#[derive(Serialize, Deserialize, Debug, Clone, Default, PartialEq)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[serde(default)]
pub struct StorageConnection {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub href: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    #[serde(rename = "type", skip_serializing_if = "Option::is_none")]
    pub storage_type: Option<StorageType>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub address: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub path: Option<String>,
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
    #[serde(
        deserialize_with = "crate::wire::opt_object::deserialize",
        skip_serializing_if = "Option::is_none"
    )]
    pub host: Option<Ref>,
}

/// The iSCSI port a connection stored without one uses.
pub const ISCSI_PORT: i32 = 3260;

impl StorageConnection {
    /// Its port, or the iSCSI default when none is stored.
    pub fn port_or_default(&self) -> i32 {
        self.port.unwrap_or(ISCSI_PORT)
    }

    /// A one-line summary an administrator recognises: `server:/path`, `/path` or
    /// `portal:port target`.
    pub fn summary(&self) -> String {
        match self.storage_type {
            Some(StorageType::Iscsi) => format!(
                "{}:{} {}",
                self.address.as_deref().unwrap_or(""),
                self.port.map(|p| p.to_string()).unwrap_or_default(),
                self.target.as_deref().unwrap_or("")
            ),
            _ => match (&self.address, &self.path) {
                (Some(a), Some(p)) => format!("{a}:{p}"),
                (None, Some(p)) => p.clone(),
                (Some(a), None) => a.clone(),
                (None, None) => String::new(),
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn iscsi_connection_has_the_real_engine_shape() {
        let c = StorageConnection {
            id: Some("9a41".into()),
            href: Some("/ovirt-engine/api/storageconnections/9a41".into()),
            storage_type: Some(StorageType::Iscsi),
            address: Some("10.0.0.5".into()),
            port: Some(3260),
            target: Some("iqn.2020-01.com.example:t1".into()),
            ..Default::default()
        };
        let v = serde_json::to_value(&c).unwrap();
        assert_eq!(v["port"], "3260");
        assert_eq!(v["type"], "iscsi");
        assert!(v.get("password").is_none());
        assert_eq!(c.summary(), "10.0.0.5:3260 iqn.2020-01.com.example:t1");
    }

    #[test]
    fn input_accepts_native_numbers_and_a_host_by_name() {
        let c: StorageConnection = serde_json::from_str(
            r#"{"type":"NFS","address":"nfs1","path":"/e","nfs_timeo":600,"host":{"name":"h1"}}"#,
        )
        .unwrap();
        assert_eq!(c.storage_type, Some(StorageType::Nfs));
        assert_eq!(c.nfs_timeo, Some(600));
        assert_eq!(c.host.unwrap().name.as_deref(), Some("h1"));
    }
}

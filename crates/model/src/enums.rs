//! The API's enumerations. On the wire each value is its lowercase name; input is matched
//! case-insensitively, as the engine's generated `fromValue` upper-cases what it receives.

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::fmt;
use std::str::FromStr;

/// A value that is not one of an enum's names. Its `Display` lists every valid value, in the
/// style of the engine's `Invalid Enum value` fault.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("Invalid value '{value}' for {enum_name}. Valid values are: {}", quoted(.valid))]
pub struct InvalidEnumValue {
    pub value: String,
    pub enum_name: &'static str,
    pub valid: &'static [&'static str],
}

fn quoted(values: &[&str]) -> String {
    values
        .iter()
        .map(|v| format!("'{v}'"))
        .collect::<Vec<_>>()
        .join(", ")
}

macro_rules! wire_enum {
    ($(#[$meta:meta])* $name:ident { $($variant:ident => $text:literal),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum $name {
            $($variant),+
        }

        impl $name {
            /// Every value, in declaration order.
            pub const ALL: &'static [$name] = &[$($name::$variant),+];
            /// Every wire spelling, in declaration order.
            pub const NAMES: &'static [&'static str] = &[$($text),+];

            /// The lowercase wire spelling.
            pub fn as_str(self) -> &'static str {
                match self {
                    $($name::$variant => $text),+
                }
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl FromStr for $name {
            type Err = InvalidEnumValue;

            fn from_str(s: &str) -> Result<Self, Self::Err> {
                let lower = s.trim().to_ascii_lowercase();
                match lower.as_str() {
                    $($text => Ok($name::$variant),)+
                    _ => Err(InvalidEnumValue {
                        value: s.to_string(),
                        enum_name: stringify!($name),
                        valid: Self::NAMES,
                    }),
                }
            }
        }

        impl Serialize for $name {
            fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(self.as_str())
            }
        }

        impl<'de> Deserialize<'de> for $name {
            fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                let s = String::deserialize(d)?;
                s.parse().map_err(serde::de::Error::custom)
            }
        }

        // On the wire: one of the lowercase names (input is matched case-insensitively).
        #[cfg(feature = "openapi")]
        impl schemars::JsonSchema for $name {
            fn schema_name() -> std::borrow::Cow<'static, str> {
                stringify!($name).into()
            }

            fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
                schemars::json_schema!({ "type": "string", "enum": Self::NAMES })
            }
        }
    };
}

wire_enum!(
    /// Kind of storage behind a connection or domain.
    StorageType {
        Iscsi => "iscsi",
        Fcp => "fcp",
        Nfs => "nfs",
        Localfs => "localfs",
        Posixfs => "posixfs",
        Glusterfs => "glusterfs",
        Glance => "glance",
        Cinder => "cinder",
        ManagedBlockStorage => "managed_block_storage",
    }
);

impl StorageType {
    /// File storage: the connection is an `address:path` (or a bare path).
    pub fn is_file(self) -> bool {
        matches!(
            self,
            StorageType::Nfs
                | StorageType::Localfs
                | StorageType::Posixfs
                | StorageType::Glusterfs
                | StorageType::Glance
        )
    }

    /// Block storage: LUNs reached through iSCSI targets or Fibre Channel.
    pub fn is_block(self) -> bool {
        matches!(self, StorageType::Iscsi | StorageType::Fcp)
    }

    /// The label webadmin shows for the type.
    pub fn label(self) -> &'static str {
        match self {
            StorageType::Iscsi => "iSCSI",
            StorageType::Fcp => "Fibre Channel",
            StorageType::Nfs => "NFS",
            StorageType::Localfs => "Local on Host",
            StorageType::Posixfs => "POSIX compliant FS",
            StorageType::Glusterfs => "GlusterFS",
            StorageType::Glance => "Glance",
            StorageType::Cinder => "Cinder",
            StorageType::ManagedBlockStorage => "Managed Block Storage",
        }
    }
}

wire_enum!(
    /// A storage domain's status (per data center, except `unattached`).
    StorageDomainStatus {
        Active => "active",
        Inactive => "inactive",
        Locked => "locked",
        Mixed => "mixed",
        Unattached => "unattached",
        Maintenance => "maintenance",
        PreparingForMaintenance => "preparing_for_maintenance",
        Detaching => "detaching",
        Activating => "activating",
        Unknown => "unknown",
    }
);

impl StorageDomainStatus {
    /// A transition is under way; the real engine answers `ACTION_TYPE_FAILED_OBJECT_LOCKED`.
    pub fn is_in_process(self) -> bool {
        matches!(
            self,
            StorageDomainStatus::Locked
                | StorageDomainStatus::PreparingForMaintenance
                | StorageDomainStatus::Detaching
                | StorageDomainStatus::Activating
        )
    }

    /// The label webadmin shows for the status.
    pub fn label(self) -> &'static str {
        match self {
            StorageDomainStatus::Active => "Active",
            StorageDomainStatus::Inactive => "Inactive",
            StorageDomainStatus::Locked => "Locked",
            StorageDomainStatus::Mixed => "Mixed",
            StorageDomainStatus::Unattached => "Unattached",
            StorageDomainStatus::Maintenance => "Maintenance",
            StorageDomainStatus::PreparingForMaintenance => "Preparing For Maintenance",
            StorageDomainStatus::Detaching => "Detaching",
            StorageDomainStatus::Activating => "Activating",
            StorageDomainStatus::Unknown => "Unknown",
        }
    }
}

wire_enum!(
    /// What a storage domain holds.
    StorageDomainType {
        Data => "data",
        Iso => "iso",
        Export => "export",
        Image => "image",
        Volume => "volume",
        ManagedBlockStorage => "managed_block_storage",
    }
);

impl StorageDomainType {
    /// The label webadmin shows ("Domain Type" column); the master flag is added by the caller.
    pub fn label(self) -> &'static str {
        match self {
            StorageDomainType::Data => "Data",
            StorageDomainType::Iso => "ISO",
            StorageDomainType::Export => "Export",
            StorageDomainType::Image => "Image",
            StorageDomainType::Volume => "Volume",
            StorageDomainType::ManagedBlockStorage => "Managed Block Storage",
        }
    }
}

wire_enum!(
    /// NFS protocol version of a connection.
    NfsVersion {
        Auto => "auto",
        V3 => "v3",
        V4 => "v4",
        V4_0 => "v4_0",
        V4_1 => "v4_1",
        V4_2 => "v4_2",
    }
);

impl NfsVersion {
    /// The label webadmin offers in its "NFS Version" list.
    pub fn label(self) -> &'static str {
        match self {
            NfsVersion::Auto => "Auto Negotiate",
            NfsVersion::V3 => "V3",
            NfsVersion::V4 => "V4",
            NfsVersion::V4_0 => "V4.0",
            NfsVersion::V4_1 => "V4.1",
            NfsVersion::V4_2 => "V4.2",
        }
    }
}

wire_enum!(
    /// A host's status.
    HostStatus {
        Down => "down",
        Error => "error",
        Initializing => "initializing",
        Installing => "installing",
        InstallFailed => "install_failed",
        Maintenance => "maintenance",
        NonOperational => "non_operational",
        NonResponsive => "non_responsive",
        PendingApproval => "pending_approval",
        PreparingForMaintenance => "preparing_for_maintenance",
        Connecting => "connecting",
        Reboot => "reboot",
        Unassigned => "unassigned",
        Up => "up",
        InstallingOs => "installing_os",
        Kdumping => "kdumping",
    }
);

wire_enum!(
    /// A data center's status.
    DataCenterStatus {
        Uninitialized => "uninitialized",
        Up => "up",
        Maintenance => "maintenance",
        NotOperational => "not_operational",
        Problematic => "problematic",
        Contend => "contend",
    }
);

wire_enum!(
    /// On-disk format version of a storage domain.
    StorageFormat {
        V1 => "v1",
        V2 => "v2",
        V3 => "v3",
        V4 => "v4",
        V5 => "v5",
    }
);

wire_enum!(
    /// Health reported by an external system.
    ExternalStatus {
        Error => "error",
        Failure => "failure",
        Info => "info",
        Ok => "ok",
        Warning => "warning",
    }
);

wire_enum!(
    /// Whether a LUN is in use.
    LunStatus {
        Free => "free",
        Used => "used",
        Unusable => "unusable",
    }
);

wire_enum!(
    /// How a disk is stored.
    DiskStorageType {
        Image => "image",
        Lun => "lun",
        Cinder => "cinder",
        ManagedBlockStorage => "managed_block_storage",
    }
);

wire_enum!(
    /// A virtual machine's status (the subset the storage rules look at, plus the common ones).
    VmStatus {
        Down => "down",
        Up => "up",
        PoweringUp => "powering_up",
        PoweringDown => "powering_down",
        Paused => "paused",
        Suspended => "suspended",
        MigratingFrom => "migrating",
        Unknown => "unknown",
        NotResponding => "not_responding",
        WaitForLaunch => "wait_for_launch",
        RebootInProgress => "reboot_in_progress",
        SavingState => "saving_state",
        RestoringState => "restoring_state",
        ImageLocked => "image_locked",
    }
);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn enums_are_lowercase_on_the_wire_and_case_insensitive_on_input() {
        assert_eq!(
            serde_json::to_string(&StorageDomainStatus::PreparingForMaintenance).unwrap(),
            "\"preparing_for_maintenance\""
        );
        let t: StorageType = serde_json::from_str("\"NFS\"").unwrap();
        assert_eq!(t, StorageType::Nfs);
        let v: NfsVersion = serde_json::from_str("\"V4_1\"").unwrap();
        assert_eq!(v, NfsVersion::V4_1);
    }

    #[test]
    fn an_unknown_value_lists_every_valid_one() {
        let err = "smb".parse::<StorageType>().unwrap_err();
        let text = err.to_string();
        assert!(text.contains("'smb'"), "{text}");
        assert!(text.contains("StorageType"), "{text}");
        for name in StorageType::NAMES {
            assert!(text.contains(&format!("'{name}'")), "{text} lacks {name}");
        }
    }

    #[test]
    fn every_value_round_trips() {
        for t in StorageType::ALL {
            assert_eq!(t.as_str().parse::<StorageType>().unwrap(), *t);
        }
        for s in StorageDomainStatus::ALL {
            assert_eq!(s.as_str().parse::<StorageDomainStatus>().unwrap(), *s);
        }
    }
}

wire_enum!(
    /// Where a storage switch is: planned (nothing changed yet), running, and how it ended.
    SwitchStatus {
        Planned => "planned",
        Running => "running",
        Succeeded => "succeeded",
        Failed => "failed",
        Cancelled => "cancelled",
        RolledBack => "rolled_back",
    }
);

impl SwitchStatus {
    /// Ended: nothing more happens to it unless it is rolled back or failed back.
    pub fn is_finished(self) -> bool {
        !matches!(self, SwitchStatus::Planned | SwitchStatus::Running)
    }
}

wire_enum!(
    /// What a switch does when a domain's step fails: hold there (the failed domain left in
    /// maintenance, whole on its old or its new connections), or put every domain back.
    OnFailure {
        Stop => "stop",
        Rollback => "rollback",
    }
);

wire_enum!(
    /// Where one domain's step of a switch is.
    StepState {
        Pending => "pending",
        Maintenance => "maintenance",
        Updating => "updating",
        Updated => "updated",
        Done => "done",
        Failed => "failed",
        RolledBack => "rolled_back",
    }
);

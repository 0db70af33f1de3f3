//! What each collection can be searched by: the real engine's field names (its
//! `*FieldAutoCompleter` and `*CrossRefAutoCompleter` classes) and their types, for the
//! collections this engine serves.

use crate::{DataCenterStatus, HostStatus, StorageDomainStatus, StorageType, VmStatus};

/// How a field's value is read and compared.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// `=`/`!=` with `*` wildcards; case per `case_sensitive`.
    Text,
    /// A whole number; every comparison.
    Int,
    /// `true`/`false` (also `1`/`0`), `=`/`!=`.
    Bool,
    /// One of these names, in any letter case; `=`/`!=`.
    Enum(&'static [&'static str]),
    /// `YYYY-MM-DD[ HH:MM[:SS]]` (UTC); every comparison.
    Date,
}

#[derive(Debug, Clone, Copy)]
pub struct Field {
    /// The name as typed (lowercase here; matched in any case).
    pub name: &'static str,
    pub kind: Kind,
}

const fn f(name: &'static str, kind: Kind) -> Field {
    Field { name, kind }
}

/// A searchable collection.
#[derive(Debug)]
pub struct Collection {
    /// What the fault calls it: `Cannot search <noun>: …`.
    pub noun: &'static str,
    /// The object prefixes that may start a search here (`Storage:`), first the usual one.
    pub prefixes: &'static [&'static str],
    pub fields: &'static [Field],
}

impl Collection {
    /// The field called `name` (any case; `storage.name` and `storage_name` style spellings of
    /// a cross reference are accepted for `storage`).
    pub fn field(&self, name: &str) -> Option<&Field> {
        let name = name.to_ascii_lowercase();
        let bare = name.strip_suffix(".name").unwrap_or(&name);
        self.fields
            .iter()
            .find(|f| f.name == name || f.name == bare)
    }

    /// Every field name, for the fault that lists them.
    pub fn field_names(&self) -> String {
        self.fields
            .iter()
            .map(|f| f.name)
            .collect::<Vec<_>>()
            .join(", ")
    }
}

use Kind::*;

/// A storage domain's search `status`: its status in a data center, or `unattached`.
const DOMAIN_STATUSES: &[&str] = StorageDomainStatus::NAMES;

pub static STORAGE_DOMAINS: Collection = Collection {
    noun: "storages",
    prefixes: &["Storage", "Storages"],
    fields: &[
        f("name", Text),
        f("status", Enum(DOMAIN_STATUSES)),
        f("datacenter", Text),
        // The storage type (nfs, iscsi…), as in the real engine, not what the domain holds.
        f("type", Enum(StorageType::NAMES)),
        f("size", Int),
        f("used", Int),
        f("committed", Int),
        f("comment", Text),
        f("description", Text),
        f("wipe_after_delete", Bool),
        f("id", Text),
    ],
};

pub static HOSTS: Collection = Collection {
    noun: "hosts",
    prefixes: &["Host", "Hosts"],
    fields: &[
        f("name", Text),
        f("comment", Text),
        f("status", Enum(HostStatus::NAMES)),
        f("cluster", Text),
        f("address", Text),
        f("datacenter", Text),
        f("spm_id", Int),
        f("id", Text),
    ],
};

pub static DATA_CENTERS: Collection = Collection {
    noun: "datacenters",
    prefixes: &["Datacenter", "Datacenters"],
    fields: &[
        f("name", Text),
        f("description", Text),
        f("comment", Text),
        f("status", Enum(DataCenterStatus::NAMES)),
        // Cross references: data centers with a domain, cluster or host of that name.
        f("storage", Text),
        f("cluster", Text),
        f("host", Text),
        f("id", Text),
    ],
};

pub static CLUSTERS: Collection = Collection {
    noun: "clusters",
    prefixes: &["Cluster", "Clusters"],
    fields: &[
        f("name", Text),
        f("description", Text),
        f("comment", Text),
        f("datacenter", Text),
        f("host", Text),
        f("id", Text),
    ],
};

/// The real engine's audit-log severities.
pub const EVENT_SEVERITIES: &[&str] = &["normal", "warning", "error", "alert"];

pub static EVENTS: Collection = Collection {
    noun: "events",
    prefixes: &["Events", "Event"],
    fields: &[
        f("type", Int),
        f("severity", Enum(EVENT_SEVERITIES)),
        f("message", Text),
        f("time", Date),
        f("usrname", Text),
        f("event_storage", Text),
        f("event_datacenter", Text),
        f("event_host", Text),
        f("correlation_id", Text),
        f("origin", Text),
    ],
};

pub static DISKS: Collection = Collection {
    noun: "disks",
    prefixes: &["Disks", "Disk"],
    fields: &[
        f("alias", Text),
        f("name", Text),
        f("description", Text),
        f("provisioned_size", Int),
        // The disk's storage type (image, lun, cinder, managed_block_storage).
        f("disk_type", Text),
        // The data center of the domain holding the disk (a direct LUN disk has none).
        f("datacenter", Text),
        f("id", Text),
    ],
};

pub static VMS: Collection = Collection {
    noun: "vms",
    prefixes: &["Vms", "Vm"],
    fields: &[
        f("name", Text),
        f("status", Enum(VmStatus::NAMES)),
        f("cluster", Text),
        f("datacenter", Text),
        f("host", Text),
        f("description", Text),
        f("comment", Text),
        f("id", Text),
    ],
};

pub static TEMPLATES: Collection = Collection {
    noun: "templates",
    prefixes: &["Template", "Templates"],
    fields: &[
        f("name", Text),
        f("description", Text),
        f("comment", Text),
        f("datacenter", Text),
        f("cluster", Text),
        f("id", Text),
    ],
};

pub static VM_POOLS: Collection = Collection {
    noun: "pools",
    prefixes: &["Pools", "Pool"],
    fields: &[
        f("name", Text),
        f("description", Text),
        f("comment", Text),
        f("cluster", Text),
        f("datacenter", Text),
        f("id", Text),
    ],
};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields_are_found_in_any_case_and_cross_references_by_name() {
        assert_eq!(STORAGE_DOMAINS.field("NAME").map(|f| f.name), Some("name"));
        assert_eq!(
            DATA_CENTERS.field("storage.name").map(|f| f.name),
            Some("storage")
        );
        assert!(STORAGE_DOMAINS.field("colour").is_none());
        assert!(STORAGE_DOMAINS
            .field_names()
            .starts_with("name, status, datacenter, type"));
    }
}

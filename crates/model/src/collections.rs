//! Collections: one key, the singular element name, holding an array. An empty collection is `{}`.

use serde::{Deserialize, Serialize};

macro_rules! collection {
    ($(#[$meta:meta])* $name:ident, $field:ident, $item:ty) => {
        $(#[$meta])*
        #[derive(Serialize, Deserialize, Debug, Clone, Default, PartialEq)]
        #[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
        #[serde(default)]
        pub struct $name {
            #[serde(skip_serializing_if = "Vec::is_empty")]
            pub $field: Vec<$item>,
        }

        impl From<Vec<$item>> for $name {
            fn from($field: Vec<$item>) -> Self {
                $name { $field }
            }
        }
    };
}

collection!(
    /// `{"storage_connection":[…]}`
    StorageConnections,
    storage_connection,
    crate::StorageConnection
);
collection!(
    /// `{"storage_domain":[…]}`
    StorageDomains,
    storage_domain,
    crate::StorageDomain
);
collection!(
    /// `{"host":[…]}`
    Hosts,
    host,
    crate::Host
);
collection!(
    /// `{"cluster":[…]}`
    Clusters,
    cluster,
    crate::Cluster
);
collection!(
    /// `{"data_center":[…]}`
    DataCenters,
    data_center,
    crate::DataCenter
);

collection!(
    /// `{"disk":[…]}`
    Disks,
    disk,
    crate::Disk
);
collection!(
    /// `{"template":[…]}`
    Templates,
    template,
    crate::Template
);
collection!(
    /// `{"vm_pool":[…]}`
    VmPools,
    vm_pool,
    crate::VmPool
);
collection!(
    /// `{"vm":[…]}`
    Vms,
    vm,
    crate::Vm
);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn empty_collection_is_an_empty_object() {
        assert_eq!(
            serde_json::to_string(&StorageConnections::default()).unwrap(),
            "{}"
        );
        let parsed: StorageConnections = serde_json::from_str("{}").unwrap();
        assert!(parsed.storage_connection.is_empty());
    }
}

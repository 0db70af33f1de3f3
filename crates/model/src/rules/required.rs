//! Fields the REST layer requires before a command runs (`Incomplete parameters`).

use crate::{StorageConnection, StorageType};

/// The fields missing from a connection to add, in the engine's order. `type` comes first and
/// alone: without it the other requirements are unknown.
pub fn missing_for_add(c: &StorageConnection) -> Vec<&'static str> {
    let Some(t) = c.storage_type else {
        return vec!["type"];
    };
    let present = |v: &Option<String>| v.as_deref().is_some_and(|s| !s.trim().is_empty());
    let mut missing = Vec::new();
    match t {
        StorageType::Iscsi => {
            if !present(&c.address) {
                missing.push("address");
            }
            if !present(&c.target) {
                missing.push("target");
            }
            if c.port.is_none() {
                missing.push("port");
            }
        }
        StorageType::Nfs => {
            if !present(&c.address) {
                missing.push("address");
            }
            if !present(&c.path) {
                missing.push("path");
            }
        }
        StorageType::Localfs => {
            if !present(&c.path) {
                missing.push("path");
            }
        }
        StorageType::Posixfs | StorageType::Glusterfs => {
            if !present(&c.path) {
                missing.push("path");
            }
            if !present(&c.vfs_type) {
                missing.push("vfs_type");
            }
        }
        _ => {}
    }
    missing
}

/// The `Incomplete parameters` detail: `StorageConnection [address, path] required for add`.
pub fn incomplete_detail(entity: &str, missing: &[&str], method: &str) -> String {
    format!("{entity} [{}] required for {method}", missing.join(", "))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn per_type_requirements() {
        let mut c = StorageConnection::default();
        assert_eq!(missing_for_add(&c), vec!["type"]);
        c.storage_type = Some(StorageType::Nfs);
        assert_eq!(missing_for_add(&c), vec!["address", "path"]);
        c.storage_type = Some(StorageType::Iscsi);
        assert_eq!(missing_for_add(&c), vec!["address", "target", "port"]);
        c.storage_type = Some(StorageType::Posixfs);
        c.path = Some("/x".into());
        assert_eq!(missing_for_add(&c), vec!["vfs_type"]);
        c.storage_type = Some(StorageType::Localfs);
        assert!(missing_for_add(&c).is_empty());
        assert_eq!(
            incomplete_detail("StorageConnection", &["address", "path"], "add"),
            "StorageConnection [address, path] required for add"
        );
    }
}

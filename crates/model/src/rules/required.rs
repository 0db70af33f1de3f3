//! Fields the REST layer requires before a command runs (`Incomplete parameters`).

use crate::{StorageConnection, StorageType};

/// The fields missing from a connection to add, in the engine's order. `type` comes first and
/// alone: without it the other requirements are unknown.
pub fn missing_for_add(c: &StorageConnection) -> Vec<&'static str> {
    let Some(t) = c.storage_type else {
        return vec!["type"];
    };
    let text = |v: &Option<String>| v.as_deref().is_some_and(|s| !s.trim().is_empty());
    let checks: &[(&'static str, bool)] = match t {
        StorageType::Iscsi => &[
            ("address", text(&c.address)),
            ("target", text(&c.target)),
            ("port", c.port.is_some()),
        ],
        StorageType::Nfs => &[("address", text(&c.address)), ("path", text(&c.path))],
        StorageType::Localfs => &[("path", text(&c.path))],
        StorageType::Posixfs | StorageType::Glusterfs => {
            &[("path", text(&c.path)), ("vfs_type", text(&c.vfs_type))]
        }
        _ => &[],
    };
    checks
        .iter()
        .filter(|(_, present)| !present)
        .map(|(field, _)| *field)
        .collect()
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

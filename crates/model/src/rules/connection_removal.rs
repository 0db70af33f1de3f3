//! Whether a connection may be removed: the real engine's `RemoveStorageServerConnection` rules,
//! decided from what the engine loaded (pure; one test per rule).

use super::messages::{self as m, Message};
use crate::StorageType;

/// A LUN reached through the connection: the domain whose volume group it is part of, or the
/// direct-LUN disk made of it.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct LunUser {
    /// The domain's name, when the LUN is part of its volume group.
    pub domain: Option<String>,
    pub disk: Option<String>,
}

fn push_once(names: &mut Vec<String>, name: &str) {
    if !names.iter().any(|n| n == name) {
        names.push(name.to_string());
    }
}

/// A file connection goes only when no domain uses it; an iSCSI one only when no domain's
/// volume group and no direct-LUN disk uses one of its LUNs (each named once, in order).
pub fn decide(
    storage_type: StorageType,
    file_domains: &[String],
    luns: &[LunUser],
) -> Result<(), Message> {
    if storage_type.is_file() {
        if file_domains.is_empty() {
            return Ok(());
        }
        return Err(m::belongs_to_domains(&file_domains.join(", ")));
    }
    if storage_type != StorageType::Iscsi {
        return Ok(());
    }
    let (mut domains, mut disks) = (Vec::new(), Vec::new());
    for l in luns {
        match (&l.domain, &l.disk) {
            (Some(d), _) => push_once(&mut domains, d),
            (None, Some(k)) => push_once(&mut disks, k),
            (None, None) => {}
        }
    }
    match (domains.is_empty(), disks.is_empty()) {
        (true, true) => Ok(()),
        (false, true) => Err(m::belongs_to_domains(&domains.join(", "))),
        (true, false) => Err(m::belongs_to_disks(&disks.join(", "))),
        (false, false) => Err(m::belongs_to_domains_and_disks(
            &domains.join(", "),
            &disks.join(", "),
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lun(domain: Option<&str>, disk: Option<&str>) -> LunUser {
        LunUser {
            domain: domain.map(Into::into),
            disk: disk.map(Into::into),
        }
    }

    #[test]
    fn an_unused_connection_goes() {
        assert_eq!(decide(StorageType::Nfs, &[], &[]), Ok(()));
        assert_eq!(decide(StorageType::Iscsi, &[], &[lun(None, None)]), Ok(()));
    }

    #[test]
    fn a_file_connection_of_a_domain_stays() {
        let e = decide(StorageType::Nfs, &["data".into()], &[]).unwrap_err();
        assert!(e.text.contains("data"), "{}", e.text);
        assert_eq!(e.key, m::belongs_to_domains("data").key);
    }

    #[test]
    fn iscsi_names_each_domain_and_disk_once() {
        let luns = [
            lun(Some("block"), None),
            lun(Some("block"), None),
            lun(None, Some("db-disk")),
        ];
        let e = decide(StorageType::Iscsi, &[], &luns).unwrap_err();
        assert_eq!(e, m::belongs_to_domains_and_disks("block", "db-disk"));
        let e = decide(StorageType::Iscsi, &[], &luns[2..]).unwrap_err();
        assert_eq!(e, m::belongs_to_disks("db-disk"));
    }
}

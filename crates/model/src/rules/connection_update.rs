//! Who an edit of a connection touches, and whether it may: the real engine's
//! `UpdateStorageServerConnection` rules on the domains and LUN disks using the connection,
//! decided from facts the engine loads (pure; one test per rule).

use super::actions::connection_editable;
use super::connection::{duplicate_field, validate_connection};
use super::messages::{self as m, Message};
use crate::{StorageConnection, StorageDomainStatus, StorageType, VmStatus};

/// A storage domain using the connection, with its status in each data center.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DomainFacts {
    pub id: String,
    pub name: String,
    pub statuses: Vec<StorageDomainStatus>,
}

/// A VM a LUN disk is attached to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VmFacts {
    pub name: String,
    pub status: VmStatus,
    /// Whether the disk is plugged into it (an unplugged disk does not hold the LUN).
    pub active: bool,
}

/// A LUN reached through the connection: the block domain it belongs to, or the VMs of the
/// direct-LUN disk made of it.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct LunFacts {
    pub domain: Option<DomainFacts>,
    pub vms: Vec<VmFacts>,
}

fn list(names: &[String]) -> String {
    names.join(", ")
}

/// The domains an edit of a file connection (NFS, POSIX, local) touches: its one domain, which
/// must be in maintenance or unattached unless `force`.
pub fn file_edit(domains: &[DomainFacts], force: bool) -> Result<Vec<String>, Message> {
    if domains.len() > 1 {
        let names: Vec<String> = domains.iter().map(|d| d.name.clone()).collect();
        return Err(m::belongs_to_domains(&list(&names)));
    }
    match domains.first() {
        None => Ok(Vec::new()),
        Some(d) if force || connection_editable(&d.statuses) => Ok(vec![d.id.clone()]),
        Some(d) => Err(m::domain_must_be_in_maintenance_or_unattached(&d.name)),
    }
}

/// The domains an edit of an iSCSI connection touches: every domain of its LUNs (each in
/// maintenance or unattached unless `force`); no VM whose plugged LUN disk uses it may run.
pub fn block_edit(luns: &[LunFacts], force: bool) -> Result<Vec<String>, Message> {
    let mut affected: Vec<String> = Vec::new();
    let mut bad_vms: Vec<String> = Vec::new();
    let mut bad_domains: Vec<String> = Vec::new();
    for lun in luns {
        for vm in &lun.vms {
            if vm.active && vm.status != VmStatus::Down && !bad_vms.contains(&vm.name) {
                bad_vms.push(vm.name.clone());
            }
        }
        if let Some(d) = &lun.domain {
            if affected.contains(&d.id) || bad_domains.contains(&d.name) {
                continue;
            }
            if force || connection_editable(&d.statuses) {
                affected.push(d.id.clone());
            } else {
                bad_domains.push(d.name.clone());
            }
        }
    }
    match (bad_vms.is_empty(), bad_domains.is_empty()) {
        (true, true) => Ok(affected),
        (false, true) => Err(m::running_vms(&list(&bad_vms))),
        (false, false) => Err(m::running_vms_and_domains(
            &list(&bad_vms),
            &list(&bad_domains),
        )),
        (true, false) => Err(m::domain_must_be_in_maintenance_or_unattached(&list(
            &bad_domains,
        ))),
    }
}

/// Everything an edit of a connection is decided on: the connection as stored, the body merged
/// onto it, an existing connection with the merged details (its id and a domain using it), who
/// uses the connection, and `force`.
#[derive(Debug, Clone)]
pub struct Edit<'a> {
    pub stored: &'a StorageConnection,
    pub merged: &'a StorageConnection,
    pub duplicate: Option<(String, String)>,
    pub file_domains: &'a [DomainFacts],
    pub luns: &'a [LunFacts],
    pub force: bool,
}

/// The edit, decided in the real engine's order: the new type must be one whose connections can
/// be edited (file types and iSCSI) and the stored one; the new details must be valid and not
/// another connection's; then who uses it must allow it. Returns the domains it touches, or
/// the refusal's messages.
pub fn decide(e: &Edit) -> Result<Vec<String>, Vec<Message>> {
    let new_type = e
        .merged
        .storage_type
        .filter(|t| t.is_file() || *t == StorageType::Iscsi)
        .ok_or_else(|| vec![m::unsupported_action_for_storage_type()])?;
    // The engine checks the new details before the type change, so an attempt to turn an NFS
    // connection into iSCSI would be answered "target name must not be empty"; saying that the
    // type cannot change is the answer that helps.
    if Some(new_type) != e.stored.storage_type {
        return Err(vec![m::unsupported_change_storage_type()]);
    }
    validate_connection(e.merged)?;
    if let Some((id, domain)) = &e.duplicate {
        return Err(vec![
            m::connection_already_exists(id, domain).on(duplicate_field(e.merged))
        ]);
    }
    if new_type.is_file() {
        file_edit(e.file_domains, e.force)
    } else {
        block_edit(e.luns, e.force)
    }
    .map_err(|msg| vec![msg])
}

#[cfg(test)]
mod tests {
    use super::super::connection::tests::nfs;
    use super::*;
    use StorageDomainStatus::*;

    fn domain(id: &str, statuses: &[StorageDomainStatus]) -> DomainFacts {
        DomainFacts {
            id: id.into(),
            name: format!("sd-{id}"),
            statuses: statuses.to_vec(),
        }
    }

    fn vm(name: &str, status: VmStatus, active: bool) -> VmFacts {
        VmFacts {
            name: name.into(),
            status,
            active,
        }
    }

    #[test]
    fn an_orphan_connection_touches_nothing() {
        assert_eq!(file_edit(&[], false), Ok(vec![]));
        assert_eq!(block_edit(&[], false), Ok(vec![]));
    }

    #[test]
    fn a_file_domain_in_maintenance_or_unattached_is_edited() {
        assert_eq!(
            file_edit(&[domain("a", &[Maintenance])], false),
            Ok(vec!["a".into()])
        );
        assert_eq!(file_edit(&[domain("a", &[])], false), Ok(vec!["a".into()]));
    }

    #[test]
    fn an_active_file_domain_blocks_the_edit_unless_forced() {
        let e = file_edit(&[domain("a", &[Active])], false).unwrap_err();
        assert_eq!(
            e.key,
            m::domain_must_be_in_maintenance_or_unattached("").key
        );
        assert!(e.text.contains("sd-a"));
        assert_eq!(
            file_edit(&[domain("a", &[Active])], true),
            Ok(vec!["a".into()])
        );
    }

    #[test]
    fn a_file_connection_shared_by_two_domains_is_not_edited() {
        let e = file_edit(&[domain("a", &[Maintenance]), domain("b", &[])], true).unwrap_err();
        assert_eq!(e.key, m::belongs_to_domains("").key);
        assert!(e.text.contains("sd-a, sd-b"), "{}", e.text);
    }

    #[test]
    fn block_domains_each_once_and_each_must_be_editable() {
        let a = LunFacts {
            domain: Some(domain("a", &[Maintenance])),
            vms: vec![],
        };
        assert_eq!(
            block_edit(&[a.clone(), a.clone()], false),
            Ok(vec!["a".into()])
        );
        let b = LunFacts {
            domain: Some(domain("b", &[Active, Maintenance])),
            vms: vec![],
        };
        let e = block_edit(&[a.clone(), b.clone()], false).unwrap_err();
        assert!(
            e.text.contains("sd-b") && !e.text.contains("sd-a"),
            "{}",
            e.text
        );
        assert_eq!(block_edit(&[a, b], true), Ok(vec!["a".into(), "b".into()]));
    }

    #[test]
    fn running_vms_of_plugged_lun_disks_block_even_when_forced() {
        let disk = LunFacts {
            domain: None,
            vms: vec![
                vm("db01", VmStatus::Up, true),
                vm("idle", VmStatus::Up, false),
                vm("off", VmStatus::Down, true),
            ],
        };
        let e = block_edit(std::slice::from_ref(&disk), true).unwrap_err();
        assert_eq!(e.key, m::running_vms("").key);
        assert!(e.text.contains("db01") && !e.text.contains("idle") && !e.text.contains("off"));
        let active = LunFacts {
            domain: Some(domain("c", &[Active])),
            vms: vec![],
        };
        let e = block_edit(&[disk, active], false).unwrap_err();
        assert_eq!(e.key, m::running_vms_and_domains("", "").key);
    }

    fn edit<'a>(stored: &'a StorageConnection, merged: &'a StorageConnection) -> Edit<'a> {
        Edit {
            stored,
            merged,
            duplicate: None,
            file_domains: &[],
            luns: &[],
            force: false,
        }
    }

    fn keys(r: Result<Vec<String>, Vec<Message>>) -> Vec<String> {
        r.expect_err("refused")
            .iter()
            .map(|m| m.key.to_string())
            .collect()
    }

    #[test]
    fn an_orphan_edit_with_valid_new_details_touches_nothing() {
        let (old, new) = (nfs("a", "/x"), nfs("b", "/y"));
        assert_eq!(decide(&edit(&old, &new)), Ok(vec![]));
    }

    #[test]
    fn the_type_never_changes() {
        let old = nfs("a", "/x");
        let mut new = old.clone();
        new.storage_type = Some(StorageType::Posixfs);
        new.vfs_type = Some("ext4".into());
        assert_eq!(
            keys(decide(&edit(&old, &new))),
            ["ACTION_TYPE_FAILED_STORAGE_CONNECTION_UNSUPPORTED_CHANGE_STORAGE_TYPE"]
        );
    }

    #[test]
    fn types_whose_connections_cannot_be_edited_are_refused_first() {
        let mut old = nfs("a", "/x");
        old.storage_type = Some(StorageType::Fcp);
        let new = old.clone();
        assert_eq!(
            keys(decide(&edit(&old, &new))),
            ["ACTION_TYPE_FAILED_STORAGE_CONNECTION_UNSUPPORTED_ACTION_FOR_STORAGE_TYPE"]
        );
    }

    #[test]
    fn invalid_details_are_refused_before_duplicates_and_usage() {
        let old = nfs("a", "/x");
        let new = nfs("a", "no-slash");
        let mut e = edit(&old, &new);
        e.duplicate = Some(("other".into(), "data".into()));
        assert_eq!(keys(decide(&e)), ["VALIDATION_STORAGE_CONNECTION_INVALID"]);
    }

    #[test]
    fn details_of_another_connection_are_a_duplicate_marked_on_their_field() {
        let (old, new) = (nfs("a", "/x"), nfs("b", "/y"));
        let mut e = edit(&old, &new);
        e.duplicate = Some(("other".into(), "data".into()));
        let refused = decide(&e).expect_err("refused");
        assert_eq!(
            refused[0].key,
            "ACTION_TYPE_FAILED_STORAGE_CONNECTION_ALREADY_EXISTS"
        );
        assert_eq!(refused[0].field, Some(duplicate_field(&new)));
    }

    #[test]
    fn usage_decides_last() {
        let (old, new) = (nfs("a", "/x"), nfs("b", "/y"));
        let domains = [domain("d1", &[StorageDomainStatus::Active])];
        let mut e = edit(&old, &new);
        e.file_domains = &domains;
        assert_eq!(
            keys(decide(&e)),
            ["ACTION_TYPE_FAILED_UNSUPPORTED_ACTION_DOMAIN_MUST_BE_IN_MAINTENANCE_OR_UNATTACHED"]
        );
        e.force = true;
        assert_eq!(decide(&e), Ok(vec!["d1".to_string()]));
    }
}

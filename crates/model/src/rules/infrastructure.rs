//! The real engine's rules for taking a site apart (what the Ansible `datacenter_cleanup` role
//! does): removing VMs, putting hosts in maintenance and removing them, removing clusters and data
//! centers. Pure: the engine loads the facts, asks here, and applies what is allowed.

use super::message::{msg, ErrorType, Message};
use crate::{HostStatus, StorageDomainStatus, VmStatus};

/// Every refusal here follows "Cannot {verb} {object}.".
fn refusal(key: &'static str, kind: ErrorType, text: impl Into<String>) -> Message {
    msg(key, kind, true, text)
}

/// A VM is removed only when it is down (clients stop it first).
pub fn remove_vm(status: VmStatus) -> Result<(), Message> {
    if status == VmStatus::Down {
        Ok(())
    } else {
        Err(refusal(
            "ACTION_TYPE_FAILED_VM_IS_RUNNING",
            ErrorType::Conflict,
            "The virtual machine is running; stop it first.",
        ))
    }
}

/// One host of a data center, as the SPM hand-over sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HostFacts {
    pub id: String,
    pub status: HostStatus,
    pub spm: bool,
}

/// What moving a host to maintenance changes: whether it was already there (nothing to do), and
/// which host of its data center becomes the SPM when it was the SPM (none when no other is up).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Deactivation {
    pub already: bool,
    pub new_spm: Option<String>,
}

pub fn deactivate_host(host: &HostFacts, others: &[HostFacts]) -> Result<Deactivation, Message> {
    match host.status {
        HostStatus::Maintenance => Ok(Deactivation {
            already: true,
            new_spm: None,
        }),
        HostStatus::Up
        | HostStatus::Down
        | HostStatus::NonOperational
        | HostStatus::NonResponsive
        | HostStatus::Error
        | HostStatus::InstallFailed => Ok(Deactivation {
            already: false,
            new_spm: host
                .spm
                .then(|| {
                    others
                        .iter()
                        .find(|h| h.id != host.id && h.status == HostStatus::Up)
                })
                .flatten()
                .map(|h| h.id.clone()),
        }),
        _ => Err(refusal(
            "VDS_CANNOT_MAINTENANCE_VDS_IS_NOT_OPERATIONAL",
            ErrorType::Conflict,
            format!(
                "The host is {}; it can go to maintenance once that ends.",
                host.status
            ),
        )),
    }
}

/// A host leaves maintenance (the embedded agent is always reachable): `Ok(false)` when it is
/// up already (nothing to do), refused in any other state.
pub fn activate_host(status: HostStatus) -> Result<bool, Message> {
    match status {
        HostStatus::Up => Ok(false),
        HostStatus::Maintenance => Ok(true),
        other => Err(refusal(
            "VDS_CANNOT_ACTIVATE_VDS_NOT_IN_MAINTENANCE",
            ErrorType::Conflict,
            format!("The host is {other}; only a host in maintenance is activated."),
        )),
    }
}

/// A host that is not in maintenance (or down) cannot be removed.
pub fn remove_host(status: HostStatus) -> Result<(), Message> {
    if matches!(
        status,
        HostStatus::Maintenance | HostStatus::Down | HostStatus::InstallFailed
    ) {
        Ok(())
    } else {
        Err(refusal(
            "VDS_CANNOT_REMOVE_VDS_STATUS_ILLEGAL",
            ErrorType::Conflict,
            "The host must be in maintenance first.",
        ))
    }
}

/// A cluster goes only when it holds no hosts and no VMs.
pub fn remove_cluster(hosts: usize, vms: usize) -> Result<(), Vec<Message>> {
    let mut why = Vec::new();
    if hosts > 0 {
        why.push(refusal(
            "CLUSTER_CANNOT_REMOVE_CLUSTER_HOSTS_DETECTED",
            ErrorType::Conflict,
            format!("The cluster still has {hosts} host(s); remove them first."),
        ));
    }
    if vms > 0 {
        why.push(refusal(
            "CLUSTER_CANNOT_REMOVE_CLUSTER_VMS_DETECTED",
            ErrorType::Conflict,
            format!("The cluster still has {vms} virtual machine(s); remove them first."),
        ));
    }
    if why.is_empty() {
        Ok(())
    } else {
        Err(why)
    }
}

/// A storage domain attached to the data center being removed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AttachedDomain {
    pub name: String,
    pub status: StorageDomainStatus,
    pub master: bool,
}

/// A data center goes when only its master domain is left and it is not active, and no VM runs
/// in it; `force` removes it whatever it holds (its domains are left unattached).
pub fn remove_data_center(
    domains: &[AttachedDomain],
    running_vms: usize,
    force: bool,
) -> Result<(), Vec<Message>> {
    if force {
        return Ok(());
    }
    let mut why = Vec::new();
    let others: Vec<&str> = domains
        .iter()
        .filter(|d| !d.master)
        .map(|d| d.name.as_str())
        .collect();
    if !others.is_empty() {
        why.push(refusal(
            "ERROR_CANNOT_REMOVE_STORAGE_POOL_WITH_NONMASTER_DOMAINS",
            ErrorType::Conflict,
            format!(
                "The data center still has storage domains other than the master: {}. Detach \
                 them first.",
                others.join(", ")
            ),
        ));
    }
    if domains
        .iter()
        .any(|d| d.master && d.status == StorageDomainStatus::Active)
    {
        why.push(refusal(
            "ERROR_CANNOT_REMOVE_POOL_WITH_ACTIVE_DOMAINS",
            ErrorType::Conflict,
            "The master storage domain is active; put it in maintenance first.",
        ));
    }
    if running_vms > 0 {
        why.push(refusal(
            "ERROR_CANNOT_REMOVE_STORAGE_POOL_WITH_VMS",
            ErrorType::Conflict,
            format!("{running_vms} virtual machine(s) run in the data center; stop them first."),
        ));
    }
    if why.is_empty() {
        Ok(())
    } else {
        Err(why)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn host(id: &str, status: HostStatus, spm: bool) -> HostFacts {
        HostFacts {
            id: id.into(),
            status,
            spm,
        }
    }

    #[test]
    fn a_running_vm_is_not_removed() {
        assert!(remove_vm(VmStatus::Down).is_ok());
        assert_eq!(
            remove_vm(VmStatus::Up).unwrap_err().key,
            "ACTION_TYPE_FAILED_VM_IS_RUNNING"
        );
    }

    #[test]
    fn the_spm_hands_over_to_an_up_host_when_it_goes_to_maintenance() {
        let spm = host("a", HostStatus::Up, true);
        let others = [
            spm.clone(),
            host("b", HostStatus::Maintenance, false),
            host("c", HostStatus::Up, false),
        ];
        assert_eq!(
            deactivate_host(&spm, &others).unwrap().new_spm.as_deref(),
            Some("c")
        );
        assert_eq!(
            deactivate_host(&spm, std::slice::from_ref(&spm))
                .unwrap()
                .new_spm,
            None
        );
        let plain = host("c", HostStatus::Up, false);
        assert_eq!(
            deactivate_host(&plain, &others).unwrap(),
            Deactivation {
                already: false,
                new_spm: None
            }
        );
        assert!(
            deactivate_host(&host("m", HostStatus::Maintenance, false), &[])
                .unwrap()
                .already
        );
        assert!(deactivate_host(&host("i", HostStatus::Installing, false), &[]).is_err());
    }

    #[test]
    fn only_a_host_in_maintenance_is_activated() {
        assert_eq!(activate_host(HostStatus::Maintenance), Ok(true));
        assert_eq!(activate_host(HostStatus::Up), Ok(false));
        assert_eq!(
            activate_host(HostStatus::NonResponsive).unwrap_err().key,
            "VDS_CANNOT_ACTIVATE_VDS_NOT_IN_MAINTENANCE"
        );
    }

    #[test]
    fn hosts_leave_from_maintenance_and_clusters_when_empty() {
        assert!(remove_host(HostStatus::Maintenance).is_ok());
        assert_eq!(
            remove_host(HostStatus::Up).unwrap_err().key,
            "VDS_CANNOT_REMOVE_VDS_STATUS_ILLEGAL"
        );
        assert!(remove_cluster(0, 0).is_ok());
        assert_eq!(remove_cluster(1, 2).unwrap_err().len(), 2);
    }

    #[test]
    fn a_data_center_goes_with_only_its_master_in_maintenance() {
        let master = |status| AttachedDomain {
            name: "m".into(),
            status,
            master: true,
        };
        let other = AttachedDomain {
            name: "o".into(),
            status: StorageDomainStatus::Maintenance,
            master: false,
        };
        assert!(remove_data_center(&[master(StorageDomainStatus::Maintenance)], 0, false).is_ok());
        assert!(remove_data_center(&[], 0, false).is_ok());
        let keys = |r: Result<(), Vec<Message>>| {
            r.unwrap_err()
                .into_iter()
                .map(|m| m.key)
                .collect::<Vec<_>>()
        };
        assert_eq!(
            keys(remove_data_center(
                &[master(StorageDomainStatus::Active), other.clone()],
                1,
                false
            )),
            [
                "ERROR_CANNOT_REMOVE_STORAGE_POOL_WITH_NONMASTER_DOMAINS",
                "ERROR_CANNOT_REMOVE_POOL_WITH_ACTIVE_DOMAINS",
                "ERROR_CANNOT_REMOVE_STORAGE_POOL_WITH_VMS"
            ]
        );
        assert!(remove_data_center(&[master(StorageDomainStatus::Active), other], 1, true).is_ok());
    }
}

//! When webadmin's Storage-tab buttons are enabled, and why not (the list model's rules), and
//! which fields of the Manage Domain dialog can be changed in each state.

use crate::{CrossDataCenterStatus, StorageDomainStatus, StorageDomainType, StorageType};

/// What the rules look at about one domain.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DomainState {
    /// Status in its data center (`Unattached` when in none).
    pub status: StorageDomainStatus,
    pub cross: CrossDataCenterStatus,
    pub domain_type: StorageDomainType,
    pub storage_type: StorageType,
}

/// The engine's rule for changing a domain's connection details: in maintenance in every data
/// center it is attached to, or attached to none (unattached).
pub fn connection_editable(per_data_center: &[StorageDomainStatus]) -> bool {
    per_data_center
        .iter()
        .all(|s| *s == StorageDomainStatus::Maintenance)
}

/// Renaming a domain needs its storage reachable: active in at least one data center.
pub fn name_editable(per_data_center: &[StorageDomainStatus]) -> bool {
    matches!(
        CrossDataCenterStatus::of(per_data_center),
        CrossDataCenterStatus::Active | CrossDataCenterStatus::Mixed
    )
}

/// An action is enabled, or disabled with a reason to show.
pub type Enablement = Result<(), &'static str>;

impl DomainState {
    fn is_active(&self) -> bool {
        matches!(
            self.cross,
            CrossDataCenterStatus::Active | CrossDataCenterStatus::Mixed
        )
    }

    fn is_in_maintenance(&self) -> bool {
        matches!(
            self.status,
            StorageDomainStatus::Maintenance | StorageDomainStatus::PreparingForMaintenance
        )
    }

    fn is_unattached(&self) -> bool {
        self.cross == CrossDataCenterStatus::Unattached
            || self.status == StorageDomainStatus::Detaching
    }

    fn is_internal(&self) -> bool {
        matches!(
            self.domain_type,
            StorageDomainType::Data | StorageDomainType::Iso | StorageDomainType::Export
        )
    }

    /// "Manage Domain": active, block, or an internal domain in maintenance or unattached.
    pub fn can_manage(&self) -> Enablement {
        if self.is_active()
            || self.storage_type.is_block()
            || ((self.is_in_maintenance() || self.is_unattached()) && self.is_internal())
        {
            Ok(())
        } else {
            Err("A domain can be managed while it is active, in maintenance or unattached.")
        }
    }

    /// "Remove": only an unattached domain (and never an OpenStack one).
    pub fn can_remove(&self) -> Enablement {
        if matches!(self.storage_type, StorageType::Glance | StorageType::Cinder) {
            return Err("OpenStack domains are removed from their provider.");
        }
        if self.cross == CrossDataCenterStatus::Unattached {
            Ok(())
        } else {
            Err("Detach the domain from its data center before removing it.")
        }
    }

    /// Data Center sub-tab "Attach": an unattached domain (ISO domains attach to several).
    pub fn can_attach(&self) -> Enablement {
        if self.cross == CrossDataCenterStatus::Unattached
            || self.domain_type == StorageDomainType::Iso
        {
            Ok(())
        } else {
            Err("The domain is already attached to a data center.")
        }
    }

    /// "Detach": only from maintenance.
    pub fn can_detach(&self) -> Enablement {
        if self.status == StorageDomainStatus::Maintenance {
            Ok(())
        } else {
            Err("Put the domain in maintenance before detaching it.")
        }
    }

    /// "Activate": from inactive, unknown, maintenance or preparing for maintenance.
    pub fn can_activate(&self) -> Enablement {
        use StorageDomainStatus::*;
        match self.status {
            Inactive | Unknown | Maintenance | PreparingForMaintenance => Ok(()),
            Active => Err("The domain is already active."),
            Unattached => Err("Attach the domain to a data center first."),
            _ => Err("Wait until the current operation on the domain finishes."),
        }
    }

    /// "Maintenance": from active, inactive or activating.
    pub fn can_deactivate(&self) -> Enablement {
        use StorageDomainStatus::*;
        match self.status {
            Active | Inactive | Activating => Ok(()),
            Maintenance => Err("The domain is already in maintenance."),
            Unattached => Err("An unattached domain has no maintenance state."),
            _ => Err("Wait until the current operation on the domain finishes."),
        }
    }

    /// The connection details can change: maintenance or unattached. The same rule as
    /// [`connection_editable`] over the per-data-center statuses this state summarizes (a test
    /// checks they agree).
    pub fn connection_editable(&self) -> bool {
        self.status == StorageDomainStatus::Maintenance
            || self.cross == CrossDataCenterStatus::Unattached
    }

    /// The name can change only while the storage is reachable: [`name_editable`] over the
    /// summarized statuses.
    pub fn name_editable(&self) -> bool {
        self.is_active()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use CrossDataCenterStatus as X;
    use StorageDomainStatus as S;

    fn state(status: S, cross: X, t: StorageType) -> DomainState {
        DomainState {
            status,
            cross,
            domain_type: StorageDomainType::Data,
            storage_type: t,
        }
    }

    #[test]
    fn manage_follows_webadmin() {
        assert!(state(S::Active, X::Active, StorageType::Nfs)
            .can_manage()
            .is_ok());
        assert!(state(S::Maintenance, X::Inactive, StorageType::Nfs)
            .can_manage()
            .is_ok());
        assert!(state(S::Unattached, X::Unattached, StorageType::Nfs)
            .can_manage()
            .is_ok());
        assert!(state(S::Locked, X::Inactive, StorageType::Nfs)
            .can_manage()
            .is_err());
        assert!(state(S::Locked, X::Inactive, StorageType::Iscsi)
            .can_manage()
            .is_ok());
    }

    #[test]
    fn the_action_matrix() {
        let m = state(S::Maintenance, X::Inactive, StorageType::Nfs);
        assert!(m.can_activate().is_ok() && m.can_detach().is_ok());
        assert!(m.can_deactivate().is_err() && m.can_remove().is_err() && m.can_attach().is_err());
        let a = state(S::Active, X::Active, StorageType::Nfs);
        assert!(a.can_deactivate().is_ok());
        assert!(a.can_activate().is_err() && a.can_detach().is_err());
        let u = state(S::Unattached, X::Unattached, StorageType::Nfs);
        assert!(u.can_remove().is_ok() && u.can_attach().is_ok());
        assert!(u.can_activate().is_err());
        let l = state(S::Locked, X::Inactive, StorageType::Nfs);
        assert!(
            l.can_activate().is_err() && l.can_deactivate().is_err() && l.can_detach().is_err()
        );
    }

    #[test]
    fn the_summary_and_the_per_data_center_rules_agree() {
        let all = StorageDomainStatus::ALL;
        let mut cases: Vec<Vec<StorageDomainStatus>> = vec![vec![]];
        for a in all {
            cases.push(vec![*a]);
            for b in all {
                cases.push(vec![*a, *b]);
            }
        }
        for per_dc in cases {
            // The web admin's summary of a row: one status, or Mixed when they differ.
            let status = match per_dc.as_slice() {
                [] => S::Unattached,
                [first, rest @ ..] if rest.iter().all(|s| s == first) => *first,
                _ => S::Mixed,
            };
            let st = DomainState {
                status,
                cross: X::of(&per_dc),
                domain_type: StorageDomainType::Data,
                storage_type: StorageType::Nfs,
            };
            assert_eq!(
                st.connection_editable(),
                connection_editable(&per_dc),
                "{per_dc:?}"
            );
            assert_eq!(st.name_editable(), name_editable(&per_dc), "{per_dc:?}");
        }
    }

    #[test]
    fn editability_by_state() {
        assert!(state(S::Maintenance, X::Inactive, StorageType::Nfs).connection_editable());
        assert!(state(S::Unattached, X::Unattached, StorageType::Nfs).connection_editable());
        assert!(!state(S::Active, X::Active, StorageType::Nfs).connection_editable());
        assert!(state(S::Active, X::Active, StorageType::Nfs).name_editable());
        assert!(!state(S::Maintenance, X::Inactive, StorageType::Nfs).name_editable());
    }
}

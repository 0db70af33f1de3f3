//! Status rules that both halves need.

use crate::StorageDomainStatus;

/// webadmin's "Cross Data Center Status" of a domain (the engine's shared status), derived from
/// its per-data-center statuses the way the engine's `storage_domain_shared_status` view does:
/// no attachment → Unattached; all Active → Active; some Active → Mixed; none Active → Inactive.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CrossDataCenterStatus {
    Unattached,
    Active,
    Mixed,
    Inactive,
}

impl CrossDataCenterStatus {
    pub fn of(per_data_center: &[StorageDomainStatus]) -> Self {
        if per_data_center.is_empty() {
            return CrossDataCenterStatus::Unattached;
        }
        let active = per_data_center
            .iter()
            .filter(|s| **s == StorageDomainStatus::Active)
            .count();
        match active {
            0 => CrossDataCenterStatus::Inactive,
            n if n == per_data_center.len() => CrossDataCenterStatus::Active,
            _ => CrossDataCenterStatus::Mixed,
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            CrossDataCenterStatus::Unattached => "Unattached",
            CrossDataCenterStatus::Active => "Active",
            CrossDataCenterStatus::Mixed => "Mixed",
            CrossDataCenterStatus::Inactive => "Inactive",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use StorageDomainStatus::*;

    #[test]
    fn shared_status_follows_the_engine_view() {
        assert_eq!(
            CrossDataCenterStatus::of(&[]),
            CrossDataCenterStatus::Unattached
        );
        assert_eq!(
            CrossDataCenterStatus::of(&[Active]),
            CrossDataCenterStatus::Active
        );
        assert_eq!(
            CrossDataCenterStatus::of(&[Active, Maintenance]),
            CrossDataCenterStatus::Mixed
        );
        // A domain in maintenance is Inactive across data centers, not Active.
        assert_eq!(
            CrossDataCenterStatus::of(&[Maintenance]),
            CrossDataCenterStatus::Inactive
        );
    }
}

//! Roles and what they allow (MLA). The engine enforces it; the web admin disables what the
//! signed-in user may not do, from the same rule.

use crate::enums::InvalidEnumValue;
use std::fmt;
use std::str::FromStr;

/// The permission groups the engine's commands check (`ActionGroup`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ActionGroup {
    /// Add, edit and remove storage connections and domains (system-wide in the real engine).
    CreateStorageDomain,
    /// Activate, deactivate, attach/detach connections, edit a domain's own fields.
    ManipulateStorageDomain,
    /// Start and stop virtual machines: not a storage permission (only `SuperUser` here).
    ManageVm,
    /// Take a site apart: remove VMs, hosts, clusters and data centers, move hosts in and out
    /// of maintenance (only `SuperUser` here).
    ManageInfrastructure,
}

/// Roles that can be granted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Role {
    SuperUser,
    StorageAdmin,
    ReadOnlyAdmin,
}

impl Role {
    pub const ALL: &'static [Role] = &[Role::SuperUser, Role::StorageAdmin, Role::ReadOnlyAdmin];
    pub const NAMES: &'static [&'static str] = &["SuperUser", "StorageAdmin", "ReadOnlyAdmin"];

    pub fn as_str(self) -> &'static str {
        match self {
            Role::SuperUser => "SuperUser",
            Role::StorageAdmin => "StorageAdmin",
            Role::ReadOnlyAdmin => "ReadOnlyAdmin",
        }
    }

    /// Whether the role includes the group.
    pub fn grants(self, group: ActionGroup) -> bool {
        match self {
            Role::SuperUser => true,
            Role::StorageAdmin => matches!(
                group,
                ActionGroup::CreateStorageDomain | ActionGroup::ManipulateStorageDomain
            ),
            Role::ReadOnlyAdmin => false,
        }
    }
}

impl fmt::Display for Role {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Role {
    type Err = InvalidEnumValue;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Role::ALL
            .iter()
            .copied()
            .find(|r| r.as_str().eq_ignore_ascii_case(s.trim()))
            .ok_or_else(|| InvalidEnumValue {
                value: s.to_string(),
                enum_name: "Role",
                valid: Role::NAMES,
            })
    }
}

/// One grant: a role on the whole system, or on one storage domain.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Grant {
    pub role: Role,
    /// `None`: system-wide.
    pub storage_domain: Option<String>,
}

/// Whether `grants` allow `group`. System-level groups (`CreateStorageDomain`, which is what
/// the engine checks for connection commands) need a system-wide grant; domain manipulation is
/// also allowed by a grant on that domain.
pub fn allows(grants: &[Grant], group: ActionGroup, domain: Option<&str>) -> bool {
    grants.iter().any(|g| {
        g.role.grants(group)
            && match (&g.storage_domain, group) {
                (None, _) => true,
                (Some(d), ActionGroup::ManipulateStorageDomain) => Some(d.as_str()) == domain,
                (
                    Some(_),
                    ActionGroup::CreateStorageDomain
                    | ActionGroup::ManageVm
                    | ActionGroup::ManageInfrastructure,
                ) => false,
            }
    })
}

/// Whether `grants` could allow `group` on some object: the gate a route applies before its
/// command knows which domain is meant (a grant on one domain may manipulate that domain).
pub fn allows_somewhere(grants: &[Grant], group: ActionGroup) -> bool {
    grants.iter().any(|g| {
        g.role.grants(group)
            && (g.storage_domain.is_none() || group == ActionGroup::ManipulateStorageDomain)
    })
}

/// The reason shown on a control the user's roles do not allow.
pub const NOT_ALLOWED: &str = "Your role does not allow this.";

#[cfg(test)]
mod tests {
    use super::*;

    fn g(role: Role, d: Option<&str>) -> Grant {
        Grant {
            role,
            storage_domain: d.map(String::from),
        }
    }

    #[test]
    fn vm_power_is_not_a_storage_permission() {
        let sa = [g(Role::StorageAdmin, None)];
        assert!(!allows(&sa, ActionGroup::ManageVm, None));
        assert!(!allows_somewhere(&sa, ActionGroup::ManageVm));
        assert!(allows(
            &[g(Role::SuperUser, None)],
            ActionGroup::ManageVm,
            None
        ));
        assert!(!allows_somewhere(
            &[g(Role::SuperUser, Some("d1"))],
            ActionGroup::ManageVm
        ));
        let scoped = [g(Role::StorageAdmin, Some("d1"))];
        assert!(allows_somewhere(
            &scoped,
            ActionGroup::ManipulateStorageDomain
        ));
        assert!(!allows_somewhere(&scoped, ActionGroup::CreateStorageDomain));
        assert!(!allows_somewhere(
            &[g(Role::ReadOnlyAdmin, None)],
            ActionGroup::ManipulateStorageDomain
        ));
    }

    #[test]
    fn roles_and_scopes() {
        let admin = [g(Role::SuperUser, None)];
        assert!(allows(&admin, ActionGroup::CreateStorageDomain, None));
        let ro = [g(Role::ReadOnlyAdmin, None)];
        assert!(!allows(
            &ro,
            ActionGroup::ManipulateStorageDomain,
            Some("d1")
        ));
        let scoped = [g(Role::StorageAdmin, Some("d1"))];
        assert!(allows(
            &scoped,
            ActionGroup::ManipulateStorageDomain,
            Some("d1")
        ));
        assert!(!allows(
            &scoped,
            ActionGroup::ManipulateStorageDomain,
            Some("d2")
        ));
        assert!(!allows(
            &scoped,
            ActionGroup::CreateStorageDomain,
            Some("d1")
        ));
        assert_eq!("storageadmin".parse::<Role>().unwrap(), Role::StorageAdmin);
        assert!("root".parse::<Role>().is_err());
    }
}

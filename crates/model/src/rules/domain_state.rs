//! A domain's place in its data center: who becomes master when the master goes to maintenance,
//! and which iSCSI paths may be detached. Pure; the engine loads the facts.

use super::messages::{self as m, Message};

/// What putting a domain in maintenance does to the master role.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MasterHandOver {
    /// The domain is not the master: nothing moves.
    NotMaster,
    /// The role moves to this active data domain.
    To(String),
    /// The master was the last active domain: the data center keeps no active master.
    Last,
}

/// The real engine's rule: the master hands its role to another active data domain (the
/// engine's choice: the first by name); without one it may go only when no other domain of
/// the data center is active (ISO and export domains cannot be master and would be stranded).
pub fn master_hand_over(
    master: bool,
    successor: Option<String>,
    others_active: i64,
) -> Result<MasterHandOver, Message> {
    if !master {
        return Ok(MasterHandOver::NotMaster);
    }
    match successor {
        Some(next) => Ok(MasterHandOver::To(next)),
        None if others_active > 0 => Err(m::master_with_non_data_domains()),
        None => Ok(MasterHandOver::Last),
    }
}

/// A path (connection) may leave an iSCSI domain when it is one of the domain's and not its
/// last (unlike the real engine, which would leave the domain unreachable).
pub fn detach_path(paths: &[String], connection: &str) -> Result<(), Message> {
    if !paths.iter().any(|p| p == connection) {
        return Err(m::connection_for_domain_not_exist());
    }
    if paths.len() == 1 {
        return Err(m::last_connection_of_domain());
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_master_hands_over_to_an_active_data_domain() {
        assert_eq!(
            master_hand_over(false, None, 3),
            Ok(MasterHandOver::NotMaster)
        );
        assert_eq!(
            master_hand_over(true, Some("b".into()), 2),
            Ok(MasterHandOver::To("b".into()))
        );
        assert_eq!(master_hand_over(true, None, 0), Ok(MasterHandOver::Last));
    }

    #[test]
    fn the_master_stays_while_only_iso_or_export_domains_are_active() {
        let e = master_hand_over(true, None, 1).unwrap_err();
        assert_eq!(e.key, m::master_with_non_data_domains().key);
    }

    #[test]
    fn a_path_leaves_a_domain_only_when_it_is_one_and_not_the_last() {
        let paths = ["c1".to_string(), "c2".to_string()];
        assert!(detach_path(&paths, "c1").is_ok());
        assert_eq!(
            detach_path(&paths, "c9").unwrap_err().key,
            m::connection_for_domain_not_exist().key
        );
        assert_eq!(
            detach_path(&paths[..1], "c1").unwrap_err().key,
            m::last_connection_of_domain().key
        );
    }
}

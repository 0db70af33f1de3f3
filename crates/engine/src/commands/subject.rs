//! What a command acted on, named by the command itself once it has loaded it, for the audit
//! event of the request ("admin@internal: Edit Storage Connection nfs1:/exports/a succeeded.").
//! The HTTP layer hands each audited request a fresh one and reads it after the answer, so the
//! audit trail never looks anything up or reads an answer's body to find out.

use std::sync::{Arc, Mutex};

/// A slot the command fills in (cheap to clone: clones share it).
#[derive(Clone, Default, Debug)]
pub struct Subject(Arc<Mutex<Option<Named>>>);

/// The name of what a command acted on, and the storage domain it concerns (events can be
/// listed per domain).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Named {
    pub target: String,
    pub domain: Option<String>,
}

impl Subject {
    /// Names the target; a later call (a more precise name) replaces an earlier one.
    pub fn name(&self, target: impl Into<String>, domain: Option<&str>) {
        let named = Named {
            target: target.into(),
            domain: domain.map(str::to_string),
        };
        if let Ok(mut slot) = self.0.lock() {
            *slot = Some(named);
        }
    }

    /// Names only the domain the command concerns, keeping any target already named.
    pub fn concerns_domain(&self, domain: &str) {
        if let Ok(mut slot) = self.0.lock() {
            match slot.as_mut() {
                Some(n) => n.domain = Some(domain.to_string()),
                None => {
                    *slot = Some(Named {
                        target: String::new(),
                        domain: Some(domain.to_string()),
                    })
                }
            }
        }
    }

    pub fn named(&self) -> Option<Named> {
        self.0.lock().ok().and_then(|s| s.clone())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clones_share_the_slot_and_the_last_name_wins() {
        let s = Subject::default();
        assert_eq!(s.named(), None);
        let c = s.clone();
        c.name("data-nfs", Some("d1"));
        c.name("nfs1:/a on data-nfs", Some("d1"));
        assert_eq!(
            s.named(),
            Some(Named {
                target: "nfs1:/a on data-nfs".into(),
                domain: Some("d1".into())
            })
        );
    }
}

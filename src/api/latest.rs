//! Answers applied in the order of the requests, not of their arrival: each load takes a ticket,
//! and only the newest load's answer is applied. A slow older answer (a refresh that took longer
//! than the next one) is dropped instead of overwriting what the newer one showed.

use leptos::prelude::*;

/// The newest ticket handed out (a per-view counter; `Copy`, so closures share it).
#[derive(Clone, Copy)]
pub struct Latest(StoredValue<u64>);

/// One load's place in line.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Ticket(u64);

impl Default for Latest {
    fn default() -> Self {
        Latest(StoredValue::new(0))
    }
}

impl Latest {
    /// A ticket for a load that starts now (every older one is stale from here on).
    pub fn ticket(&self) -> Ticket {
        self.0.update_value(|n| *n += 1);
        Ticket(self.0.get_value())
    }

    /// Whether no load started after the one holding `t` (its answer may be applied).
    pub fn is_newest(&self, t: Ticket) -> bool {
        self.0.get_value() == t.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_newest_ticket_is_applied() {
        let owner = Owner::new();
        owner.with(|| {
            let latest = Latest::default();
            let first = latest.ticket();
            assert!(latest.is_newest(first));
            let second = latest.ticket();
            // The first answer arriving after the second request started is stale.
            assert!(!latest.is_newest(first));
            assert!(latest.is_newest(second));
        });
    }
}

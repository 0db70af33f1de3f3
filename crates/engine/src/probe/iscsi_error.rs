//! Why an iSCSI exchange failed, typed: callers decide on the variant (CHAP required, wrong
//! credentials…), never on the words. `Display` is what the user reads.

/// RFC 7143 login status classes and the details this initiator names.
pub mod status {
    /// The initiator's fault (class 2).
    pub const INITIATOR_ERROR: u8 = 2;
    /// The target's fault (class 3).
    pub const TARGET_ERROR: u8 = 3;
    /// The login is to go elsewhere (class 1).
    pub const REDIRECTION: u8 = 1;
    pub const AUTHENTICATION_FAILURE: u8 = 1;
    pub const AUTHORIZATION_FAILURE: u8 = 2;
    pub const NOT_FOUND: u8 = 3;
    pub const TARGET_REMOVED: u8 = 4;
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum IscsiError {
    /// Reaching the portal failed (the TCP step says why).
    #[error("{0}")]
    Unreachable(String),
    #[error("the target stopped answering (timeout)")]
    Timeout,
    #[error("the connection broke: {0}")]
    Broken(String),
    #[error("the target closed the connection: {0}")]
    Closed(String),
    #[error("unexpected answer to a login (opcode {0:#x})")]
    UnexpectedLoginAnswer(u8),
    #[error("unexpected answer to discovery (opcode {0:#x})")]
    UnexpectedDiscoveryAnswer(u8),
    /// The target refused the login with this status.
    #[error("{}", rejection(*class, *detail))]
    Rejected { class: u8, detail: u8 },
    #[error("the target requires CHAP credentials")]
    ChapRequired,
    #[error("the target sent no CHAP identifier")]
    NoChapIdentifier,
    #[error("the target sent no CHAP challenge")]
    NoChapChallenge,
    #[error("the target sent a malformed CHAP challenge")]
    MalformedChapChallenge,
    #[error("the target offered no usable authentication ({0})")]
    NoUsableAuthentication(String),
    #[error("the target did not finish the login")]
    LoginUnfinished,
}

impl IscsiError {
    /// The target refused the credentials (or, without any, wanted some).
    pub fn is_authentication_failure(&self) -> bool {
        matches!(
            self,
            IscsiError::Rejected {
                class: status::INITIATOR_ERROR,
                detail: status::AUTHENTICATION_FAILURE
            }
        )
    }
}

fn rejection(class: u8, detail: u8) -> String {
    use status::*;
    match (class, detail) {
        (INITIATOR_ERROR, AUTHENTICATION_FAILURE) => {
            "authentication failed: wrong CHAP user name or secret".into()
        }
        (INITIATOR_ERROR, AUTHORIZATION_FAILURE) => {
            "the initiator is not allowed to log in to this target".into()
        }
        (INITIATOR_ERROR, NOT_FOUND) => "the target does not exist on this portal".into(),
        (INITIATOR_ERROR, TARGET_REMOVED) => "the target has been removed".into(),
        (REDIRECTION, _) => "the target redirected the login elsewhere".into(),
        (TARGET_ERROR, _) => format!("the target failed the login (target error {detail:#x})"),
        _ => format!("the login was refused (status {class:#x}/{detail:#x})"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_words_stay_and_the_decision_is_on_the_variant() {
        let auth = IscsiError::Rejected {
            class: 2,
            detail: 1,
        };
        assert!(auth.is_authentication_failure());
        assert_eq!(
            auth.to_string(),
            "authentication failed: wrong CHAP user name or secret"
        );
        let missing = IscsiError::Rejected {
            class: 2,
            detail: 3,
        };
        assert!(!missing.is_authentication_failure());
        assert_eq!(
            missing.to_string(),
            "the target does not exist on this portal"
        );
        assert_eq!(
            IscsiError::ChapRequired.to_string(),
            "the target requires CHAP credentials"
        );
        assert_eq!(
            IscsiError::Rejected {
                class: 3,
                detail: 1
            }
            .to_string(),
            "the target failed the login (target error 0x1)"
        );
    }
}

//! Storage domain field rules (webadmin's and the engine's), shared by the dialog and the engine.

use super::messages::{self as m, Message};

/// Longest domain name the engine accepts by default.
pub const NAME_MAX: usize = 50;

/// `^[A-Za-z0-9_-]{1,50}$`
pub fn validate_name(name: &str) -> Result<(), Message> {
    let ok = (1..=NAME_MAX).contains(&name.len())
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
    if ok {
        Ok(())
    } else {
        Err(m::storage_domain_name_invalid())
    }
}

/// "Warning Low Space Indicator (%)": 0..100.
pub fn validate_warning_low_space(v: i32) -> Result<(), Message> {
    if (0..=100).contains(&v) {
        Ok(())
    } else {
        Err(m::threshold_out_of_range(
            "warning_low_space_indicator",
            100,
        ))
    }
}

/// "Critical Space Action Blocker (GB)": 0..the domain's size in GiB (any size when unknown).
pub fn validate_critical_space(v: i32, total_gib: Option<i64>) -> Result<(), Message> {
    let max = total_gib.unwrap_or(i64::from(i32::MAX));
    if v >= 0 && i64::from(v) <= max {
        Ok(())
    } else {
        Err(m::threshold_out_of_range(
            "critical_space_action_blocker",
            max,
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names() {
        assert!(validate_name("data-nfs_2").is_ok());
        assert!(validate_name("").is_err());
        assert!(validate_name("has space").is_err());
        assert!(validate_name("<script>").is_err());
        assert!(validate_name(&"a".repeat(51)).is_err());
    }

    #[test]
    fn thresholds() {
        assert!(validate_warning_low_space(100).is_ok());
        assert!(validate_warning_low_space(101).is_err());
        assert!(validate_critical_space(5, Some(10)).is_ok());
        assert!(validate_critical_space(11, Some(10)).is_err());
        assert!(validate_critical_space(-1, None).is_err());
    }
}

//! Shape checks for mount paths: the engine's NFS `host:/path` rule and webadmin's local path rule.

use std::net::Ipv6Addr;

/// Whether `s` is a valid NFS mount point `host:/path`, as the engine's `NfsMountPointConstraint`
/// decides: the host is an IPv4 address, a bracketed IPv6 address or a host name; the path may be
/// empty; its last component must be non-empty, must not start with `.`, and must not hold
/// `\ | ^`; the whole string is ASCII without whitespace.
pub fn is_valid_nfs_mount_point(s: &str) -> bool {
    if s.is_empty() || !s.is_ascii() || s.chars().any(|c| c.is_ascii_whitespace()) {
        return false;
    }
    let (host, path) = if let Some(rest) = s.strip_prefix('[') {
        let Some((v6, path)) = rest.split_once("]:/") else {
            return false;
        };
        if v6.parse::<Ipv6Addr>().is_err() {
            return false;
        }
        (None, path)
    } else {
        let Some((host, path)) = s.split_once(":/") else {
            return false;
        };
        (Some(host), path)
    };
    if let Some(host) = host {
        if !is_ipv4(host) && !is_host_name(host, s.len()) {
            return false;
        }
    }
    is_valid_path_tail(path)
}

// The engine's pattern: four dotted octets of 1-3 digits, each at most 255 (`010` included).
fn is_ipv4(host: &str) -> bool {
    let octets: Vec<&str> = host.split('.').collect();
    octets.len() == 4
        && octets.iter().all(|o| {
            (1..=3).contains(&o.len())
                && o.bytes().all(|b| b.is_ascii_digit())
                && o.parse::<u16>().is_ok_and(|n| n <= 255)
        })
}

fn is_label(l: &str) -> bool {
    (1..=63).contains(&l.len())
        && l.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
        && !l.starts_with('-')
        && !l.ends_with('-')
}

fn is_host_name(host: &str, whole_len: usize) -> bool {
    let labels: Vec<&str> = host.split('.').collect();
    match labels.as_slice() {
        [single] => is_label(single),
        [init @ .., last] => {
            // The engine's length look-ahead covers the whole string in the FQDN case.
            whole_len <= 254
                && init.iter().all(|l| is_label(l))
                && (2..=63).contains(&last.len())
                && last.bytes().all(|b| b.is_ascii_alphanumeric())
        }
        [] => false,
    }
}

/// The part after `:/`: empty, or any prefix ending in `/`, then a last component that is
/// non-empty, does not start with `.`, holds none of `/ \ | ^`, and may be followed by one `/`.
fn is_valid_path_tail(path: &str) -> bool {
    if path.is_empty() {
        return true;
    }
    let trimmed = path.strip_suffix('/').unwrap_or(path);
    let last = trimmed.rsplit('/').next().unwrap_or("");
    !last.is_empty() && !last.starts_with('.') && !last.contains(['\\', '|', '^'])
}

/// webadmin's local path rule: absolute, with a last component that is non-empty and does not
/// start with `.`; `/` alone is refused.
pub fn is_valid_local_path(path: &str) -> bool {
    if !path.starts_with('/') || path.chars().any(|c| c.is_whitespace()) {
        return false;
    }
    let trimmed = path.strip_suffix('/').unwrap_or(path);
    let last = trimmed.rsplit('/').next().unwrap_or("");
    !last.is_empty() && !last.starts_with('.')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn engine_test_vectors_that_are_valid() {
        for s in [
            "192.168.0.1:/tmp/x",
            "192.168.0.1:/tmp/x/",
            "192.168.0.1:/",
            "[1:2:3:4:5:6:7:8]:/tmp/x",
            "[1::2]:/tmp/x",
            "foo.example.com:/tmp/x",
            "s:/tmp/x",
            "0s:/tmp/x",
            "s.foobar:/tmp/x",
            "f0o.example.f4:/tmp/x",
            "nfs1.example.com:/exports/data",
        ] {
            assert!(is_valid_nfs_mount_point(s), "{s} should be valid");
        }
    }

    #[test]
    fn engine_test_vectors_that_are_invalid() {
        for s in [
            "",
            "/tmp/x",
            ":/tmp/x",
            ".:/tmp/x",
            ".example.com:/tmp/x",
            "-example.com:/tmp/x",
            "192.168.0.1:/tmp/ x",
            " 192.168.0.1:/tmp/x",
            "192.168.0.1:/tmp/x ",
            "host:/a/.hidden",
            "host:/a//",
            "host:relative",
            "[1::zz]:/tmp/x",
            "hôst:/tmp/x",
            "host:/a|b",
        ] {
            assert!(!is_valid_nfs_mount_point(s), "{s:?} should be invalid");
        }
    }

    #[test]
    fn fqdn_length_counts_the_whole_string() {
        let long = format!("{}.example.com:/{}", "a".repeat(60), "p".repeat(190));
        assert!(!is_valid_nfs_mount_point(&long));
    }

    #[test]
    fn local_paths() {
        assert!(is_valid_local_path("/var/lib/ovirt/scratch"));
        assert!(is_valid_local_path("/data/"));
        assert!(!is_valid_local_path("/"));
        assert!(!is_valid_local_path("data"));
        assert!(!is_valid_local_path("/data/.hidden"));
    }
}

//! The central storage-connection validator (the seed's "StorageConnectionValidator"), used by
//! add and update in the engine and by every connection form in the web admin.

use super::limits::max_length;
use super::messages::{self as m, Message};
use super::mount_point::{is_valid_local_path, is_valid_nfs_mount_point};
use crate::{StorageConnection, StorageType};

/// NFS timeout range, in deciseconds.
pub const NFS_TIMEO_RANGE: std::ops::RangeInclusive<i32> = 1..=6000;
/// NFS retransmissions range.
pub const NFS_RETRANS_RANGE: std::ops::RangeInclusive<i32> = 0..=32767;
/// TCP port range for iSCSI portals. The engine itself only asks for > 0; a port above 65535
/// cannot be connected to, so it is refused here rather than failing later on a host.
pub const PORT_RANGE: std::ops::RangeInclusive<i32> = 1..=65535;

/// Mount options the engine sets itself for NFS; users may not repeat them.
pub const NFS_MANAGED_OPTIONS: &[&str] = &[
    "timeo",
    "retrans",
    "vfs_type",
    "protocol_version",
    "nfsvers",
    "vers",
    "minorversion",
    "addr",
    "clientaddr",
];
/// Mount options the engine sets itself for POSIX file systems.
pub const POSIX_MANAGED_OPTIONS: &[&str] = &["vfs_type", "addr", "clientaddr"];

fn blank(v: &Option<String>) -> bool {
    v.as_deref().is_none_or(|s| s.trim().is_empty())
}

/// Checks the complete details of a connection (after an update's merge), in the engine's order:
/// the field ranges first (all of them), then the first failing connection rule.
pub fn validate_connection(c: &StorageConnection) -> Result<(), Vec<Message>> {
    let text = [
        ("address", &c.address),
        ("path", &c.path),
        ("target", &c.target),
        ("portal", &c.portal),
        ("mount_options", &c.mount_options),
        ("vfs_type", &c.vfs_type),
        ("username", &c.username),
    ];
    let unreadable: Vec<Message> = text
        .iter()
        .filter_map(|(f, v)| super::text::check(f, v.as_deref()?))
        .collect();
    if !unreadable.is_empty() {
        return Err(unreadable);
    }
    let mut range = too_long(c);
    if c.nfs_timeo.is_some_and(|v| !NFS_TIMEO_RANGE.contains(&v)) {
        range.push(m::nfs_timeo());
    }
    if c.nfs_retrans
        .is_some_and(|v| !NFS_RETRANS_RANGE.contains(&v))
    {
        range.push(m::nfs_retrans());
    }
    if !range.is_empty() {
        return Err(range);
    }
    connection_rule(c).map_err(|msg| vec![msg])
}

/// The fields longer than the engine stores. File connections are stored as one string (the
/// server address and path, `address:path`), so that is what counts, on the path.
fn too_long(c: &StorageConnection) -> Vec<Message> {
    let chars = |v: &Option<String>| v.as_deref().map_or(0, |s| s.chars().count());
    let connection = match c.storage_type {
        Some(StorageType::Iscsi) => ("address", chars(&c.address)),
        Some(StorageType::Localfs) => ("path", chars(&c.path)),
        _ if c.address.as_deref().is_some_and(|a| !a.is_empty()) => {
            ("path", chars(&c.address) + 1 + chars(&c.path))
        }
        _ => ("path", chars(&c.path)),
    };
    let lengths = [
        connection,
        ("target", chars(&c.target)),
        ("portal", chars(&c.portal)),
        ("mount_options", chars(&c.mount_options)),
        ("vfs_type", chars(&c.vfs_type)),
    ];
    lengths
        .into_iter()
        .filter_map(|(field, n)| {
            let max = max_length(field)?;
            (n > max).then(|| m::too_long(field, max))
        })
        .collect()
}

/// The field a duplicate is about: an iSCSI connection is the same as another by its target, a
/// file connection by its path.
pub fn duplicate_field(c: &StorageConnection) -> &'static str {
    if c.storage_type == Some(StorageType::Iscsi) {
        "target"
    } else {
        "path"
    }
}

fn connection_rule(c: &StorageConnection) -> Result<(), Message> {
    let Some(t) = c.storage_type else {
        return Err(m::empty_connection_field("type"));
    };
    if t == StorageType::Nfs {
        let joined = format!(
            "{}:{}",
            c.address.as_deref().unwrap_or(""),
            c.path.as_deref().unwrap_or("")
        );
        if !is_valid_nfs_mount_point(&joined) {
            return Err(m::invalid_mount_point());
        }
    }
    if t == StorageType::Posixfs && blank(&c.vfs_type) {
        return Err(m::empty_vfs_type());
    }
    if let Some(options) = c.mount_options.as_deref().filter(|o| !o.trim().is_empty()) {
        let managed = match t {
            StorageType::Nfs => NFS_MANAGED_OPTIONS,
            StorageType::Posixfs => POSIX_MANAGED_OPTIONS,
            _ => &[],
        };
        let hits = managed_keys(options, managed);
        if !hits.is_empty() {
            return Err(m::managed_mount_options(&hits.join(", ")));
        }
    }
    if t == StorageType::Iscsi {
        if blank(&c.target) {
            return Err(m::empty_iqn());
        }
        if !c.port.is_some_and(|p| PORT_RANGE.contains(&p)) {
            return Err(m::invalid_port());
        }
    }
    let field = match t {
        StorageType::Iscsi => ("address", &c.address),
        t if t.is_file() => ("path", &c.path),
        _ => ("connection", &c.address),
    };
    if blank(field.1) {
        return Err(m::empty_connection_field(field.0));
    }
    if t == StorageType::Localfs && !c.path.as_deref().is_some_and(is_valid_local_path) {
        return Err(m::invalid_local_path());
    }
    Ok(())
}

/// The keys of `options` (comma-separated `key[=value]`, optionally wrapped in `{}`) that are
/// in `managed`, compared without regard to case, in the order given.
pub fn managed_keys(options: &str, managed: &[&str]) -> Vec<String> {
    let inner = options.trim();
    let inner = inner
        .strip_prefix('{')
        .and_then(|s| s.strip_suffix('}'))
        .unwrap_or(inner);
    let mut hits: Vec<String> = Vec::new();
    for part in inner.split(',') {
        let key = part
            .split('=')
            .next()
            .unwrap_or("")
            .trim()
            .to_ascii_lowercase();
        if managed.contains(&key.as_str()) && !hits.contains(&key) {
            hits.push(key);
        }
    }
    hits
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    #[test]
    fn values_longer_than_the_engine_stores_are_refused_on_their_field() {
        let ok = nfs("nfs.example.com", &format!("/{}", "p".repeat(233)));
        assert_eq!(validate_connection(&ok), Ok(()), "250 characters in all");
        let long = nfs("nfs.example.com", &format!("/{}", "p".repeat(234)));
        let msgs = validate_connection(&long).unwrap_err();
        assert_eq!(msgs[0].key, "VALIDATION_STORAGE_CONNECTION_FIELD_TOO_LONG");
        assert_eq!(msgs[0].field, Some("path"));
        assert!(msgs[0].text.contains("250"), "{}", msgs[0].text);
        let iscsi = |n: usize| StorageConnection {
            storage_type: Some(StorageType::Iscsi),
            address: Some("192.0.2.1".into()),
            port: Some(3260),
            target: Some(format!("iqn.2026-01.com.example:{}", "é".repeat(n))),
            ..Default::default()
        };
        // 128 characters (232 bytes) fit: lengths are counted in characters, as the engine does.
        assert_eq!(validate_connection(&iscsi(104)), Ok(()));
        let msgs = validate_connection(&iscsi(105)).unwrap_err();
        assert_eq!(msgs[0].field, Some("target"));
        let mut posix = nfs("srv", "/x");
        posix.storage_type = Some(StorageType::Posixfs);
        posix.vfs_type = Some("v".repeat(129));
        posix.mount_options = Some("o".repeat(501));
        let fields: Vec<_> = validate_connection(&posix)
            .unwrap_err()
            .iter()
            .map(|m| m.field)
            .collect();
        assert_eq!(fields, [Some("mount_options"), Some("vfs_type")]);
    }

    /// An NFS connection to `address:path` (also for the other rules' tests).
    pub(crate) fn nfs(address: &str, path: &str) -> StorageConnection {
        StorageConnection {
            storage_type: Some(StorageType::Nfs),
            address: Some(address.into()),
            path: Some(path.into()),
            ..Default::default()
        }
    }

    fn keys(r: Result<(), Vec<Message>>) -> Vec<&'static str> {
        r.err().unwrap_or_default().iter().map(|m| m.key).collect()
    }

    #[test]
    fn nfs_rules_in_order() {
        assert!(validate_connection(&nfs("nfs1.example.com", "/exports/data")).is_ok());
        assert_eq!(
            keys(validate_connection(&nfs("bad host", "/x"))),
            vec!["VALIDATION_STORAGE_CONNECTION_INVALID"]
        );
        let mut c = nfs("h", "/x");
        c.nfs_timeo = Some(0);
        c.nfs_retrans = Some(40000);
        assert_eq!(
            keys(validate_connection(&c)),
            vec![
                "VALIDATION_STORAGE_CONNECTION_NFS_TIMEO",
                "VALIDATION_STORAGE_CONNECTION_NFS_RETRANS"
            ]
        );
        let mut c = nfs("h", "/x");
        c.nfs_timeo = Some(6000);
        c.nfs_retrans = Some(0);
        c.mount_options = Some("soft,nointr".into());
        assert!(validate_connection(&c).is_ok());
    }

    #[test]
    fn managed_mount_options_are_named() {
        let mut c = nfs("h", "/x");
        c.mount_options = Some("soft,Timeo=5,vers=4,timeo=7".into());
        let err = validate_connection(&c).unwrap_err();
        assert_eq!(
            err[0].key,
            "VALIDATION_STORAGE_CONNECTION_MOUNT_OPTIONS_CONTAINS_MANAGED_PROPERTY"
        );
        assert!(err[0].text.contains("timeo, vers"), "{}", err[0].text);
        assert_eq!(err[0].field, Some("mount_options"));

        let posix = StorageConnection {
            storage_type: Some(StorageType::Posixfs),
            path: Some("/p".into()),
            vfs_type: Some("ceph".into()),
            mount_options: Some("{timeo=5,addr=1.2.3.4}".into()),
            ..Default::default()
        };
        let err = validate_connection(&posix).unwrap_err();
        assert!(err[0].text.contains("addr") && !err[0].text.contains("timeo"));
    }

    #[test]
    fn posix_needs_a_vfs_type() {
        let c = StorageConnection {
            storage_type: Some(StorageType::Posixfs),
            path: Some("/p".into()),
            vfs_type: Some("  ".into()),
            ..Default::default()
        };
        assert_eq!(
            keys(validate_connection(&c)),
            vec!["VALIDATION_STORAGE_CONNECTION_EMPTY_VFSTYPE"]
        );
    }

    #[test]
    fn iscsi_target_then_port_then_address() {
        let mut c = StorageConnection {
            storage_type: Some(StorageType::Iscsi),
            address: Some("10.0.0.5".into()),
            port: Some(3260),
            target: Some("iqn.2026-01.com.example:t".into()),
            ..Default::default()
        };
        assert!(validate_connection(&c).is_ok());
        c.port = Some(0);
        c.target = None;
        assert_eq!(
            keys(validate_connection(&c)),
            vec!["VALIDATION_STORAGE_CONNECTION_EMPTY_IQN"]
        );
        c.target = Some("iqn.x".into());
        assert_eq!(
            keys(validate_connection(&c)),
            vec!["VALIDATION_STORAGE_CONNECTION_INVALID_PORT"]
        );
        c.port = Some(70000);
        assert_eq!(
            keys(validate_connection(&c)),
            vec!["VALIDATION_STORAGE_CONNECTION_INVALID_PORT"]
        );
        c.port = Some(3260);
        c.address = Some(String::new());
        let err = validate_connection(&c).unwrap_err();
        assert_eq!(err[0].key, "VALIDATION_STORAGE_CONNECTION_EMPTY_CONNECTION");
        assert_eq!(err[0].field, Some("address"));
    }

    #[test]
    fn local_paths_must_be_absolute() {
        let mut c = StorageConnection {
            storage_type: Some(StorageType::Localfs),
            path: Some("/var/lib/x".into()),
            ..Default::default()
        };
        assert!(validate_connection(&c).is_ok());
        c.path = Some("relative/dir".into());
        assert_eq!(validate_connection(&c).unwrap_err()[0].field, Some("path"));
        c.path = None;
        assert_eq!(
            keys(validate_connection(&c)),
            vec!["VALIDATION_STORAGE_CONNECTION_EMPTY_CONNECTION"]
        );
    }
}

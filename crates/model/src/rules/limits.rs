//! How long stored values may be: the real engine's column sizes.

/// The longest values stored, in characters: the real engine's column sizes
/// (`storage_server_connections`: `connection` varchar 250, `iqn` 128, `portal` 50,
/// `mount_options` 500, `vfs_type` 128; `luns.lun_id` 255). Longer ones are refused here, on either
/// database (PostgreSQL cannot even index a long enough value).
pub const MAX_LENGTHS: &[(&str, usize)] = &[
    ("path", 250),
    ("address", 250),
    ("target", 128),
    ("portal", 50),
    ("mount_options", 500),
    ("vfs_type", 128),
];
/// The longest LUN id (`luns.lun_id`).
pub const MAX_LUN_ID: usize = 255;

/// The longest value `field` may hold (see `MAX_LENGTHS`).
pub fn max_length(field: &str) -> Option<usize> {
    MAX_LENGTHS
        .iter()
        .find(|(f, _)| *f == field)
        .map(|(_, n)| *n)
}

//! The engine's message catalogue: each refusal's key, its error type (which decides the HTTP
//! status), the field it is about, and its English text (our own words for the engine's texts).

use super::message::msg;
pub use super::message::{ErrorType, Message, Verb};

use ErrorType::*;

pub fn connection_id_not_empty() -> Message {
    msg(
        "ACTION_TYPE_FAILED_STORAGE_CONNECTION_ID_NOT_EMPTY",
        BadParameters,
        true,
        "A new connection must not carry an id; the engine assigns one.",
    )
    .on("id")
}

pub fn connection_id_empty() -> Message {
    msg(
        "ACTION_TYPE_FAILED_STORAGE_CONNECTION_ID_EMPTY",
        BadParameters,
        true,
        "The storage connection id is missing.",
    )
}

pub fn connection_not_exist() -> Message {
    msg(
        "ACTION_TYPE_FAILED_STORAGE_CONNECTION_NOT_EXIST",
        BadParameters,
        true,
        "The storage connection does not exist.",
    )
}

pub fn connection_already_exists(connection_id: &str, domain_name: &str) -> Message {
    let used_by = if domain_name.is_empty() {
        String::new()
    } else {
        format!(" (used by storage domain {domain_name})")
    };
    msg(
        "ACTION_TYPE_FAILED_STORAGE_CONNECTION_ALREADY_EXISTS",
        Conflict,
        true,
        format!(
            "A storage connection with the same details already exists: {connection_id}{used_by}."
        ),
    )
}

pub fn connection_for_domain_already_exists() -> Message {
    msg(
        "ACTION_TYPE_FAILED_STORAGE_CONNECTION_FOR_DOMAIN_ALREADY_EXISTS",
        Conflict,
        true,
        "The connection is already attached to this storage domain.",
    )
}

pub fn connection_for_domain_not_exist() -> Message {
    msg(
        "ACTION_TYPE_FAILED_STORAGE_CONNECTION_FOR_DOMAIN_NOT_EXIST",
        BadParameters,
        true,
        "The connection is not attached to this storage domain.",
    )
}

pub fn unsupported_action_for_storage_type() -> Message {
    msg(
        "ACTION_TYPE_FAILED_STORAGE_CONNECTION_UNSUPPORTED_ACTION_FOR_STORAGE_TYPE",
        NotSupported,
        true,
        "Connection details can be edited only for NFS, POSIX, local and iSCSI storage.",
    )
    .on("type")
}

pub fn unsupported_change_storage_type() -> Message {
    msg(
        "ACTION_TYPE_FAILED_STORAGE_CONNECTION_UNSUPPORTED_CHANGE_STORAGE_TYPE",
        NotSupported,
        true,
        "The storage type of a connection cannot be changed.",
    )
    .on("type")
}

pub fn domain_must_be_in_maintenance_or_unattached(domain_names: &str) -> Message {
    msg(
        "ACTION_TYPE_FAILED_UNSUPPORTED_ACTION_DOMAIN_MUST_BE_IN_MAINTENANCE_OR_UNATTACHED",
        NotSupported,
        true,
        format!("The storage domains {domain_names} must be in maintenance or unattached first."),
    )
}

pub fn running_vms(vm_names: &str) -> Message {
    msg(
        "ACTION_TYPE_FAILED_STORAGE_CONNECTION_UNSUPPORTED_ACTION_FOR_RUNNING_VMS",
        NotSupported,
        true,
        format!(
            "The virtual machines {vm_names} use disks on this connection and must be down first."
        ),
    )
}

pub fn running_vms_and_domains(vm_names: &str, domain_names: &str) -> Message {
    msg(
        "ACTION_TYPE_FAILED_STORAGE_CONNECTION_UNSUPPORTED_ACTION_FOR_RUNNING_VMS_AND_DOMAINS_STATUS",
        NotSupported,
        true,
        format!(
            "The storage domains {domain_names} must be in maintenance or unattached, and the \
             virtual machines {vm_names} must be down first."
        ),
    )
}

pub fn not_same_storage_type() -> Message {
    msg(
        "ACTION_TYPE_FAILED_STORAGE_CONNECTION_UNSUPPORTED_ACTION_NOT_SAME_STORAGE_TYPE",
        NotSupported,
        true,
        "The connection's storage type differs from the storage domain's.",
    )
}

pub fn belongs_to_domains(domain_names: &str) -> Message {
    msg(
        "ACTION_TYPE_FAILED_STORAGE_CONNECTION_BELONGS_TO_SEVERAL_STORAGE_DOMAINS",
        Conflict,
        true,
        format!("The connection is used by the storage domains: {domain_names}."),
    )
}

pub fn belongs_to_disks(disk_names: &str) -> Message {
    msg(
        "ACTION_TYPE_FAILED_STORAGE_CONNECTION_BELONGS_TO_SEVERAL_DISKS",
        Conflict,
        true,
        format!("The connection is used by the disks: {disk_names}."),
    )
}

pub fn belongs_to_domains_and_disks(domain_names: &str, disk_names: &str) -> Message {
    msg(
        "ACTION_TYPE_FAILED_STORAGE_CONNECTION_BELONGS_TO_SEVERAL_STORAGE_DOMAINS_AND_DISKS",
        Conflict,
        true,
        format!(
            "The connection is used by the storage domains: {domain_names} and by the disks: {disk_names}."
        ),
    )
}

pub fn only_iscsi_domains() -> Message {
    msg(
        "ACTION_TYPE_FAILED_ACTION_IS_SUPPORTED_ONLY_FOR_ISCSI_DOMAINS",
        NotSupported,
        true,
        "This is possible only for iSCSI storage domains.",
    )
}

pub fn domain_not_exist() -> Message {
    msg(
        "ACTION_TYPE_FAILED_STORAGE_DOMAIN_NOT_EXIST",
        BadParameters,
        true,
        "The storage domain does not exist.",
    )
}

pub fn object_locked() -> Message {
    msg(
        "ACTION_TYPE_FAILED_OBJECT_LOCKED",
        Conflict,
        true,
        "A related operation is already in progress. Try again in a moment.",
    )
}

pub fn invalid_host_id() -> Message {
    msg(
        "VDS_INVALID_SERVER_ID",
        BadParameters,
        true,
        "The host does not exist.",
    )
    .on("host")
}

pub fn host_must_be_up() -> Message {
    msg(
        "VDS_ADD_STORAGE_SERVER_STATUS_MUST_BE_UP",
        Conflict,
        false,
        "The host must be Up to connect to storage.",
    )
    .on("host")
}

pub fn invalid_mount_point() -> Message {
    msg(
        "VALIDATION_STORAGE_CONNECTION_INVALID",
        BadParameters,
        false,
        "The mount path is not valid. Use the form IP:/path or FQDN:/path.",
    )
    .on("path")
}

pub fn invalid_port() -> Message {
    msg(
        "VALIDATION_STORAGE_CONNECTION_INVALID_PORT",
        BadParameters,
        false,
        "The port must be a whole number greater than 0.",
    )
    .on("port")
}

pub fn empty_vfs_type() -> Message {
    msg(
        "VALIDATION_STORAGE_CONNECTION_EMPTY_VFSTYPE",
        BadParameters,
        false,
        "The VFS type must not be empty.",
    )
    .on("vfs_type")
}

pub fn empty_iqn() -> Message {
    msg(
        "VALIDATION_STORAGE_CONNECTION_EMPTY_IQN",
        BadParameters,
        false,
        "The target name must not be empty.",
    )
    .on("target")
}

/// A value longer than the engine stores (`limits::MAX_LENGTHS`).
pub fn too_long(field: &'static str, max: usize) -> Message {
    let what = match field {
        "path" => "connection (server address and path together)",
        "address" => "address",
        "target" => "target name",
        "portal" => "portal",
        "mount_options" => "mount options",
        "vfs_type" => "VFS type",
        "lun" => "LUN id",
        other => other,
    };
    msg(
        "VALIDATION_STORAGE_CONNECTION_FIELD_TOO_LONG",
        BadParameters,
        false,
        format!("The {what} must be at most {max} characters."),
    )
    .on(field)
}

pub fn empty_connection_field(field: &'static str) -> Message {
    msg(
        "VALIDATION_STORAGE_CONNECTION_EMPTY_CONNECTION",
        BadParameters,
        false,
        format!("The {field} must not be empty."),
    )
    .on(field)
}

pub fn managed_mount_options(options: &str) -> Message {
    msg(
        "VALIDATION_STORAGE_CONNECTION_MOUNT_OPTIONS_CONTAINS_MANAGED_PROPERTY",
        BadParameters,
        true,
        format!(
            "The additional mount options repeat options the engine sets itself: {options}. \
             Use the dedicated fields instead."
        ),
    )
    .on("mount_options")
}

pub fn nfs_retrans() -> Message {
    msg(
        "VALIDATION_STORAGE_CONNECTION_NFS_RETRANS",
        BadParameters,
        false,
        "NFS retransmissions must be between 0 and 32767.",
    )
    .on("nfs_retrans")
}

pub fn nfs_timeo() -> Message {
    msg(
        "VALIDATION_STORAGE_CONNECTION_NFS_TIMEO",
        BadParameters,
        false,
        "NFS timeout must be between 1 and 6000 deciseconds.",
    )
    .on("nfs_timeo")
}

pub fn domain_status_illegal(status: &str) -> Message {
    msg(
        "ACTION_TYPE_FAILED_STORAGE_DOMAIN_STATUS_ILLEGAL2",
        Conflict,
        true,
        format!("The storage domain's status is {status}."),
    )
}

pub fn master_not_active() -> Message {
    msg(
        "ACTION_TYPE_FAILED_MASTER_STORAGE_DOMAIN_NOT_ACTIVE",
        Conflict,
        true,
        "The data center's master storage domain is not active. Activate it first.",
    )
}

pub fn no_host_in_pool() -> Message {
    msg(
        "ACTION_TYPE_FAILED_NO_VDS_IN_POOL",
        Conflict,
        true,
        "There is no active host in the data center.",
    )
}

pub fn active_vms() -> Message {
    msg(
        "ACTION_TYPE_FAILED_DETECTED_ACTIVE_VMS",
        Conflict,
        true,
        "Virtual machines that are not down or suspended use this storage domain.",
    )
}

pub fn storage_domain_name_in_use() -> Message {
    msg(
        "ACTION_TYPE_FAILED_STORAGE_DOMAIN_NAME_ALREADY_EXIST",
        Conflict,
        true,
        "A storage domain with this name already exists.",
    )
    .on("name")
}

pub fn storage_domain_name_invalid() -> Message {
    msg(
        "ACTION_TYPE_FAILED_NAME_MAY_NOT_CONTAIN_SPECIAL_CHARS",
        BadParameters,
        true,
        "The name may contain only letters, digits, '-' and '_' (at most 50 characters).",
    )
    .on("name")
}

pub fn storage_domain_name_not_editable() -> Message {
    msg(
        "ACTION_TYPE_FAILED_STORAGE_DOMAIN_NAME_CANNOT_BE_CHANGED",
        NotSupported,
        true,
        "The name can be changed only while the storage domain is active.",
    )
    .on("name")
}

pub fn domain_already_attached() -> Message {
    msg(
        "ACTION_TYPE_FAILED_STORAGE_DOMAIN_ALREADY_ATTACHED",
        Conflict,
        true,
        "The storage domain is already attached to a data center.",
    )
}

pub fn domain_not_attached() -> Message {
    msg(
        "ACTION_TYPE_FAILED_STORAGE_DOMAIN_NOT_ATTACHED_TO_STORAGE_POOL",
        BadParameters,
        true,
        "The storage domain is not attached to this data center.",
    )
}

pub fn domain_must_be_unattached_to_remove() -> Message {
    msg(
        "ACTION_TYPE_FAILED_STORAGE_DOMAIN_STATUS_ILLEGAL",
        Conflict,
        true,
        "Detach the storage domain from its data center first.",
    )
}

pub fn host_required() -> Message {
    msg(
        "ACTION_TYPE_FAILED_VDS_ID_REQUIRED",
        BadParameters,
        true,
        "A host is required; give one with the host parameter.",
    )
    .on("host")
}

pub fn threshold_out_of_range(field: &'static str, max: i64) -> Message {
    msg(
        "VALIDATION_FIELD_OUT_OF_RANGE",
        BadParameters,
        false,
        format!("{field} must be between 0 and {max}."),
    )
    .on(field)
}

pub fn general_failure() -> Message {
    msg(
        "CAN_DO_ACTION_GENERAL_FAILURE",
        Internal,
        true,
        "The engine failed while checking the request.",
    )
}

pub fn not_authorized() -> Message {
    msg(
        "USER_NOT_AUTHORIZED_TO_PERFORM_ACTION",
        NoPermission,
        true,
        "You are not authorized to do this.",
    )
}

pub fn invalid_local_path() -> Message {
    msg(
        "VALIDATION_STORAGE_CONNECTION_INVALID",
        BadParameters,
        false,
        "The local path is not valid. Use an absolute path such as /data/images.",
    )
    .on("path")
}

pub fn host_cannot_connect(host: &str, reason: &str) -> Message {
    msg(
        "STORAGE_SERVER_CONNECTION_FAILED",
        BadParameters,
        true,
        format!("Host {host} could not connect to the storage: {reason}"),
    )
    .on("host")
}

/// An update's host could not connect: nothing is saved (safer for failover than the real
/// engine, which saves the row anyway), and the way to save without connecting is said.
pub fn host_cannot_connect_on_update(host: &str, reason: &str) -> Message {
    let mut m = host_cannot_connect(host, reason);
    m.text.push_str(
        ". Nothing was changed; to save the new details without connecting, leave the host out \
         of the update",
    );
    m
}

pub fn last_connection_of_domain() -> Message {
    msg(
        "ACTION_TYPE_FAILED_STORAGE_DOMAIN_LAST_CONNECTION",
        Conflict,
        true,
        "This is the storage domain's last connection; attach another one first.",
    )
}

pub fn connection_in_use_by_another_domain(domain_name: &str) -> Message {
    msg(
        "ACTION_TYPE_FAILED_STORAGE_CONNECTION_BELONGS_TO_SEVERAL_STORAGE_DOMAINS",
        Conflict,
        true,
        format!("The connection is used by the storage domains: {domain_name}."),
    )
}

pub fn master_with_non_data_domains() -> Message {
    msg(
        "ERROR_CANNOT_DEACTIVATE_MASTER_WITH_NON_DATA_DOMAINS",
        Conflict,
        true,
        "The master storage domain cannot go to maintenance while other, non-data storage \
         domains in the data center are active. Put them in maintenance first.",
    )
}

pub fn cannot_detach_master() -> Message {
    msg(
        "ERROR_CANNOT_DETACH_LAST_STORAGE_DOMAIN_MASTER",
        Conflict,
        true,
        "The master storage domain can be detached only when it is the last one in the data center.",
    )
}

pub fn luns_already_used(lun: &str, user: &str) -> Message {
    msg(
        "ACTION_TYPE_FAILED_LUNS_ALREADY_PART_OF_STORAGE_DOMAINS",
        Conflict,
        true,
        format!("The LUN {lun} is already used by {user}."),
    )
}

/// The HTTP status of a refusal made of several messages: any 400 wins, then 409, 500, 403.
pub fn http_status(messages: &[Message]) -> u16 {
    let statuses: Vec<u16> = messages.iter().map(|m| m.kind.http_status()).collect();
    [400, 409, 500, 403]
        .into_iter()
        .find(|s| statuses.contains(s))
        .unwrap_or(400)
}

/// The fault detail: every message rendered, as a bracketed list.
pub fn detail(messages: &[Message], verb: Verb, object: &str) -> String {
    let parts: Vec<String> = messages.iter().map(|m| m.render(verb, object)).collect();
    format!("[{}]", parts.join(", "))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn detail_is_a_bracketed_list_with_the_action_prefix() {
        let d = detail(&[connection_not_exist()], Verb::Edit, "Storage Connection");
        assert_eq!(
            d,
            "[Cannot edit Storage Connection. The storage connection does not exist.]"
        );
        let d = detail(&[invalid_port()], Verb::Add, "Storage Connection");
        assert_eq!(d, "[The port must be a whole number greater than 0.]");
    }

    #[test]
    fn messages_name_the_field_they_are_about() {
        assert_eq!(invalid_port().field, Some("port"));
        assert_eq!(managed_mount_options("timeo").field, Some("mount_options"));
        assert_eq!(empty_connection_field("address").field, Some("address"));
        assert_eq!(domain_must_be_in_maintenance_or_unattached("x").field, None);
        assert_eq!(
            connection_already_exists("abc", "data-nfs")
                .on("target")
                .field,
            Some("target")
        );
    }

    #[test]
    fn bad_parameters_win_over_conflicts() {
        assert_eq!(http_status(&[object_locked()]), 409);
        assert_eq!(http_status(&[object_locked(), invalid_port()]), 400);
        assert_eq!(http_status(&[not_authorized()]), 403);
    }
}

//! Wire types, enums and rules shared by the web admin (compiled to wasm32) and the engine.
//!
//! The JSON shape follows the real oVirt engine v4 (see `shared/reference/ovirt-engine-api.md` §2):
//! bare objects, collections keyed by the singular element name, lowercase enums, and integers and
//! booleans written as JSON strings (both strings and native values are accepted on input).

pub mod action;
pub mod collections;
pub mod connection;
pub mod datacenter;
pub mod disk;
pub mod domain;
pub mod enums;
pub mod fault;
pub mod host;
pub mod probe;
pub mod refs;
pub mod rules;
pub mod search;
pub mod session;
pub mod status;
pub mod switch;
pub mod template;
pub mod wire;

pub use action::Action;
pub use collections::*;
pub use connection::StorageConnection;
pub use datacenter::{DataCenter, Version};
pub use disk::{Disk, DiskAttachment, DiskAttachments, Vm};
pub use domain::{HostStorage, LogicalUnit, LogicalUnits, StorageDomain, VolumeGroup};
pub use enums::*;
pub use fault::Fault;
pub use host::{Cluster, Host};
pub use refs::{Actions, Link, Ref, RefList};
pub use session::{
    ApiRoot, Event, Events, Permission, Permissions, ProductInfo, Summary, SummaryItem, TokenError,
    TokenResponse, User,
};
pub use status::CrossDataCenterStatus;
pub use switch::{StorageSwitch, StorageSwitches};
pub use template::{Template, VmPool};

/// The API's base path, as the real engine serves it.
pub const API_BASE: &str = "/ovirt-engine/api";

/// Bytes in one GiB: the engine keeps sizes in bytes, the UI shows GiB ("GB" in webadmin labels).
pub const GIB: i64 = 1024 * 1024 * 1024;

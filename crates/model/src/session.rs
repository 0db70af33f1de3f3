//! Users, permissions, events and the API root: what authentication and auditing put on the wire.

use crate::{wire, Link, Ref};
use serde::{Deserialize, Serialize};

/// A user: `{"id","href","name","user_name":"admin@internal","domain":{"name":"internal"}}`.
#[derive(Serialize, Deserialize, Debug, Clone, Default, PartialEq)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[serde(default)]
pub struct User {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub href: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub user_name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub domain: Option<Ref>,
}

/// A permission: a role given to a user on an object.
#[derive(Serialize, Deserialize, Debug, Clone, Default, PartialEq)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[serde(default)]
pub struct Permission {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub href: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub role: Option<Ref>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub user: Option<Ref>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub storage_domain: Option<Ref>,
}

/// `{"permission":[…]}`
#[derive(Serialize, Deserialize, Debug, Clone, Default, PartialEq)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[serde(default)]
pub struct Permissions {
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub permission: Vec<Permission>,
}

/// An audit event, in the shape of oVirt's `event`.
#[derive(Serialize, Deserialize, Debug, Clone, Default, PartialEq)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[serde(default)]
pub struct Event {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub href: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// The event's number: events are numbered in the order they happen.
    #[serde(with = "wire::opt_int", skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schemars(with = "Option<String>"))]
    pub index: Option<i64>,
    /// Epoch milliseconds in JSON, as the real engine; a date (ISO 8601) in XML. The one field
    /// written as a JSON number, which is how the XML writer knows it is a date.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub time: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// `normal`, `warning`, `error` or `alert`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub severity: Option<String>,
    #[serde(with = "wire::opt_int", skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schemars(with = "Option<String>"))]
    pub code: Option<i32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub user: Option<Ref>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub storage_domain: Option<Ref>,
}

/// `{"event":[…]}`
#[derive(Serialize, Deserialize, Debug, Clone, Default, PartialEq)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[serde(default)]
pub struct Events {
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub event: Vec<Event>,
}

/// `GET /ovirt-engine/api`: product information, who is signed in, and links.
#[derive(Serialize, Deserialize, Debug, Clone, Default, PartialEq)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[serde(default)]
pub struct ApiRoot {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub product_info: Option<ProductInfo>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub authenticated_user: Option<Ref>,
    /// The same user, as the real engine also names it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub effective_user: Option<Ref>,
    /// How many of each kind of object there are, and how many are active.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub summary: Option<Summary>,
    /// The engine's clock, epoch milliseconds (a date in XML).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub time: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub link: Option<Vec<Link>>,
}

/// The API root's counts, as the real engine's `api_summary`.
#[derive(Serialize, Deserialize, Debug, Clone, Default, PartialEq)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[serde(default)]
pub struct Summary {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub hosts: Option<SummaryItem>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub storage_domains: Option<SummaryItem>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub users: Option<SummaryItem>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub vms: Option<SummaryItem>,
}

#[derive(Serialize, Deserialize, Debug, Clone, Default, PartialEq)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[serde(default)]
pub struct SummaryItem {
    #[serde(with = "wire::opt_int", skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schemars(with = "Option<String>"))]
    pub active: Option<i64>,
    #[serde(with = "wire::opt_int", skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schemars(with = "Option<String>"))]
    pub total: Option<i64>,
}

#[derive(Serialize, Deserialize, Debug, Clone, Default, PartialEq)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[serde(default)]
pub struct ProductInfo {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub vendor: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub version: Option<crate::Version>,
}

/// How this engine names itself; `--vanilla` names itself as oVirt's engine does instead.
pub const THIS_ENGINE: (&str, &str) = ("Storage connections manager", "storage-connections");
/// How oVirt's own engine names itself.
pub const OVIRT_ENGINE: (&str, &str) = ("oVirt Engine", "ovirt.org");

impl ProductInfo {
    /// Whether the engine answering is this project's, with its extensions of the API (the
    /// connection test, NFS export listing…): anything else, an oVirt engine included, has none.
    pub fn has_extensions(&self) -> bool {
        self.vendor.as_deref() == Some(THIS_ENGINE.1)
    }
}

/// The SSO token answer.
#[derive(Serialize, Deserialize, Debug, Clone, Default, PartialEq)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[serde(default)]
pub struct TokenResponse {
    pub access_token: String,
    pub token_type: String,
    pub scope: String,
    /// Expiry, epoch milliseconds as a string.
    pub exp: String,
}

/// The SSO error answer for the API scope: `{"error_code":…,"error":…}`.
#[derive(Serialize, Deserialize, Debug, Clone, Default, PartialEq)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[serde(default)]
pub struct TokenError {
    pub error_code: String,
    pub error: String,
}

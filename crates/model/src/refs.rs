//! References to other entities and sub-collection links.

use serde::{Deserialize, Serialize};

/// A reference to another entity: `{"href":"…","id":"…"}` on output; on input it may name the
/// entity by `id` or by `name` (for example the `host` of an add).
#[derive(Serialize, Deserialize, Debug, Clone, Default, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[serde(default)]
pub struct Ref {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub href: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
}

impl Ref {
    /// A reference with the canonical `href` of `collection/{id}`.
    pub fn to(collection: &str, id: &str) -> Self {
        Ref {
            href: Some(format!("{}/{collection}/{id}", crate::API_BASE)),
            id: Some(id.to_string()),
            name: None,
        }
    }
}

/// A nested list of references, such as `"data_centers":{"data_center":[…]}`.
#[derive(Serialize, Deserialize, Debug, Clone, Default, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[serde(default)]
pub struct RefList {
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub data_center: Vec<Ref>,
}

/// A sub-collection link: `{"href":"…/storagedomains/ID/disks","rel":"disks"}`.
#[derive(Serialize, Deserialize, Debug, Clone, Default, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[serde(default)]
pub struct Link {
    pub href: String,
    pub rel: String,
}

/// The actions an entity offers: `"actions":{"link":[{"href":"…/activate","rel":"activate"}]}`.
#[derive(Serialize, Deserialize, Debug, Clone, Default, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[serde(default)]
pub struct Actions {
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub link: Vec<Link>,
}

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

    /// Whether the reference names nothing: no name, and no id or the all-zero id, which the
    /// real engine takes to mean "no host" (`<host id="00000000-…"/>`, `;host=0000…`), as it
    /// takes an empty `<host/>`.
    pub fn names_nothing(&self) -> bool {
        let blank = |v: &Option<String>| v.as_deref().is_none_or(|s| s.trim().is_empty());
        let zero = |v: &Option<String>| {
            v.as_deref().is_some_and(|s| {
                let hex: String = s.chars().filter(|c| *c != '-').collect();
                hex.len() == 32 && hex.chars().all(|c| c == '0')
            })
        };
        blank(&self.name) && (blank(&self.id) || zero(&self.id))
    }
}

#[cfg(test)]
mod tests {
    use super::Ref;

    #[test]
    fn the_all_zero_id_and_an_empty_reference_name_nothing() {
        let id = |s: &str| Ref {
            id: Some(s.into()),
            ..Default::default()
        };
        assert!(id("00000000-0000-0000-0000-000000000000").names_nothing());
        assert!(Ref::default().names_nothing());
        assert!(id("").names_nothing());
        assert!(!id("8f1c6a42-3b1e-4c2a-9d8e-1a2b3c4d5e01").names_nothing());
        assert!(!Ref {
            name: Some("host1".into()),
            ..Default::default()
        }
        .names_nothing());
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

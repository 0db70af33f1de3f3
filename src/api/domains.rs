//! Storage domains as the Storage tab shows them.
//!
//! The API's top-level `/storagedomains` only says whether a domain is unattached; its status in
//! each data center comes from `/datacenters/{dc}/storagedomains`. The grid needs both, so this
//! joins them.

use super::{get_text, parse, ApiError};
use futures::future::{join_all, try_join};
use std::collections::HashMap;
use storage_model::{
    CrossDataCenterStatus, DataCenters, StorageDomain, StorageDomainStatus, StorageDomains,
};

/// One line of the domain grid.
#[derive(Debug, Clone, PartialEq)]
pub struct DomainRow {
    pub domain: StorageDomain,
    /// Status in the data center(s) it is attached to (`Unattached` when none).
    pub status: StorageDomainStatus,
    pub cross_data_center: CrossDataCenterStatus,
}

impl DomainRow {
    pub fn id(&self) -> String {
        self.domain.id.clone().unwrap_or_default()
    }
}

/// Every domain with its status, fetched in two rounds of parallel requests. Marks
/// `domains:response` when the last body has arrived and `domains:parsed` when all are read
/// (the large-inventory benchmark times the grid from there).
pub async fn list_rows() -> Result<Vec<DomainRow>, ApiError> {
    let (domains, data_centers) =
        try_join(get_text("/storagedomains"), get_text("/datacenters")).await?;
    let data_centers = parse::<DataCenters>(&data_centers)?.data_center;
    let attached_texts = join_all(
        data_centers
            .iter()
            .filter_map(|dc| dc.id.as_deref())
            .map(|dc| get_text_owned(format!("/datacenters/{dc}/storagedomains"))),
    )
    .await;
    crate::perf::mark("domains:response");
    let domains = parse::<StorageDomains>(&domains)?.storage_domain;

    let mut per_dc: HashMap<String, Vec<StorageDomainStatus>> = HashMap::new();
    for text in attached_texts {
        let attached = parse::<StorageDomains>(&text?)?.storage_domain;
        for d in attached {
            if let (Some(id), Some(status)) = (d.id, d.status) {
                per_dc.entry(id).or_default().push(status);
            }
        }
    }

    crate::perf::mark("domains:parsed");
    Ok(domains
        .into_iter()
        .map(|domain| {
            let statuses = domain
                .id
                .as_ref()
                .and_then(|id| per_dc.get(id))
                .cloned()
                .unwrap_or_default();
            DomainRow {
                status: row_status(&statuses),
                cross_data_center: CrossDataCenterStatus::of(&statuses),
                domain,
            }
        })
        .collect())
}

async fn get_text_owned(path: String) -> Result<String, ApiError> {
    get_text(&path).await
}

/// The status column: the status in its data center, or `Mixed` when it differs between several.
fn row_status(statuses: &[StorageDomainStatus]) -> StorageDomainStatus {
    match statuses {
        [] => StorageDomainStatus::Unattached,
        [first, rest @ ..] if rest.iter().all(|s| s == first) => *first,
        _ => StorageDomainStatus::Mixed,
    }
}

impl DomainRow {
    /// The inputs of the Storage-tab rules.
    pub fn state(&self) -> storage_model::rules::actions::DomainState {
        storage_model::rules::actions::DomainState {
            status: self.status,
            cross: self.cross_data_center,
            domain_type: self
                .domain
                .domain_type
                .unwrap_or(storage_model::StorageDomainType::Data),
            storage_type: self.storage_type(),
        }
    }

    pub fn storage_type(&self) -> storage_model::StorageType {
        self.domain
            .storage
            .as_ref()
            .and_then(|s| s.storage_type)
            .unwrap_or(storage_model::StorageType::Nfs)
    }

    pub fn name(&self) -> String {
        self.domain.name.clone().unwrap_or_default()
    }

    /// The data center it is attached to, if any.
    pub fn data_center(&self) -> Option<String> {
        self.domain.data_center_ids().into_iter().next()
    }
}

pub async fn add(d: &StorageDomain) -> Result<StorageDomain, ApiError> {
    super::post_json("/storagedomains", d).await
}

pub async fn update(id: &str, d: &StorageDomain) -> Result<StorageDomain, ApiError> {
    super::put_json(&format!("/storagedomains/{id}"), d).await
}

/// Removes a domain through `host`; `format` wipes its storage.
pub async fn remove(id: &str, host: &str, format: bool) -> Result<storage_model::Action, ApiError> {
    super::delete(&format!(
        "/storagedomains/{id}?host={}&format={format}",
        super::enc(host)
    ))
    .await
}

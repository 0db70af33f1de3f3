//! What the view lists: every connection with the names of the domains and disks using it.

use crate::api::{connections, datacenters, get_json, ApiError};
use futures::future::try_join3;
use std::collections::HashMap;
use storage_model::{StorageConnection, StorageDomains};

/// A connection and the names of what uses it.
#[derive(Clone, PartialEq)]
pub struct Line {
    pub connection: StorageConnection,
    pub used_by: Vec<String>,
}

impl Line {
    pub fn id(&self) -> String {
        self.connection.id.clone().unwrap_or_default()
    }
}

/// Every connection with its users: three requests in parallel (domains come with their
/// connections inline; a direct-LUN disk names the portals and targets it is seen through).
pub async fn load() -> Result<Vec<Line>, ApiError> {
    let (all, domains, disks) = try_join3(
        connections::list(),
        get_json::<StorageDomains>("/storagedomains?follow=storage_connections"),
        datacenters::disks(),
    )
    .await?;
    let mut used: HashMap<String, Vec<String>> = HashMap::new();
    for d in domains.storage_domain {
        let name = d.name.unwrap_or_default();
        for c in d.storage_connections.unwrap_or_default().storage_connection {
            used.entry(c.id.unwrap_or_default())
                .or_default()
                .push(format!("{name} (domain)"));
        }
    }
    for c in &all {
        for d in disks.iter().filter(|d| d.uses_connection(c)) {
            used.entry(c.id.clone().unwrap_or_default())
                .or_default()
                .push(format!("{} (disk)", d.alias.clone().unwrap_or_default()));
        }
    }
    crate::perf::mark("connections:loaded");
    Ok(all
        .into_iter()
        .map(|c| {
            let used_by = used
                .remove(c.id.as_deref().unwrap_or_default())
                .unwrap_or_default();
            Line {
                connection: c,
                used_by,
            }
        })
        .collect())
}

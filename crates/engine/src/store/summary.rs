//! The API root's counts, in one query.

use sqlx::{AnyPool, FromRow};
use storage_model::{HostStatus, StorageDomainStatus, VmStatus};

#[derive(Debug, Clone, FromRow)]
pub struct Counts {
    pub hosts: i64,
    pub hosts_up: i64,
    pub domains: i64,
    pub domains_active: i64,
    pub users: i64,
    pub vms: i64,
    pub vms_up: i64,
}

pub async fn counts(pool: &AnyPool) -> anyhow::Result<Counts> {
    Ok(sqlx::query_as(
        "SELECT \
         (SELECT COUNT(*) FROM hosts) AS hosts, \
         (SELECT COUNT(*) FROM hosts WHERE status = $1) AS hosts_up, \
         (SELECT COUNT(*) FROM storage_domains) AS domains, \
         (SELECT COUNT(DISTINCT storage_domain_id) FROM storage_domain_data_centers \
          WHERE status = $2) AS domains_active, \
         (SELECT COUNT(*) FROM users) AS users, \
         (SELECT COUNT(*) FROM vms) AS vms, \
         (SELECT COUNT(*) FROM vms WHERE status = $3) AS vms_up",
    )
    .bind(HostStatus::Up.as_str())
    .bind(StorageDomainStatus::Active.as_str())
    .bind(VmStatus::Up.as_str())
    .fetch_one(pool)
    .await?)
}

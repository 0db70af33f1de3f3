//! The API root's counts, in one query.

use sqlx::{AnyPool, FromRow};

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
         (SELECT COUNT(*) FROM hosts WHERE status = 'up') AS hosts_up, \
         (SELECT COUNT(*) FROM storage_domains) AS domains, \
         (SELECT COUNT(DISTINCT storage_domain_id) FROM storage_domain_data_centers \
          WHERE status = 'active') AS domains_active, \
         (SELECT COUNT(*) FROM users) AS users, \
         (SELECT COUNT(*) FROM vms) AS vms, \
         (SELECT COUNT(*) FROM vms WHERE status = 'up') AS vms_up",
    )
    .fetch_one(pool)
    .await?)
}

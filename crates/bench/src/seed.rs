//! Large databases for the benchmarks: the demo site plus bulk NFS connections and domains.
//!
//! Rows are written straight through SQL in one transaction (the API would take minutes for
//! 100,000 connections and the point is to measure reads and updates, not the seeding).

use engine::demo::ids::DATA_CENTER;
use engine::store::{Location, Store};

/// Ids are deterministic so runs are comparable: connection `i` is `b…{i}` and domain `i` uses
/// connection `i`. Connections beyond the domain count are orphans (free to update).
pub fn connection_id(i: usize) -> String {
    format!("b0000000-0000-4000-8000-{i:012x}")
}

pub fn domain_id(i: usize) -> String {
    format!("a0000000-0000-4000-8000-{i:012x}")
}

/// The demo's own rows (10 connections, 7 domains) are counted in the totals.
const DEMO_CONNECTIONS: usize = 10;
const DEMO_DOMAINS: usize = 7;

/// The ids of the orphan bulk connections (safe to update with PUT, no domain to lock).
pub fn orphan_ids(connections: usize, domains: usize) -> Vec<String> {
    let bulk_connections = connections.saturating_sub(DEMO_CONNECTIONS);
    let bulk_domains = domains.saturating_sub(DEMO_DOMAINS).min(bulk_connections);
    (bulk_domains..bulk_connections)
        .map(connection_id)
        .collect()
}

/// Every bulk connection id.
pub fn all_ids(connections: usize) -> Vec<String> {
    (0..connections.saturating_sub(DEMO_CONNECTIONS))
        .map(connection_id)
        .collect()
}

/// Fills `db` (a SQLite file that must not exist, or an empty PostgreSQL database) with
/// `connections` connections and `domains` domains in all.
pub async fn seed(db: &Location, connections: usize, domains: usize) -> anyhow::Result<()> {
    if let Location::Sqlite(path) = db {
        if path.exists() {
            anyhow::bail!(
                "{} exists; the seed only writes new databases",
                path.display()
            );
        }
    }
    let store = Store::open(db).await?;
    engine::demo::seed(&store).await?;
    let bulk_connections = connections.saturating_sub(DEMO_CONNECTIONS);
    let bulk_domains = domains.saturating_sub(DEMO_DOMAINS).min(bulk_connections);

    let mut tx = store.pool.begin().await?;
    for i in 0..bulk_connections {
        sqlx::query(
            "INSERT INTO storage_connections (id, storage_type, address, path, nfs_version, \
             nfs_timeo, nfs_retrans) VALUES ($1, 'nfs', $2, $3, 'auto', 600, 6)",
        )
        .bind(connection_id(i))
        .bind(format!("nfs{:03}.bench.test", i / 1000))
        .bind(format!("/exports/bench/{i:06}"))
        .execute(&mut *tx)
        .await?;
    }
    const GIB: i64 = 1 << 30;
    for i in 0..bulk_domains {
        let id = domain_id(i);
        let total = (100 + (i as i64 * 37) % 900) * GIB;
        let used = total * ((i as i64 * 13) % 100) / 100;
        sqlx::query(
            "INSERT INTO storage_domains (id, name, description, domain_type, storage_type, \
             connection_id, storage_format, available_bytes, used_bytes, committed_bytes) \
             VALUES ($1, $2, $3, 'data', 'nfs', $4, 'v5', $5, $6, $7)",
        )
        .bind(&id)
        .bind(format!("bench-{i:06}"))
        .bind(format!("Bench domain {i} on nfs{:03}", i / 1000))
        .bind(connection_id(i))
        .bind(total - used)
        .bind(used)
        .bind(used / 2)
        .execute(&mut *tx)
        .await?;
        // Mostly active, some in maintenance, some unattached: the statuses an admin sees.
        let status = match i % 10 {
            0 => Some("maintenance"),
            1 => None,
            _ => Some("active"),
        };
        if let Some(status) = status {
            sqlx::query(
                "INSERT INTO storage_domain_data_centers (storage_domain_id, data_center_id, \
                 status, is_master) VALUES ($1, $2, $3, 0)",
            )
            .bind(&id)
            .bind(DATA_CENTER)
            .bind(status)
            .execute(&mut *tx)
            .await?;
        }
    }
    tx.commit().await?;
    store.pool.close().await;
    Ok(())
}
